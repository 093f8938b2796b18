"""The scalable theories of Maher et al. (2001), small sizes, as regression tests.

The generators in bench/theories.py state each family's expected goal tag per
set of solver flags; here every small instance is solved in both syntaxes
(.dl and SPINdle's .dfl) and must give exactly those tags.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from engine.expectations import parse_options
from engine.theory import Theory

BENCH = Path(__file__).resolve().parent.parent / "bench" / "theories.py"
_spec = importlib.util.spec_from_file_location("bench_theories", BENCH)
theories = importlib.util.module_from_spec(_spec)
sys.modules["bench_theories"] = theories  # dataclasses look their module up while defining
_spec.loader.exec_module(theories)

CASES = [
    ("chain", 30, None, True), ("circle", 12, None, True),
    ("levels", 6, None, True), ("levels", 6, None, False),
    ("teams", 2, None, True), ("tree", 4, 3, True), ("dag", 8, 4, True),
]


def _instances():
    for family, n, k, priorities in CASES:
        th = theories.make(family, n, k, priorities)
        for flags, want in th.expectations:
            for fmt in ("dl", "dfl"):
                yield pytest.param(th, flags, want, fmt, id=f"{th.name}{'' if priorities else '-nopri'}-{fmt}-{' '.join(flags) or 'default'}")


@pytest.mark.parametrize("th,flags,want,fmt", list(_instances()))
def test_family_goal(th, flags, want, fmt):
    options = parse_options(" ".join(flags), "flags", 1)
    sol = Theory.from_string(th.dump(fmt), f"{th.stem}.{fmt}").solve(options)
    assert sol.lookup(th.goal).defeasible == want


def test_teams_every_literal_has_two_supporters_and_two_attackers():
    th = theories.make("teams", 2)
    sol = Theory.from_string(th.dump("dl"), "teams.dl").solve()
    g, sv = sol.ground, sol.solver
    heads = [lid for lid, (pred, negated, args) in enumerate(g.keys) if not negated and sv.supporters[lid]]
    assert len(heads) > 5
    for lid in heads:
        neg = g.index[(g.keys[lid][0], True, ())]
        assert len(sv.supporters[lid]) == 2 and len(sv.supporters[neg]) == 2
        # each attacker is beaten by exactly one supporter
        for s in sv.supporters[neg]:
            assert sum(1 for r in sv.superiors(s) if sv.head[r] == lid) == 1
