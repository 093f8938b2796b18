"""Plain Datalog programs for the clingo comparison, written once in the
syntax both speclogic (`.dl`, strict rules) and clingo (`.lp`) read.

  tc-chain n   edge(i, i+1), i < n; reach is the transitive closure
               (n(n+1)/2 tuples)
  tc-cycle n   the same plus edge(n, 0): reach is everything ((n+1)^2)
  pointsto n   an Andersen-style points-to analysis (field-insensitive) over
               generated alloc/assign/load/store facts, at least n of them,
               from a fixed seed
"""
from __future__ import annotations

import random
from dataclasses import dataclass

TC_RULES = ("reach(X, Y) :- edge(X, Y).\n"
            "reach(X, Y) :- edge(X, Z), reach(Z, Y).\n")

# v = new o; v = w; v = *w; *v = w
POINTSTO_RULES = ("pt(V, O) :- alloc(V, O).\n"
                  "pt(V, O) :- assign(V, W), pt(W, O).\n"
                  "pt(V, O) :- load(V, W), pt(W, P), hpt(P, O).\n"
                  "hpt(P, O) :- store(V, W), pt(V, P), pt(W, O).\n")


@dataclass
class Program:
    name: str
    text: str
    facts: int
    derived: tuple   # the predicates whose tuples are counted and compared

    @property
    def stem(self) -> str:
        return self.name.replace("(", "-").replace(")", "").replace(",", "-")


def tc(n: int, cycle: bool = False) -> Program:
    edges = ["edge(%d, %d).\n" % (i, i + 1) for i in range(n)]
    if cycle:
        edges.append("edge(%d, 0).\n" % n)
    return Program("tc-%s(%d)" % ("cycle" if cycle else "chain", n),
                   "".join(edges) + TC_RULES, len(edges), ("reach",))


def pointsto(n: int, seed: int = 9, method: int = 100) -> Program:
    """Variables and objects come in "methods" of `method` variables; most
    statements stay inside one method, a few assignments cross into the next
    one (calls), so facts flow a little way along the program, as they do in
    real code, without making every variable point to everything."""
    rng = random.Random(seed)
    facts = []
    methods = max(1, n // method)
    for m in range(methods):
        base = m * method
        var = lambda: base + rng.randrange(method)  # noqa: E731
        for j in range(method // 4):
            facts.append("alloc(%d, %d)." % (var(), base + j))
        for _ in range(method * 2 // 5):
            facts.append("assign(%d, %d)." % (var(), var()))
        for _ in range(method // 5):
            facts.append("load(%d, %d)." % (var(), var()))
        for _ in range(method // 10):
            facts.append("store(%d, %d)." % (var(), var()))
        if m + 1 < methods:
            facts.append("assign(%d, %d)." % (base + method + rng.randrange(
                method), var()))
    return Program("pointsto(%d)" % len(facts),
                   "".join(f + "\n" for f in facts) + POINTSTO_RULES,
                   len(facts), ("pt", "hpt"))


def standard(quick: bool = False) -> list:
    if quick:
        return [tc(100), tc(100, cycle=True), pointsto(5000)]
    return [tc(300), tc(1000), tc(1000, cycle=True), pointsto(105000)]
