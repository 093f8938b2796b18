"""Transcript paths: directories are walked for transcript files in sorted order."""
from __future__ import annotations

from pathlib import Path

from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError

TRANSCRIPT_SUFFIXES = (".md", ".markdown", ".xml", ".json", ".jsonl", ".ndjson", ".txt")


def transcript_files(paths, extra_suffixes=()) -> tuple[list[Path], list[SpeclogicError]]:
    """Files named directly are taken whatever their suffix; directories give their
    transcript files, recursively, sorted; "-" is standard input, as in every other
    command. A path that does not exist is an error for that path only."""
    files: list[Path] = []
    errors: list[SpeclogicError] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            files.append(path)
        elif path.is_dir():
            wanted = TRANSCRIPT_SUFFIXES + tuple(extra_suffixes)
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.exists():
            files.append(path)
        else:
            errors.append(SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"no such file or directory: {raw}",
                                                    Span(str(raw), 1, 1))))
    return files, errors
