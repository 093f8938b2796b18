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
    return {key for st in program.statements if isinstance(st, InputDecl) for key in st.preds}
