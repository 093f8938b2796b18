"""Whatever the input, the loader gives conversations (whose facts print) or a coded error."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import FILE_NOT_FOUND, SpeclogicError
from engine.transcripts import conversation_facts, load_text, render_dl
from engine.transcripts.errors import ALL_CODES

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.iterdir())
         if p.is_file() and "expected" not in p.name}
PIECES = ["<user>", "</user>", "<assistant>", "</assistant>", "<comparison>", "</comparison>", "<!--", "-->",
          "<!-- GOOD -->", "<!-- BAD[#x]: n -->", "<!-- @facts: a(b) -->", "<!-- @facts: A(", "[...]", "<untrusted>",
          "</untrusted>", "<settings>", "</settings>", "~~~xml", "~~~", "```", "**Example**: t", "# h {#s authority=u}",
          '"', "'", "{", "}", "[", "]", ",", ":", "\n", " ", "<conversation id=\"x\">", "</conversation>",
          "<tool name=", ">", "=", "\x00", "\u2028", "日本", "__import__('os')"]


def _check(text: str, name: str) -> None:
    try:
        convs = load_text(text, name)
    except SpeclogicError as exc:
        assert exc.code in ALL_CODES or exc.code == FILE_NOT_FOUND
        span = exc.span
        assert span is not None and span.file == name
        lines = text.replace("\r\n", "\n").split("\n")
        assert 1 <= span.line <= len(lines) + 1
        assert span.column >= 1
        exc.render()
        return
    facts = [f for c in convs for f in conversation_facts(c)]
    render_dl(facts)
    assert len({c.id for c in convs}) == len(convs)


@st.composite
def _mutated(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[name]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        piece = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "replace":
            text = text[:i] + piece + text[j:]
        else:
            text = text[:j] + text[i:j] + text[j:]
    return name, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_transcripts_give_facts_or_a_coded_error(case):
    name, text = case
    _check(text, name)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=30).map("".join),
       st.sampled_from(["g.xml", "g.md"]))
def test_generated_tag_soup_gives_facts_or_a_coded_error(text, name):
    _check(text, name)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["user", "assistant", "system", "tool", "comparison", "_elision", "GOOD", "asks(x)", "A(b"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["role", "content", "messages", "candidates", "label", "annotations", "id", "name",
                         "turns", "conversations", "note", "cites", "attrs", "system", "title"]), inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from(["g.json", "g.jsonl"]))
def test_generated_json_gives_facts_or_a_coded_error(doc, name):
    _check(json.dumps(doc), name)
