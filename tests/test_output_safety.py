"""User text in explanations: it never makes a line of its own, never reaches the
terminal raw, never breaks out of a Mermaid label."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.ast import format_value
from engine.cli import main
from engine.explain import why
from engine.explain.why import Node
from engine.parse import parse_text
from engine.render.mermaid import trees_mermaid
from engine.render.tree_text import render_tree
from engine.theory import Theory

FIXTURES = Path(__file__).parent / "fixtures" / "output"
# a tree line: the root, or branches/pads then a branch or a quote mark
TREE_LINE = re.compile(r"^(?:\|  |   )*(?:\|- |`- |> )")
MERMAID_LINE = re.compile(r'^  n\d+(?:\["[^"%<>`]*"\]|\(\["[^"%<>`]*"\]\)| --> n\d+)$')
# every code point class that matters: C0/C1 controls, ESC/OSC, separators, bidi
HOSTILE = st.text(st.one_of(
    st.characters(max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\ufeff%{}#\"`<>"),
    st.characters(),
), max_size=40)


def _printable(line: str) -> bool:
    """No control, format (bidi), surrogate or separator character."""
    return all(ch.isprintable() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in line)


def _theory(value: str):
    text = f"bird({format_value(value)}).\nr1: flies(X) := bird(X).\n"
    return Theory(parse_text(text, "hostile.dl")).solve()


@pytest.mark.parametrize("form", [[], ["--full"], ["--depth", "3"]])  # the short form and the whole tree
def test_forged_line_is_not_printed(form):
    result = CliRunner().invoke(main, ["why", "flies(X)", str(FIXTURES / "forged.dl"), *form])
    assert result.exit_code == 0
    expected = (FIXTURES / "forged.why.txt").read_text().replace("forged.dl", str(FIXTURES / "forged.dl"))
    assert result.output == expected
    assert len(result.output.splitlines()) == 3  # head, the rule, the one premise: no forged line


def test_forged_mermaid():
    result = CliRunner().invoke(main, ["why", "flies(X)", str(FIXTURES / "forged.dl"), "--format", "mermaid"])
    assert result.output == (FIXTURES / "forged.why.mmd").read_text()


@settings(max_examples=60, deadline=None)
@given(HOSTILE.filter(lambda v: not any(0xD800 <= ord(c) <= 0xDFFF for c in v)))  # rules cannot hold lone surrogates
def test_constants_never_make_a_line(value):
    sol = _theory(value)
    tree = why(sol, sol.query(parse_literal_of("flies(X)"))[0].literal)
    lines = render_tree(tree).split("\n")
    assert len(lines) == 3 and lines[0].startswith("+d flies(")
    assert all(TREE_LINE.match(ln) for ln in lines[1:])
    assert all(_printable(ln) for ln in lines)
    assert render_tree(tree, short=True).split("\n") == lines  # nothing to leave out of a tree this small
    graph = trees_mermaid([tree]).split("\n")
    assert graph[0] == "graph TD"
    assert all(MERMAID_LINE.match(ln) and _printable(ln) for ln in graph[1:]), graph


def parse_literal_of(text):
    from engine.parse import parse_literal
    return parse_literal(text)


@settings(max_examples=100, deadline=None)
@given(HOSTILE, HOSTILE, st.lists(HOSTILE, min_size=1, max_size=12))
def test_quoted_messages_stay_quotes(msg_id, role, parts):
    text = "\n".join(parts)
    leaf = Node("+d asks(x)", "+D", "+d", "fact", message={"id": msg_id, "role": role, "text": text})
    root = Node("+d q", "-D", "+d", "defeasible", premises=[leaf, Node("+d r", "+D", "+d", "fact")])
    lines = render_tree(root).split("\n")
    assert all(_printable(ln) for ln in lines)
    assert all(TREE_LINE.match(ln) for ln in lines[1:])
    # the quote: a message line, its quote lines, then the next premise; nothing in between
    quoted = [ln for ln in lines if ln.startswith("|     > ")]
    assert len(lines) == 1 + 1 + 1 + len(quoted) + 1
    assert 1 <= len(quoted) <= 6
