"""Declarations the `.dl` syntax adds beyond engine.ast (the core contract).

`#input message/4, asks/2.` says those predicates are supplied from outside the
rule files (facts files, transcripts), so `speclogic check` treats them as defined.
It is a statement in Program.statements but not a Rule, Superiority or ConflictDecl,
so everything that reads program.rules / .superiorities / .conflicts ignores it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine import ast
from engine.errors import Span


@dataclass(frozen=True)
class InputDecl:
    preds: tuple[tuple[str, int], ...]
    span: Span | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return "#input " + ", ".join(f"{p}/{n}" for p, n in self.preds) + "."


def input_keys(program: ast.Program) -> set[tuple[str, int]]:
    """Predicates supplied from outside the rules: `#input` ones and declared annotations."""
    keys = set()
    for st in program.statements:
        if isinstance(st, InputDecl):
            keys.update(st.preds)
        elif isinstance(st, AnnotationDecl):
            keys.add(st.key)
    return keys


# Slot domains with a fixed meaning; every other domain name is closed, its
# constants declared by `#value DOMAIN CONST ...`.
ENTITY_KINDS = ("message", "reply", "conversation")
OPEN = "open"  # any constant: a task's own name, a tool's name
ASK = "ask"  # an ask named by `asks(...)` earlier in the same conversation
SPECIAL_DOMAINS = (OPEN, ASK)


@dataclass(frozen=True)
class AnnotationDecl:
    """`#annotation about(message, ask, topic) "gloss" "example" {#section}.`

    The first slot is the kind of entity the annotation is written on (the fact's
    first argument); the others are the annotation's own arguments."""

    pred: str
    slots: tuple[str, ...]
    gloss: str
    example: str
    section: str
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.pred, len(self.slots))

    def parts(self) -> tuple[str, str, str]:
        """Head, the two quoted strings, and the tail, for the printer's line breaking."""
        return (f"#annotation {self.pred}({', '.join(self.slots)})", ast.quote_string(self.gloss),
                f"{ast.quote_string(self.example)} {{#{self.section}}}.")

    def __str__(self) -> str:
        return (f"#annotation {self.pred}({', '.join(self.slots)}) {ast.quote_string(self.gloss)} "
                f"{ast.quote_string(self.example)} {{#{self.section}}}.")


@dataclass(frozen=True)
class ValueDecl:
    """`#value topic illegal_activity "gloss" "example" {#section} rejects crime.`"""

    domain: str
    value: str
    gloss: str
    example: str
    section: str
    rejects: tuple[str, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def name(self) -> str:
        return self.value

    def parts(self) -> tuple[str, str, str]:
        tail = f" rejects {', '.join(self.rejects)}" if self.rejects else ""
        return (f"#value {self.domain} {self.value}", ast.quote_string(self.gloss),
                f"{ast.quote_string(self.example)} {{#{self.section}}}{tail}.")

    def __str__(self) -> str:
        tail = f" rejects {', '.join(self.rejects)}" if self.rejects else ""
        return (f"#value {self.domain} {self.value} {ast.quote_string(self.gloss)} {ast.quote_string(self.example)} "
                f"{{#{self.section}}}{tail}.")


def annotation_decls(program: ast.Program) -> list[AnnotationDecl]:
    return [st for st in program.statements if isinstance(st, AnnotationDecl)]


def value_decls(program: ast.Program) -> list[ValueDecl]:
    return [st for st in program.statements if isinstance(st, ValueDecl)]
