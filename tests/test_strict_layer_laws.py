"""The strict layer computes the same thing whichever evaluator does the work.

A non-ground rule is joined by pyDatalog; the same rule written out as ground
instances is checked by speclogic's own evaluator. Both must conclude the same.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ast import format_value
from engine.theory import Theory

values = st.one_of(st.integers(-5, 5), st.sampled_from(["a", "b", "5"]), st.sampled_from([0.5, 2.0]))
ops = st.sampled_from(["<", "<=", ">", ">=", "=", "!="])


def _proved(text: str, pred: str) -> set:
    sol = Theory.from_string(text, "t.dl").solve()
    return {c.literal for c in sol.conclusions() if c.predicate == pred and c.definite == "+D"}


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(values, min_size=1, max_size=5, unique_by=lambda v: (type(v) is str, v)), op=ops)
def test_joined_comparison_equals_ground_instances(vals, op):
    facts = "".join(f"v({format_value(v)}).\n" for v in vals)
    joined = facts + f"p(X, Y) :- v(X), v(Y), X {op} Y.\n"
    ground = facts + "".join(
        f"p({format_value(a)}, {format_value(b)}) :- v({format_value(a)}), v({format_value(b)}), "
        f"{format_value(a)} {op} {format_value(b)}.\n"
        for a in vals for b in vals
    )
    assert _proved(joined, "p") == _proved(ground, "p")


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(st.integers(-20, 20), min_size=1, max_size=4, unique=True),
       op=st.sampled_from(["+", "-", "*"]))
def test_body_equation_equals_head_arithmetic(vals, op):
    facts = "".join(f"v({v}).\n" for v in vals)
    in_body = facts + f"s(X, Y, Z) :- v(X), v(Y), Z = X {op} Y.\n"
    in_head = facts + f"s(X, Y, X {op} Y) :- v(X), v(Y).\n"
    assert _proved(in_body, "s") == _proved(in_head, "s")
