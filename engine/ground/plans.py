"""Join plans kept from one grounding to the next of programs that share their rules.

An audit grounds one batch of conversations after another with the same rulebase:
the same rule bodies, over relations of much the same sizes. Planning a body
(join.plan, which looks at the relations' sizes) and compiling it for the tuple
join (rowjoin.RowPlan) cost about a tenth of grounding a batch, spent again for
each batch. A PlanCache keeps both per rule body, per delta position and per
*shape* of the data: the size of each atom's relation in powers of four. A batch
whose relations have other proportions gets a plan of its own, so a cached order
is never applied to data it was not chosen for. Any order gives the same
solutions (join.plan); the cache changes only how fast they are found.

Bodies are keyed by identity and kept alive in the cache, so an id is never
reused for another body while its entry exists; callers pass only bodies that
belong to a rule (a superiority body with label guards is built per grounding
and is planned afresh).
"""
from __future__ import annotations

from engine import ast
from engine.ground.join import atom_key, plan
from engine.ground.rowjoin import RowPlan

MAX_ENTRIES = 8192  # a rulebase has hundreds of bodies; past this the cache starts again


class Planned:
    """One planned body, and its compiled forms for the outputs asked of it."""

    __slots__ = ("body", "steps", "_compiled")

    def __init__(self, body, steps):
        self.body, self.steps = body, steps
        self._compiled: dict = {}

    def row_plan(self, out_terms: tuple, span) -> RowPlan:
        compiled = self._compiled.get(out_terms)
        if compiled is None:
            compiled = self._compiled[out_terms] = RowPlan(self.steps, out_terms, span)
        return compiled


class PlanCache:
    def __init__(self):
        self._entries: dict = {}
        self.demand: dict = {}  # asked predicates -> engine.ground.demand.DemandPlan

    def __getstate__(self):
        return {}  # compiled plans hold closures; a copy (another process) starts empty

    def __setstate__(self, state):
        self._entries, self.demand = {}, {}

    def __len__(self) -> int:
        return len(self._entries)

    def plan(self, body: tuple, delta_at: int | None, relations: dict) -> Planned:
        key = (id(body), delta_at, _shape(body, relations))
        entry = self._entries.get(key)
        if entry is None or entry.body is not body:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            entry = self._entries[key] = Planned(body, plan(body, delta_at, relations))
        return entry


def planned(cache: PlanCache | None, body: tuple, delta_at: int | None, relations: dict) -> Planned:
    """The plan of body, from the cache when there is one."""
    if cache is None:
        return Planned(body, plan(body, delta_at, relations))
    return cache.plan(body, delta_at, relations)


def _shape(body, relations: dict) -> tuple:
    out = []
    for item in body:
        if type(item) is ast.Atom:
            rel = relations.get(atom_key(item))
            out.append(len(rel.rows).bit_length() // 2 if rel is not None else -1)
    return tuple(out)
