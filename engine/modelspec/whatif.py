"""What-if: re-judge a conversation with annotations added or removed, or a message's
role changed, and report what that changes.

Edits apply to the parsed conversation (engine.transcripts.model), not to raw facts,
so an edited conversation goes through the same admission (the vocabulary check) and
the same audit as a transcript would: an added term outside the vocabulary is an
`unknown_term` error, as it would be in the file. The sensitivity search
(engine/modelspec/sensitivity.py) is built on the same edits.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine import ast
from engine.errors import BAD_QUERY, Diagnostic, Span, SpeclogicError
from engine.modelspec.admission import inadmissible
from engine.modelspec.audit import ConversationAudit, solve_batch
from engine.modelspec.decisions import key
from engine.transcripts.model import ROLES, Annotation, Conversation, Message, assign_ids

if TYPE_CHECKING:  # for the annotation only: the functions below import engine.explain when they run
    from engine.explain import Node

COMMAND_LINE = Span("<command line>", 1, 1)


@dataclass(frozen=True)
class Edit:
    """Add or remove the annotation `pred(args)` on `entity`, or set a message's role."""

    kind: str  # "add", "remove" or "role"
    entity: str
    pred: str = ""
    args: tuple = ()
    negated: bool = False

    def __str__(self) -> str:
        if self.kind == "role":
            return f"role({ast.format_value(self.entity)}, {self.pred})"
        sign = "+" if self.kind == "add" else "-"
        inner = ", ".join(ast.format_value(a) for a in (self.entity, *self.args))
        return f"{sign}{'~' if self.negated else ''}{self.pred}({inner})"


def edit_from_literal(kind: str, atom: ast.Atom) -> Edit:
    """`about("tutor.m1", solve_exercise, illegal_activity)`: the entity first, as in facts."""
    consts = [a for a in atom.args if isinstance(a, ast.Const)]
    if not atom.args or len(consts) != len(atom.args):
        raise SpeclogicError(Diagnostic(BAD_QUERY, f"--{kind} takes a ground fact whose first argument is the "
                                        "message, reply or conversation id, e.g. "
                                        "about(\"tutor.m1\", solve_exercise, illegal_activity)", COMMAND_LINE))
    values = tuple(a.value for a in consts)
    return Edit(kind, str(values[0]), atom.pred, values[1:], atom.negated)


def apply_edits(conv: Conversation, edits: list[Edit], new_id: str | None = None) -> Conversation:
    """A copy of `conv` with the edits made (ids kept, or renumbered under `new_id`)."""
    out = copy.deepcopy(conv)
    for e in edits:
        entity = out.entity(e.entity)
        if entity is None:
            raise SpeclogicError(Diagnostic(BAD_QUERY, f"{e}: no message, reply or conversation "
                                            f"{e.entity!r} in {conv.id}", COMMAND_LINE))
        if e.kind == "role":
            if e.pred not in ROLES or not isinstance(entity, Message) or entity in out.candidates:
                raise SpeclogicError(Diagnostic(BAD_QUERY, f"{e}: a message's role is one of {', '.join(ROLES)}",
                                                COMMAND_LINE))
            entity.role = e.pred
        elif e.kind == "add":
            entity.annotations.append(Annotation(e.pred, e.args, e.negated, COMMAND_LINE))
        else:
            kept = [a for a in entity.annotations
                    if not (a.pred == e.pred and tuple(a.args) == e.args and a.negated == e.negated)]
            if len(kept) == len(entity.annotations):
                raise SpeclogicError(Diagnostic(BAD_QUERY, f"{e}: {e.entity} has no such annotation", COMMAND_LINE))
            entity.annotations = kept
    if new_id is not None:
        assign_ids(out, new_id)
    return out


@dataclass
class Change:
    id: str
    what: str  # "instruction" or "reply"
    before: str
    after: str
    proof: Node | None = None  # the new conclusion's proof


@dataclass
class WhatIf:
    conversation: str
    edits: list[Edit]
    changes: list[Change] = field(default_factory=list)
    before: ConversationAudit | None = None
    after: ConversationAudit | None = None

    def to_json(self) -> dict:
        from engine import explain

        return {"conversation": self.conversation, "edits": [str(e) for e in self.edits],
                "changes": [{"id": c.id, "kind": c.what, "before": c.before, "after": c.after,
                             **({"proof": explain.to_json(c.proof)["tree"]} if c.proof is not None else {})}
                            for c in self.changes]}


def what_if(rulebase, conv: Conversation, edits: list[Edit], options=None, depth: int = 8) -> WhatIf:
    from engine import explain

    edited = apply_edits(conv, edits)
    problems = inadmissible(edited, rulebase)
    if problems:
        raise SpeclogicError(problems)
    _, (before,) = solve_batch(rulebase, [conv], options)
    view, (after,) = solve_batch(rulebase, [edited], options)
    result = WhatIf(conv.id, list(edits), before=before, after=after)
    old = {i["id"]: i["status"] for i in before.instructions}
    for ins in after.instructions:
        if old.get(ins["id"], "no instruction") != ins["status"]:
            literal = _instruction_literal(view, ins)
            result.changes.append(Change(ins["id"], "instruction", old.get(ins["id"], "no instruction"),
                                         ins["status"], explain.why(view.sol, literal, max_depth=depth)))
    for gone in sorted(set(old) - {i["id"] for i in after.instructions}):
        result.changes.append(Change(gone, "instruction", old[gone], "no instruction"))
    verdicts = {c["id"]: c["verdict"] for c in before.candidates}
    for cand in after.candidates:
        if verdicts.get(cand["id"]) != cand["verdict"]:
            verdict = key("compliant", cand["id"], negated=cand["verdict"] == "violating")
            proof = explain.why(view.sol, view.lookup(verdict).literal, max_depth=depth)
            result.changes.append(Change(cand["id"], "reply", verdicts.get(cand["id"], "-"), cand["verdict"], proof))
    return result


def _instruction_literal(view, ins) -> str:
    if ins["status"] == "overridden" and ins.get("asks_overridden") and not ins.get("overridden_by", {}).get("id"):
        return view.lookup(key("heeded", ins["id"], ins["asks_overridden"][0], negated=True)).literal
    negated = ins["status"] == "overridden"
    return view.lookup(key("follow", ins["id"], negated=negated)).literal
