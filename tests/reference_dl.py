"""A deliberately naive reference for defeasible logic, used only by tests.

It applies the proof conditions of Antoniou, Billington, Governatori and Maher
(2001) literally -- every condition re-evaluated over and over until nothing
changes -- on propositional theories; with well_founded, it then removes the
greatest unfounded set (the -d condition with "-d premise" read as "-d or in
the set"), for +d and, under ambiguity propagation, for support, and repeats. It shares no code with engine/, so the
property tests compare two independent readings of the same definitions.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RRule:
    label: str
    kind: str  # strict / defeasible / defeater
    head: str
    body: tuple


@dataclass
class RTheory:
    facts: set = field(default_factory=set)
    rules: list = field(default_factory=list)
    sup: set = field(default_factory=set)  # (superior label, inferior label)
    conflicts: set = field(default_factory=set)  # {(p, q)}: positive atoms that attack each other


def neg(lit: str) -> str:
    return lit[1:] if lit.startswith("~") else "~" + lit


def reference_tags(th: RTheory, team_defeat=True, propagating=False, well_founded=False):
    """Returns {literal: (definite, defeasible, support)} with values 1/-1/0."""
    lits = set(th.facts)
    for r in th.rules:
        lits.add(r.head)
        lits.update(r.body)
    lits |= {neg(lit) for lit in set(lits)}

    def comps(q):
        out = [neg(q)]
        if not q.startswith("~"):
            out += sorted({b for a, b in th.conflicts if a == q} | {a for a, b in th.conflicts if b == q})
        return [c for c in out if c in lits]
    R = {q: [r for r in th.rules if r.head == q] for q in lits}
    Rsd = {q: [r for r in R[q] if r.kind != "defeater"] for q in lits}
    Rs = {q: [r for r in R[q] if r.kind == "strict"] for q in lits}
    sup = lambda a, b: (a.label, b.label) in th.sup  # noqa: E731

    D = {q: 0 for q in lits}
    changed = True
    while changed:
        changed = False
        for q in lits:
            if D[q]:
                continue
            if q in th.facts or any(all(D[a] == 1 for a in r.body) for r in Rs[q]):
                D[q] = 1
                changed = True
            elif all(any(D[a] == -1 for a in r.body) for r in Rs[q]):
                D[q] = -1
                changed = True

    if well_founded:
        for q in lits:
            if D[q] == 0:
                D[q] = -1
    P = {q: 0 for q in lits}
    S = {q: 0 for q in lits}

    def app(r):
        return all(P[a] == 1 for a in r.body)

    def disc(r):
        return any(P[a] == -1 for a in r.body)

    def supp(r):
        return all(S[a] == 1 for a in r.body)

    def unsupp(r):
        return any(S[a] == -1 for a in r.body)

    attack_dead = unsupp if propagating else disc
    attack_live = supp if propagating else app

    outer = True
    while outer:
      outer = False
      changed = True
      while changed:
        changed = False
        for q in lits:
                C = comps(q)
                RC = [s for c in C for s in R[c]]
                if P[q] == 0:
                    plus = False
                    if D[q] == 1:
                        plus = True
                    elif all(D[c] == -1 for c in C):
                        if team_defeat:
                            plus = any(app(r) for r in Rsd[q]) and all(
                                attack_dead(s) or any(app(t) and sup(t, s) for t in Rsd[q]) for s in RC
                            )
                        else:
                            plus = any(app(r) and all(attack_dead(s) or sup(r, s) for s in RC) for r in Rsd[q])
                    minus = False
                    if D[q] == -1:
                        if all(disc(r) for r in Rsd[q]) or any(D[c] == 1 for c in C):
                            minus = True
                        elif team_defeat:
                            minus = any(
                                attack_live(s) and all(disc(t) or not sup(t, s) for t in Rsd[q]) for s in RC
                            )
                        else:
                            minus = all(
                                disc(r) or any(attack_live(s) and not sup(r, s) for s in RC) for r in Rsd[q]
                            )
                    if plus:
                        P[q] = 1
                        changed = True
                    elif minus:
                        P[q] = -1
                        changed = True
                if propagating and S[q] == 0:
                    if D[q] == 1 or any(
                        supp(r) and all(disc(s) or not sup(s, r) for s in RC) for r in Rsd[q]
                    ):
                        S[q] = 1
                        changed = True
                    elif D[q] == -1 and all(unsupp(r) or any(app(s) and sup(s, r) for s in RC) for r in Rsd[q]):
                        S[q] = -1
                        changed = True

      if well_founded:
        # greatest unfounded set for +d/-d
        U = {q for q in lits if P[q] == 0 and D[q] == -1}
        def bad(a, U=U): return P[a] == -1 or a in U
        def dead(r): return any(bad(a) for a in r.body)
        def sdead(r): return any(S[a] == -1 for a in r.body) if propagating else dead(r)
        def slive(r): return all(S[a] == 1 for a in r.body) if propagating else app(r)
        ch = True
        while ch:
            ch = False
            for q in list(U):
                C = comps(q)
                RC = [s for c in C for s in R[c]]
                ok = all(dead(r) for r in Rsd[q]) or any(D[c] == 1 for c in C)
                if not ok:
                    if team_defeat:
                        ok = any(slive(s) and all(dead(t) or not sup(t, s) for t in Rsd[q]) for s in RC)
                    else:
                        ok = all(dead(r) or any(slive(s) and not sup(r, s) for s in RC) for r in Rsd[q])
                if not ok:
                    U.discard(q)
                    ch = True
        for q in U:
            P[q] = -1
            outer = True
        if propagating:
            U = {q for q in lits if S[q] == 0 and D[q] == -1}
            ch = True
            while ch:
                ch = False
                for q in list(U):
                    C = comps(q)
                    RC = [s for c in C for s in R[c]]
                    ok = all(any(S[a] == -1 or a in U for a in r.body) or any(app(s) and sup(s, r) for s in RC) for r in Rsd[q])
                    if not ok:
                        U.discard(q)
                        ch = True
            for q in U:
                S[q] = -1
                outer = True
    return {q: (D[q], P[q], S[q]) for q in lits}
