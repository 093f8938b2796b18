"""The fast .dl path (engine/parse/fast_dl.py) must build exactly what Lark builds,
spans included, or give up; checked on generated files and on the bench theories."""
from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parse import dl, dl_builder
from engine.parse.fast_dl import fast_parse_dl

_spec = importlib.util.spec_from_file_location("bench_theories", Path(__file__).resolve().parents[1] / "bench" / "theories.py")
theories = importlib.util.module_from_spec(_spec)
sys.modules["bench_theories"] = theories
_spec.loader.exec_module(theories)


def _deep(x):
    """Every field, spans too (AST equality ignores spans)."""
    if dataclasses.is_dataclass(x):
        return (type(x).__name__,) + tuple((f.name, _deep(getattr(x, f.name))) for f in dataclasses.fields(x))
    if isinstance(x, (tuple, list)):
        return tuple(_deep(v) for v in x)
    return x


def _lark(text: str, filename: str):
    parser, builder = dl_builder.parser()
    builder.reset(filename)
    statements = parser.parse(text, start="start")
    statements = dl._disambiguate_generated_labels(statements, builder.unlabelled_lines)
    return statements, [(c.value, c.line, c.column, c.end_line, c.end_column) for c in builder.comments]


def _lark_or_error(text, filename):
    try:
        return _lark(text, filename)
    except Exception as exc:  # noqa: BLE001 - any rejection counts as "Lark refuses"
        return type(exc)


def _check(text: str, filename: str = "gen.dl") -> bool:
    fast = fast_parse_dl(text, filename)
    if fast is None:
        return False
    statements, comments, unlabelled = fast
    statements = dl._disambiguate_generated_labels(statements, unlabelled)
    expected = _lark_or_error(text, filename)
    assert not isinstance(expected, type), f"fast path accepted what Lark refuses: {text!r}"
    got = (statements, [(c.value, c.line, c.column, c.end_line, c.end_column) for c in comments])
    assert _deep(got) == _deep(expected), text
    return True


# mostly what the fast path takes, sometimes what it must leave to Lark
_names = st.sampled_from(["a", "p", "q0", "nota", "trueish", "b_c", "x"] * 6 + ["not", "true"])
_vars = st.sampled_from(["X", "Y", "_", "_z", "Abc"])
_ints = st.sampled_from(["0", "7", "42"] * 4 + ["1.5", "2e3", "-1", '"s"'])
_terms = st.one_of(_names, _vars, _ints)
_gap = st.sampled_from(["", " ", "  ", "\n", " \n\t", " % note\n", "\r\n"])


@st.composite
def _compound(draw):
    name = draw(_names)
    if draw(st.booleans()):
        return name
    args = draw(st.lists(_terms, min_size=1, max_size=3) | st.just([]))
    return f"{name}{draw(_gap)}({draw(_gap)}" + f"{draw(_gap)},{draw(_gap)}".join(args) + ")"


@st.composite
def _literal(draw):
    tilde = draw(st.sampled_from(["", "~", "~ "]))
    return tilde + draw(_compound())


@st.composite
def _item(draw):
    prefix = draw(st.sampled_from(["", "", "", "not ", "not ~", "not", "not~"]))
    return prefix + draw(_literal())


@st.composite
def _statement(draw):
    g = draw(_gap)
    shape = draw(st.sampled_from(["fact", "rule", "rule", "sup", "csup"] * 3 + ["junk"]))
    label = draw(st.sampled_from(["", f"{draw(_compound())}{g}:{g}"]))
    if shape == "fact":
        return f"{label}{draw(_literal())}{g}."
    if shape == "rule":
        arrow = draw(st.sampled_from([":-", ":=", ":^"] * 3 + [":", ">"]))
        body = draw(st.one_of(st.just("true"), st.lists(_item(), min_size=1, max_size=3).map(", ".join)))
        return f"{label}{draw(_literal())}{g}{arrow}{draw(_gap)}{body}{draw(_gap)}."
    if shape in ("sup", "csup"):
        tail = "" if shape == "sup" else " :- " + ", ".join(draw(st.lists(_item(), min_size=1, max_size=2)))
        return f"{draw(_compound())}{g}>{g}{draw(_compound())}{tail}."
    return draw(st.sampled_from(["#conflict p/1, q/1.", "p(X) :- X > 1.", "p :- q", "p(1.5).", "p :- \"s\"."]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_statement(), _gap), max_size=6))
def test_fast_path_matches_lark_or_gives_up(parts):
    _check("".join(s + g for s, g in parts))


def test_fast_path_takes_plain_files():
    text = "% head\nr1: p(X, a, 3) := q(X), not ~r(_, _).\np(b). p(c).\nr1 > r2.\nr1 > r2 :- s.\nt := true.\n"
    assert _check(text, "plain.dl")


def test_fast_path_matches_lark_on_bench_theories():
    for family, args in [("chain", (50,)), ("circle", (30,)), ("levels", (6,)), ("teams", (2,)),
                         ("tree", (3, 3)), ("dag", (10, 4))]:
        assert _check(theories._dl(theories.make(family, *args)), f"{family}.dl"), family


# The line path (engine/parse/fast_lines.py): statements in exactly the generators'
# layout, a line each, with keywords, odd terms and other layouts mixed in so that it
# must hand over to the token path mid-file, at the right line.
_lterm = st.sampled_from(["X", "Y", "_", "_z", "a", "b_c", "0", "42", "007", "1a", "true", "not"])


@st.composite
def _lcompound(draw):
    name = draw(st.sampled_from(["a", "p", "q0", "nota", "x"] * 5 + ["not", "true"]))
    if draw(st.booleans()):
        return name
    sep = draw(st.sampled_from([", ", ","]))
    return f"{name}(" + sep.join(draw(st.lists(_lterm, min_size=1, max_size=3))) + ")"


@st.composite
def _lline(draw):
    lit = lambda: draw(st.sampled_from(["", "~"])) + draw(_lcompound())  # noqa: E731
    shape = draw(st.sampled_from(["fact", "rule", "rule", "sup", "comment", "blank", "other"]))
    label = draw(st.sampled_from(["", f"{draw(_lcompound())}: "]))
    if shape == "fact":
        return f"{label}{lit()}."
    if shape == "rule":
        arrow = draw(st.sampled_from([":-", ":=", ":^"]))
        body = "true" if draw(st.booleans()) else ", ".join(lit() for _ in range(draw(st.integers(1, 3))))
        return f"{label}{lit()} {arrow} {body}."
    if shape == "sup":
        return f"{draw(_lcompound())} > {draw(_lcompound())}."
    if shape == "comment":
        return draw(st.sampled_from(["% c", "  % indented", "%"]))
    if shape == "blank":
        return draw(st.sampled_from(["", "  "]))
    return draw(st.sampled_from(["p :-\n  q.", "a. b.", "r1:a:=b.", "p(X) :- q(X), not r(X).", "p(1.5).",
                                 "a := b. % trailing"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_lline(), max_size=10), st.booleans())
def test_line_path_matches_lark_or_gives_up(lines, final_newline):
    _check("\n".join(lines) + ("\n" if final_newline else ""), "lines.dl")


def test_line_path_reads_generated_layout_whole():
    from engine.parse.fast_lines import parse_lines
    text = "% t\nr1: a1 := a0, ~b(X, _, 3).\nedge(0, 1).\nr2: ~a2 :- true.\nr1 > r2.\n\nobey(M): p(M) :^ q(M).\n"
    statements, comments, offset, line = parse_lines(text, "g.dl", "g")
    assert (len(statements), len(comments), offset, line) == (5, 1, len(text), 9)
    assert _check(text, "g.dl")


def _lark_literal(text: str):
    parser, builder = dl_builder.parser()
    builder.reset("<query>")
    try:
        return _deep(parser.parse(text, start="query"))
    except Exception as exc:  # noqa: BLE001 - any rejection counts as "Lark refuses"
        return type(exc).__name__


def _literal_or_error(text: str):
    try:
        return _deep(dl.parse_dl_literal(text))
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__


@settings(max_examples=300, deadline=None)
@given(_literal(), st.sampled_from(["", ".", " .", " ", "..", " :- q", " := true", " % c", ". p", ": q", " > q"]))
def test_a_query_literal_reads_as_lark_reads_it(literal, tail):
    text = literal + tail
    expected = _lark_literal(text)
    got = _literal_or_error(text)
    # Lark's own rejections surface as SpeclogicError (worded syntax errors)
    assert got == expected or (isinstance(expected, str) and got == "SpeclogicError"), text


def test_a_fast_path_file_and_query_never_load_lark(tmp_path):
    import subprocess

    path = tmp_path / "t.dl"
    path.write_text("% generated\nr1: a := b.\nb.\nr2: p(1, x) := a.\n")
    code = ("import sys; from engine.cli import main\n"
            "try:\n    main(['query', 'p(1, X)', sys.argv[1]])\n"
            "except SystemExit:\n    pass\n"
            "print('lark' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr
    assert "+d" in out.stdout
