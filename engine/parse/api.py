"""The parsing entry points the rest of speclogic calls (re-exported by engine.parse)."""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import PurePath

from engine import ast
from engine.errors import BAD_QUERY, FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.parse.dl import parse_dl, parse_dl_literal


def parse_dfl(text: str, filename: str = "<string>") -> ast.Program:
    from engine.parse.dfl import parse_dfl as _parse_dfl

    return _parse_dfl(text, filename)


def parse_text(text: str, filename: str = "<string>") -> ast.Program:
    """Parse one source; the dialect follows the extension (`.dfl` is SPINdle's DFL, anything else `.dl`)."""
    if PurePath(filename).suffix.lower() == ".dfl":
        return parse_dfl(text, filename)
    return parse_dl(text, filename)


def with_full_spans(program: ast.Program) -> ast.Program:
    """`program` with every statement read with compact spans (engine/parse/fast_lines.py)
    replaced by the same statement read again with a span for each node, from the source
    text the program keeps; the program itself if it has none. Only reports need this."""
    from engine.parse.fast_lines import is_compact

    compact_files = {st.span.file for st in program.statements if is_compact(st)}  # type: ignore[union-attr]
    if not compact_files:
        return program
    full: dict[tuple, ast.Statement] = {}
    for name in compact_files:
        if name in program.sources:
            for st in parse_dl(program.sources[name], name, full_spans=True).statements:
                if st.span is not None:
                    full[(name, st.span.line, st.span.column)] = st
    statements = [
        full.get((st.span.file, st.span.line, st.span.column), st) if is_compact(st) else st  # type: ignore[union-attr]
        for st in program.statements
    ]
    return dataclasses.replace(program, statements=statements)  # the sources and the rest as they were


def read_source(path: str) -> str:
    """The text of `path`; "-" is stdin. Works for pipes such as /dev/fd/63."""
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        # utf-8-sig drops a byte-order mark; no newline translation keeps columns true
        return data.decode("utf-8-sig")
    except FileNotFoundError:
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"no such file: {path}", Span(path, 1, 1))) from None
    except IsADirectoryError:
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"{path} is a directory, not a file", Span(path, 1, 1))) from None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        msg = f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        source = data[: data.find(b"\n", exc.start) if b"\n" in data[exc.start:] else len(data)]
        shown = {path: source.decode("utf-8", errors="replace")}
        raise SpeclogicError(Diagnostic("syntax_error", msg, Span(path, line, column)), shown) from None
    except OSError as exc:
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"cannot read {path}: {exc.strerror}", Span(path, 1, 1))) from None


def source_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def load_files(paths: list[str]) -> ast.Program:
    """Read and parse every path into one Program. If any file is missing or does not
    parse, every file is still tried and one SpeclogicError carries all their errors."""
    program, failures, sources = parse_each(paths)
    if failures:
        raise SpeclogicError([d for exc in failures for d in exc.diagnostics], sources)
    return program


def parse_each(paths: list[str]) -> tuple[ast.Program, list[SpeclogicError], dict[str, str]]:
    """Parse every path (a path given twice is read once); return the merged Program of
    the files that parsed, the errors of those that did not, and all source texts (for
    rendering carets in either)."""
    program = ast.Program()
    errors: list[SpeclogicError] = []
    sources: dict[str, str] = {}
    for path in _distinct(paths):
        name = source_name(path)
        try:
            text = read_source(path)
            sources[name] = text
            program.extend(parse_text(text, name))
        except SpeclogicError as exc:
            errors.append(exc)
            for key, text in exc.sources.items():
                sources.setdefault(key, text)
    return program, errors, sources


def _distinct(paths):
    """Each file once, however it is spelled (`a.dl`, `./a.dl`, a symlink); pipes and
    stdin are always read (each /dev/fd is its own stream)."""
    seen = set()
    for path in paths:
        key = path
        if path != "-" and not path.startswith("/dev/") and os.path.exists(path):
            key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield path


def parse_literal(text: str) -> ast.Atom:
    """A query literal such as `flies(X)` or `~flies(opus)`; errors have code bad_query."""
    try:
        return parse_dl_literal(text, "<query>")
    except SpeclogicError as exc:
        diags = [Diagnostic(BAD_QUERY, d.message.replace("to end the rule", "to end the literal"), d.span, d.severity)
                 for d in exc.diagnostics]
        raise SpeclogicError(diags, {"<query>": text}) from None
