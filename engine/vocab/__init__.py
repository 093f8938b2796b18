"""The annotation vocabulary: what transcripts may say, declared in the rulebase.

`#annotation` and `#value` statements (docs/language.md) declare every annotation
predicate the rules read, its slots, and the constants of its closed slots, each
with a gloss and an example. Transcripts are checked against it when they are
loaded for a rulebase (engine/vocab/check.py), so a typo or a synonym is an error
instead of a silently different verdict.
"""
from engine.vocab.model import Term, Value, Vocabulary, vocabulary_of

__all__ = ["Term", "Value", "Vocabulary", "vocabulary_of"]
