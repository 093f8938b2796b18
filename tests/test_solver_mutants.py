"""Solver behaviours the mutation run (docs/testing.md) found untested."""
from __future__ import annotations

import pytest

from engine.solve import Options
from engine.theory import Theory


def _chain_of_loops(k: int) -> str:
    return "".join(f"r{i}: a{i} := b{i}.\ns{i}: b{i} := a{i}.\n" + (f"t{i}: a{i} := a{i - 1}.\n" if i else "")
                   for i in range(k))


def test_well_founded_decides_a_chain_of_loops_one_loop_per_round():
    # each loop is its own component, decided after the one it hangs from: k rounds, not k^2
    for k in (1, 2, 5, 12):
        sol = Theory.from_string(_chain_of_loops(k), "c.dl").solve(Options(well_founded=True))
        assert sol.solver.wf_rounds == k
        assert {c.defeasible for c in sol.conclusions()} == {"-d"}
        assert {c.failure for c in sol.conclusions()} == {"refuted"}


def test_without_well_founded_the_loops_stay_undecided():
    sol = Theory.from_string(_chain_of_loops(4), "c.dl").solve()
    assert sol.solver.wf_rounds == 0 and {c.defeasible for c in sol.conclusions()} == {"undecided"}


@pytest.mark.parametrize("body,first_open", [("a, c, d", "c"), ("d, a, c", "d"), ("a, c", "c")])
def test_a_pending_supporter_names_its_first_undecided_premise(body, first_open):
    # a is +d; c and d are undecided loops: the JSON proof of q names the premise r is
    # waiting for (the first undecided one), not the one that holds
    text = f"a.\nl: c := c.\nm: d := d.\nr: q := {body}.\n"
    for options in (Options(), Options(team_defeat=False), Options(policy="propagating")):
        proof = Theory.from_string(text, "t.dl").solve(options).proof("q").to_json()
        assert proof["defeasible"] == "undecided"
        [fate] = proof["supporters"]
        assert (fate["outcome"], fate["premise"], fate["premise_tag"]) == ("pending", first_open, "undecided")
