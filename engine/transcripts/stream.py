"""Transcript files read one conversation at a time, for audits of large corpora.

`iter_paths` yields what `load_paths_report` returns (the same conversations with the
same ids, in the same order, and each bad file's error), but lazily, and a JSONL file
a record at a time: memory holds one record, not the corpus. So a bad record is that
record's error (its line, its column) and the file's other records still come; a
whole-file read (`load_file`, `speclogic facts`) refuses such a file instead.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.transcripts.errors import BAD_ENCODING, EMPTY, fail
from engine.transcripts.jsonfmt import JsonReader
from engine.transcripts.loader import Namer, load_file, settle_across_files
from engine.transcripts.model import Conversation

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def iter_paths(paths, fmt: str = "auto") -> Iterator[Conversation | SpeclogicError]:
    taken: set[str] = set()
    for path in paths:
        items: Iterable[Conversation | SpeclogicError]
        if _is_jsonl(path, fmt):
            items = iter_jsonl(path)
        else:
            try:
                items = load_file(path, fmt)
            except SpeclogicError as exc:
                items = [exc]
        for item in items:
            if isinstance(item, Conversation):
                settle_across_files(item, taken)
            yield item


def _is_jsonl(path, fmt: str) -> bool:
    if str(path) == "-":
        return False
    return fmt == "jsonl" or fmt == "auto" and Path(path).suffix.lower() in JSONL_SUFFIXES


def iter_jsonl(path) -> Iterator[Conversation | SpeclogicError]:
    """One JSONL file, record by record; ids as load_file gives them."""
    file = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"cannot read {file}: {exc.strerror}", Span(file, 1, 1)))
        return
    with handle:
        # a file with one conversation names it after the file, several get `.<n>`: count first
        total = sum(1 for n, raw in enumerate(handle, start=1) if not _blank(*_text(raw, n)))
        if total == 0:
            yield SpeclogicError(Diagnostic(EMPTY, "no conversation in this file", Span(file, 1, 1)))
            return
        handle.seek(0)
        namer = Namer(Path(file).stem, total)
        index = 0
        for n, raw in enumerate(handle, start=1):
            line, bad_at = _text(raw, n)
            if _blank(line, bad_at):
                continue
            index += 1
            # the caret renderer finds line n of the file's text: give it that line alone
            sources = {file: "\n" * (n - 1) + line}
            try:
                if bad_at is not None:
                    fail(BAD_ENCODING, "the file is not UTF-8 text", Span(file, n, bad_at + 1), sources)
                conv = JsonReader(file, sources).record(line, n)
                namer.name(conv, index, sources)
            except SpeclogicError as exc:
                yield exc
                continue
            yield conv


def _blank(line: str, bad_at: int | None) -> bool:
    return bad_at is None and not line.strip()


def _text(raw: bytes, n: int) -> tuple[str, int | None]:
    """A line's text (as load_text reads it: no BOM, no CR before the LF) and the column
    of its first byte that is not UTF-8, if any."""
    if raw.endswith(b"\r\n"):
        raw = raw[:-2]
    elif raw.endswith(b"\n"):
        raw = raw[:-1]
    try:
        text = raw.decode("utf-8")
        bad_at = None
    except UnicodeDecodeError as exc:
        text = raw[:exc.start].decode("utf-8", errors="replace")
        bad_at = len(text)
    if n == 1:
        text = text.lstrip("\ufeff")
    return text, bad_at
