"""engine.analysis beyond the per-code fixtures: the API, ordering, and cross-file cases."""
from __future__ import annotations

import pytest

from engine.analysis import assert_valid, check, errors_only, warnings_only
from engine.ast import Program
from engine.errors import SpeclogicError
from engine.parse import parse_text


def program_of(*sources: tuple[str, str]) -> Program:
    program = Program()
    for name, text in sources:
        program.extend(parse_text(text, name))
    return program


def test_assert_valid_returns_warnings():
    program = program_of(("a.dl", "p :- q.\n"))
    warnings = assert_valid(program)
    assert [w.code for w in warnings] == ["rule_never_fires", "undefined_predicate"]


def test_assert_valid_raises_with_every_error_and_the_sources():
    program = program_of(("a.dl", "p(X) :- q.\nr1: a.\nr1: b.\nq.\n"))
    with pytest.raises(SpeclogicError) as info:
        assert_valid(program)
    assert [d.code for d in info.value.diagnostics] == ["unsafe_variable", "duplicate_label"]
    assert "a.dl" in info.value.sources
    assert "^" in info.value.render()


def test_order_is_file_order_then_position_then_code():
    program = program_of(("z.dl", "p :- q.\n"), ("a.dl", "r :- s.\n"))
    diagnostics = check(program)
    keys = [(d.span.file, d.span.line, d.span.column, d.code) for d in diagnostics]
    assert [k[0] for k in keys] == ["z.dl", "z.dl", "a.dl", "a.dl"]
    assert keys == sorted(keys, key=lambda k: (k[0] != "z.dl", k[1:]))
    assert errors_only(diagnostics) == [] and warnings_only(diagnostics) == diagnostics


def test_predicates_defined_in_another_file_are_defined():
    program = program_of(("rules.dl", "r1: flies(X) := bird(X).\n"), ("facts.dl", "bird(tweety).\n"))
    assert check(program) == []


def test_same_stem_in_two_files_reports_generated_label_clash():
    program = program_of(("a/x.dl", "p.\n"), ("b/x.dl", "q.\n"))
    (diag,) = errors_only(check(program))
    assert diag.code == "duplicate_label" and diag.message == (
        "the generated label x:1 of this unlabelled rule is also the label of the rule at a/x.dl:1:1 "
        "(two files share the name 'x'); label the rules")


def test_conditional_superiority_settles_conflicts_and_makes_no_cycle():
    text = (
        "role(a, 1). role(b, 2). outranks(2, 1). ask(a, go). ask(b, go).\n"
        "obey(M): does(A) := ask(M, A).\n"
        "veto(M): ~does(A) := ask(M, A), role(M, 2).\n"
        "obey(M) > veto(N) :- role(M, R), role(N, S), outranks(R, S).\n"
        "veto(M) > obey(N) :- role(M, R), role(N, S), outranks(R, S).\n"
    )
    assert check(program_of(("c.dl", text))) == []


def test_unconditional_superiority_must_match_label_arguments():
    text = (
        "src(a). src(b).\n"
        "prio(a): p := src(a).\n"
        "prio(b): ~p := src(b).\n"
        "prio(c) > prio(b).\n"
    )
    codes = [d.code for d in check(program_of(("s.dl", text)))]
    assert "unresolved_conflict" in codes


def test_dfl_theories_are_analysed_too():
    text = ">> bird\nr1: bird => flies\nr2: penguin => -flies\n"
    codes = sorted(d.code for d in check(program_of(("t.dfl", text))))
    assert codes == ["rule_never_fires", "undefined_predicate", "unresolved_conflict"]


def test_unstratified_message_prints_the_cycle():
    program = program_of(("n.dl", "s(a).\np(X) :- s(X), not q(X).\nq(X) :- s(X), r(X).\nr(X) :- p(X).\n"))
    (diag,) = errors_only(check(program))
    assert diag.message.endswith("p -> not q -> r -> p")


def test_check_is_deterministic():
    text = "a :- not b.\nb :- not a.\nr1: x := a.\nr2: ~x := b.\nr1 > r2.\nr2 > r1.\n"
    first = [d.to_json() for d in check(program_of(("d.dl", text)))]
    second = [d.to_json() for d in check(program_of(("d.dl", text)))]
    assert first == second and first


def test_many_conflicts_over_one_predicate_are_summarised():
    lines = ["seed(a)."] + [f"r{i}: p(X) := seed(X)." for i in range(30)] + [f"s{i}: ~p(X) := seed(X)." for i in range(30)]
    diagnostics = [d for d in check(program_of(("m.dl", "\n".join(lines)))) if d.code == "unresolved_conflict"]
    assert len(diagnostics) == 21
    assert sum("stopped after 20 conflicts over p/1" in d.message for d in diagnostics) == 1
