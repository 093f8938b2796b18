"""Grounding: the strict layer and the relevant rule instances, computed through pyDatalog."""
from engine.ground.grounder import ground_program
from engine.ground.model import GroundRule, GroundTheory, lit_str

__all__ = ["ground_program", "GroundRule", "GroundTheory", "lit_str"]
