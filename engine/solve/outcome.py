"""What happened to each rule around a literal, read off the solver's final state.

The solver decides tags with counters; this module answers the questions a
person asks afterwards -- which rule fired, how each attacker was met, what
stopped each supporter -- and classifies every -d as `refuted` or `ambiguous`.
It looks only at the rules linked to one literal, so a proof costs O(its degree).
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.ast import DEFEATER
from engine.solve.defeasible import Solver

REFUTED, AMBIGUOUS = "refuted", "ambiguous"


@dataclass(frozen=True)
class RuleFate:
    """One supporter's or attacker's outcome. `by` is a rule id, `premise` a lid."""

    rule: int
    outcome: str
    premise: int | None = None
    by: int | None = None
    failure: str | None = None  # for supporters of a -d literal: refuted / ambiguous


def attackers_of(sv: Solver, q: int) -> list[int]:
    out = []
    for c in sv.comp[q]:
        out.extend(rules_for(sv, c))
    return sorted(out)


def rules_for(sv: Solver, lid: int) -> list[int]:
    return sv.rules_with_head(lid)


def _failed_premise(sv: Solver, r: int, failures) -> int | None:
    """A premise that sank rule r: a refuted one if there is one, else an ambiguous one."""
    bad = [b for b in sv.body[r] if sv.ptag[b] == -1]
    if not bad:
        return None
    refuted = [b for b in bad if failures[b] != AMBIGUOUS]
    return (refuted or bad)[0]


def _beaten_by(sv: Solver, q: int, s: int) -> int | None:
    """An applicable supporter of q superior to attacker s (team defeat): the lowest id."""
    best = None
    for h, _ in sv.g_sup[sv.grp[s]]:
        if sv.ghead[h] == q:
            t = _first_applicable(sv, h)
            if t is not None and (best is None or t < best):
                best = t
    return best


def _first_applicable(sv: Solver, h: int) -> int | None:
    """The lowest applicable supporter in superiority group h, memoized on the solved state."""
    memo = sv.__dict__.setdefault("_first_app", {})
    if h not in memo:
        memo[h] = next((t for t in sv.members[h] if sv.is_sup[t] and sv.app[t]), None)
    return memo[h]


def attacker_fate(sv: Solver, q: int, s: int, winner: int | None, failures) -> RuleFate:
    """How attacker s of q was met. Under ambiguity propagation an attacker counts while it
    is supported, even if one of its premises is -d: only `unsupported` disarms it."""
    if sv.ap and sv.unsupported[s]:
        bad = [b for b in sv.body[s] if sv.stag[b] == -1]
        return RuleFate(s, "unsupported", premise=bad[0] if bad else None)
    if sv.disc[s] and not sv.ap:
        return RuleFate(s, "discarded", premise=_failed_premise(sv, s, failures))
    if sv.opt.team_defeat:
        t = winner if winner is not None and (winner, s) in sv.g.beats else _beaten_by(sv, q, s)
    else:
        t = winner if winner is not None and (winner, s) in sv.g.beats else None
    if t is not None:
        return RuleFate(s, "beaten", by=t)
    active = sv.supported[s] if sv.ap else sv.app[s]
    return RuleFate(s, "unbeaten" if active else "pending")


class Live:
    """The attackers of one literal that can attack (applicable; supported under
    propagation) and, with team defeat, that no applicable supporter beats. Computed
    once per literal; what a supporter meets depends only on its superiority group,
    so judging all its supporters costs O(degree + superiority edges)."""

    def __init__(self, sv: Solver, q: int):
        self.sv = sv
        self.attackers = []
        for s in attackers_of(sv, q):
            if not (sv.supported[s] if sv.ap else sv.app[s]):
                continue
            if sv.opt.team_defeat and _beaten_by(sv, q, s) is not None:
                continue
            self.attackers.append(s)
        self.members = set(self.attackers)
        self.defeater = next(
            (s for s in self.attackers if sv.g.rules[s].kind == DEFEATER and sv.app[s]), None
        )
        self._defeated_by, self._rival = {}, {}

    def defeated_by(self, r: int) -> int | None:
        """The lowest applicable live attacker superior to r."""
        sv, grp = self.sv, self.sv.grp[r]
        if grp not in self._defeated_by:
            found = [s for h, _ in sv.g_sup[grp] for s in sv.members[h] if s in self.members and sv.app[s]]
            self._defeated_by[grp] = min(found) if found else None
        return self._defeated_by[grp]

    def rival(self, r: int) -> int | None:
        """The first live attacker r itself does not beat (only r counts without team defeat)."""
        sv, grp = self.sv, self.sv.grp[r]
        if grp not in self._rival:
            self._rival[grp] = next((s for s in self.attackers if not sv.beats(r, s)), None)
        return self._rival[grp]


def supporter_fate(sv: Solver, q: int, r: int, failures, live: Live) -> RuleFate:
    """Why supporter r of q did not (or did) carry q. `live`: Live(sv, q), shared by all r."""
    reason = sv.reason[q]
    if reason and reason[0] == "strict_complement":
        return RuleFate(r, "contradicted", premise=reason[1], failure=REFUTED)
    if sv.disc[r]:
        p = _failed_premise(sv, r, failures)
        fail = AMBIGUOUS if p is not None and failures[p] == AMBIGUOUS else REFUTED
        return RuleFate(r, "missing_premise", premise=p, failure=fail)
    # an applicable live attacker superior to r defeats it
    s = live.defeated_by(r)
    if s is not None:
        return RuleFate(r, "defeated", by=s, failure=REFUTED)
    if live.defeater is not None and (sv.opt.team_defeat or not sv.beats(r, live.defeater)):
        return RuleFate(r, "blocked_by_defeater", by=live.defeater, failure=REFUTED)
    # without team defeat only r itself can beat an attacker
    rival = live.rival(r) if not sv.opt.team_defeat else (live.attackers[0] if live.attackers else None)
    if rival is not None:
        if sv.g.rules[rival].kind == DEFEATER and sv.app[rival]:
            return RuleFate(r, "blocked_by_defeater", by=rival, failure=REFUTED)
        return RuleFate(r, "blocked", by=rival, failure=AMBIGUOUS)
    # No fate for a literal refuted as unfounded: a supporter of one either has a premise
    # in the unfounded set (discarded once it is refuted: missing_premise) or meets a live
    # attacker that no rule alive in that pass covers, which is still live here (blocked
    # or defeated above). docs/testing.md, "Measured score".
    if sv.app[r]:
        return RuleFate(r, "applicable")
    pending = [b for b in sv.body[r] if sv.ptag[b] == 0]
    return RuleFate(r, "pending", premise=pending[0] if pending else None)


def classify(sv: Solver) -> list:
    """failure[lid] for every -d literal: refuted or ambiguous.

    Ambiguity is the least fixpoint of: a literal is ambiguous when one of its
    supporters is blocked by an unsettled conflict, or is discarded only by premises
    that are themselves ambiguous. Counters make it linear and independent of the
    order in which the solver happened to conclude things; a cycle of such
    premises with no unsettled conflict behind it stays refuted."""
    failures: list[str | None] = [None] * sv.n
    waiting = {}  # rule -> number of its -d premises not (yet) known ambiguous
    todo = []
    for q in sv.order:
        if sv.ptag[q] != -1:
            continue
        failures[q] = REFUTED
        if sv.reason[q][0] == "strict_complement":
            continue  # refuted by a strict conclusion, whatever its own rules meet
        live = None
        for r in sv.supporters[q]:
            if sv.disc[r]:
                waiting[r] = sum(1 for b in sv.body[r] if sv.ptag[b] == -1)
                continue
            if live is None:
                live = Live(sv, q)
            if supporter_fate(sv, q, r, failures, live).failure == AMBIGUOUS:
                todo.append(q)
    seen = set()
    while todo:
        q = todo.pop()
        if q in seen:
            continue
        seen.add(q)
        failures[q] = AMBIGUOUS
        for r in sv.occurs[q]:
            if r in waiting:
                waiting[r] -= 1
                if waiting[r] == 0 and sv.ptag[sv.head[r]] == -1 and sv.head[r] not in seen:
                    todo.append(sv.head[r])
    return failures


def fired_rule(sv: Solver, q: int) -> int | None:
    """The rule instance that carried +d q (None for a fact)."""
    reason = sv.reason[q]
    assert reason is not None, "only a concluded +d literal has a fired rule"
    if reason[0] == "definite":
        if q in sv.g.facts:
            return None
        return next((r for r in sv.strict_for[q] if all(sv.dtag[b] == 1 for b in sv.body[r])), None)
    if len(reason) > 1:
        return reason[1]
    # team defeat: the applicable supporter that beats the most attackers, lowest id on ties
    best, best_score = None, -1
    for r in sv.supporters[q]:
        if sv.app[r]:
            score = sv.inferior_count(r)
            if score > best_score:
                best, best_score = r, score
    return best
