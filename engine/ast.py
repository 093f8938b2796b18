"""The syntax tree of a speclogic theory.

Every stage after parsing (analysis, grounding, solving, explanation) reads these
classes and nothing else, so the `.dl` and `.dfl` front ends both produce them.
Nodes are frozen so they can be shared, hashed and compared in tests.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from engine.errors import Span

# ---------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class Var:
    name: str  # "_" is anonymous; the parser renames each "_" to a fresh "_#N"
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def anonymous(self) -> bool:
        return self.name.startswith("_#")

    def __str__(self) -> str:
        return "_" if self.anonymous else self.name


@dataclass(frozen=True, slots=True)
class Const:
    """A constant: str (identifier or quoted string: the same constant), int or float."""

    value: str | int | float
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return format_value(self.value)


class _Compound:
    """Equality and hashing by an iterative walk, where the generated dataclass methods
    would recurse once per level (a 10^5-term sum)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return _shape(self) == _shape(other)  # type: ignore[arg-type]

    def __hash__(self) -> int:
        return hash(_shape(self))  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False, slots=True)
class BinOp(_Compound):
    """Arithmetic on terms: + - * /, left-associative as written."""

    op: str
    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return term_text(self)


@dataclass(frozen=True, eq=False, slots=True)
class Neg(_Compound):
    """Unary minus on a term that is not a literal number (e.g. -X)."""

    operand: Term
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return term_text(self)


Term = Var | Const | BinOp | Neg


# ---------------------------------------------------------------- literals


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Naf:
    """`not p(...)`: negation as failure, read against the strict (definite) layer."""

    atom: Atom
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"not {self.atom}"


@dataclass(frozen=True, slots=True)
class Compare:
    """`L op R` with op in = != < <= > >=. `X = expr` binds X when X is otherwise unbound."""

    op: str
    left: Term
    right: Term
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


BodyItem = Atom | Naf | Compare


# ---------------------------------------------------------------- statements

STRICT = "strict"          # :-   (facts are strict rules with an empty body)
DEFEASIBLE = "defeasible"  # :=
DEFEATER = "defeater"      # :^

ARROWS = {STRICT: ":-", DEFEASIBLE: ":=", DEFEATER: ":^"}


@dataclass(frozen=True, slots=True)
class Label:
    """A rule label, possibly parametrized: `obey(M)`."""

    name: str
    args: tuple[Term, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"{self.name}({', '.join(map(str, self.args))})"


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ConflictDecl:
    """`#conflict give/1, withhold/1.`: every pair of the listed predicates attack each other
    on equal arguments, as p and ~p do."""

    preds: tuple[tuple[str, int], ...]
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return "#conflict " + ", ".join(f"{p}/{n}" for p, n in self.preds) + "."


Statement = Rule | Superiority | ConflictDecl


@dataclass
class Program:
    """Statements from one or more sources, in source order, plus the source texts
    (kept so diagnostics can quote the offending line)."""

    statements: list[Statement] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    # an engine.ground.plans.PlanCache shared by programs with the same rules (a
    # rulebase's fresh programs), or None: how grounding joins, never what it derives
    plans: object = field(default=None, compare=False, repr=False)

    @property
    def rules(self) -> list[Rule]:
        return [s for s in self.statements if type(s) is Rule]  # no subclasses: the cheaper test

    @property
    def superiorities(self) -> list[Superiority]:
        return [s for s in self.statements if type(s) is Superiority]  # no subclasses: the cheaper test

    @property
    def conflicts(self) -> list[ConflictDecl]:
        return [s for s in self.statements if type(s) is ConflictDecl]  # no subclasses: the cheaper test

    def extend(self, other: Program) -> None:
        self.statements.extend(other.statements)
        self.sources.update(other.sources)


# ---------------------------------------------------------------- helpers


def is_plain_ground(rule: Rule) -> bool:
    """Every term of the rule a constant and every body item a positive atom: nearly
    every rule of a large generated theory (loops, not all(): this runs per statement)."""
    for t in rule.head.args:
        if type(t) is not Const:
            return False
    for t in rule.label.args:
        if type(t) is not Const:
            return False
    for item in rule.body:
        if type(item) is not Atom:
            return False
        for t in item.args:
            if type(t) is not Const:
                return False
    return True


def format_value(value: str | int | float) -> str:
    """Print a constant so that the parser reads it back as the same constant."""
    cls = value.__class__
    if cls is int or cls is float:  # the common case first: millions of calls on a large model
        return repr(value)
    if isinstance(value, bool):  # never produced by the parser; guard against API misuse
        raise TypeError("booleans are not speclogic constants")
    if isinstance(value, (int, float)):
        return repr(value)
    return _format_string(value)


@functools.lru_cache(maxsize=1 << 16)
def _format_string(value: str) -> str:
    # the same ids and names are printed over and over (every proof of a conversation
    # names its messages): the identifier test and the escaping run once per string
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


# Terms are walked with explicit stacks, never by recursion: a sum of 10^5 terms is a
# left-leaning tree 10^5 deep, far past Python's stack.


def subterms(term: Term):
    """Every node of a term, left to right (pre-order)."""
    stack = [term]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, BinOp):
            stack.append(node.right)
            stack.append(node.left)
        elif isinstance(node, Neg):
            stack.append(node.operand)


def _shape(term: Term) -> tuple:
    """The term in pre-order, one entry a node: equal exactly when the trees are
    (each node's arity is fixed by its kind, so pre-order determines the tree)."""
    out: list = []
    for node in subterms(term):
        if isinstance(node, BinOp):
            out.append(("b", node.op))
        elif isinstance(node, Neg):
            out.append(("n",))
        else:
            out.append(node)  # Var and Const compare by their dataclass fields
    return tuple(out)


def term_vars(term: Term) -> set[str]:
    if isinstance(term, Var):
        return {term.name}
    return {t.name for t in subterms(term) if isinstance(t, Var)}


def term_text(term: Term) -> str:
    """A term as written by str(): `a + b * c`, `-X` (no parentheses added)."""
    parts: list[str] = []
    stack: list = [term]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, BinOp):
            stack.extend((node.right, f" {node.op} ", node.left))
        elif isinstance(node, Neg):
            stack.extend((node.operand, "-"))
        else:
            parts.append(str(node))
    return "".join(parts)


def item_vars(item: BodyItem) -> set[str]:
    if isinstance(item, Atom):
        return set().union(*(term_vars(t) for t in item.args)) if item.args else set()
    if isinstance(item, Naf):
        return item_vars(item.atom)
    return term_vars(item.left) | term_vars(item.right)
