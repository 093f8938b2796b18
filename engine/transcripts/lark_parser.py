"""The compiled transcript grammar, one per thread, and Lark errors -> coded errors."""
from __future__ import annotations

import threading

from lark import Lark
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
