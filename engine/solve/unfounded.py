"""--well-founded: refuting unfounded sets once propagation stalls.

A set U of undecided literals is unfounded when every literal in it fails even if
all of U failed: each of its rules needs a premise that is -d or in U, or an
attacker that can attack is beaten only by such rules (Maher and Governatori's
well-founded defeasible logic). The greatest unfounded set is the complement of
the least set of literals that could still be proved, computed here with
counters in one linear pass; its literals become -d and propagation resumes.
"""
from __future__ import annotations


def unfounded_round(sv) -> bool:
    """One round: refute the greatest unfounded set (and, under ambiguity propagation,
    the unsupported set); True if any tag changed."""
    before = len(sv.order)
    _defeasible_layer(sv)
    changed = len(sv.order) != before
    if sv.ap:
        changed |= _support_layer(sv)
    return changed


def _defeasible_layer(sv) -> None:
    n, m = sv.n, sv.m
    ptag, dtag, head, body, is_sup, disc = sv.ptag, sv.dtag, sv.head, sv.body, sv.is_sup, sv.disc
    live = sv.supported if sv.ap else sv.app  # attackers that can attack now
    candidate = [ptag[q] == 0 and dtag[q] == -1 for q in range(n)]
    if not any(candidate):
        return
    good = [t == 1 for t in ptag]  # +d, or could still be proved
    team = sv.opt.team_defeat
    n_live = [0] * n
    uncovered = [0] * n
    for q in range(n):
        if candidate[q]:
            k = sum(1 for c in sv.comp[q] for s in sv.rules_with_head(c) if live[s])
            n_live[q] = uncovered[q] = k
    covered = set()
    alive_sup = [0] * n
    qualified = [False] * n  # without team defeat: an alive supporter beats every live attacker
    missing = [0] * m
    todo = []

    def check(q):
        if candidate[q] and not good[q] and alive_sup[q] and sv.comp_minus_d[q] and (
            uncovered[q] == 0 if team else qualified[q]
        ):
            good[q] = True
            todo.append(q)

    def on_alive(r):
        q = head[r]
        if not candidate[q]:
            return
        alive_sup[q] += 1
        beaten = [s for s in sv.inf_of[r] if live[s]]
        if team:
            for s in beaten:
                if (q, s) not in covered:
                    covered.add((q, s))
                    uncovered[q] -= 1
        elif len(beaten) == n_live[q]:
            qualified[q] = True
        check(q)

    for r in range(m):
        if is_sup[r] and not disc[r]:
            missing[r] = sum(1 for b in body[r] if not good[b])
    for r in range(m):
        if is_sup[r] and not disc[r] and missing[r] == 0:
            on_alive(r)
    while todo:
        q = todo.pop()
        for r in sv.occurs[q]:
            if is_sup[r] and not disc[r] and missing[r] > 0:
                missing[r] -= 1
                if missing[r] == 0:
                    on_alive(r)
    for q in range(n):
        if candidate[q] and not good[q]:
            sv._refute(q, ("unfounded",))


def _support_layer(sv) -> bool:
    """Under ambiguity propagation: literals no chain of undefeated-by-superior rules can
    still support get -S. A rule is dead here once unsupported or beaten by an
    applicable superior rule (sfail)."""
    n, m = sv.n, sv.m
    possible = [t == 1 for t in sv.stag]
    missing = [0] * m
    todo = []
    for r in range(m):
        if sv.is_sup[r] and not sv.sfail[r]:
            missing[r] = sum(1 for b in sv.body[r] if not possible[b])
            if missing[r] == 0 and not possible[sv.head[r]]:
                possible[sv.head[r]] = True
                todo.append(sv.head[r])
    while todo:
        q = todo.pop()
        for r in sv.occurs[q]:
            if sv.is_sup[r] and not sv.sfail[r] and missing[r] > 0:
                missing[r] -= 1
                if missing[r] == 0 and not possible[sv.head[r]]:
                    possible[sv.head[r]] = True
                    todo.append(sv.head[r])
    changed = False
    for q in range(n):
        if sv.stag[q] == 0 and not possible[q] and sv.dtag[q] == -1:
            sv._srefute(q)
            changed = True
    return changed
