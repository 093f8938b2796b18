"""A theory answered from its strict least model (engine.ground.definite) concludes
exactly what grounding and solving it in full concludes: the same literals, tags and
order, the same lookups, and proofs once asked for. Checked on the random stratified
programs of test_strict_reference.py and on fixed cases at the edge of eligibility."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli.solve_cmd import conclusion_json
from engine.ground.definite import strict_model
from engine.parse import parse_text
from engine.solve import Options
from engine.theory import Conclusion, Solution, Theory
from tests.test_strict_reference import _render, programs


def _both(text: str):
    program = parse_text(text, "t.dl")
    model = strict_model(program)
    full = Solution.solved(program, Options())
    fast = Solution.of_model(program, model, Options()) if model is not None else None
    return fast, full


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(programs())
def test_the_model_gives_the_full_solution(program):
    if program is None:
        return
    fast, full = _both(_render(*program))
    assert fast is not None  # every rule of these programs has variables
    assert list(fast.conclusions()) == list(full.conclusions())
    assert list(fast.tagged()) == list(full.tagged())
    for c in list(full.conclusions())[:5]:
        assert fast.lookup(c.literal) == c
        assert fast.query(f"{c.predicate}({', '.join('_' for _ in c.args)})") == \
            full.query(f"{c.predicate}({', '.join('_' for _ in c.args)})")
    assert fast.lookup("nowhere(1)") == full.lookup("nowhere(1)")


def test_a_ground_rule_whose_premise_is_not_in_the_model_takes_the_full_path():
    # q is no conclusion of the model, but the grounder interns it (-D, -d)
    text = "p :- q.\nr(1).\n"
    assert strict_model(parse_text(text, "t.dl")) is None
    sol = Theory.from_string(text, "t.dl").solve()
    assert [(c.literal, c.definite, c.defeasible) for c in sol.conclusions()] == [
        ("p", "-D", "-d"), ("q", "-D", "-d"), ("r(1)", "+D", "+d")]


def test_a_loop_of_ground_rules_is_undecided_as_before():
    # neither +D nor -D without --well-founded: the model path must not call them -D
    sol = Theory.from_string("p :- q.\nq :- p.\n", "t.dl").solve()
    assert {(c.literal, c.definite) for c in sol.conclusions()} == {("p", "undecided"), ("q", "undecided")}


def test_ground_rules_over_the_model_keep_the_model_path_and_give_proofs():
    text = "e(1, 2).\ne(2, 3).\np(X, Y) :- e(X, Y).\np(X, Z) :- e(X, Y), p(Y, Z).\ngo :- p(1, 3).\n"
    fast, full = _both(text)
    assert fast is not None
    assert list(fast.conclusions()) == list(full.conclusions())
    proof = fast.proof("go")  # grounds the theory on demand
    assert proof is not None and proof.fired.label == full.proof("go").fired.label
    assert fast.conclusion_order() == full.conclusion_order()


def test_strong_negation_conflicts_and_defeasible_rules_are_not_eligible():
    for text in ("p(1).\n~p(X) :- p(X).\n", "p(1).\nr: q(X) := p(X).\n", "p(1).\nq(X) :- p(X), ~p(X).\n",
                 "#conflict a/1, b/1.\np(1).\na(X) :- p(X).\n", "p(1).\nr1: a(X) :- p(X).\nr1 > r1.\n"):
        assert strict_model(parse_text(text, "t.dl")) is None, text


names = st.text(st.characters(codec="utf-8"), max_size=6)
consts = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False), names)


@settings(max_examples=200, deadline=None)
@given(pred=names, negated=st.booleans(), args=st.lists(consts, max_size=3).map(tuple),
       definite=st.sampled_from(["+D", "-D", "undecided"]), defeasible=st.sampled_from(["+d", "-d", "undecided"]),
       failure=st.sampled_from([None, "refuted", "ambiguous"]))
def test_the_json_line_is_json_dumps_of_the_conclusion(pred, negated, args, definite, defeasible, failure):
    c = Conclusion(f"lit {pred}\n\"", pred, negated, args, definite, defeasible, failure)
    assert conclusion_json(c) == json.dumps(c.to_json(), ensure_ascii=False)


keys = st.tuples(st.sampled_from(["p", "q", "pq"]), st.booleans(),
                 st.lists(st.one_of(st.integers(-3, 3), st.sampled_from([0.5, 2.5]), st.sampled_from(["a", "B", "1"])),
                          max_size=3).map(tuple))


@settings(max_examples=300, deadline=None)
@given(st.lists(keys, unique_by=lambda k: (k[0], k[1], tuple((type(v) is str, v) for v in k[2])), max_size=30))
def test_literal_order_is_lit_sort_key_order_whatever_the_mix_of_values(literals):
    from engine.ground.model import lit_sort_key, sorted_lids, sorted_model

    want = sorted(literals, key=lit_sort_key)
    assert [literals[i] for i in sorted_lids(literals)] == want
    relations: dict = {}
    for pred, negated, args in literals:
        relations.setdefault((pred, negated, len(args)), set()).add(args)
    assert sorted_model(relations) == want


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**20), st.one_of(st.integers(0, 70), st.integers(-3, 3),
                                                          st.sampled_from(["a", 1.5]))),
                min_size=65, max_size=200, unique=True),
       st.integers(1, 3))
def test_large_models_sort_as_small_ones(pairs, arity):
    # past 64 rows, rows of small non-negative integers are sorted packed into one integer each
    from engine.ground.model import lit_sort_key, sorted_model

    rows = {(p + (p[0],))[:arity] for p in pairs}
    literals = [("p", False, r) for r in rows]
    assert sorted_model({("p", False, arity): set(rows)}) == sorted(literals, key=lit_sort_key)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.tuples(names, st.booleans(), st.lists(consts, max_size=3).map(tuple)),
                          st.sampled_from(["+D", "-D", "undecided"]), st.sampled_from(["+d", "-d", "undecided"]),
                          st.sampled_from([None, "refuted", "ambiguous"])), max_size=8))
def test_the_document_lines_are_the_json_lines_of_the_rows(rows):
    from engine.cli.solve_cmd import json_lines, tagged_json

    assert list(json_lines(rows)) == ["    " + tagged_json(r) for r in rows]
