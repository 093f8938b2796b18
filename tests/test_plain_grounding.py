"""The grounder's path for plain programs (engine.ground.grounder._ground_plain: no
variable, `not`, comparison or conditional superiority anywhere) must build the very
ground theory the general path builds: the same literal ids in the same order, the same
rule instances, +D literals, facts, superiority groups and limit errors."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import SpeclogicError
from engine.ground import grounder
from engine.ground.limits import Limits
from engine.parse import parse_dl

_atoms = st.sampled_from(["a", "b", "c", "d", "p(1)", "p(2)", "q(x, 1)", "e"])


@st.composite
def plain_theories(draw) -> str:
    lines = []
    labels = []
    for i in range(draw(st.integers(1, 12))):
        head = draw(st.sampled_from(["", "~"])) + draw(_atoms)
        kind = draw(st.sampled_from(["fact", ":-", ":=", ":^", "true"]))
        # labels: plain, with constant arguments, repeated (two rules, one label), or none
        label = draw(st.sampled_from(["", f"r{i}", f"r{i}", f"s({i % 3})", "t"]))
        prefix = f"{label}: " if label else ""
        if label:
            labels.append(label)
        if kind == "fact":
            lines.append(f"{prefix}{head}.")
        elif kind == "true":
            lines.append(f"{prefix}{head} := true.")
        else:
            body = draw(st.lists(st.tuples(st.sampled_from(["", "~"]), _atoms).map("".join), min_size=1, max_size=3))
            lines.append(f"{prefix}{head} {kind} {', '.join(body)}.")
    for _ in range(draw(st.integers(0, 3))):
        if len(labels) >= 2:
            a, b = draw(st.sampled_from(labels)), draw(st.sampled_from(labels))
            if a != b:
                lines.append(f"{a} > {b}.")
    if draw(st.booleans()):
        lines.append("#conflict a/0, e/0.")
    return "\n".join(lines) + "\n"


def _both(text: str, monkeypatch, limits: Limits | None = None):
    program = parse_dl(text, "plain.dl")
    assert grounder._is_plain(program, program.rules)
    results = []
    for plain in (True, False):
        if not plain:
            monkeypatch.setattr(grounder, "_is_plain", lambda program, rules: False)
        try:
            results.append(_shape(grounder.ground_program(program, limits)))
        except SpeclogicError as exc:
            results.append(("error", [(d.code, d.message, str(d.span)) for d in exc.diagnostics]))
    monkeypatch.undo()
    return results


def _shape(g) -> tuple:
    sup = g.beats
    return (list(g.keys), [r._fields() for r in g.rules], sorted(g.definite), sorted(g.facts),
            [(s.superior, s.inferior, s.premises) for s in g.superiority],
            sorted(sup.edges.items()), list(sup.group_of), [tuple(m) for m in sup.members])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plain_theories())
def test_the_plain_path_builds_the_general_paths_theory(text, monkeypatch):
    plain, general = _both(text, monkeypatch)  # a refusal (superiority cycle) is compared too
    assert plain == general, text


def test_a_strict_layer_over_plain_rules_gives_the_same_definite_literals(monkeypatch):
    text = "a.\nb :- a.\nc :- b, a.\nd :- e.\nr1: ~c := a.\nr2: c :^ d.\n"
    plain, general = _both(text, monkeypatch)
    assert plain == general
    keys, definite = plain[0], plain[2]
    assert sorted(keys[i][0] for i in definite) == ["a", "b", "c"]


@pytest.mark.parametrize("max_facts", [0, 1, 2, 3, 4])
def test_the_limit_is_reported_at_the_same_rule(max_facts, monkeypatch):
    text = "a.\nr1: b := a.\nr2: c := b.\nr3: d := c.\nr4: e := d.\n"
    plain, general = _both(text, monkeypatch, Limits(max_facts=max_facts))
    assert plain == general
    if max_facts < 4:
        assert plain[0] == "error" and f"instances of r{max_facts + 1}" in plain[1][0][1]
    else:
        assert plain[0] != "error"


def test_a_superiority_cycle_is_refused_on_both_paths(monkeypatch):
    text = "r1: a := true.\nr2: ~a := true.\nr1 > r2.\nr2 > r1.\n"
    program = parse_dl(text, "cycle.dl")
    codes = []
    for plain in (True, False):
        if not plain:
            monkeypatch.setattr(grounder, "_is_plain", lambda program, rules: False)
        with pytest.raises(SpeclogicError) as exc:
            grounder.ground_program(program)
        codes.append([d.code for d in exc.value.diagnostics])
    assert codes[0] == codes[1] == ["superiority_cycle"]


def test_a_variable_anywhere_takes_the_general_path():
    for text in ("r1: p(X) := q(X).\nq(1).\n", "a :- not b.\n", "r1: a := true.\nr2: ~a := true.\nr1 > r2 :- c.\n",
                 "p(1).\nr1: q := p(1), 1 < 2.\n"):
        program = parse_dl(text, "g.dl")
        assert not grounder._is_plain(program, program.rules), text
