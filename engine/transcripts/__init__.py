"""Transcripts -> facts: the Model Spec example format, markdown, JSON and JSONL.

    convs = load_paths(["chat.xml"])          # or load_paths_report(paths) -> (convs, errors)
    facts = [f for c in convs for f in conversation_facts(c)]
    print(render_dl(facts))                   # valid speclogic input

The schema is docs/facts.md; the formats and the annotation syntax, docs/transcripts.md.
"""
from engine.transcripts.facts import conversation_facts, fact_key, facts_json, render_dl
from engine.transcripts.loader import load_file, load_paths, load_paths_report, load_text
from engine.transcripts.model import Annotation, Candidate, Comparison, Conversation, Elision, Message
from engine.transcripts.render import conversations_from_facts, render_transcript

__all__ = [
    "Annotation", "Candidate", "Comparison", "Conversation", "Elision", "Message",
    "conversation_facts", "conversations_from_facts", "fact_key", "facts_json", "load_file", "load_paths",
    "load_paths_report", "load_text", "render_dl", "render_transcript",
]
