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
    return f"{sign}{pred}({', '.join(format_value(a) for a in args)})"


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


@dataclass(slots=True)
class GroundRule:
    id: int
    kind: str                  # ast.STRICT / DEFEASIBLE / DEFEATER
    head: int                  # literal id
    body: tuple[int, ...]      # literal ids of the premises, deduplicated, in source order
    label: tuple               # (name, args) of the label instance
    source: ast.Rule
    bindings: tuple = ()       # ((var, value), ...) for explanations
    naf: tuple = ()            # `not ...` conditions that held, rendered (`not s(1, _)`)
    guards: tuple = ()         # rendered ground comparisons that held

    @property
    def label_text(self) -> str:
        return label_str(*self.label)


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
