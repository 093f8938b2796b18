"""Whatever the input, the front end answers with a Program or a SpeclogicError carrying
a position inside the text, and the analysis never crashes on what parsed."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_roundtrip import programs

from engine.analysis import check
from engine.errors import SpeclogicError
from engine.parse import parse_dfl, parse_dl, parse_literal

DL_PIECES = [
    "p", "q(X)", "~", "not", "true", ":-", ":=", ":^", ":", ".", ",", "(", ")", ">", "<=", "!=", "=",
    "+", "-", "*", "/", "X", "_", "1", "2.5", '"s"', '"\\u00e9"', "#conflict", "#input", "a/1", "%c\n",
    "\n", " ", "r1", "obey(M)", '"', "\\", "@", "1e3", "-3",
]
DFL_PIECES = [">>", "->", "=>", "~>", "-", "~", "¬", "a", "B", "p(a, 1)", ",", ":", ">", "r1", "\n", " ", "# c\n", "[O]", '"x"']

settings_ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _positioned(err: SpeclogicError, text: str):
    span = err.span
    assert span is not None and span.line >= 1 and span.column >= 1
    assert span.line <= text.count("\n") + 1


@settings_
@given(st.lists(st.sampled_from(DL_PIECES), max_size=25).map("".join))
def test_dl_token_soup(text):
    try:
        program = parse_dl(text, "fuzz.dl")
    except SpeclogicError as err:
        assert err.code == "syntax_error"
        _positioned(err, text)
        return
    check(program)


@settings_
@given(st.text(max_size=60))
def test_dl_arbitrary_text(text):
    try:
        parse_dl(text, "fuzz.dl")
    except SpeclogicError as err:
        assert err.code == "syntax_error"
        _positioned(err, text)


@settings_
@given(st.lists(st.sampled_from(DFL_PIECES), max_size=25).map("".join))
def test_dfl_token_soup(text):
    try:
        program = parse_dfl(text, "fuzz.dfl")
    except SpeclogicError as err:
        assert err.code == "syntax_error"
        _positioned(err, text)
        return
    check(program)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_queries(text):
    try:
        parse_literal(text)
    except SpeclogicError as err:
        assert err.code == "bad_query"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_check_never_crashes_and_is_deterministic(program):
    first = [d.to_json() for d in check(program)]
    assert first == [d.to_json() for d in check(program)]
