"""The simple-annotation path of engine.transcripts.annotations gives exactly what the
grammar gives (values, negation, spans), and leaves everything else to the grammar."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import SpeclogicError
from engine.transcripts.annotations import Origin, _simple, parse_annotations_with_lark

idents = st.sampled_from(["asks", "does", "about", "x", "a_B9", "not", "true", "message", "said"])
values = st.sampled_from(["write_card", "m1", "0", "007", "42", "1a", "1e5", "true", "not", "b_"])
seps = st.sampled_from([", ", ",", ",  ", " ,"])


@st.composite
def annotation_texts(draw):
    text = draw(st.sampled_from(["", "~", "~ "])) + draw(idents)
    if draw(st.booleans()):
        args = draw(st.lists(values, max_size=3))
        text += "(" + draw(seps).join(args) + ")"
    return text + draw(st.sampled_from(["", "", " ", ";"]))


def _with_lark(text: str, origin: Origin):
    try:
        return [(a.pred, a.args, a.negated, a.span) for a in parse_annotations_with_lark(text, origin)]
    except SpeclogicError as exc:
        return exc.diagnostic.code


@settings(max_examples=400, deadline=None)
@given(annotation_texts(), st.integers(1, 9), st.integers(1, 40))
def test_the_simple_path_agrees_with_the_grammar(text, line, column):
    origin = Origin("t.json", line, column)
    fast = _simple(text, origin)
    if fast is None:
        return
    assert [(a.pred, a.args, a.negated, a.span) for a in fast] == _with_lark(text, origin)
    assert all(type(v) is type(w) for a, b in zip(fast, parse_annotations_with_lark(text, origin))
               for v, w in zip(a.args, b.args))


def test_what_the_simple_path_leaves_to_the_grammar():
    origin = Origin("t.json", 1, 1)
    for text in ("asks(x); does(y)", "asks( x)", 'asks("quoted")', "asks(1.5)", "asks(-1)", "asks()",
                 "message(m1)", "~ asks(x)", "asks(X)", "asks(1a)"):
        assert _simple(text, origin) is None, text
    assert _simple("~about(m1, 7)", origin)[0].args == ("m1", 7)
