"""Files -> Conversations with settled ids.

Conversation ids (docs/transcripts.md): an explicit id (`<conversation id=...>`,
JSON "id"); else `<section_id>.<n>` for the n-th example under a `{#section_id}`
heading; else the file stem, plus `.<n>` when the file holds several. When two
files given together produce the same id, the later one is prefixed with its
parent directory (`2025-12-18/definitions.1`), then suffixed `#2`, `#3`...
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.transcripts.errors import BAD_ENCODING, DUPLICATE_ID, EMPTY, fail, position
from engine.transcripts.example import parse_example
from engine.transcripts.jsonfmt import parse_json, parse_jsonl
from engine.transcripts.markdown import EXAMPLE, parse_markdown
from engine.transcripts.model import Conversation, assign_ids

FORMATS = ("auto", "example", "markdown", "json", "jsonl")
_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".md": "markdown", ".markdown": "markdown"}


def detect_format(file: str, text: str) -> str:
    fmt = _BY_SUFFIX.get(Path(file).suffix.lower())
    if fmt:
        return fmt
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and lines[0][:1] == "{" or lines and lines[0][:2] in ("[{", "[]"):
        return "jsonl" if len(lines) > 1 and all(line[:1] in "{[" for line in lines) else "json"
    if any(EXAMPLE.match(line) for line in text.split("\n")):
        return "markdown"
    return "example"


def load_text(text: str, file: str = "<string>", fmt: str = "auto") -> list[Conversation]:
    """Parse one file's text; ids are unique within it. Raises SpeclogicError."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    sources = {file: text}
    fmt = detect_format(file, text) if fmt == "auto" else fmt
    readers: dict[str, Callable[..., list[Conversation]]] = {
        "example": parse_example, "markdown": parse_markdown, "json": parse_json, "jsonl": parse_jsonl,
    }
    reader = readers[fmt]
    convs = reader(text, file, sources=sources)
    if not convs or (fmt == "example" and len(convs) == 1 and _blank(convs[0])):
        what = "no **Example** with an xml block" if fmt == "markdown" else "no conversation"
        fail(EMPTY, f"{what} in this file", Span(file, 1, 1), sources)
    _name(convs, file.strip("<>") if file.startswith("<") else Path(file).stem, sources)
    return convs


def load_file(path: str | Path, fmt: str = "auto") -> list[Conversation]:
    file = str(path)
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"cannot read {file}: {exc.strerror}", Span(file, 1, 1))) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[:exc.start].decode("utf-8", errors="replace")
        line, col = position(good, len(good))
        fail(BAD_ENCODING, "the file is not UTF-8 text", Span(file, line, col), {file: good})
    return load_text(text, "<stdin>" if file == "-" else file, fmt)


def load_paths_report(paths, fmt: str = "auto") -> tuple[list[Conversation], list[SpeclogicError]]:
    """Every file that parses contributes its conversations; every one that does not, its error."""
    conversations: list[Conversation] = []
    errors: list[SpeclogicError] = []
    taken: set[str] = set()
    for path in paths:
        try:
            convs = load_file(path, fmt)
        except SpeclogicError as exc:
            errors.append(exc)
            continue
        for conv in convs:
            settle_across_files(conv, taken)
        conversations.extend(convs)
    return conversations, errors


def settle_across_files(conv: Conversation, taken: set[str]) -> None:
    """An id another file already gave is prefixed with this file's folder (then `#2` ...)."""
    if conv.id in taken:
        assign_ids(conv, _unique(f"{Path(conv.file).parent.name}/{conv.id}", taken))
    taken.add(conv.id)


def load_paths(paths, fmt: str = "auto") -> list[Conversation]:
    """All conversations of all files; the first bad file's error is raised after all were read."""
    conversations, errors = load_paths_report(paths, fmt)
    if errors:
        diagnostics = [d for e in errors for d in e.diagnostics]
        sources = {k: v for e in errors for k, v in e.sources.items()}
        raise SpeclogicError(diagnostics, sources)
    return conversations


def _name(convs: list[Conversation], stem: str, sources) -> None:
    namer = Namer(stem, len(convs))
    for index, conv in enumerate(convs, start=1):
        namer.name(conv, index, sources)


class Namer:
    """Ids within one file: explicit, `<section>.<n>`, or the stem (`.<index>` when the
    file holds several conversations)."""

    def __init__(self, stem: str, total: int):
        self.stem, self.total = stem, total
        self.per_section: dict[str, int] = {}
        self.taken: set[str] = set()

    def name(self, conv: Conversation, index: int, sources) -> None:
        if conv.explicit_id:
            cid = conv.explicit_id
        elif conv.section:
            self.per_section[conv.section] = self.per_section.get(conv.section, 0) + 1
            cid = f"{conv.section}.{self.per_section[conv.section]}"
        else:
            cid = self.stem if self.total == 1 else f"{self.stem}.{index}"
        if cid in self.taken:
            fail(DUPLICATE_ID, f"conversation id '{cid}' is used twice in this file", conv.span, sources)
        self.taken.add(cid)
        assign_ids(conv, cid)


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}#{n}"
    return candidate


def _blank(conv: Conversation) -> bool:
    return not (conv.items or conv.annotations or conv.explicit_id or conv.title)
