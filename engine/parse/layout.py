"""`speclogic fmt`: canonical statements with the author's comments and paragraphs kept.

Each statement is printed by engine.parse.printer on a line of its own. A comment on
its own line stays on its own line before the next statement; a comment after a
statement on the same line stays at the end of that statement's line; a comment
inside a statement that spans several lines moves to just above that statement.
Runs of blank lines become one blank line.
"""
from __future__ import annotations

from engine import ast
from engine.parse.dl import parse_dl_with_comments
from engine.parse.printer import format_statement


def _start(st) -> tuple[int, int]:
    return (st.span.line, st.span.column)


def _end(st) -> tuple[int, int]:
    return (st.span.end_line, st.span.end_column)


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.last_line = 0  # source line of the last thing written
        self.trailing_ok = False  # may a comment still be appended to the last line?

    def gap_before(self, source_line: int) -> None:
        if self.lines and source_line > self.last_line + 1 and self.lines[-1] != "":
            self.lines.append("")

    def comment(self, tok) -> None:
        text = tok.value.rstrip()
        if self.trailing_ok and tok.line == self.last_line:
            self.lines[-1] += "  " + text
            self.trailing_ok = False
            return
        self.gap_before(tok.line)
        self.lines.append(text)
        self.last_line = tok.line
        self.trailing_ok = False

    def statement(self, st: ast.Statement, inner_comments: list) -> None:
        assert st.span is not None, "fmt lays out parsed statements"
        self.gap_before(st.span.line)
        for tok in inner_comments:
            self.lines.append(tok.value.rstrip())
        self.lines.append(format_statement(st))
        self.last_line = st.span.end_line
        self.trailing_ok = True


def format_source(text: str, filename: str = "<string>") -> str:
    """The formatted text of a `.dl` source (raises SpeclogicError on a syntax error)."""
    program, comments = parse_dl_with_comments(text, filename, full_spans=True)
    writer = _Writer()
    i = 0
    for st in program.statements:
        while i < len(comments) and (comments[i].line, comments[i].column) < _start(st):
            writer.comment(comments[i])
            i += 1
        inner = []
        while i < len(comments) and (comments[i].line, comments[i].column) < _end(st):
            inner.append(comments[i])
            i += 1
        writer.statement(st, inner)
    for tok in comments[i:]:
        writer.comment(tok)
    return "\n".join(writer.lines) + "\n" if writer.lines else ""
