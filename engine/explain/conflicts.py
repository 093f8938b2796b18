"""Conflicts between rule instances, and how each was settled.

Dynamic (`speclogic conflicts FILES`): every pair of applicable rule instances
with conflicting heads, with the superiority instance that settled it, or
"unresolved". Static (`--static`): pairs of rules whose heads can conflict and
that no superiority clause relates -- the lint a rule author runs.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from engine.proof import DTAGS, ProofBuilder, RuleRef, SuperiorityRef, prune
from engine.solve.outcome import rules_for

SCHEMA_VERSION = 1


@dataclass
class Conflict:
    literal: str            # what the first rule argues for
    opposite: str           # what the second argues for
    first: RuleRef
    second: RuleRef
    resolution: str         # first_wins / second_wins / unresolved
    winner: str | None      # label of the winning rule instance
    superiority: SuperiorityRef | None
    literal_tag: str
    opposite_tag: str

    def to_json(self) -> dict:
        return prune(asdict(self))


def conflicts(solution) -> list[Conflict]:
    sv, g = solution.solver, solution.ground
    builder = ProofBuilder(g, sv, solution.failures)
    active = sv.supported if sv.ap else sv.app
    seen, out = set(), []
    for r in range(sv.m):
        if not (sv.app[r] or active[r]):
            continue
        for c in sv.comp[sv.head[r]]:
            for s in rules_for(sv, c):
                if not (sv.app[s] or active[s]):
                    continue
                pair = (min(r, s), max(r, s))
                if pair in seen:
                    continue
                seen.add(pair)
                a, b = pair
                if (a, b) in g.beats:
                    resolution, winner, sup = "first_wins", g.rules[a].label_text, builder.superiority_ref(a, b)
                elif (b, a) in g.beats:
                    resolution, winner, sup = "second_wins", g.rules[b].label_text, builder.superiority_ref(b, a)
                else:
                    resolution, winner, sup = "unresolved", None, None
                out.append(Conflict(
                    literal=g.text(sv.head[a]), opposite=g.text(sv.head[b]),
                    first=builder.rule_ref(a), second=builder.rule_ref(b),
                    resolution=resolution, winner=winner, superiority=sup,
                    literal_tag=DTAGS[sv.ptag[sv.head[a]]], opposite_tag=DTAGS[sv.ptag[sv.head[b]]],
                ))
    out.sort(key=lambda c: (c.literal, c.opposite, c.first.label, c.second.label))
    return out


def static_conflicts(program):
    """Conflicts no superiority settles, as diagnostics (code unresolved_conflict).
    A rulebase with errors raises them: its conflicts cannot be trusted to be all."""
    from engine.analysis import check, errors_only
    from engine.errors import SpeclogicError

    diagnostics = check(program)
    errors = errors_only(diagnostics)
    if errors:
        raise SpeclogicError(errors, program.sources)
    return [d for d in diagnostics if d.code == "unresolved_conflict"]
