"""The strict layer computes exactly the least model of a stratified program, whatever the
shape of its recursion: compared with the independent naive evaluator in
tests/reference_datalog.py on random programs (recursion through cycles, left and right
recursion, negation across strata, comparisons) and on fixed recursive shapes."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.theory import Theory
from tests.reference_datalog import is_var, least_model, strata

PREDS = {"e": 2, "p": 2, "q": 1, "r": 2, "s": 1}
CONSTS = [0, 1, 2, "a"]
VARS = ["X", "Y", "Z"]


def _text(term) -> str:
    return str(term)


def _render(facts, rules) -> str:
    out = [f"{p}({', '.join(_text(a) for a in args)})." for p, args in sorted(facts, key=str)]
    for (hp, hargs), body in rules:
        items = []
        for b in body:
            if b[0] == "cmp":
                items.append(f"{_text(b[2])} {b[1]} {_text(b[3])}")
            else:
                atom = f"{b[1]}({', '.join(_text(a) for a in b[2])})"
                items.append(atom if b[0] == "pos" else f"not {atom}")
        out.append(f"{hp}({', '.join(_text(a) for a in hargs)}) :- {', '.join(items)}.")
    return "\n".join(out) + "\n"


@st.composite
def programs(draw):
    facts = {("e", (draw(st.sampled_from(CONSTS)), draw(st.sampled_from(CONSTS))))
             for _ in range(draw(st.integers(1, 6)))}
    facts |= {("q", (draw(st.sampled_from(CONSTS)),)) for _ in range(draw(st.integers(0, 3)))}
    rules = []
    if draw(st.booleans()):  # transitive closure, left or right recursive, over possibly cyclic edges
        rules.append((("p", ("X", "Y")), [("pos", "e", ("X", "Y"))]))
        rec = [("pos", "e", ("X", "Z")), ("pos", "p", ("Z", "Y"))]
        rules.append((("p", ("X", "Y")), rec if draw(st.booleans()) else rec[::-1]))
    for _ in range(draw(st.integers(1, 5))):
        head = draw(st.sampled_from(["p", "r", "s"]))
        body = []
        for k in range(draw(st.integers(1, 3))):
            pred = draw(st.sampled_from(list(PREDS)))
            pool = VARS if k == 0 else VARS + CONSTS[:2]  # the first literal binds: rules that derive
            body.append(("pos", pred, tuple(draw(st.sampled_from(pool)) for _ in range(PREDS[pred]))))
        bound = sorted({t for b in body for t in b[2] if is_var(t)})
        if bound and draw(st.booleans()):
            pred = draw(st.sampled_from(["q", "e", "s", "r"]))  # derived ones too: strata matter
            # a variable local to the `not` (`_`, a named singleton, repeated): "no such value"
            pool = bound + draw(st.sampled_from([[], ["_"], ["W"]]))
            body.append(("neg", pred, tuple(draw(st.sampled_from(pool)) for _ in range(PREDS[pred]))))
        if bound and draw(st.booleans()):
            body.append(("cmp", draw(st.sampled_from(["<", "!=", "="])), draw(st.sampled_from(bound)),
                         draw(st.sampled_from(bound + [1]))))
        if not bound:
            bound = []
        hargs = tuple(draw(st.sampled_from(bound)) if bound else draw(st.sampled_from(CONSTS))
                      for _ in range(PREDS[head]))
        rules.append(((head, hargs), body))
    try:
        strata(rules)
    except ValueError:
        return None
    return facts, rules


def _strict(text: str) -> set:
    sol = Theory.from_string(text, "t.dl", check=False).solve()
    return {(c.predicate, tuple(c.args)) for c in sol.conclusions() if c.definite == "+D" and not c.negated}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(programs())
def test_strict_layer_equals_the_naive_least_model(program):
    if program is None:
        return
    facts, rules = program
    expected = {(p, args) for p, args in least_model(facts, rules)}
    assert _strict(_render(facts, rules)) == expected


def _closure(edges, left: bool) -> str:
    facts = "".join(f"edge({a}, {b}).\n" for a, b in edges)
    rec = "reach(X, Y) :- reach(X, Z), edge(Z, Y).\n" if left else "reach(X, Y) :- edge(X, Z), reach(Z, Y).\n"
    return facts + "reach(X, Y) :- edge(X, Y).\n" + rec


def test_left_and_right_recursion_over_cycles_terminate_with_the_same_closure():
    edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 3)]
    expected = least_model({("edge", e) for e in edges},
                           [(("reach", ("X", "Y")), [("pos", "edge", ("X", "Y"))]),
                            (("reach", ("X", "Y")), [("pos", "edge", ("X", "Z")), ("pos", "reach", ("Z", "Y"))])])
    want = {x for x in expected if x[0] == "reach"}
    for left in (True, False):
        got = {x for x in _strict(_closure(edges, left)) if x[0] == "reach"}
        assert got == want and len(want) == 13


def test_a_variable_only_under_not_means_no_such_value_however_it_is_written():
    facts = "q(1). q(2). q(3). s3(1, 5, a). s3(2, 5, b). s3(3, 6, c). s3(3, 7, 7).\n"
    expected = {("p", (3,))}
    for neg in ("not s3(X, 5, P)", "not s3(X, 5, _)", "not s3(X, 5, _P)"):
        got = {x for x in _strict(facts + f"p(X) :- q(X), {neg}.\n") if x[0] == "p"}
        assert got == expected, neg
    # repeated: no s3(X, P, P); only X = 3 has one (s3(3, 7, 7))
    got = {x for x in _strict(facts + "p(X) :- q(X), not s3(X, P, P).\n") if x[0] == "p"}
    assert got == {("p", (1,)), ("p", (2,))}


def test_a_named_singleton_under_not_is_a_warning_suggesting_an_underscore_name():
    theory = Theory.from_string("q(1).\np(X) :- q(X), not s3(X, 5, P).\ns3(2, 5, a).\n", "t.dl", lint=True)
    diags = theory.warnings
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in diags] == [
        ("singleton_variable", "warning", 2, 28)]
    assert "_P" in diags[0].message
