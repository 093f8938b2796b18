"""The .dl parser: each construct of the core syntax gives exactly this AST."""
from __future__ import annotations

import pytest

from engine import ast
from engine.ast import Atom, BinOp, Compare, ConflictDecl, Const, Label, Naf, Neg, Rule, Superiority, Var
from engine.errors import Span, SpeclogicError
from engine.parse import parse_dl, parse_literal, parse_text


def one(text: str, filename: str = "t.dl"):
    program = parse_text(text, filename)
    assert len(program.statements) == 1
    return program.statements[0]


def gen(name: str) -> Label:
    return Label(name)


CASES = [
    ("bird(tweety).", Rule(gen("t:1"), ast.STRICT, Atom("bird", (Const("tweety"),)), (), True)),
    ("~flies(pingu).", Rule(gen("t:1"), ast.STRICT, Atom("flies", (Const("pingu"),), True), (), True)),
    (
        "bird(X) :- penguin(X).",
        Rule(gen("t:1"), ast.STRICT, Atom("bird", (Var("X"),)), (Atom("penguin", (Var("X"),)),), True),
    ),
    (
        "s1: bird(X) :- sparrow(X).",
        Rule(Label("s1"), ast.STRICT, Atom("bird", (Var("X"),)), (Atom("sparrow", (Var("X"),)),)),
    ),
    ("alive :- true.", Rule(gen("t:1"), ast.STRICT, Atom("alive"), (), True)),
    (
        "r1: flies(X) := bird(X).",
        Rule(Label("r1"), ast.DEFEASIBLE, Atom("flies", (Var("X"),)), (Atom("bird", (Var("X"),)),)),
    ),
    (
        "r3: ~flies(X) :^ injured(X).",
        Rule(Label("r3"), ast.DEFEATER, Atom("flies", (Var("X"),), True), (Atom("injured", (Var("X"),)),)),
    ),
    ("r0: p := true.", Rule(Label("r0"), ast.DEFEASIBLE, Atom("p"), ())),
    ("r2 > r1.", Superiority(Label("r2"), Label("r1"))),
    (
        "obey(M): does(A) := instructs(M, A).",
        Rule(
            Label("obey", (Var("M"),)),
            ast.DEFEASIBLE,
            Atom("does", (Var("A"),)),
            (Atom("instructs", (Var("M"), Var("A"))),),
        ),
    ),
    (
        "obey(M) > obey(N) :- role(M, R), role(N, S), outranks(R, S).",
        Superiority(
            Label("obey", (Var("M"),)),
            Label("obey", (Var("N"),)),
            (
                Atom("role", (Var("M"), Var("R"))),
                Atom("role", (Var("N"), Var("S"))),
                Atom("outranks", (Var("R"), Var("S"))),
            ),
        ),
    ),
    ("#conflict give/1, withhold/1.", ConflictDecl((("give", 1), ("withhold", 1)))),
    (
        "ok(X) :- person(X), not banned(X).",
        Rule(
            gen("t:1"),
            ast.STRICT,
            Atom("ok", (Var("X"),)),
            (Atom("person", (Var("X"),)), Naf(Atom("banned", (Var("X"),)))),
            True,
        ),
    ),
    (
        "big(X) :- size(X, N), N >= 10, M = N * 2, M != 40.",
        Rule(
            gen("t:1"),
            ast.STRICT,
            Atom("big", (Var("X"),)),
            (
                Atom("size", (Var("X"), Var("N"))),
                Compare(">=", Var("N"), Const(10)),
                Compare("=", Var("M"), BinOp("*", Var("N"), Const(2))),
                Compare("!=", Var("M"), Const(40)),
            ),
            True,
        ),
    ),
    (
        "result(1 - 2 - 3) :- seed(x).",
        Rule(
            gen("t:1"),
            ast.STRICT,
            Atom("result", (BinOp("-", BinOp("-", Const(1), Const(2)), Const(3)),)),
            (Atom("seed", (Const("x"),)),),
            True,
        ),
    ),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_construct(text, expected):
    assert one(text) == expected


def test_generated_label_flag_and_stem_from_path():
    rule = parse_text("\n\np :- q.", "some/dir/birds.dl").statements[0]
    assert rule.generated_label and rule.label == Label("birds:3")


def test_two_unlabelled_rules_on_one_line_get_columns():
    program = parse_text("a. b. r1: c.\nd.", "f.dl")
    assert [r.label.name for r in program.rules] == ["f:1:1", "f:1:4", "r1", "f:2"]


@pytest.mark.parametrize(
    "term,expected",
    [
        ("1 + 2 * 3", BinOp("+", Const(1), BinOp("*", Const(2), Const(3)))),
        ("(1 + 2) * 3", BinOp("*", BinOp("+", Const(1), Const(2)), Const(3))),
        ("8 / 4 / 2", BinOp("/", BinOp("/", Const(8), Const(4)), Const(2))),
        ("-3", Const(-3)),
        ("-2.5", Const(-2.5)),
        ("-X", Neg(Var("X"))),
        ("-(3)", Neg(Const(3))),
        ("1 - -3", BinOp("-", Const(1), Const(-3))),
        ("-(X + 1)", Neg(BinOp("+", Var("X"), Const(1)))),
        ("1.5e3", Const(1500.0)),
        ('"abc"', Const("abc")),
        ("abc", Const("abc")),
        ('"1"', Const("1")),
        ('"a\\"b\\\\c\\n\\t\\r\\u00e9"', Const('a"b\\c\n\t\ré')),
    ],
)
def test_terms(term, expected):
    rule = one(f"p(V) :- q(V), V = {term}.")
    assert rule.body[1].right == expected


def test_quoted_and_bare_constants_are_the_same_but_numbers_differ():
    a, b, c, d = (r.head.args[0] for r in parse_dl('p(abc). p("abc"). p(1). p("1").', "x.dl").rules)
    assert a == b == Const("abc")
    assert c == Const(1) and d == Const("1") and c != d


def test_anonymous_variables_are_fresh_per_statement():
    first, second = parse_dl("p :- q(_, _), r(_).\ns :- t(_).", "x.dl").rules
    assert [a.name for item in first.body for a in item.args] == ["_#1", "_#2", "_#3"]
    assert second.body[0].args == (Var("_#1"),)
    assert first.body[0].args[0].anonymous


def test_keyword_prefixed_names_are_ordinary_names():
    rule = one("nothing :- not_yet, true_fact, not nothing2.")
    assert rule.head == Atom("nothing")
    assert rule.body == (Atom("not_yet"), Atom("true_fact"), Naf(Atom("nothing2")))


@pytest.mark.parametrize("text", ["true.", "not :- p.", "p(true).", "p :- q(not)."])
def test_keywords_alone_are_not_names(text):
    with pytest.raises(SpeclogicError) as info:
        parse_text(text, "k.dl")
    assert info.value.code == "syntax_error"


def test_spans_are_one_based_and_cover_the_node():
    rule = parse_text("% c\n  r1: p(X) :- q(X).", "s.dl").statements[0]
    assert rule.span == Span("s.dl", 2, 3, 2, 20)
    assert rule.label.span == Span("s.dl", 2, 3, 2, 5)
    assert rule.head.span == Span("s.dl", 2, 7, 2, 11)
    assert rule.head.args[0].span == Span("s.dl", 2, 9, 2, 10)


def test_sources_are_kept():
    program = parse_text("p.", "a.dl")
    assert program.sources == {"a.dl": "p."}


@pytest.mark.parametrize(
    "text,line,column,words",
    [
        ("p :- q\nr.", 2, 1, "expected '.'"),
        ("p :- q := r.", 1, 8, "expected '.' to end the rule or ',' before another condition, found ':='"),
        ("p q.", 1, 3, "an arrow (:- := :^) before a body"),
        ("#conflict a/1, b/1 c/1.", 1, 20, "expected '.' to end the declaration or ','"),
        ('p("abc).', 1, 3, "unterminated string"),
        ("p :- q @ r.", 1, 8, "unexpected character '@'"),
        ("p(X, ) :- q.", 1, 6, "expected a term, found ')'"),
        ("#conflict a/1.", 1, 14, "expected ','"),
        ('p("\\x").', 1, 4, "unknown escape"),
        ('p("\\u12").', 1, 4, "four hex digits"),
        ("p :- q(", 1, 8, "end of input"),
    ],
)
def test_syntax_errors_have_position_and_words(text, line, column, words):
    with pytest.raises(SpeclogicError) as info:
        parse_text(text, "e.dl")
    err = info.value
    assert err.code == "syntax_error"
    assert (err.span.file, err.span.line, err.span.column) == ("e.dl", line, column)
    assert words in err.diagnostics[0].message
    assert "Traceback" not in err.render()


def test_missing_dot_message_names_the_line():
    with pytest.raises(SpeclogicError) as info:
        parse_text("p :- q\nr :- s.", "e.dl")
    assert "missing at the end of line 1" in info.value.diagnostics[0].message


def test_parse_literal():
    assert parse_literal("flies(X)") == Atom("flies", (Var("X"),))
    assert parse_literal("~flies(opus).") == Atom("flies", (Const("opus"),), True)
    assert parse_literal("p") == Atom("p")


@pytest.mark.parametrize("text,column", [("flies(", 7), ("X", 1), ("p(a) q", 6), ("", 1)])
def test_parse_literal_errors_are_bad_query(text, column):
    with pytest.raises(SpeclogicError) as info:
        parse_literal(text)
    assert info.value.code == "bad_query"
    assert info.value.span.column == column


def test_load_files_reads_pipes_as_dl_and_merges_sources(tmp_path):
    import os

    from engine.parse import load_files

    first = tmp_path / "a.dl"
    first.write_text("\ufeffp(a).\n", encoding="utf-8")  # a byte-order mark is dropped
    read_end, write_end = os.pipe()
    os.write(write_end, b"q(X) :- p(X).\n")
    os.close(write_end)
    try:
        pipe = f"/dev/fd/{read_end}"
        program = load_files([str(first), pipe, str(first)])
    finally:
        os.close(read_end)
    assert [str(r) for r in program.rules] == ["p(a).", "q(X) :- p(X)."]
    assert set(program.sources) == {str(first), pipe}


def test_load_files_reports_every_bad_file(tmp_path):
    from engine.parse import load_files

    bad = tmp_path / "bad.dl"
    bad.write_text("p :- q\n", encoding="utf-8")
    with pytest.raises(SpeclogicError) as info:
        load_files([str(tmp_path / "missing.dl"), str(bad)])
    assert [d.code for d in info.value.diagnostics] == ["file_not_found", "syntax_error"]
    assert str(bad) in info.value.sources


def test_input_declaration():
    from engine.parse.decls import InputDecl, input_keys

    program = parse_text("#input message/4, asks/2.\np :- asks(a, b).", "i.dl")
    assert program.statements[0] == InputDecl((("message", 4), ("asks", 2)))
    assert input_keys(program) == {("message", 4), ("asks", 2)}
    assert program.rules == program.statements[1:]  # solvers reading .rules never see it
