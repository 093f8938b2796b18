"""What the short form of `why` adds under its one level: the superiority decisions
met further down the proof (where the verdict was really contested), minus those the
level shown already names.

A reply's verdict is decided one level up by a generic rule (`breach(R, P) >
presume(R)`); the contest that made the principle apply -- the developer's
instruction overriding the user's -- sits deeper. engine.modelspec.decisions walks the
proof for them; this keeps the ones a reader would not see otherwise.
"""
from __future__ import annotations

from engine.explain.why import Node
from engine.modelspec.decisions import decisions


def deeper_decisions(solution, root: Node) -> list[dict]:
    shown = {(e.by.label, e.rule.label) for e in root.attackers + root.supporters if e.by is not None}
    return [d for d in decisions(solution, root.literal) if (d["winner"], d["loser"]) not in shown]
