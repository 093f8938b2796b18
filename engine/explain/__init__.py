"""Explanations: proof trees, failure trees, conflicts."""
from engine.explain.conflicts import Conflict, conflicts, static_conflicts
from engine.explain.why import SCHEMA_VERSION, Edge, Node, to_json, why, why_not

__all__ = ["SCHEMA_VERSION", "Conflict", "Edge", "Node", "conflicts", "static_conflicts", "to_json", "why", "why_not"]
