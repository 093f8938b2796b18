"""A conversation's annotations against the declared vocabulary: `unknown_term` errors.

Each annotation must be declared for the kind of entity it is written on (a
message, a reply, the conversation), with the declared number of arguments, and a
closed slot may hold only a declared constant. `ask` slots refer to asks named
earlier (`asks(...)` on the same message, or, from a reply, on an earlier message).
An open slot may not hold a constant that a closed domain declares: there is one
way to write each thing, so two annotators of the same text write the same facts.
"""
from __future__ import annotations

import difflib

from engine.errors import UNKNOWN_TERM, Diagnostic
from engine.transcripts.model import Annotation, Candidate, Comparison, Conversation, Message
from engine.vocab.model import ASK, ASK_NAME, OPEN, REVIEWER, REVIEWER_VALUES, Vocabulary


def entity_kind(entity) -> str:
    if isinstance(entity, Conversation):
        return "conversation"
    if isinstance(entity, Comparison):
        return "comparison"
    if isinstance(entity, Candidate) or (isinstance(entity, Message) and entity.role == "assistant"):
        return "reply"
    return "message"


def check_conversation(conv: Conversation, vocab: Vocabulary) -> list[Diagnostic]:
    """Every annotation of `conv` that the vocabulary does not allow, in document order."""
    if vocab.empty:
        return []
    out: list[Diagnostic] = []
    asked: set[str] = set()  # asks named by messages so far
    checker = _Checker(vocab, out)
    checker.entity(conv, "conversation", asked)
    for item in conv.items:
        if isinstance(item, Comparison):
            checker.entity(item, "comparison", asked)
            for cand in item.candidates:
                checker.entity(cand, "reply", asked)
        elif isinstance(item, Message):
            own = {str(a.args[i]) for a in item.annotations if a.pred in vocab.terms
                   for i, d in enumerate(vocab.terms[a.pred].slots) if d == ASK_NAME and i < len(a.args)}
            if entity_kind(item) == "reply":
                checker.entity(item, "reply", asked)
            else:
                checker.entity(item, "message", own)
            asked |= own
    return out


class _Checker:
    def __init__(self, vocab: Vocabulary, out: list[Diagnostic]):
        self.vocab, self.out = vocab, out

    def entity(self, entity, kind: str, asks: set[str]) -> None:
        for a in entity.annotations:
            self.annotation(a, kind, asks)

    def fail(self, a: Annotation, message: str, notes: list[str] | None = None) -> None:
        self.out.append(Diagnostic(UNKNOWN_TERM, message, a.span, notes=list(notes or [])))

    def annotation(self, a: Annotation, kind: str, asks: set[str]) -> None:
        vocab = self.vocab
        if a.pred == REVIEWER:
            self.reviewer(a, kind)
            return
        term = vocab.terms.get(a.pred)
        if term is None:
            close = difflib.get_close_matches(a.pred, sorted(vocab.terms), n=3, cutoff=0.6)
            hint = f"; did you mean {_alternatives(close)}?" if close else ""
            self.fail(a, f"'{a.pred}' is not a declared annotation{hint}",
                      ["`speclogic vocab` lists the vocabulary; docs/annotating.md explains each term"])
            return
        if term.entity != kind:
            self.fail(a, f"{a.pred} is written on a {term.entity}, not on a {kind}", [_usage(term)])
            return
        if len(a.args) != len(term.slots):
            self.fail(a, f"{a.pred} takes {len(term.slots)} argument{'s' if len(term.slots) != 1 else ''} "
                      f"({term.signature}), not {len(a.args)}", [_usage(term)])
            return
        for value, domain in zip(a.args, term.slots):
            self.argument(a, term, value, domain, asks, kind)

    def argument(self, a, term, value, domain: str, asks: set[str], kind: str) -> None:
        vocab = self.vocab
        if domain == ASK:
            if str(value) not in asks:
                where = "this message" if kind == "message" else "an earlier message"
                close = difflib.get_close_matches(str(value), sorted(asks), n=3, cutoff=0.5)
                hint = f"; did you mean {_alternatives(close)}?" if close else ""
                named = f" (asks here: {', '.join(sorted(asks))})" if asks else ""
                self.fail(a, f"{a.pred}: '{value}' is not an ask named by {where}{named}{hint}", [_usage(term)])
            return
        if domain in (OPEN, ASK_NAME):
            closed = vocab.domain_of(str(value)) if isinstance(value, str) else []
            if closed:
                users = sorted(t.signature for t in vocab.terms.values() if closed[0] in t.slots)
                self.fail(a, f"{a.pred}: '{value}' is a declared {closed[0]} term; write it as "
                          f"{_alternatives(users)}", [f"{value}: {vocab.domains[closed[0]][value].gloss}"])
            return
        if isinstance(value, str) and value in vocab.domains.get(domain, {}):
            return
        if isinstance(value, str) and value in vocab.rejected and vocab.rejected[value][0] == domain:
            canonical = vocab.rejected[value][1]
            self.fail(a, f"{a.pred}: write {canonical.name} for '{value}' (one term per meaning)",
                      [f"{canonical.name}: {canonical.gloss}"])
            return
        allowed = vocab.values(domain)
        close = difflib.get_close_matches(str(value), allowed, n=3, cutoff=0.6)
        hint = f"; did you mean {_alternatives(close)}?" if close else ""
        other = vocab.domain_of(str(value)) if isinstance(value, str) else []
        elsewhere = f"; '{value}' is a {other[0]} term" if other and not close else ""
        self.fail(a, f"{a.pred}: '{value}' is not a declared {domain}{hint}{elsewhere}",
                  [f"{domain} is one of: {', '.join(allowed)}"])

    def reviewer(self, a: Annotation, kind: str) -> None:
        if kind != "reply" or len(a.args) != 1 or a.args[0] not in REVIEWER_VALUES or a.negated:
            self.fail(a, f"{REVIEWER} is written on a reply as {REVIEWER}(compliant) or {REVIEWER}(violating)")


def _usage(term) -> str:
    return f"{term.signature} on a {term.entity}: {term.gloss} (e.g. {term.example})"


def _alternatives(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
