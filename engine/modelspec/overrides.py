"""Which rule instance overrode which, per conversation: the audit's override graph.

The audit solves several conversations in one theory; a conflict belongs to the
conversation whose message or reply ids appear in the bindings of its rules.
"""
from __future__ import annotations

from engine.explain import conflicts


def overrides_by_conversation(sol, conversations) -> dict[str, list]:
    owner: dict[str, str] = {}
    for conv in conversations:
        owner[conv.id] = conv.id
        for m in conv.messages:
            owner[m.id] = conv.id
        for c in conv.candidates:
            owner[c.id] = conv.id
    out: dict[str, list] = {conv.id: [] for conv in conversations}
    for conflict in conflicts(sol):
        conv_id = _owner(conflict, owner)
        if conv_id is not None:
            out[conv_id].append(conflict)
    return out


def _owner(conflict, owner) -> str | None:
    for ref in (conflict.first, conflict.second):
        for value in ref.bindings.values():
            if isinstance(value, str) and value in owner:
                return owner[value]
    return None
