"""Annotation terms: `asks(hints_only); about(math), ~does(refuses), urgent`.

The text is parsed by the `annotations` start symbol of grammar/transcript.lark; the
values are ground terms of the rule language. Nothing here evaluates anything: a
term becomes an engine.ast constant or a coded error.
"""
from __future__ import annotations

import math
import re

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from engine.errors import Span
from engine.parse.numbers import MAX_INT_DIGITS
from engine.parse.strings import EscapeError, unescape
from engine.transcripts.errors import BAD_ANNOTATION, fail
from engine.transcripts.lark_parser import error_offset, parser, start, token, unexpected_text
from engine.transcripts.model import CORE_PREDICATES, Annotation

DIRECTIVE = re.compile(r"\s*@([A-Za-z_]*)\s*:?")


class Origin:
    """Where an annotation text starts, so errors point into the file."""

    def __init__(self, file: str, line: int, column: int, sources: dict[str, str] | None = None):
        self.file, self.line, self.column = file, line, column
        self.sources = sources or {}

    def span(self, text: str, offset: int, width: int = 1) -> Span:
        line = text.count("\n", 0, offset)
        col = offset - (text.rfind("\n", 0, offset) + 1)
        column = (self.column + col) if line == 0 else col + 1
        return Span(self.file, self.line + line, column, self.line + line, column + width)


# One annotation in the one spelling nearly every corpus uses, `asks(write_card)`,
# `~does(refuses)`, `about(m1, medical_symptoms)`: identifiers and integers only, no
# spaces but one after a comma. Anything else (strings, floats, signs, several
# annotations in one text, a reserved name, an error) goes to the Lark parser.
_SIMPLE = re.compile(r"(~?)([a-z][A-Za-z0-9_]*)(?:\(([a-z0-9][A-Za-z0-9_]*(?:, ?[a-z0-9][A-Za-z0-9_]*)*)\))?")
_COMMA = re.compile(", ?")


def _simple(text: str, origin: Origin) -> list[Annotation] | None:
    """What the grammar makes of a simple annotation, without running it (an audit
    reads tens of thousands); None when the text is not that simple."""
    m = _SIMPLE.fullmatch(text)
    if m is None:
        return None
    name = m.group(2)
    if name in CORE_PREDICATES or name in ("not", "true"):
        return None  # the parser reports it
    args: list = []
    if m.group(3) is not None:
        for v in _COMMA.split(m.group(3)):
            if "0" <= v[0] <= "9":
                if not v.isdigit() or len(v) > MAX_INT_DIGITS:
                    return None
                args.append(int(v))
            else:
                args.append(v)
    return [Annotation(name, tuple(args), m.group(1) == "~", origin.span(text, m.start(2), len(name)))]


def parse_annotations(text: str, origin: Origin) -> list[Annotation]:
    simple = _simple(text, origin)
    if simple is not None:
        return simple
    return parse_annotations_with_lark(text, origin)


def parse_annotations_with_lark(text: str, origin: Origin) -> list[Annotation]:
    try:
        tree = parser().parse(text, start="annotations")
    except UnexpectedInput as exc:
        offset = error_offset(exc, text)
        fail(BAD_ANNOTATION, f"bad annotation: unexpected {unexpected_text(exc, text)}; "
             "expected terms such as asks(hints_only) or ~does(refuses), separated by ';' or ','",
             origin.span(text, offset), origin.sources)
    # the separators are anonymous (_SEP): every child is an `annotation` subtree
    return [_annotation(node, text, origin) for node in tree.children if isinstance(node, Tree)]


def parse_directive(comment_body: str, origin: Origin) -> list[Annotation] | None:
    """`@facts: terms` from a comment's inside (without `<!--`/`-->`); None if not a directive."""
    m = DIRECTIVE.match(comment_body)
    if not m:
        return None
    if m.group(1) != "facts":
        fail(BAD_ANNOTATION, f"unknown annotation directive '@{m.group(1)}' (write '@facts: term, ...')",
             origin.span(comment_body, m.start(1) - 1), origin.sources)
    rest = comment_body[m.end():]
    return parse_annotations(rest, _shifted(origin, comment_body, m.end()))


def _shifted(origin: Origin, text: str, offset: int) -> Origin:
    span = origin.span(text, offset)
    return Origin(origin.file, span.line, span.column, origin.sources)


def _annotation(node: Tree[Token], text: str, origin: Origin) -> Annotation:
    children = list(node.children)
    negated = children[0].type == "NEG" if isinstance(children[0], Token) else False
    if negated:
        children = children[1:]
    name = token(children[0])
    span = origin.span(text, start(name), len(name))
    if name in CORE_PREDICATES or name in ("not", "true"):
        fail(BAD_ANNOTATION, f"'{name}' is reserved for the transcript's own facts; choose another predicate name",
             span, origin.sources)
    args = tuple(_value(child, text, origin) for child in children[1:] if isinstance(child, Tree))
    return Annotation(str(name), args, negated, span)


def _value(node: Tree[Token], text: str, origin: Origin):
    tok = token(node.children[-1])
    kind = node.data
    if kind == "var":
        fail(BAD_ANNOTATION, f"variable '{tok}' in an annotation: annotations are facts, write a constant "
             "(lowercase identifier, number or quoted string)", origin.span(text, start(tok), len(tok)),
             origin.sources)
    if kind == "ident":
        return str(tok)
    if kind in ("int", "neg_int"):
        if len(tok) > MAX_INT_DIGITS:
            fail(BAD_ANNOTATION, f"integer {str(tok)[:20]}... is too long ({len(tok)} digits)",
                 origin.span(text, start(tok), len(tok)), origin.sources)
        return int(tok) * (-1 if kind == "neg_int" else 1)
    if kind in ("float", "neg_float"):
        number = float(tok) * (-1 if kind == "neg_float" else 1)
        if not math.isfinite(number):
            fail(BAD_ANNOTATION, f"number {tok} is out of range", origin.span(text, start(tok), len(tok)),
                 origin.sources)
        return number
    return _decode(tok, text, origin)


def _decode(tok: Token, text: str, origin: Origin) -> str:
    """Strings in annotations are the rule language's strings: the same escapes."""
    try:
        return unescape(str(tok)[1:-1])
    except EscapeError as exc:
        fail(BAD_ANNOTATION, str(exc), origin.span(text, start(tok) + 1 + exc.offset, 2), origin.sources)
