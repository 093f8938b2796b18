"""The fastest `.dl` path: one statement per line, in the one spelling generators write.

Large generated theories are a line per statement, `r1: a1 := a0.`, `edge(0, 1).`,
`r2 > r1.`, each in exactly one layout (single spaces, no trailing comment). Such a
line is matched whole by one regular expression and its nodes are built from the
match offsets, skipping the per-token loop of engine/parse/fast_dl.py. At the first
line that is anything else (another layout, a statement over several lines, a
string, arithmetic, `not`, a keyword used as a name...) this path stops and returns
where it stopped; fast_dl tokenizes the rest of the file, and gives up to Lark in its
turn. So what this path builds is exactly what the token path builds (the same nodes
and spans, checked by tests/test_fast_dl.py), only sooner.
"""
from __future__ import annotations

import re
import sys

from engine import ast
from engine.parse import nodes as N

_NAME = r"[a-z][A-Za-z0-9_]*"
_COMP = _NAME + r"(?:\([A-Za-z0-9_]+(?:, ?[A-Za-z0-9_]+)*\))?"
_LIT = "~?" + _COMP
_RULE = re.compile(rf"(?:({_COMP}): )?({_LIT})(?: (:=|:-|:\^) (true|{_LIT}(?:, {_LIT})*))?\.")
_FACT = re.compile(r"([a-z][A-Za-z0-9_]*)\(([a-z0-9][A-Za-z0-9_]*(?:, [a-z0-9][A-Za-z0-9_]*)*)\)\.")
_SUP = re.compile(rf"({_COMP}) > ({_COMP})\.")
# a statement over propositional literals only (every DTScale theory): its body is split
# on ", " instead of scanned literal by literal
_PROP = re.compile(rf"(?:({_NAME}): )?(~?{_NAME})(?: (:=|:-|:\^) ((?:~?{_NAME}, )*~?{_NAME}))?\.")
_LIT_RE = re.compile(_LIT)
_TERM = re.compile(r"[A-Za-z0-9_]+")
_COMMENT = re.compile(r"[ \t\f]*%")
_BLANK = re.compile(r"[ \t\f]*")
_intern = sys.intern
_KEYWORDS = frozenset({"not", "true"})
_KINDS = {":-": ast.STRICT, ":=": ast.DEFEASIBLE, ":^": ast.DEFEATER}
_MAX_INT_DIGITS = 4300


class _Stop(Exception):
    """This line is not in the one layout: the token path takes over here."""


_span = N.span


class _Lines:
    def __init__(self, filename: str, stem: str, compact: bool = False):
        # no count of unlabelled statements per line: this path reads one statement a
        # line, so no generated label of it ever needs a column to tell it apart
        self.file, self.stem = filename, stem
        self.anon = 0
        self.compact = compact
        # a compact statement's span is a CompactSpan, its mark (is_compact)
        self.statement_span = N.compact_span if compact else _span
        # compact spans only: one Atom per propositional literal text, shared by every
        # statement naming it (nothing reads an atom's span before the file is read again
        # with full spans, and the nodes are immutable)
        self.atoms: dict[str, ast.Atom] = {}

    def propositional(self, m, line: int):
        """rule() for a statement matched by _PROP."""
        self.anon = 0
        file = self.file
        span = self.statement_span(file, line, 1, line, m.end() + 1)
        compact = self.compact
        text, head_text, arrow, body_text = m.groups()
        if compact:
            atoms = self.atoms
            head = atoms.get(head_text)
            if head is None:
                head = atoms[head_text] = self._prop_atom(head_text, span)
        else:
            head = self._prop_atom(head_text, _span(file, line, m.start(2) + 1, line, m.end(2) + 1))
        if arrow is None:
            kind = ast.STRICT
            body: tuple[ast.Atom, ...] = ()
        elif body_text == "true":
            kind, body = _KINDS[arrow], ()
        else:
            kind = _KINDS[arrow]
            items = body_text.split(", ")
            if compact:
                got = []
                for item in items:
                    a = atoms.get(item)
                    if a is None:
                        a = atoms[item] = self._prop_atom(item, span)
                    got.append(a)
                body = tuple(got)
            else:
                col = m.start(4) + 1
                got = []
                for item in items:
                    end = col + len(item)
                    got.append(self._prop_atom(item, _span(file, line, col, line, end)))
                    col = end + 2
                body = tuple(got)
        if text is None:
            label = N.label(f"{self.stem}:{line}", (), span if compact else head.span)
            return N.rule(label, kind, head, body, True, span)
        if text in _KEYWORDS:
            raise _Stop
        label = N.label(text, (), span if compact else _span(file, line, 1, line, 1 + len(text)))
        return N.rule(label, kind, head, body, False, span)

    @staticmethod
    def _prop_atom(text: str, span) -> ast.Atom:
        negated = text[0] == "~"
        name = text[1:] if negated else text
        if name in _KEYWORDS:
            raise _Stop
        return N.atom(_intern(name), (), negated, span)

    def compound(self, text: str, col: int, line: int, whole=None):
        """(name, args, span) of `name` or `name(t, ...)` starting at column col; with
        `whole` (compact spans) that span for the node and its terms."""
        paren = text.find("(")
        name = text if paren < 0 else text[:paren]
        if name in _KEYWORDS:
            raise _Stop
        span = whole or _span(self.file, line, col, line, col + len(text))
        if paren < 0:
            return name, (), span
        args: list[ast.Term] = []
        for m in _TERM.finditer(text, paren):
            value = m.group()
            tspan = whole or _span(self.file, line, col + m.start(), line, col + m.end())
            first = value[0]
            if first == "_" or "A" <= first <= "Z":
                if value == "_":
                    self.anon += 1
                    value = f"_#{self.anon}"
                args.append(N.var(value, tspan))
            elif "a" <= first <= "z":
                if value in _KEYWORDS:
                    raise _Stop
                args.append(N.const(value, tspan))
            elif value.isdigit() and len(value) <= _MAX_INT_DIGITS:
                args.append(N.const(int(value), tspan))
            else:
                raise _Stop  # `1a`, or an integer too long for this path
        return name, tuple(args), span

    def literal(self, text: str, col: int, line: int, whole=None) -> ast.Atom:
        # one string per predicate name, however often it occurs (a 10^6-rule chain names
        # each literal twice, and the ground theory keeps the names too)
        if "(" not in text:  # a propositional literal, all of a DTScale theory: no term to read
            negated = text[0] == "~"
            name = text[1:] if negated else text
            if name in _KEYWORDS:
                raise _Stop
            return N.atom(_intern(name), (), negated, whole or _span(self.file, line, col, line, col + len(text)))
        if text[0] == "~":
            name, args, span = self.compound(text[1:], col + 1, line, whole)
            return N.atom(_intern(name), args, True, whole or _span(self.file, line, col, line, span.end_column))
        name, args, span = self.compound(text, col, line, whole)
        return N.atom(_intern(name), args, False, span)

    def rule(self, m, line: int):
        self.anon = 0
        # the statement starts the line: column 1, whether a label or the head comes first
        span = self.statement_span(self.file, line, 1, line, m.end() + 1)
        whole = span if self.compact else None
        label = None
        text = m.group(1)
        if text:
            if "(" in text:
                name, args, lspan = self.compound(text, 1, line, whole)
                label = N.label(name, args, lspan)
            elif text in _KEYWORDS:
                raise _Stop
            else:
                label = N.label(text, (), whole or _span(self.file, line, 1, line, 1 + len(text)))
        head = self.literal(m.group(2), m.start(2) + 1, line, whole)
        arrow = m.group(3)
        if arrow is None:
            kind = ast.STRICT
            body: tuple[ast.Atom, ...] = ()
        else:
            kind = _KINDS[arrow]
            text, at = m.group(4), m.start(4) + 1
            body = () if text == "true" else tuple([
                self.literal(b.group(), at + b.start(), line, whole) for b in _LIT_RE.finditer(text)])
        generated = label is None
        if generated:
            label = N.label(f"{self.stem}:{line}", (), head.span)
        return N.rule(label, kind, head, body, generated, span)

    def fact(self, m, line: int):
        """rule() for `name(c1, c2, ...).` with constants only (a program's bulk of facts):
        the columns of the arguments follow from their lengths, so no pattern runs per term."""
        self.anon = 0
        name, inner = m.group(1), m.group(2)
        if name in _KEYWORDS:
            raise _Stop
        file = self.file
        span = self.statement_span(file, line, 1, line, m.end() + 1)
        whole = span if self.compact else None
        col = len(name) + 2
        args: list[ast.Term] = []
        for v in inner.split(", "):
            end = col + len(v)
            if "0" <= v[0] <= "9":
                if not v.isdigit() or len(v) > _MAX_INT_DIGITS:
                    raise _Stop
                args.append(N.const(int(v), whole or _span(file, line, col, line, end)))
            elif v in _KEYWORDS:
                raise _Stop
            else:
                args.append(N.const(v, whole or _span(file, line, col, line, end)))
            col = end + 2
        head = N.atom(_intern(name), tuple(args), False, whole or _span(file, line, 1, line, col - 1))
        label = N.label(f"{self.stem}:{line}", (), head.span)
        return N.rule(label, ast.STRICT, head, (), True, span)

    def superiority(self, m, line: int):
        self.anon = 0
        span = self.statement_span(self.file, line, 1, line, m.end() + 1)
        whole = span if self.compact else None
        name, args, lspan = self.compound(m.group(1), 1, line, whole)
        sup = N.label(name, args, lspan)
        name, args, lspan = self.compound(m.group(2), m.start(2) + 1, line, whole)
        inf = N.label(name, args, lspan)
        return N.superiority(sup, inf, (), span)


def parse_lines(text: str, filename: str, stem: str, compact: bool = False):
    """(statements, comment tokens, offset, line): what the line path read, and the
    offset and line number where the token path must go on (len(text) when done).

    compact: every node of a statement shares the statement's span (see is_compact)."""
    reader = _Lines(filename, stem, compact)
    statements, comments = [], []
    rule_match, sup_match, fact_match, prop_match = _RULE.fullmatch, _SUP.fullmatch, _FACT.fullmatch, _PROP.fullmatch
    offset, line = 0, 1
    append = statements.append
    for raw in text.split("\n"):
        try:
            m = prop_match(raw)
            if m is not None:
                append(reader.propositional(m, line))
            elif (m := fact_match(raw)) is not None:
                append(reader.fact(m, line))
            elif (m := rule_match(raw)) is not None:
                append(reader.rule(m, line))
            elif (m := sup_match(raw)) is not None:
                append(reader.superiority(m, line))
            elif (c := _COMMENT.match(raw)) is not None:
                if "\r" in raw:
                    raise _Stop
                at = c.end() - 1
                value = raw[at:]
                col = at + 1
                comments.append(N.Comment(value, offset + at, line, col, line, col + len(value),
                                      offset + len(raw)))
            elif not _BLANK.fullmatch(raw):
                raise _Stop
        except _Stop:
            return statements, comments, offset, line
        offset += len(raw) + 1
        line += 1
    return statements, comments, len(text), line


def is_compact(statement) -> bool:
    """Was `statement` read with compact spans (its nodes sharing its span, or another
    statement's for a shared propositional atom)? Only the line path makes CompactSpans."""
    return type(statement.span) is N.CompactSpan
