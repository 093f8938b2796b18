"""Demand-driven grounding (engine.ground.demand) decides every asked literal as full
grounding does: the same tags, the same failure, the same proof tree, under every
variant of the logic. Checked on random first-order theories (variables, strong
negation, `not`, defeaters, conditional superiority, #conflict) with a random set of
asked predicates, and on the shipped rulebase, whose audit must not change."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine import explain
from engine.errors import SpeclogicError
from engine.ground import ground_program
from engine.ground.limits import Limits
from engine.parse import parse_text
from engine.solve import Options
from engine.theory import Solution

PREDS = {"p": 1, "q": 2, "r": 2, "s": 1, "t": 1}
BASE = {"e": 2, "f": 1}  # facts only
CONSTS = ["1", "2", "3"]
VARS = ["X", "Y", "Z"]
VARIANTS = [
    dict(policy=policy, team_defeat=team, well_founded=wf)
    for wf in (False, True) for policy in ("blocking", "propagating") for team in (True, False)
]


@st.composite
def atoms(draw, preds, strong=True):
    name = draw(st.sampled_from(sorted(preds)))
    args = [draw(st.sampled_from(VARS + CONSTS[:1])) for _ in range(preds[name])]
    neg = strong and draw(st.integers(0, 3)) == 0
    return ("~" if neg else "") + (f"{name}({', '.join(args)})" if args else name)


@st.composite
def theories(draw):
    lines = []
    for name, n in sorted(BASE.items()):
        for _ in range(draw(st.integers(1, 4))):
            lines.append(f"{name}({', '.join(draw(st.sampled_from(CONSTS)) for _ in range(n))}).")
    labels = []
    for i in range(draw(st.integers(2, 9))):
        kind = draw(st.sampled_from([":-", ":=", ":=", ":=", ":^"]))
        body = [draw(atoms(BASE, strong=False))]
        body += draw(st.lists(atoms(PREDS), max_size=2))
        if draw(st.booleans()):
            body.append("not " + draw(atoms(BASE, strong=False)))
        bound = {v for b in body if not b.startswith("not ") for v in VARS if v in b}
        head = draw(atoms(PREDS, strong=kind != ":-" or draw(st.booleans())))
        for v in VARS:  # a head variable the positive body does not bind is unsafe
            if v not in bound:
                head = head.replace(v, "1")
        vs = sorted(v for v in VARS if v in head)
        label = f"r{i}" + (f"({', '.join(vs)})" if vs else "")
        labels.append(label)
        lines.append(f"{label}: {head} {kind} {', '.join(body)}.")
    for _ in range(draw(st.integers(0, 4))):
        a, b = draw(st.sampled_from(labels)), draw(st.sampled_from(labels))
        if a.split("(")[0] < b.split("(")[0]:  # acyclic: from a lower label number to a higher one
            va = sorted({v for v in VARS if v in a} | {v for v in VARS if v in b})
            cond = f" :- {', '.join(f'f({v})' for v in va)}" if va else ""
            lines.append(f"{a} > {b}{cond}.")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["#conflict p/1, s/1.", "#conflict q/2, r/2.", "#conflict s/1, t/1."])))
    asked = frozenset(draw(st.sets(st.sampled_from(sorted(PREDS)), min_size=1, max_size=3)))
    return "\n".join(lines) + "\n", asked


def _solve(text: str, demand, variant) -> Solution:
    program = parse_text(text, "gen.dl")
    return Solution.solved(program, Options(demand=demand, **variant))


def _tree(sol, literal) -> str:
    return json.dumps(explain.to_json(explain.why(sol, literal)), sort_keys=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=theories(), variant=st.sampled_from(VARIANTS))
# a strict rule over a defeasible conclusion: ~p(2) holds in the positive reading only
@example(case=("e(1, 1).\nf(2).\nr0(X): p(X) :- f(X), ~p(X).\nr1(X): p(X) :- e(X, X).\n"
               "r3(X): ~p(X) :- f(X), q(X, X).\nr6(X): q(X, X) := f(X).\n", frozenset({"p"})),
         variant=VARIANTS[0])
def test_asked_literals_are_decided_as_in_full(case, variant):
    text, asked = case
    full, demanded = _solve(text, None, variant), _solve(text, asked, variant)
    for c in full.conclusions():
        if c.predicate in asked:
            got = demanded.lookup(c.literal)
            assert (got.definite, got.defeasible, got.failure) == (c.definite, c.defeasible, c.failure), \
                f"{c.literal} asked {sorted(asked)}\n{text}"
            assert _tree(demanded, c.literal) == _tree(full, c.literal), f"{c.literal}\n{text}"
    for c in demanded.conclusions():  # nothing asked is decided that full grounding lacks
        if c.predicate in asked:
            assert full.lookup(c.literal) == c


def _instances(text: str, demand) -> int:
    return len(ground_program(parse_text(text, "t.dl"), demand=demand).rules)


def test_demand_flows_through_the_bound_argument_only():
    # every principle bars its act for every reply; only the act a reply did is asked about
    text = """
        reply(r1). reply(r2). did(r1, shout).
        bar(R): barred(R, shout) := reply(R).
        bar2(R): barred(R, whisper) := reply(R).
        keep(R, X): bars(R, X) := barred(R, X).
        v(R, X): violates(R) := did(R, X), bars(R, X).
    """
    assert _instances(text, frozenset({"violates"})) < _instances(text, None)
    sol = Solution.solved(parse_text(text, "t.dl"), Options(demand=frozenset({"violates"})))
    assert [c.literal for c in sol.conclusions() if c.predicate == "barred"] == ["barred(r1, shout)"]
    assert sol.lookup("violates(r1)").defeasible == "+d"
    assert sol.lookup("violates(r2)").defeasible == "-d"


def test_an_attacker_of_a_demanded_literal_is_grounded():
    # ~ok(a) is never asked, but it decides ok(a); so does a #conflict partner
    text = """
        f(a).
        yes(X): ok(X) := f(X).
        no(X): ~ok(X) := f(X), bad(X).
        bad(X) := f(X).
        rival(X): nok(X) := f(X).
        #conflict ok/1, nok/1.
    """
    full = Solution.solved(parse_text(text, "t.dl"), Options())
    demanded = Solution.solved(parse_text(text, "t.dl"), Options(demand=frozenset({"ok"})))
    assert demanded.lookup("ok(a)") == full.lookup("ok(a)")
    assert demanded.lookup("ok(a)").defeasible == "-d"  # attacked by no(a) and rival(a), neither beaten
    assert _tree(demanded, "ok(a)") == _tree(full, "ok(a)")


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(f"{k}={v[k]}" for k in sorted(v)))
def test_the_shipped_audit_is_the_same_as_with_full_grounding(variant):
    from engine.modelspec import load_rulebase
    from engine.modelspec.audit import audit_batch
    from engine.modelspec.files import transcript_files
    from engine.transcripts.loader import load_paths_report

    rulebase = load_rulebase()
    files, _ = transcript_files(["examples/model_spec"])
    convs, errors = load_paths_report(files)
    assert not errors and len(convs) > 100
    convs = convs[::3]  # every chapter, a third of the time
    everything = Options(demand=frozenset(r.head.pred for r in rulebase.program.rules), **variant)
    demanded = [a.to_json() for a in audit_batch(rulebase, convs, Options(**variant))]
    assert demanded == [a.to_json() for a in audit_batch(rulebase, convs, everything)]


def test_a_demand_that_would_pass_a_limit_falls_back_to_full_grounding():
    # demand for ok(X, Y) is every pair of items in one group (ok is concluded defeasibly,
    # so it cannot filter its own demand), while full grounding starts from the one ok row
    items = "".join(f"item({i}, g). " for i in range(40))
    text = items + "pair_ok(1, 2).\nok(X, Y) := pair_ok(X, Y).\nbad(X, Y) := item(X, C), item(Y, C), ok(X, Y).\n" \
        "v(X, Y): out := bad(X, Y).\n"
    limits = Limits(max_facts=1000)
    full = Solution.solved(parse_text(text, "t.dl"), Options(limits=limits))
    demanded = Solution.solved(parse_text(text, "t.dl"), Options(demand=frozenset({"out"}), limits=limits))
    assert demanded.lookup("out") == full.lookup("out")
    assert demanded.lookup("out").defeasible == "+d"
    with pytest.raises(SpeclogicError) as err:  # the demand alone is past the limit
        plan_demand_only(text, limits)
    assert err.value.code == "limit_exceeded"


def plan_demand_only(text: str, limits) -> None:
    from engine.ground.demand import plan_demand
    from engine.ground.limits import Budget
    from engine.ground.seminaive import evaluate

    program = parse_text(text, "t.dl")
    rules = program.rules
    keys = {(r.head.pred, r.head.negated, len(r.head.args)) for r in rules} | {
        (i.pred, i.negated, len(i.args)) for r in rules for i in r.body}
    plan = plan_demand(rules, program.conflicts, frozenset({"out"}), keys)
    facts = [((r.head.pred, False, len(r.head.args)), tuple(t.value for t in r.head.args)) for r in rules if r.is_fact]
    evaluate(list(plan.magic), facts, Budget(limits))
