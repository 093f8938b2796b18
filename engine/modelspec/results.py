"""The audit's results as typed, immutable values: what `speclogic.audit` returns.

The audit builds its per-conversation records as the JSON of docs/audit.md (that
shape is a contract of `--format json`); these dataclasses are the same records
with names a reader can complete and a type checker can follow. Each is built from
that JSON, so the two never disagree, and `to_json()` of the report stays the one
serialisation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.modelspec.audit import AuditReport


@dataclass(frozen=True)
class RuleRef:
    """A rule instance: its label with bindings, head, source text and where it is written."""
    label: str
    head: str
    source: str
    file: str | None
    line: int | None
    premises: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict | None) -> RuleRef | None:
        if data is None:
            return None
        return cls(data["label"], data["head"], data["source"], data.get("file"), data.get("line"),
                   tuple(data.get("premises", ())))


@dataclass(frozen=True)
class Decision:
    """Where two rules met and a superiority clause preferred one."""
    at: str
    winner: str
    loser: str
    clause: str
    file: str | None
    line: int | None
    because: str

    @classmethod
    def of(cls, data: dict) -> Decision:
        sup = data["superiority"]
        return cls(data["at"], data["winner"], data["loser"], sup["clause"], sup.get("file"), sup.get("line"),
                   data["because"])


def _decisions(items) -> tuple[Decision, ...]:
    return tuple(Decision.of(d) for d in items or ())


@dataclass(frozen=True)
class Instruction:
    id: str
    role: str
    authority: str | None
    status: str                  # followed, overridden or undecided
    asks: tuple[str, ...]
    asks_overridden: tuple[str, ...]
    quote: str
    rule: RuleRef | None         # the rule that decided the status
    overridden_by: str | None    # a message id or principle name, when overridden
    decided_by: tuple[Decision, ...]
    failure: str | None = None   # why an undecided instruction is undecided

    @classmethod
    def of(cls, data: dict) -> Instruction:
        by = data.get("overridden_by")
        who = None if by is None else by.get("id") or by.get("principle") or by.get("label")
        return cls(data["id"], data["role"], data.get("authority"), data["status"], tuple(data["asks"]),
                   tuple(data.get("asks_overridden", ())), data["quote"], RuleRef.of(data.get("rule")), who,
                   _decisions(data.get("decided_by")), data.get("failure"))


@dataclass(frozen=True)
class Violation:
    principle: str
    level: str | None
    acts: tuple[tuple[str, str], ...]   # (did|omitted, act)
    rule: RuleRef | None
    because_of: RuleRef | None          # the principle's own rule under a generic violation rule
    decided_by: tuple[Decision, ...]

    @classmethod
    def of(cls, data: dict) -> Violation:
        acts = tuple((a["kind"], str(a["act"])) for a in data.get("acts", ()))
        return cls(data["principle"], data.get("level"), acts, RuleRef.of(data.get("rule")),
                   RuleRef.of(data.get("because_of")), _decisions(data.get("decided_by")))


@dataclass(frozen=True)
class Reply:
    """A candidate reply: the rules' verdict and how it compares with its label."""
    id: str
    label: str                   # good, bad, ok or unlabeled
    verdict: str                 # compliant, violating or unjudged
    agreement: str               # agree, disagree, unjudged or unlabeled
    expected: str | None
    reason: str | None           # why an unjudged reply is unjudged
    quote: str
    note: str | None
    does: tuple[str, ...]
    violations: tuple[Violation, ...]
    decided_by: tuple[Decision, ...]
    reviewer_verdict: str | None = None
    fragile: bool | None = None  # with sensitivity=True: one annotation change flips it

    @classmethod
    def of(cls, data: dict) -> Reply:
        sens = data.get("sensitivity")
        return cls(data["id"], data["label"], data["verdict"], data["agreement"], data.get("expected"),
                   data.get("reason"), data["quote"], data.get("note"), tuple(data.get("does", ())),
                   tuple(Violation.of(v) for v in data.get("violations", ())), _decisions(data.get("decided_by")),
                   data.get("reviewer_verdict"), None if sens is None else bool(sens["fragile"]))


@dataclass(frozen=True)
class ConversationResult:
    id: str
    file: str
    line: int
    title: str | None
    instructions: tuple[Instruction, ...]
    replies: tuple[Reply, ...]
    unresolved: tuple[str, ...]  # "first vs second" rule labels no superiority settles

    @classmethod
    def of(cls, conv) -> ConversationResult:
        return cls(conv.id, conv.file, conv.line, conv.title,
                   tuple(Instruction.of(i) for i in conv.instructions),
                   tuple(Reply.of(c) for c in conv.candidates),
                   tuple(f"{c.first.label} vs {c.second.label}" for c in conv.unresolved))

    @property
    def disagreements(self) -> tuple[Reply, ...]:
        return tuple(r for r in self.replies if r.agreement == "disagree")


@dataclass(frozen=True)
class Summary:
    files: int
    bad_files: int
    conversations: int
    followed: int
    overridden: int
    undecided: int
    compliant: int
    violating: int
    unjudged: int
    agree: int
    disagree: int
    unlabeled: int
    by_reviewer: int
    fragile: int

    @classmethod
    def of(cls, data: dict) -> Summary:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class AuditResult:
    """Every conversation's result, the bad inputs (never dropped) and the totals."""
    conversations: tuple[ConversationResult, ...]
    summary: Summary
    errors: tuple = ()           # SpeclogicError per bad file
    profile: str = ""
    rules: str = ""
    policy: str = ""
    rulebase_warnings: tuple = field(default=())  # engine.errors.Diagnostic
    report: AuditReport | None = field(default=None, repr=False, compare=False)  # the report behind it

    @classmethod
    def of(cls, report) -> AuditResult:
        return cls(tuple(ConversationResult.of(c) for c in report.conversations), Summary.of(report.summary()),
                   tuple(report.errors), report.profile, report.rules, report.policy,
                   tuple(report.rulebase_warnings), report)

    @property
    def replies(self) -> tuple[Reply, ...]:
        return tuple(r for c in self.conversations for r in c.replies)

    def to_json(self) -> dict:
        """The JSON of `speclogic audit --format json` (docs/audit.md)."""
        assert self.report is not None, "an AuditResult is built by AuditResult.of(report)"
        return self.report.to_json()
