"""Defeasible conclusions over a ground theory."""
from engine.solve.defeasible import Solver
from engine.solve.options import BLOCKING, PROPAGATING, Options

__all__ = ["Solver", "Options", "BLOCKING", "PROPAGATING"]
