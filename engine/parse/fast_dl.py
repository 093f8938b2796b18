"""A fast path for the `.dl` front end: plain rule files without Lark.

Large generated theories (10^5 rules and more) are nearly all of one plain shape:
optional label, literal with variable/name/integer arguments, arrow, literals and
`not` literals, dot; superiority pairs; comments. Lark's LALR parser spends about
6 µs a token on them. This module reads exactly that subset with one regular
expression and a hand-written descent and builds the same AST nodes, with the same
spans, that engine/parse/dl.py builds. On anything outside the subset -- strings,
floats, arithmetic, comparisons, directives, a keyword used as a name, any syntax
error -- it gives up (returns None) and the caller parses the whole file with Lark,
so Lark alone decides every error message and every construct this path does not
know. tests/test_fast_dl.py checks on generated files that both paths agree.
"""
from __future__ import annotations

import re
from pathlib import PurePath

from engine import ast
from engine.parse import nodes as N
from engine.parse.fast_lines import parse_lines

# One alternative per token class, in group order: 1 newline, 2 blanks, 3 comment,
# 4 name, 5 variable, 6 integer, 7 punctuation, 8 anything else (-> give up).
# An integer followed by a letter or `.digit` would be a float or an error in Lark.
_TOKEN = re.compile(
    r"(\n)|([ \t\r\f]+)|(%[^\n]*)|([a-z][A-Za-z0-9_]*)|([A-Z_][A-Za-z0-9_]*)"
    r"|([0-9]+(?![0-9A-Za-z_]|\.[0-9]))|(:=|:-|:\^|[:.,()~>])|(.)",
    re.DOTALL,
)
_NL, _WS, _COMMENT, _NAME, _VAR, _INT, _PUNCT, _OTHER = range(1, 9)
_KEYWORDS = frozenset({"not", "true"})
_KINDS = {":-": ast.STRICT, ":=": ast.DEFEASIBLE, ":^": ast.DEFEATER}
_MAX_INT_DIGITS = 4300  # engine/parse/numbers.py: longer ones are errors, left to Lark


class _GiveUp(Exception):
    pass


_span = N.span


def _tokens(text: str, offset: int = 0, line: int = 1):
    """(kind, text, line, column, end_column, offset) per token from `offset` (the start
    of line `line`); comments apart."""
    toks = []
    comments = []
    line_start = offset
    append = toks.append
    for m in _TOKEN.finditer(text, offset):
        kind = m.lastindex
        if kind == _NL:
            line += 1
            line_start = m.end()
        elif kind == _WS:
            continue
        elif kind == _OTHER:
            raise _GiveUp
        else:
            start = m.start()
            value = m.group(kind)  # type: ignore[arg-type]  # every alternative is a group
            col = start - line_start + 1
            if kind == _COMMENT:
                end = m.end()
                comments.append(N.Comment(value, start, line, col, line, col + end - start, end))
            else:
                append((kind, value, line, col, col + len(value)))
    append((0, "", line, 0, 0))  # end of input
    return toks, comments


class _Reader:
    def __init__(self, toks, filename: str):
        self.toks = toks
        self.i = 0
        self.file = filename
        self.stem = PurePath(filename).stem or filename
        self.anon = 0
        self.unlabelled_lines: dict[int, int] = {}

    # ---------------------------------------------------------------- pieces
    def term(self):
        kind, value, line, col, end = self.toks[self.i]
        self.i += 1
        span = _span(self.file, line, col, line, end)
        if kind == _VAR:
            if value == "_":
                self.anon += 1
                return N.var(f"_#{self.anon}", span)
            return N.var(value, span)
        if kind == _NAME and value not in _KEYWORDS:
            return N.const(value, span)
        if kind == _INT and len(value) <= _MAX_INT_DIGITS:
            return N.const(int(value), span)
        raise _GiveUp

    def compound(self):
        """(name, args, span) of `name` or `name(t, ...)`."""
        toks = self.toks
        kind, name, line, col, end = toks[self.i]
        if kind != _NAME or name in _KEYWORDS:
            raise _GiveUp
        self.i += 1
        nxt = toks[self.i]
        if nxt[1] != "(" or nxt[0] != _PUNCT:
            return name, (), _span(self.file, line, col, line, end)
        self.i += 1
        args = [self.term()]
        while True:
            kind, value, eline, _c, eend = toks[self.i]
            self.i += 1
            if kind != _PUNCT:
                raise _GiveUp
            if value == ")":
                return name, tuple(args), _span(self.file, line, col, eline, eend)
            if value != ",":
                raise _GiveUp
            args.append(self.term())

    def literal(self):
        kind, value, line, col, _e = self.toks[self.i]
        if kind == _PUNCT and value == "~":
            self.i += 1
            name, args, span = self.compound()
            whole = _span(self.file, line, col, span.end_line, span.end_column)
            return N.atom(name, args, True, whole)
        name, args, span = self.compound()
        return N.atom(name, args, False, span)

    def item(self):
        kind, value, line, col, _e = self.toks[self.i]
        if kind == _NAME and value == "not":
            nkind, nvalue = self.toks[self.i + 1][:2]
            if not ((nkind == _NAME and nvalue not in _KEYWORDS) or (nkind == _PUNCT and nvalue == "~")):
                raise _GiveUp
            self.i += 1
            atom = self.literal()
            span = _span(self.file, line, col, atom.span.end_line, atom.span.end_column)
            return N.naf(atom, span)
        return self.literal()

    def body(self):
        """Items up to and including the closing dot; returns (items, dot token)."""
        toks = self.toks
        kind, value = toks[self.i][:2]
        if kind == _NAME and value == "true":
            dot = toks[self.i + 1]
            if dot[0] != _PUNCT or dot[1] != ".":
                raise _GiveUp
            self.i += 2
            return (), dot
        items = [self.item()]
        while True:
            tok = toks[self.i]
            self.i += 1
            if tok[0] != _PUNCT:
                raise _GiveUp
            if tok[1] == ".":
                return tuple(items), tok
            if tok[1] != ",":
                raise _GiveUp
            items.append(self.item())

    # ---------------------------------------------------------------- statements
    def statement(self):
        toks = self.toks
        first = toks[self.i]
        if first[0] == _PUNCT and first[1] == "~":
            return self.rule(None, self.literal())
        name, args, span = self.compound()
        kind, value = toks[self.i][:2]
        if kind != _PUNCT:
            raise _GiveUp
        if value == ":":
            self.i += 1
            label = N.label(name, args, span)
            return self.rule(label, self.literal())
        if value == ">":
            self.i += 1
            return self.superiority(N.label(name, args, span))
        return self.rule(None, N.atom(name, args, False, span))

    def rule(self, label, head):
        tok = self.toks[self.i]
        self.i += 1
        if tok[0] != _PUNCT:
            raise _GiveUp
        if tok[1] == ".":
            kind, body, dot = ast.STRICT, (), tok
        elif tok[1] in _KINDS:
            kind = _KINDS[tok[1]]
            body, dot = self.body()
        else:
            raise _GiveUp
        self.anon = 0
        start = (label or head).span
        span = _span(self.file, start.line, start.column, dot[2], dot[4])
        generated = label is None
        if generated:
            label = N.label(f"{self.stem}:{span.line}", (), head.span)
            self.unlabelled_lines[span.line] = self.unlabelled_lines.get(span.line, 0) + 1
        return N.rule(label, kind, head, body, generated, span)

    def superiority(self, sup):
        name, args, lspan = self.compound()
        inf = N.label(name, args, lspan)
        tok = self.toks[self.i]
        self.i += 1
        if tok[0] != _PUNCT:
            raise _GiveUp
        if tok[1] == ".":
            body, dot = (), tok
        elif tok[1] == ":-":
            body, dot = self.body()
        else:
            raise _GiveUp
        self.anon = 0
        span = _span(self.file, sup.span.line, sup.span.column, dot[2], dot[4])
        return N.superiority(sup, inf, body, span)


# From this many lines on, the line path gives each statement's nodes the statement's
# span (fast_lines.is_compact): a 10^6-rule file is machine-made, and its 3 * 10^6 node
# spans were a quarter of the memory `speclogic query` needed. Analysis reads such a
# file again with full spans before it reports anything (engine.parse.with_full_spans).
COMPACT_SPANS_LINES = 50_000


def fast_parse_dl(text: str, filename: str, full_spans: bool = False):
    """(statements, comment tokens, unlabelled_lines), or None when Lark must parse."""
    unlabelled: dict[int, int] = {}
    compact = not full_spans and text.count("\n") >= COMPACT_SPANS_LINES
    # whole lines in the generators' one layout first, tokens from the first other line
    statements, comments, offset, line = parse_lines(text, filename, PurePath(filename).stem or filename, compact)
    if offset >= len(text):
        return statements, comments, unlabelled
    try:
        toks, more = _tokens(text, offset, line)
        reader = _Reader(toks, filename)
        reader.unlabelled_lines = unlabelled
        end = len(toks) - 1
        while reader.i < end:
            statements.append(reader.statement())
    except (_GiveUp, IndexError):
        return None
    return statements, comments + more, unlabelled
