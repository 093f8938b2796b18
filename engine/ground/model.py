"""The ground theory the defeasible solver runs on.

Literals are interned to small integers so the solver can keep its counters in
flat lists; `keys[i]` is the literal `(pred, negated, args)` behind id i.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine import ast
from engine.ast import format_value

LitKey = tuple  # (pred: str, negated: bool, args: tuple)


def lit_str(key: LitKey) -> str:
    pred, negated, args = key
    sign = "~" if negated else ""
    if not args:
        return f"{sign}{pred}"
    return f"{sign}{pred}({', '.join(map(format_value, args))})"


def label_str(name: str, args: tuple) -> str:
    if not args:
        return name
    return f"{name}({', '.join(format_value(a) for a in args)})"


def value_sort_key(value):
    # numbers before strings; within each, natural order
    if isinstance(value, str):
        return (1, value)
    return (0, value)


def lit_sort_key(key: LitKey):
    pred, negated, args = key
    return (pred, tuple(value_sort_key(a) for a in args), negated)


def sorted_lids(keys: list) -> list[int]:
    """range(len(keys)) in lit_sort_key order of keys[i]."""
    # pred -> its one lid, or a list of its lids: a large generated theory names most
    # predicates once, and a one-element list each was 150 MB at 10^6 literals
    groups: dict = {}
    get = groups.get
    for i, key in enumerate(keys):
        pred = key[0]
        got = get(pred)
        if got is None:
            groups[pred] = i
        elif type(got) is int:
            groups[pred] = [got, i]
        else:
            got.append(i)
    out: list[int] = []
    for pred in sorted(groups):
        lids = groups[pred]
        if type(lids) is int:
            out.append(lids)
            continue
        if len({keys[i][1] for i in lids}) == 1:
            order = _argsort([keys[i][2] for i in lids], _value_key)
        else:
            order = _argsort([(keys[i][2], keys[i][1]) for i in lids], lambda k: (_value_key(k[0]), k[1]))
        out.extend([lids[j] for j in order])
    return out


def sorted_model(relations: dict) -> list[LitKey]:
    """The literals of {(pred, negated, arity): rows} in lit_sort_key order."""
    by_pred: dict = {}
    for (pred, negated, _), rows in relations.items():
        if rows:
            by_pred.setdefault(pred, []).append((negated, rows))
    out: list[LitKey] = []
    for pred in sorted(by_pred):
        groups = by_pred[pred]
        if len(groups) == 1:
            negated, rows = groups[0]
            out.extend([(pred, negated, args) for args in _sorted_rows(list(rows), _value_key)])
        else:
            both = [(args, negated) for negated, rows in groups for args in rows]
            out.extend([(pred, negated, args)
                        for args, negated in _sorted_rows(both, lambda k: (_value_key(k[0]), k[1]))])
    return out


def _value_key(args: tuple) -> tuple:
    return tuple(value_sort_key(a) for a in args)


def _sorted_rows(rows: list, fallback) -> list:
    """rows sorted by `fallback`, natively where that is the same order.

    Native tuple order is value_sort_key's wherever it can compare two values (numbers
    before strings is the only difference, and a number meeting a string at one
    position raises TypeError): a sort whose every comparison agrees with the key's
    gives the key's order, at a fraction of the cost of a key tuple per value."""
    if len(rows) > 64:
        packed = _packed_order(rows)
        if packed is not None:
            return packed
    try:
        return sorted(rows)
    except TypeError:
        return sorted(rows, key=fallback)


def _packed_order(rows: list) -> list | None:
    """Rows of one to three small non-negative integers (the tuples of a large generated
    model), sorted by one integer each: a,b -> a << k | b orders exactly as (a, b) does,
    and comparing ints is several times cheaper than comparing tuples. None for any
    other rows (a string, a float or a negative number among them)."""
    if len(set(map(len, rows))) != 1:
        return None
    arity = len(rows[0])
    if not 1 <= arity <= 3:
        return None
    try:
        if min(map(min, rows)) < 0:
            return None
        k = max(map(max, rows)).bit_length()
        if k * arity > 62:
            return None
        if arity == 1:
            return sorted(rows, key=lambda r: r[0] << 0)  # << refuses a float or a string
        if arity == 2:
            return sorted(rows, key=lambda r: r[0] << k | r[1])
        return sorted(rows, key=lambda r: (r[0] << k | r[1]) << k | r[2])
    except (TypeError, AttributeError):  # a string among them (str has no bit_length)
        return None


def _argsort(rows: list, fallback) -> list[int]:
    try:
        return sorted(range(len(rows)), key=rows.__getitem__)
    except TypeError:
        return sorted(range(len(rows)), key=lambda i: fallback(rows[i]))


class GroundRule:
    """One rule instance. A rule without variables (nearly every rule of a large generated
    theory) is built with label=None: its label instance is its source's label, read from
    the source when asked for, and it has no bindings. Only an instance with bindings or
    a label of its own keeps them, in one tuple: a 10^6-rule theory then holds no label
    tuple per rule, in an object of six slots instead of seven."""

    __slots__ = ("id", "kind", "head", "body", "source", "_extra")
    id: int
    kind: str                  # ast.STRICT / DEFEASIBLE / DEFEATER
    head: int                  # literal id
    body: tuple[int, ...]      # literal ids of the premises, deduplicated, in source order
    source: ast.Rule
    _extra: tuple | None       # (label, bindings), None for a plain ground rule

    def __init__(self, id: int, kind: str, head: int, body: tuple, label: tuple | None, source: ast.Rule,
                 bindings: tuple = ()):
        self.id, self.kind, self.head, self.body, self.source = id, kind, head, body, source
        self._extra = None if label is None and not bindings else (
            _source_label(source) if label is None else label, bindings)

    @property
    def label(self) -> tuple:
        """(name, args) of the label instance."""
        extra = self._extra
        return _source_label(self.source) if extra is None else extra[0]

    @property
    def bindings(self) -> tuple:
        """((var, value), ...) for explanations (and grounder.conditions)."""
        extra = self._extra
        return () if extra is None else extra[1]

    @property
    def label_text(self) -> str:
        return label_str(*self.label)

    def _fields(self) -> tuple:
        return (self.id, self.kind, self.head, self.body, self.label, self.source, self.bindings)

    def __eq__(self, other: object) -> bool:
        if type(other) is not GroundRule:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return (f"GroundRule(id={self.id!r}, kind={self.kind!r}, head={self.head!r}, body={self.body!r}, "
                f"label={self.label!r}, source={self.source!r}, bindings={self.bindings!r})")


def _source_label(source: ast.Rule) -> tuple:
    label = source.label
    return (label.name, tuple(t.value for t in label.args) if label.args else ())  # type: ignore[union-attr]


@dataclass
class SuperiorityInstance:
    superior: tuple            # label instance (name, args)
    inferior: tuple
    source: ast.Superiority
    premises: tuple = ()       # ground strict facts (LitKey) that made a conditional clause hold


@dataclass
class GroundTheory:
    keys: list = field(default_factory=list)           # lid -> LitKey
    index: dict = field(default_factory=dict)          # LitKey -> lid
    rules: list = field(default_factory=list)          # rid -> GroundRule
    definite: set = field(default_factory=set)         # lids that are +D (strict least model)
    facts: set = field(default_factory=set)            # lids stated as facts
    conflicts: dict = field(default_factory=dict)      # pred/arity key -> set of (pred, negated) it attacks
    superiority: list = field(default_factory=list)    # SuperiorityInstance
    # (superior rid, inferior rid) -> index into `superiority`, only for rules with conflicting heads
    beats: dict = field(default_factory=dict)
    program: ast.Program | None = None

    def lid(self, key: LitKey) -> int:
        i = self.index.get(key)
        if i is None:
            i = len(self.keys)
            self.index[key] = i
            self.keys.append(key)
        return i

    def complements_of_key(self, key: LitKey) -> list:
        pred, negated, args = key
        out = [(pred, not negated, args)]
        for other_pred, other_neg in sorted(self.conflicts.get((pred, negated, len(args)), ())):
            out.append((other_pred, other_neg, args))
        return out

    def text(self, lid: int) -> str:
        return lit_str(self.keys[lid])
