"""SPINdle's DFL format (.dfl files): the subset documented in docs/language.md."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine import ast
from engine.ast import Atom, Const, Label, Rule, Superiority
from engine.errors import SpeclogicError
from engine.parse import load_files, parse_dfl, parse_text

THEORY = """\
# Facts
>> bird
>> -flies(tweety, "a b", 3)
f1: >> penguin
>> a, ~b   # several facts on one line
% percent comments too

r1: bird => flies
r2: penguin, ~x => ¬flies
r3: broken_wing ~> -flies
r_4: a -> c
=> d
r0: -> e
r2 > r1
CO(X) => ok(X)
"""


def test_dfl_theory():
    program = parse_dfl(THEORY, "dir/birds.dfl")
    assert program.statements == [
        Rule(Label("birds:2"), ast.STRICT, Atom("bird"), (), True),
        Rule(Label("birds:3"), ast.STRICT, Atom("flies", (Const("tweety"), Const("a b"), Const(3)), True), (), True),
        Rule(Label("f1"), ast.STRICT, Atom("penguin"), ()),
        Rule(Label("birds:5:4"), ast.STRICT, Atom("a"), (), True),
        Rule(Label("birds:5:7"), ast.STRICT, Atom("b", (), True), (), True),
        Rule(Label("r1"), ast.DEFEASIBLE, Atom("flies"), (Atom("bird"),)),
        Rule(Label("r2"), ast.DEFEASIBLE, Atom("flies", (), True), (Atom("penguin"), Atom("x", (), True))),
        Rule(Label("r3"), ast.DEFEATER, Atom("flies", (), True), (Atom("broken_wing"),)),
        Rule(Label("r_4"), ast.STRICT, Atom("c"), (Atom("a"),)),
        Rule(Label("birds:12"), ast.DEFEASIBLE, Atom("d"), (), True),
        Rule(Label("r0"), ast.STRICT, Atom("e"), ()),
        Superiority(Label("r2"), Label("r1")),
        Rule(Label("birds:15"), ast.DEFEASIBLE, Atom("ok", (Const("X"),)), (Atom("CO", (Const("X"),)),), True),
    ]


def test_labelled_fact_with_several_literals_numbers_them():
    program = parse_dfl("f: >> a, b\n", "x.dfl")
    assert [r.label for r in program.rules] == [Label("f_1"), Label("f_2")]


def test_extension_selects_dialect(tmp_path: Path):
    path = tmp_path / "t.DFL"
    path.write_text(">> a\nr1: a => b\n", encoding="utf-8")
    program = load_files([str(path)])
    assert [str(r) for r in program.rules] == ["a.", "r1: b := a."]
    assert parse_text("a.", "t.dl").rules[0].head == Atom("a")


def test_empty_and_comment_only_files():
    assert parse_dfl("", "e.dfl").statements == []
    assert parse_dfl("# nothing\n\n% here\n", "e.dfl").statements == []


def test_spans_point_into_the_file():
    rule = parse_dfl("\n  r1: a, b => c\n", "s.dfl").rules[0]
    assert (rule.span.line, rule.span.column) == (2, 3)
    assert (rule.head.span.line, rule.head.span.column) == (2, 15)


@pytest.mark.parametrize(
    "text,line,column,words",
    [
        ("r1: a =>[O] b", 1, 9, "modal operators"),
        ("r1: a b", 1, 7, "expected '->', '=>' or '~>'"),
        ("r1: a =>", 1, 9, "end of input"),
        ("r1 > ", 1, 5, "expected a name"),
        ('>> p("x)', 1, 6, "unterminated string"),
        ("a => b => c", 1, 8, "found '=>'"),
    ],
)
def test_dfl_syntax_errors(text, line, column, words):
    with pytest.raises(SpeclogicError) as info:
        parse_dfl(text, "b.dfl")
    err = info.value
    assert err.code == "syntax_error"
    assert (err.span.line, err.span.column) == (line, column)
    assert words in err.diagnostics[0].message
