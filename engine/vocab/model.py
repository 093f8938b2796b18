"""Vocabulary: the declared annotation terms of a program, indexed for checking."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine import ast
from engine.errors import Span
from engine.parse.decls import ASK, ENTITY_KINDS, OPEN, AnnotationDecl, ValueDecl, annotation_decls, value_decls

# A declared value is the parsed declaration itself (domain, name, gloss, example, section, rejects).
Value = ValueDecl

# Slot domains of fixed meaning besides OPEN and ASK: `ask_name` introduces an ask
# (asks(...), embedded_asks(...)); later annotations refer to it through `ask` slots.
ASK_NAME = "ask_name"
FIXED_DOMAINS = (OPEN, ASK, ASK_NAME)

# The one annotation the audit reads and the rules never do: a reviewer's overruling.
REVIEWER = "reviewer_verdict"
REVIEWER_VALUES = ("compliant", "violating")


@dataclass(frozen=True)
class Term:
    pred: str
    entity: str  # message, reply or conversation
    slots: tuple[str, ...]  # the annotation's own arguments' domains
    gloss: str
    example: str
    section: str
    span: Span | None = field(default=None, compare=False, hash=False)

    @property
    def arity(self) -> int:
        """Arity of the fact: the entity plus the written arguments."""
        return len(self.slots) + 1

    @property
    def signature(self) -> str:
        return f"{self.pred}({', '.join(self.slots)})" if self.slots else self.pred


@dataclass
class Vocabulary:
    terms: dict[str, Term] = field(default_factory=dict)
    domains: dict[str, dict[str, Value]] = field(default_factory=dict)  # closed domain -> values
    rejected: dict[str, tuple[str, Value]] = field(default_factory=dict)  # synonym -> (domain, canonical)

    @property
    def empty(self) -> bool:
        return not self.terms

    def is_closed(self, domain: str) -> bool:
        return domain not in FIXED_DOMAINS

    def values(self, domain: str) -> list[str]:
        return sorted(self.domains.get(domain, {}))

    def domain_of(self, constant: str) -> list[str]:
        """Closed domains that hold `constant`."""
        return sorted(d for d, vals in self.domains.items() if constant in vals)


def vocabulary_of(program: ast.Program) -> Vocabulary:
    """The program's declarations (the caller has checked them with check_declarations)."""
    vocab = Vocabulary()
    for decl in annotation_decls(program):
        vocab.terms.setdefault(decl.pred, _term(decl))
    for value in value_decls(program):
        vocab.domains.setdefault(value.domain, {}).setdefault(value.value, value)
        for synonym in value.rejects:
            vocab.rejected.setdefault(synonym, (value.domain, value))
    return vocab


def _term(decl: AnnotationDecl) -> Term:
    entity = decl.slots[0] if decl.slots else ""
    return Term(decl.pred, entity, decl.slots[1:], decl.gloss, decl.example, decl.section, decl.span)



__all__ = ["ASK", "ASK_NAME", "ENTITY_KINDS", "OPEN", "REVIEWER", "REVIEWER_VALUES", "Term", "Value", "Vocabulary",
           "vocabulary_of"]
