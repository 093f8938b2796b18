"""Transcript messages behind the facts of a proof.

Transcript facts name messages by id (`content("tutor.m2", "...")`,
`message("tutor.m2", C, 1, developer)`); whenever a literal in an explanation
has such an id as an argument, the explanation quotes the message.
"""
from __future__ import annotations

from engine.ground.model import GroundTheory


class MessageIndex:
    def __init__(self, g: GroundTheory):
        self.text: dict[str, str] = {}
        self.role: dict[str, str] = {}
        for lid, (pred, negated, args) in enumerate(g.keys):
            if negated or lid not in g.definite:
                continue
            if pred == "content" and len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], str):
                self.text[args[0]] = args[1]
            elif pred == "message" and len(args) == 4 and isinstance(args[0], str):
                self.role[args[0]] = str(args[3])
            elif pred == "candidate" and len(args) == 4 and isinstance(args[0], str):
                self.role.setdefault(args[0], f"assistant candidate ({args[3]})")

    def quote(self, key) -> dict | None:
        pred, _, args = key
        if pred in ("content", "message", "candidate"):
            return None  # the fact already is the message
        for a in args:
            if isinstance(a, str) and a in self.text:
                return {"id": a, "role": self.role.get(a), "text": self.text[a]}
        return None
