"""Laws of defeasible logic, checked on generated theories.

The solver (counters, linear time) is compared with tests/reference_dl.py (the
proof conditions applied literally until a fixpoint) on random propositional
theories, under every combination of policy and team defeat.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_dl import RRule, RTheory, neg, reference_tags

from engine.theory import Theory

ATOMS = ["a", "b", "c", "d", "e"]
KIND_ARROW = {"strict": ":-", "defeasible": ":=", "defeater": ":^"}
TAG = {1: "+", -1: "-", 0: "?"}
# `--hypothesis-profile=mutation` (tests/conftest.py) lowers every law to its examples
SCALE = min(1.0, settings.default.max_examples / 100)


@st.composite
def theories(draw):
    lit = st.builds(lambda a, n: ("~" if n else "") + a, st.sampled_from(ATOMS), st.booleans())
    facts = draw(st.sets(lit, max_size=3))
    n_rules = draw(st.integers(1, 9))
    rules = []
    for i in range(n_rules):
        kind = draw(st.sampled_from(["strict", "defeasible", "defeasible", "defeasible", "defeater"]))
        head = draw(lit)
        body = tuple(draw(st.lists(lit, max_size=2, unique=True)))
        rules.append(RRule(f"r{i}", kind, head, body))
    # superiority only from a later rule in a random order to an earlier one: acyclic by construction
    order = draw(st.permutations(list(range(n_rules))))
    sup = set()
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, n_rules - 1))
        j = draw(st.integers(0, n_rules - 1))
        if order.index(i) > order.index(j):
            sup.add((f"r{i}", f"r{j}"))
    # up to three #conflict pairs: a literal can then have several complements (a, ~a, b, c),
    # and a rule attack several literals at once
    conflicts = set(draw(st.lists(st.sampled_from([("a", "b"), ("b", "c"), ("a", "c")]), max_size=3)))
    return RTheory(facts, rules, sup, conflicts)


def to_dl(th: RTheory, shuffle_seed=None) -> str:
    lines = [f"{f}." for f in sorted(th.facts)]
    lines += [f"#conflict {a}/0, {b}/0." for a, b in sorted(th.conflicts)]
    for r in th.rules:
        body = ", ".join(r.body) if r.body else "true"
        lines.append(f"{r.label}: {r.head} {KIND_ARROW[r.kind]} {body}.")
    lines += [f"{a} > {b}." for a, b in sorted(th.sup)]
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(lines)
    return "\n".join(lines) + "\n"


def solve_tags(text: str, **opts):
    sol = Theory.from_string(text, "gen.dl", check=False).solve(**opts)
    out = {}
    for c in sol.conclusions():
        d = {"+D": 1, "-D": -1, "undecided": 0}[c.definite]
        p = {"+d": 1, "-d": -1, "undecided": 0}[c.defeasible]
        s = sol.solver.stag[sol.ground.index[(c.predicate, c.negated, c.args)]] if opts.get("policy") == "propagating" else 0
        out[c.literal] = (d, p, s)
    return out


VARIANTS = [
    dict(policy=policy, team_defeat=team, well_founded=wf)
    for wf in (False, True) for policy in ("blocking", "propagating") for team in (True, False)
]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v['policy']}-{'team' if v['team_defeat'] else 'noteam'}{'-wf' if v['well_founded'] else ''}")
@settings(max_examples=max(10, int(150 * SCALE)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(th=theories())
def test_solver_agrees_with_reference(variant, th):
    got = solve_tags(to_dl(th), **variant)
    want = reference_tags(th, team_defeat=variant["team_defeat"], propagating=variant["policy"] == "propagating",
                          well_founded=variant["well_founded"])
    for literal, tags in got.items():
        ref = want[literal]
        if variant["policy"] != "propagating":
            ref = (ref[0], ref[1], 0)
        assert tags == ref, f"{literal}: solver {tags} reference {ref}\n{to_dl(th)}"
    for literal, ref in want.items():
        if literal not in got:  # never mentioned by the ground theory: no rule, no fact
            assert ref[:2] == (-1, -1), f"{literal} missing from solver output, reference {ref}"


def solve_all(text: str, **opts):
    """Every literal's tags and failure kind."""
    sol = Theory.from_string(text, "gen.dl", check=False).solve(**opts)
    return {c.literal: (c.definite, c.defeasible, c.failure) for c in sol.conclusions()}


@settings(max_examples=max(10, int(100 * SCALE)), deadline=None)
@given(th=theories(), seed=st.integers(0, 10_000))
def test_conclusions_do_not_depend_on_statement_order(th, seed):
    text = to_dl(th)
    shuffled = to_dl(th, shuffle_seed=seed)
    for variant in VARIANTS:
        assert solve_all(text, **variant) == solve_all(shuffled, **variant)


@settings(max_examples=max(10, int(150 * SCALE)), deadline=None)
@given(th=theories())
def test_blocking_never_proves_both_sides_without_a_strict_contradiction(th):
    got = solve_tags(to_dl(th), policy="blocking", team_defeat=True)
    for literal, (d, p, _) in got.items():
        other = got.get(neg(literal))
        if other and p == 1 and other[1] == 1:
            assert d == 1 and other[0] == 1, f"+d {literal} and +d {neg(literal)}\n{to_dl(th)}"


@settings(max_examples=max(10, int(60 * SCALE)), deadline=None)
@given(th=theories(), variant=st.sampled_from(VARIANTS))
def test_every_conclusion_has_a_proof_record(th, variant):
    sol = Theory.from_string(to_dl(th), "gen.dl", check=False).solve(**variant)
    for c in sol.conclusions():
        proof = sol.proof(c.literal)
        assert proof.defeasible == c.defeasible and proof.literal == c.literal
        if c.defeasible == "+d" and proof.reason == "defeasible":
            assert proof.fired is not None and proof.fired.head == c.literal
            for attack in proof.attackers:  # each attacker was met somehow
                assert attack.outcome in ("discarded", "beaten", "unsupported"), attack
        if c.defeasible == "-d":
            assert c.failure in ("refuted", "ambiguous")
            if proof.reason != "unfounded":
                for s in proof.supporters:
                    assert s.outcome not in ("applicable", "pending"), s
            # the record agrees with the verdict: ambiguous iff some supporter failed ambiguously
            if proof.reason not in ("strict_complement", "no_rule"):
                kinds = {s.failure for s in proof.supporters}
                assert (c.failure == "ambiguous") == ("ambiguous" in kinds), (c, proof.supporters)
