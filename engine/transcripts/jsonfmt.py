"""JSON and JSONL chat transcripts -> Conversations.

Accepted shapes (docs/transcripts.md): `{"messages": [...]}` (also "turns", the
derived/*.jsonl spelling), a bare list of messages, a list of conversations, or
`{"conversations": [...]}`; JSONL holds one conversation per line. Messages are
`{"role", "content"}` as the chat APIs write them; content may be a list of parts.
A `{"role": "comparison", "candidates": [...]}` turn is a comparison block.
"""
from __future__ import annotations

import json
from typing import NoReturn, TypeVar

from engine.errors import Span, SpeclogicError
from engine.transcripts import content as content_mod
from engine.transcripts.annotations import Origin, parse_annotations
from engine.transcripts.errors import BAD_CANDIDATE, BAD_JSON, BAD_LABEL, BAD_ROLE, fail
from engine.transcripts.model import LABELS, ROLES, Candidate, Comparison, Conversation, Elision, Message

ROLE_ALIASES = {"function": "tool", "human": "user", "ai": "assistant", "model": "assistant"}
MESSAGE_KEYS = ("role", "content", "annotations", "label", "label_note", "note", "label_ref", "cites",
                "candidates", "attrs")

_M = TypeVar("_M", bound=Message)


class JsonReader:
    def __init__(self, file: str, sources: dict[str, str]):
        self.file, self.sources = file, sources

    def fail(self, code: str, message: str, line: int, column: int = 1) -> NoReturn:
        fail(code, message, Span(self.file, line, column), self.sources)

    def document(self, text: str) -> list[Conversation]:
        data = self._load(text, 1)
        if isinstance(data, dict) and "conversations" in data:
            data = data["conversations"]
            if not isinstance(data, list):
                self.fail(BAD_JSON, '"conversations" must be a list of conversations', 1)
        if isinstance(data, list) and data and all(isinstance(d, dict) and _is_conversation(d) for d in data):
            return [self.conversation(d, 1, f"[{k}]") for k, d in enumerate(data)]
        return [self.conversation(data, 1, "")]

    def lines(self, text: str) -> list[Conversation]:
        out = []
        for n, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                out.append(self.record(line, n))
        return out

    def record(self, line: str, n: int) -> Conversation:
        """The conversation on line n of a JSONL file."""
        return self.conversation(self._load(line, n), n, "")

    def _load(self, text: str, line: int):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            self.fail(BAD_JSON, f"not JSON: {exc.msg}", line + exc.lineno - 1, exc.colno)
        except RecursionError:
            self.fail(BAD_JSON, "JSON nested too deeply", line)

    def conversation(self, data, line: int, path: str) -> Conversation:
        if isinstance(data, list):
            data = {"messages": data}
        if not isinstance(data, dict):
            self.fail(BAD_JSON, f"{path or 'the document'}: expected an object with \"messages\" or a list "
                      "of messages", line)
        turns = data.get("messages", data.get("turns"))
        if not isinstance(turns, list):
            self.fail(BAD_JSON, f'{path or "the conversation"}: "messages" must be a list', line)
        conv = Conversation([], self.file, Span(self.file, line, 1))
        conv.explicit_id = self._opt_str(data, ("id", "example_id"), line, path)
        conv.title = self._opt_str(data, ("title", "example_title"), line, path)
        conv.title_cites = content_mod.title_cites(conv.title)
        conv.section = self._opt_str(data, ("section_id", "section"), line, path) or None
        conv.authority = self._opt_str(data, ("authority",), line, path) or None
        tags = data.get("tags") or []
        conv.tags = tags.split() if isinstance(tags, str) else [str(t) for t in tags]
        conv.annotations = self._annotations(data, line, path)
        if isinstance(data.get("system"), str):  # Anthropic-style top-level system prompt
            conv.items.append(self.message({"role": "system", "content": data["system"]}, line, path + ".system", Message))
        for k, turn in enumerate(turns):
            where = f"{path}.messages[{k}]".lstrip(".")
            if isinstance(turn, dict) and turn.get("role") == "comparison":
                conv.items.append(self.comparison(turn, line, where))
            elif isinstance(turn, dict) and turn.get("role") == "_elision":
                conv.items.append(Elision(Span(self.file, line, 1), str(turn.get("content") or "[...]")))
            else:
                conv.items.append(self.message(turn, line, where, Message))
        return conv

    def comparison(self, turn: dict, line: int, where: str) -> Comparison:
        cands = turn.get("candidates")
        if not isinstance(cands, list):
            self.fail(BAD_JSON, f'{where}: a comparison needs a "candidates" list', line)
        cmp = Comparison([], Span(self.file, line, 1), self._annotations(turn, line, where))
        for k, c in enumerate(cands):
            cand = self.message(c, line, f"{where}.candidates[{k}]", Candidate)
            if cand.role != "assistant":
                self.fail(BAD_CANDIDATE, f"{where}.candidates[{k}]: candidates are assistant replies", line)
            cmp.candidates.append(cand)
        return cmp

    def message(self, turn, line: int, where: str, kind: type[_M]) -> _M:
        """A turn read as a Message, or as a Candidate inside a comparison."""
        if not isinstance(turn, dict):
            self.fail(BAD_JSON, f"{where}: a message must be an object with \"role\" and \"content\"", line)
        role = turn.get("role")
        role = ROLE_ALIASES.get(role, role) if isinstance(role, str) else role
        if role not in ROLES:
            self.fail(BAD_ROLE, f"{where}: unknown role {json.dumps(role)} (expected one of "
                      f"{', '.join(ROLES)}, comparison, _elision)", line)
        msg = kind(role, self._text(turn.get("content"), line, where), Span(self.file, line, 1))
        given = turn.get("attrs")
        attrs = given if isinstance(given, dict) else {}
        extra = {k: v for k, v in turn.items() if k not in MESSAGE_KEYS}
        msg.attrs = {str(k): _attr_value(v) for k, v in {**attrs, **extra}.items() if v is not None}
        msg.annotations = self._annotations(turn, line, where)
        if isinstance(msg, Candidate):
            self._label(msg, turn, line, where)
        elif "label" in turn:
            self.fail(BAD_LABEL, f"{where}: a label belongs on a candidate inside a comparison", line)
        content_mod.read_structure(msg, lambda off, width: Span(self.file, line, 1), self.sources)
        return msg

    def _label(self, cand: Candidate, turn: dict, line: int, where: str) -> None:
        label = turn.get("label")
        if label is not None:
            if not isinstance(label, str) or label.lower() not in LABELS:
                self.fail(BAD_LABEL, f"{where}: label must be GOOD, BAD or OK", line)
            cand.label = label.lower()
        note = turn.get("label_note", turn.get("note"))
        if isinstance(note, str) and note.strip(" ,:"):
            cand.note = note.strip().lstrip(",:").strip()
        cites = turn.get("cites", turn.get("label_ref")) or []
        for cite in [cites] if isinstance(cites, str) else cites:
            cand.cites.extend(content_mod.CITE.findall(str(cite)))

    def _text(self, content, line: int, where: str) -> str:
        if content is None:
            return ""
        if isinstance(content, str):
            return content_mod.trim_blank_lines(content.replace("\r\n", "\n"))
        if isinstance(content, list):  # content parts: keep the text ones
            texts = [p if isinstance(p, str) else p.get("text") for p in content if isinstance(p, (str, dict))]
            return content_mod.trim_blank_lines("\n\n".join(t for t in texts if isinstance(t, str)))
        self.fail(BAD_JSON, f"{where}: content must be a string or a list of parts", line)

    def _opt_str(self, data: dict, keys, line: int, path: str) -> str | None:
        for key in keys:
            if key in data and data[key] is not None:
                if not isinstance(data[key], (str, int)):
                    self.fail(BAD_JSON, f'{path or "the conversation"}: "{key}" must be a string', line)
                return str(data[key])
        return None

    def _annotations(self, data: dict, line: int, where: str):
        raw = data.get("annotations")
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(a, str) for a in items):
            self.fail(BAD_JSON, f'{where or "the conversation"}: "annotations" must be a string or a list '
                      "of strings such as \"asks(hints_only)\"", line)
        out = []
        for k, text in enumerate(items):
            try:
                out.extend(parse_annotations(text, Origin(self.file, 1, 1)))
            except SpeclogicError as exc:  # the column is inside the JSON string: say so, point at the line
                d = exc.diagnostics[0]
                assert d.span is not None, "parse_annotations points every error into the text"
                self.fail(d.code, f"{where or 'the conversation'}.annotations[{k}], column {d.span.column} of "
                          f"{json.dumps(text, ensure_ascii=False)}: {d.message}", line)
        return out


def _is_conversation(d: dict) -> bool:
    return "messages" in d or "turns" in d


def _attr_value(v) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def parse_json(text: str, file: str, sources=None) -> list[Conversation]:
    return JsonReader(file, sources if sources is not None else {file: text}).document(text)


def parse_jsonl(text: str, file: str, sources=None) -> list[Conversation]:
    return JsonReader(file, sources if sources is not None else {file: text}).lines(text)
