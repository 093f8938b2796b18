"""The parsed shape of a transcript: conversations, messages, comparison blocks.

Every input format (Model Spec examples, markdown, JSON, JSONL) produces these, and
engine/transcripts/facts.py turns them into facts; nothing downstream reads files.
Ids are filled in by `assign_ids` once the conversation's own id is settled.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import Diagnostic, Span

Value = str | int | float

ROLES = ("system", "developer", "user", "assistant", "tool")
LABELS = ("good", "bad", "ok")
UNLABELED = "unlabeled"


@dataclass(frozen=True)
class Annotation:
    """`pred(a1, ..., an)` attached to an entity E: the fact `pred(E, a1, ..., an)`."""

    pred: str
    args: tuple[Value, ...] = ()
    negated: bool = False
    span: Span | None = field(default=None, compare=False, hash=False)


@dataclass
class Message:
    role: str
    text: str
    span: Span
    attrs: dict[str, str] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    untrusted: list[str] = field(default_factory=list)
    elided: bool = False
    settings: list[tuple[str, Value]] = field(default_factory=list)
    index: int = -1  # position among the conversation's messages outside comparisons
    id: str = ""


@dataclass
class Candidate(Message):
    """A reply inside a <comparison>: a Message with a label and its comment."""

    label: str = UNLABELED
    note: str | None = None
    cites: list[str] = field(default_factory=list)
    position: int = 0  # 1-based within its comparison block
    comparison_id: str = ""
    after: str | None = None  # id of the last message before the block


@dataclass
class Comparison:
    candidates: list[Candidate]
    span: Span
    annotations: list[Annotation] = field(default_factory=list)
    index: int = 0  # number of messages before the block (the position its replies would take)
    number: int = 0  # 1-based among the conversation's comparison blocks
    id: str = ""


@dataclass
class Elision:
    """A standalone `[...]` between messages: messages were left out here."""

    span: Span
    text: str = "[...]"
    index: int = 0  # number of messages before it


Item = Message | Comparison | Elision


@dataclass
class Conversation:
    items: list[Item]
    file: str
    span: Span
    title: str | None = None
    section: str | None = None
    authority: str | None = None
    tags: list[str] = field(default_factory=list)
    title_cites: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    explicit_id: str | None = None  # from `<conversation id=...>` or a JSON "id"
    warnings: list[Diagnostic] = field(default_factory=list)
    id: str = ""

    @property
    def messages(self) -> list[Message]:
        return [it for it in self.items if type(it) is Message]

    @property
    def comparisons(self) -> list[Comparison]:
        return [it for it in self.items if isinstance(it, Comparison)]

    @property
    def candidates(self) -> list[Candidate]:
        return [c for cmp in self.comparisons for c in cmp.candidates]

    @property
    def settings(self) -> list[tuple[str, Value]]:
        return [kv for m in self.messages if m.role == "system" for kv in m.settings]

    def role_sequence(self) -> list[str]:
        """Roles in order, with `comparison` for a block and `_elision` for a gap."""
        out = []
        for it in self.items:
            if isinstance(it, Comparison):
                out.append("comparison")
            elif isinstance(it, Elision):
                out.append("_elision")
            else:
                out.append(it.role)
        return out

    def label_counts(self) -> dict[str, int]:
        counts = {label: 0 for label in LABELS}
        for cand in self.candidates:
            if cand.label in counts:
                counts[cand.label] += 1
        return counts

    def entity(self, entity_id: str) -> Conversation | Message | Comparison | None:
        if entity_id == self.id:
            return self
        for it in self.items:
            if isinstance(it, Comparison):
                if it.id == entity_id:
                    return it
                for cand in it.candidates:
                    if cand.id == entity_id:
                        return cand
            elif isinstance(it, Message) and it.id == entity_id:
                return it
        return None


def assign_ids(conv: Conversation, conv_id: str) -> None:
    """Number messages, blocks and replies; ids follow `<conv>.m<index>`, `<conv>.c<n>`, `<conv>.c<n>.r<k>`."""
    conv.id = conv_id
    index = 0
    number = 0
    last_message: Message | None = None
    for it in conv.items:
        if isinstance(it, Comparison):
            number += 1
            it.number, it.index, it.id = number, index, f"{conv_id}.c{number}"
            for pos, cand in enumerate(it.candidates, start=1):
                cand.position, cand.index = pos, index
                cand.comparison_id = it.id
                cand.id = f"{it.id}.r{pos}"
                cand.after = last_message.id if last_message else None
        elif isinstance(it, Elision):
            it.index = index
        else:
            it.index, it.id = index, f"{conv_id}.m{index}"
            last_message = it
            index += 1


# Predicates the transcript facts use themselves; an annotation may not reuse them,
# so a hostile or mistaken annotation can never forge a message, a label or a setting.
CORE_PREDICATES = frozenset({
    "conversation", "conversation_title", "conversation_source", "conversation_cites",
    "example_section", "section_authority", "section_tag",
    "message", "content", "attr", "tool_name", "setting", "untrusted", "elided", "elision",
    "comparison", "candidate", "candidate_of", "candidate_after", "candidate_note", "cites",
})
