"""The compiled transcript grammar, one per thread, and Lark errors -> coded errors."""
from __future__ import annotations

import threading

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from engine.resources import grammar_path

_local = threading.local()


def parser() -> Lark:
    cached = getattr(_local, "parser", None)
    if cached is None:
        text = grammar_path("transcript.lark").read_text(encoding="utf-8")
        cached = _local.parser = Lark(
            text,
            parser="lalr",
            lexer="contextual",
            start=["example", "annotations"],
            maybe_placeholders=False,
            propagate_positions=False,
        )
    return cached


def token(child: Token | Tree[Token]) -> Token:
    """A child that grammar/transcript.lark makes a terminal (an element's opening tag,
    an attribute's parts, an annotation's name): lark types every child as either."""
    assert isinstance(child, Token), f"expected a terminal, got rule {child.data!r}"
    return child


def start(tok: Token) -> int:
    """Offset of a lexed token: the lexer always sets it (lark types it Optional for
    tokens built by hand)."""
    assert tok.start_pos is not None
    return tok.start_pos


def end(tok: Token) -> int:
    assert tok.end_pos is not None
    return tok.end_pos


def error_offset(exc: UnexpectedInput, text: str) -> int:
    """Character offset of a Lark error (end of input for an early end)."""
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        return len(text.rstrip())
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None and isinstance(exc, UnexpectedToken):
        pos = exc.token.start_pos
    return len(text) if pos is None else min(pos, len(text))


def unexpected_text(exc: UnexpectedInput, text: str) -> str:
    """A short quote of what the parser stumbled on."""
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        return "end of input"
    offset = error_offset(exc, text)
    if isinstance(exc, UnexpectedCharacters):
        snippet = text[offset:offset + 20]
    else:
        snippet = str(getattr(exc, "token", ""))[:20]
    snippet = snippet.split("\n")[0] or "\\n"
    return repr(snippet)
