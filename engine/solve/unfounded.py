"""--well-founded: refuting unfounded sets once propagation stalls.

A set U of undecided literals is unfounded when every literal in it fails even if
all of U failed: each of its rules needs a premise that is -d or in U, or an
attacker that can attack is beaten only by such rules (Maher and Governatori's
well-founded defeasible logic). The greatest unfounded set is the complement of
the least set of literals that could still be proved.

Whether a literal is unfounded depends only on the literals it depends on: the
premises of its rules and of its attackers' rules. So the undecided literals are
split into strongly connected components of that dependency graph and handled
in topological order, dependencies first: propagation, then the greatest
unfounded set *within the component* (a literal of an earlier component that is
still undecided survived its own rounds, so it could still be proved), until
nothing changes. A chain of loops is then one component after another, each
costing its own size, instead of one whole-theory pass per link.
"""
from __future__ import annotations

from engine.graph import strongly_connected


def well_founded(sv) -> int:
    """Decide what unfounded sets decide; returns the number of rounds that changed a tag."""
    rounds = 0
    for component in _components(sv):
        while _round(sv, component):
            rounds += 1
            sv._run()
    return rounds


def _undecided(sv, q) -> bool:
    return sv.ptag[q] == 0 or (sv.ap and sv.stag[q] == 0)


def _depends_on(sv, q):
    for c in (q, *sv.comp[q]):
        for r in sv.rules_with_head(c):
            yield from sv.body[r]


def _components(sv) -> list[list[int]]:
    """Tarjan's algorithm over the undecided literals, iteratively; components come out
    dependencies first."""
    roots = [q for q in range(sv.n) if _undecided(sv, q)]
    succ = lambda v: (w for w in _depends_on(sv, v) if _undecided(sv, w))  # noqa: E731
    return [sorted(c) for c in strongly_connected(roots, succ)]


def _round(sv, component) -> bool:
    """Refute the greatest unfounded set within the component (and, under ambiguity
    propagation, the unsupported set); True if any tag changed."""
    changed = _defeasible_layer(sv, component)
    if sv.ap:
        changed |= _support_layer(sv, component)
    return changed


def _defeasible_layer(sv, component) -> bool:
    ptag, head, body, is_sup, disc = sv.ptag, sv.head, sv.body, sv.is_sup, sv.disc
    candidates = [q for q in component if ptag[q] == 0 and sv.dtag[q] == -1]
    if not candidates:
        return False
    live = sv.supported if sv.ap else sv.app  # attackers that can attack now
    team = sv.opt.team_defeat
    good = {q: False for q in candidates}  # for the rest: +d, or undecided yet not unfounded

    def is_good(x):
        return good[x] if x in good else ptag[x] != -1

    live_count = {}

    def live_in(b):  # live members of a superiority group
        k = live_count.get(b)
        if k is None:
            k = live_count[b] = sum(1 for s in sv.members[b] if live[s])
        return k

    n_live = {q: sum(1 for c in sv.comp[q] for s in sv.rules_with_head(c) if live[s]) for q in candidates}
    uncovered = dict(n_live)
    covered = set()
    qualified = set()  # without team defeat: an alive supporter beats every live attacker
    todo = []

    def on_alive(r):
        q = head[r]
        if team:
            for b, _ in sv.g_inf[sv.grp[r]]:
                if (q, b) not in covered:
                    covered.add((q, b))
                    uncovered[q] -= live_in(b)
        elif sum(live_in(b) for b, _ in sv.g_inf[sv.grp[r]]) == n_live[q]:
            qualified.add(q)
        if not good[q] and sv.comp_minus_d[q] and (uncovered[q] == 0 if team else q in qualified):
            good[q] = True
            todo.append(q)

    missing = {}
    for q in candidates:
        for r in sv.supporters[q]:
            if not disc[r]:
                missing[r] = sum(1 for b in body[r] if not is_good(b))
    for r, k in list(missing.items()):
        if k == 0:
            on_alive(r)
    while todo:
        q = todo.pop()
        for r in sv.occurs[q]:
            if missing.get(r, 0) > 0 and is_sup[r]:
                missing[r] -= 1
                if missing[r] == 0:
                    on_alive(r)
    changed = False
    for q in candidates:
        if not good[q]:
            sv._refute(q, ("unfounded",))
            changed = True
    return changed


def _support_layer(sv, component) -> bool:
    """Under ambiguity propagation: literals no chain of undefeated-by-superior rules can
    still support get -S. A rule is dead here once unsupported or beaten by an
    applicable superior rule (sfail)."""
    stag = sv.stag
    candidates = [q for q in component if stag[q] == 0 and sv.dtag[q] == -1]
    if not candidates:
        return False
    possible = {q: False for q in candidates}

    def is_possible(x):
        return possible[x] if x in possible else stag[x] != -1

    missing, todo = {}, []

    def on_alive(r):
        q = sv.head[r]
        if not possible[q]:
            possible[q] = True
            todo.append(q)

    for q in candidates:
        for r in sv.supporters[q]:
            if not sv.sfail[r]:
                missing[r] = sum(1 for b in sv.body[r] if not is_possible(b))
    for r, k in list(missing.items()):
        if k == 0:
            on_alive(r)
    while todo:
        q = todo.pop()
        for r in sv.occurs[q]:
            if missing.get(r, 0) > 0:
                missing[r] -= 1
                if missing[r] == 0:
                    on_alive(r)
    changed = False
    for q in candidates:
        if not possible[q]:
            sv._srefute(q)
            changed = True
    return changed
