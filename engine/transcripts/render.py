"""Facts -> Conversations -> the example format: the way back.

`conversations_from_facts` rebuilds conversations from the facts alone (derived facts
such as setting/untrusted/elided/tool_name/candidate_after come back from the
text); `render_transcript` writes them as `<conversation>` blocks that parse to the
same facts, except `conversation_source`, which names where the text now lives.
Whatever the format cannot express raises transcript_unrenderable.
"""
from __future__ import annotations

import re

from engine import ast
from engine.errors import Span, SpeclogicError
from engine.transcripts.annotations import DIRECTIVE
from engine.transcripts.content import parse_label
from engine.transcripts.errors import UNRENDERABLE, fail
from engine.transcripts.facts import fact_key
from engine.transcripts.model import (
    CORE_PREDICATES,
    UNLABELED,
    Annotation,
    Candidate,
    Comparison,
    Conversation,
    Elision,
    Message,
)

_CLOSING = re.compile(r"</(system|developer|user|assistant|tool|comparison|conversation)\s*>")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_NOWHERE = Span("<facts>", 1, 1)
# derived again from the rendered text, so not read back from the facts
_DERIVED = {"conversation_source", "conversation_cites", "setting", "tool_name", "untrusted", "elided",
            "candidate_after"}


def conversations_from_facts(facts) -> list[Conversation]:
    keys = [fact_key(f) if isinstance(f, ast.Rule) else f for f in facts]
    convs: dict[str, Conversation] = {}
    entities: dict[str, object] = {}
    for pred, negated, args in keys:
        if pred == "conversation" and not negated:
            convs[args[0]] = entities[args[0]] = Conversation([], "<facts>", _NOWHERE, explicit_id=args[0])
            convs[args[0]].id = args[0]
    for pred, _negated, args in keys:  # messages and blocks first: annotations need their entity
        if pred == "message":
            msg = Message(args[3], "", _NOWHERE, index=args[2], id=args[0])
            entities[args[0]] = msg
            convs[args[1]].items.append(msg)
        elif pred == "comparison":
            cmp = Comparison([], _NOWHERE, index=args[2], id=args[0])
            entities[args[0]] = cmp
            convs[args[1]].items.append(cmp)
        elif pred == "elision":
            convs[args[0]].items.append(Elision(_NOWHERE, index=args[1]))
    for pred, _negated, args in keys:
        if pred == "candidate":
            entities[args[0]] = Candidate("assistant", "", _NOWHERE, index=args[2], id=args[0], label=args[3])
    for pred, negated, args in keys:
        _apply(pred, negated, args, convs, entities)
    for conv in convs.values():
        conv.items.sort(key=lambda it: (it.index, 0 if isinstance(it, Elision) else 1 if isinstance(it, Comparison)
                                        else 2))
        for cmp in conv.comparisons:
            cmp.candidates.sort(key=lambda c: c.position)
    return list(convs.values())


def _apply(pred, negated, args, convs, entities) -> None:
    if pred in _DERIVED or pred in ("conversation", "message", "comparison", "elision", "candidate"):
        return
    target = entities.get(args[0]) if args else None
    if target is None:
        fail(UNRENDERABLE, f"fact {pred}/{len(args)} is not about a conversation, message or reply", _NOWHERE)
    if pred == "conversation_title":
        target.title = args[1]
    elif pred == "example_section":
        target.section = args[1]
    elif pred == "section_authority":
        target.authority = args[1]
    elif pred == "section_tag":
        target.tags.append(args[1])
    elif pred == "content":
        target.text = args[1]
    elif pred == "attr":
        target.attrs[args[1]] = args[2]
    elif pred == "candidate_of":
        target.position, target.comparison_id = args[2], args[1]
        entities[args[1]].candidates.append(target)
    elif pred == "candidate_note":
        target.note = args[1]
    elif pred == "cites":
        target.cites.append(args[1])
    elif pred in CORE_PREDICATES:
        fail(UNRENDERABLE, f"unexpected {pred}/{len(args)} fact", _NOWHERE)
    else:
        target.annotations.append(Annotation(pred, tuple(args[1:]), negated))


# ---------------------------------------------------------------- writing


def render_transcript(conversations) -> str:
    return "\n".join(_conversation(conv) for conv in conversations)


def _conversation(conv: Conversation) -> str:
    attrs = {"id": conv.id, "title": conv.title, "section": conv.section, "authority": conv.authority,
             "tags": " ".join(conv.tags) or None}
    out = [f"<conversation{_attrs(attrs)}>"]
    out += _annotation_comment(conv.annotations)
    for item in conv.items:
        if isinstance(item, Elision):
            out.append(item.text if item.text.startswith("[") else "[...]")
        elif isinstance(item, Comparison):
            out.append("<comparison>")
            out += _annotation_comment(item.annotations)
            out += [_message(c) for c in item.candidates]
            out.append("</comparison>")
        else:
            out.append(_message(item))
    out.append("</conversation>")
    return "\n".join(out) + "\n"


def _message(msg: Message) -> str:
    _check_text(msg)
    head = f"<{msg.role}{_attrs(msg.attrs)}>"
    if isinstance(msg, Candidate) and msg.label != UNLABELED:
        cites = f"[{', '.join('#' + c for c in msg.cites)}]" if msg.cites else ""
        note = f": {msg.note}" if msg.note else ""
        _check_comment(note, msg)
        head += f" <!-- {msg.label.upper()}{cites}{note} -->"
    lines = [head] + _annotation_comment(msg.annotations) + [msg.text, f"</{msg.role}>"]
    return "\n".join(lines)


def _annotation_comment(annotations) -> list[str]:
    if not annotations:
        return []
    text = "; ".join(_term(a) for a in annotations)
    if "-->" in text:
        fail(UNRENDERABLE, "an annotation string contains '-->', which would end its comment", _NOWHERE)
    return [f"<!-- @facts: {text} -->"]


def _term(a: Annotation) -> str:
    sign = "~" if a.negated else ""
    if not a.args:
        return f"{sign}{a.pred}"
    return f"{sign}{a.pred}({', '.join(ast.format_value(v) for v in a.args)})"


def _attrs(attrs: dict) -> str:
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        if not _ATTR_NAME.fullmatch(key) or key == "facts":
            fail(UNRENDERABLE, f"{key!r} cannot be written as an attribute name", _NOWHERE)
        value = str(value)
        quote = '"' if '"' not in value else "'"
        if quote in value:
            fail(UNRENDERABLE, f"attribute {key} holds both kinds of quote", _NOWHERE)
        out.append(f" {key}={quote}{value}{quote}")
    return "".join(out)


def _check_text(msg: Message) -> None:
    bad = _CLOSING.search(msg.text)
    if bad:
        fail(UNRENDERABLE, f"{msg.id}: the text contains {bad.group(0)}, which would end the message", _NOWHERE)
    labelled = isinstance(msg, Candidate) and msg.label != UNLABELED
    for m in _COMMENT.finditer(msg.text):
        leading = not labelled and not msg.text[:m.start()].strip()
        if DIRECTIVE.match(m.group(1)) or (leading and _label_like(m.group(1))):
            fail(UNRENDERABLE, f"{msg.id}: the text holds a comment that would read as a label or @facts",
                 _NOWHERE)
    if "<!--" in _COMMENT.sub("", msg.text):
        fail(UNRENDERABLE, f"{msg.id}: the text holds an unclosed <!--", _NOWHERE)


def _label_like(comment: str) -> bool:
    try:
        return parse_label(comment, _NOWHERE, {}) is not None
    except SpeclogicError:
        return True


def _check_comment(text: str, msg: Message) -> None:
    if "-->" in text:
        fail(UNRENDERABLE, f"{msg.id}: the note contains '-->'", _NOWHERE)
