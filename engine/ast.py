"""The syntax tree of a speclogic theory.

Every stage after parsing (analysis, grounding, solving, explanation) reads these
classes and nothing else, so the `.dl` and `.dfl` front ends both produce them.
Nodes are frozen so they can be shared, hashed and compared in tests.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Union

from engine.errors import Span

# ---------------------------------------------------------------- terms


@dataclass(frozen=True)
class Var:
    name: str  # "_" is anonymous; the parser renames each "_" to a fresh "_#N"
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def anonymous(self) -> bool:
        return self.name.startswith("_#")

    def __str__(self) -> str:
        return "_" if self.anonymous else self.name


@dataclass(frozen=True)
class Const:
    """A constant: str (identifier or quoted string: the same constant), int or float."""

    value: Union[str, int, float]
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return format_value(self.value)


@dataclass(frozen=True)
class BinOp:
    """Arithmetic on terms: + - * /, left-associative as written."""

    op: str
    left: "Term"
    right: "Term"
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Neg:
    """Unary minus on a term that is not a literal number (e.g. -X)."""

    operand: "Term"
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"-{self.operand}"


Term = Union[Var, Const, BinOp, Neg]


# ---------------------------------------------------------------- literals


@dataclass(frozen=True)
class Atom:
    """p(t1, ..., tn), or ~p(...) when `negated` (strong negation)."""

    pred: str
    args: tuple[Term, ...] = ()
    negated: bool = False
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.pred, len(self.args))

    def __str__(self) -> str:
        sign = "~" if self.negated else ""
        if not self.args:
            return f"{sign}{self.pred}"
        return f"{sign}{self.pred}({', '.join(map(str, self.args))})"


@dataclass(frozen=True)
class Naf:
    """`not p(...)`: negation as failure, read against the strict (definite) layer."""

    atom: Atom
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"not {self.atom}"


@dataclass(frozen=True)
class Compare:
    """`L op R` with op in = != < <= > >=. `X = expr` binds X when X is otherwise unbound."""

    op: str
    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


BodyItem = Union[Atom, Naf, Compare]


# ---------------------------------------------------------------- statements

STRICT = "strict"          # :-   (facts are strict rules with an empty body)
DEFEASIBLE = "defeasible"  # :=
DEFEATER = "defeater"      # :^

ARROWS = {STRICT: ":-", DEFEASIBLE: ":=", DEFEATER: ":^"}


@dataclass(frozen=True)
class Label:
    """A rule label, possibly parametrized: `obey(M)`."""

    name: str
    args: tuple[Term, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"{self.name}({', '.join(map(str, self.args))})"


@dataclass(frozen=True)
class Rule:
    label: Label
    kind: str  # STRICT, DEFEASIBLE or DEFEATER
    head: Atom
    body: tuple[BodyItem, ...] = ()
    generated_label: bool = False  # True when the source gave no label
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def is_fact(self) -> bool:
        return self.kind == STRICT and not self.body

    def __str__(self) -> str:
        prefix = "" if self.generated_label else f"{self.label}: "
        if self.is_fact:
            return f"{prefix}{self.head}."
        body = ", ".join(map(str, self.body)) if self.body else "true"
        return f"{prefix}{self.head} {ARROWS[self.kind]} {body}."


@dataclass(frozen=True)
class Superiority:
    """`sup > inf.` or `sup > inf :- body.` (the body is read in the strict layer)."""

    superior: Label
    inferior: Label
    body: tuple[BodyItem, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        if not self.body:
            return f"{self.superior} > {self.inferior}."
        return f"{self.superior} > {self.inferior} :- {', '.join(map(str, self.body))}."


@dataclass(frozen=True)
class ConflictDecl:
    """`#conflict give/1, withhold/1.`: every pair of the listed predicates attack each other
    on equal arguments, as p and ~p do."""

    preds: tuple[tuple[str, int], ...]
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return "#conflict " + ", ".join(f"{p}/{n}" for p, n in self.preds) + "."


Statement = Union[Rule, Superiority, ConflictDecl]


@dataclass
class Program:
    """Statements from one or more sources, in source order, plus the source texts
    (kept so diagnostics can quote the offending line)."""

    statements: list[Statement] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def rules(self) -> list[Rule]:
        return [s for s in self.statements if isinstance(s, Rule)]

    @property
    def superiorities(self) -> list[Superiority]:
        return [s for s in self.statements if isinstance(s, Superiority)]

    @property
    def conflicts(self) -> list[ConflictDecl]:
        return [s for s in self.statements if isinstance(s, ConflictDecl)]

    def extend(self, other: "Program") -> None:
        self.statements.extend(other.statements)
        self.sources.update(other.sources)


# ---------------------------------------------------------------- helpers


def format_value(value: Union[str, int, float]) -> str:
    """Print a constant so that the parser reads it back as the same constant."""
    if isinstance(value, bool):  # never produced by the parser; guard against API misuse
        raise TypeError("booleans are not speclogic constants")
    if isinstance(value, (int, float)):
        return repr(value)
    if is_plain_identifier(value):
        return value
    return quote_string(value)


def quote_string(value: str) -> str:
    """A string always in quotes, escaped as constants are (glosses, examples)."""
    if value.isprintable() and "\\" not in value and '"' not in value:
        return f'"{value}"'  # nothing to escape: the common case, without a loop per character
    return '"' + "".join(_ESCAPES.get(ch) or _escape_control(ch) for ch in value) + '"'


def escape_text(text: str) -> str:
    """User text shown unquoted (a message, a file name, a rule's source): the escapes
    of format_value for every character that could start a line or act on a terminal,
    and nothing else, so what is printed is one line of visible characters."""
    if text.isprintable():
        return text
    return "".join(_LINE_ESCAPES.get(ch) or _escape_control(ch) for ch in text)


_LINE_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', **_LINE_ESCAPES}
# control (C0, C1, ESC, DEL), format (bidi overrides and isolates, zero-width marks),
# lone surrogates, line and paragraph separators
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape_control(ch: str) -> str:
    """Other unsafe characters as \\uXXXX (a surrogate pair above U+FFFF, as the parser
    reads them), so a printed constant never splits a line (str.splitlines breaks on
    \\x0b, \\x1e, \\u2028 ...), hides in a terminal or reorders the text around it."""
    if ch.isprintable() or unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    code = ord(ch)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


_KEYWORDS = frozenset({"not", "true"})
_PLAIN = re.compile(r"[a-z][A-Za-z0-9_]*")  # ASCII only, as the grammar's bare constants


def is_plain_identifier(text: str) -> bool:
    """A lowercase identifier that the grammar reads as a bare constant."""
    if not text or not (text[0].isascii() and text[0].islower()):
        return False
    if text in _KEYWORDS:
        return False
    return _PLAIN.fullmatch(text) is not None


def term_vars(term: Term) -> set[str]:
    if isinstance(term, Var):
        return {term.name}
    if isinstance(term, BinOp):
        return term_vars(term.left) | term_vars(term.right)
    if isinstance(term, Neg):
        return term_vars(term.operand)
    return set()


def item_vars(item: BodyItem) -> set[str]:
    if isinstance(item, Atom):
        return set().union(*(term_vars(t) for t in item.args)) if item.args else set()
    if isinstance(item, Naf):
        return item_vars(item.atom)
    return term_vars(item.left) | term_vars(item.right)
