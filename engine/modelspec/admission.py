"""What a conversation must satisfy before a rulebase judges it.

Two checks, both on the annotations: they may not state the rulebase's own
conclusions (a transcript supplies evidence, never verdicts), and they must use
the rulebase's declared vocabulary (engine/vocab/check.py). A conversation that
fails either is bad input, reported at its annotations; the others still run.
"""
from __future__ import annotations

from engine.errors import Diagnostic
from engine.vocab.check import check_conversation

FORGED_CONCLUSION = "annotation_forges_conclusion"


def forged_conclusions(conv, derived) -> list[Diagnostic]:
    entities = [conv, *conv.messages, *conv.comparisons, *conv.candidates]
    return [Diagnostic(FORGED_CONCLUSION, f"the annotation '{a.pred}' states a conclusion of the rulebase; "
                       "annotate what happened (asks, about, does ...) and let the rules conclude it", a.span)
            for entity in entities for a in entity.annotations if a.pred in derived]


def inadmissible(conv, rulebase) -> list[Diagnostic]:
    """Why `conv` cannot be judged by `rulebase` (empty: it can)."""
    return forged_conclusions(conv, rulebase.derived) or check_conversation(conv, rulebase.vocabulary)
