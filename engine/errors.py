"""Diagnostics: stable codes, source spans, and the caret rendering users see.

The codes are a contract (scripts match on them); add new ones, never rename.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Errors
SYNTAX_ERROR = "syntax_error"
ARITY_MISMATCH = "arity_mismatch"
UNSAFE_VARIABLE = "unsafe_variable"
UNSTRATIFIED_NEGATION = "unstratified_negation"
SUPERIORITY_CYCLE = "superiority_cycle"
UNKNOWN_LABEL = "unknown_label"
DUPLICATE_LABEL = "duplicate_label"
FILE_NOT_FOUND = "file_not_found"
BAD_QUERY = "bad_query"
EVALUATION_ERROR = "evaluation_error"
UNKNOWN_TERM = "unknown_term"  # an annotation outside the declared vocabulary
BAD_DECLARATION = "bad_declaration"  # an #annotation or #value that cannot be used
UNDECLARED_ANNOTATION = "undeclared_annotation"  # a rule reads an input no declaration names
PRINCIPLE_WITHOUT_LEVEL = "principle_without_level"  # the loaded profile gives it no level
READS_ANSWER_KEY = "reads_answer_key"  # a rule reads labels, notes, cited sections or titles
LIMIT_EXCEEDED = "limit_exceeded"  # a run past its fact, step or time budget
UNKNOWN_CONVERSATION = "unknown_conversation"  # `audit --conversation ID` names no conversation read
# Warnings
UNDEFINED_PREDICATE = "undefined_predicate"
RULE_NEVER_FIRES = "rule_never_fires"
UNRESOLVED_CONFLICT = "unresolved_conflict"
TERM_UNUSED = "term_unused"  # a declared annotation or value that no rule reads
OUT_OF_MEMORY = "out_of_memory"  # the run needed more memory than the process may have
MISSING_EXTRA = "missing_extra"  # an option needs an optional dependency that is not installed
CLUSTER_UNREACHABLE = "cluster_unreachable"  # `audit --dask ADDRESS`: no scheduler answers there

ERROR = "error"
WARNING = "warning"

_WINDOW = 160  # columns of source shown under a diagnostic


@dataclass(frozen=True, slots=True)
class Span:
    file: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Diagnostic:
    code: str
    message: str
    span: Span | None = None
    severity: str = ERROR
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "file": self.span.file if self.span else None,
            "line": self.span.line if self.span else None,
            "column": self.span.column if self.span else None,
            "message": self.message,
            "severity": self.severity,
            **({"notes": list(self.notes)} if self.notes else {}),
        }

    def render(self, sources: dict[str, str] | None = None) -> str:
        """`file:line:col: code: message`, then the source line and a caret under the spot."""
        where = f"{self.span}: " if self.span else ""
        kind = "" if self.severity == ERROR else "warning: "
        out = [f"{where}{kind}{self.code}: {self.message}"]
        line_text = _source_line(self.span, sources)
        if line_text is not None and self.span is not None:
            shown = line_text.replace("\t", " ")
            column = self.span.column
            width = 1
            if self.span.end_line == self.span.line and self.span.end_column:
                width = max(1, self.span.end_column - self.span.column)
            if len(shown) > _WINDOW:  # a long line: show the part around the spot
                start = max(0, column - 1 - _WINDOW // 2)
                prefix = "..." if start else ""
                shown = prefix + shown[start:start + _WINDOW] + ("..." if start + _WINDOW < len(shown) else "")
                column = column - start + len(prefix)
            out.append(f"  {shown}")
            out.append("  " + " " * (column - 1) + "^" * min(width, max(1, len(shown) - column + 1), _WINDOW))
        out.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(out)


def _source_line(span: Span | None, sources: dict[str, str] | None) -> str | None:
    if span is None:
        return None
    text = (sources or {}).get(span.file)
    if text is None:
        text = _read_quietly(span.file)
    if text is None:
        return None
    lines = text.split("\n")  # the parser counts only \n as a line break
    if 1 <= span.line <= len(lines):
        return lines[span.line - 1]
    return None


def _read_quietly(path: str) -> str | None:
    """The file behind a span, when the error did not carry its text (never for pipes)."""
    if path.startswith("<") or path.startswith("/dev/") or path.startswith("/proc/"):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


class SpeclogicError(Exception):
    """Bad input. Carries one or more diagnostics; the first gives `code` and `span`."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic, sources: dict[str, str] | None = None):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        self.sources = sources or {}
        super().__init__(diagnostics[0].message if diagnostics else "error")

    @property
    def code(self) -> str:
        return self.diagnostics[0].code

    @property
    def span(self) -> Span | None:
        return self.diagnostics[0].span

    def render(self) -> str:
        return "\n".join(d.render(self.sources) for d in self.diagnostics)

    def to_json(self) -> dict:
        return {"version": 1, "errors": [d.to_json() for d in self.diagnostics]}
