"""Static analysis of a parsed theory, before any evaluation.

check(program) runs every check and returns errors and warnings in a deterministic
order (file as given on the command line, then line, column, code). Codes are listed
in docs/errors.md.
"""
from __future__ import annotations

from engine import ast
from engine.analysis.arity import check_arity
from engine.analysis.conflicts import ConflictIndex, check_conflicts
from engine.analysis.declarations import check_conflict_decls, check_superiority_conditions
from engine.analysis.labels import (
    check_duplicate_labels,
    check_superiority_cycles,
    check_superiority_relevance,
    check_unknown_labels,
)
from engine.analysis.reach import check_never_fires, check_undefined
from engine.analysis.safety import check_safety
from engine.analysis.stratify import check_stratification
from engine.analysis.vocabulary import check_declarations, check_unused_terms
from engine.errors import ERROR, Diagnostic, SpeclogicError
from engine.parse.api import with_full_spans
from engine.parse.perf import gc_paused

__all__ = ["check", "errors_only", "warnings_only", "assert_valid", "sort_diagnostics"]


def check(program: ast.Program, warnings: bool = True) -> list[Diagnostic]:
    """Errors, and with `warnings` the lint too (the passes that can only warn are
    skipped otherwise: solving needs only the errors)."""
    with gc_paused():
        found = _check(program, warnings)
        if found:
            # a large generated file is read with one span per statement; what is reported
            # points at the node, as for any other file
            full = with_full_spans(program)
            if full is not program:
                found = _check(full, warnings)
        return found


def _check(program: ast.Program, warnings: bool) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for run in (
        check_duplicate_labels,
        check_unknown_labels,
        check_arity,
        check_safety,
        check_stratification,
        check_superiority_cycles,
        check_declarations,
    ):
        diagnostics.extend(run(program))
    if warnings:
        index = ConflictIndex(program)
        diagnostics.extend(check_undefined(program))
        diagnostics.extend(check_never_fires(program))
        diagnostics.extend(check_conflicts(program, index))
        diagnostics.extend(check_superiority_relevance(program, index.heads_conflict))
        diagnostics.extend(check_conflict_decls(program))
        diagnostics.extend(check_superiority_conditions(program))
        diagnostics.extend(check_unused_terms(program))
    return sort_diagnostics(diagnostics, list(program.sources))


def sort_diagnostics(diagnostics: list[Diagnostic], file_order: list[str] | None = None) -> list[Diagnostic]:
    rank = {name: i for i, name in enumerate(file_order or [])}

    def key(d: Diagnostic):
        s = d.span
        if s is None:
            return (len(rank), "", 0, 0, d.code, d.message)
        return (rank.get(s.file, len(rank)), s.file, s.line, s.column, d.code, d.message)

    return sorted(diagnostics, key=key)


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == ERROR]


def warnings_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity != ERROR]


def assert_valid(program: ast.Program, warnings: bool = True) -> list[Diagnostic]:
    """The warnings of `program`; raises SpeclogicError carrying every error if there is one."""
    diagnostics = check(program, warnings)
    errors = errors_only(diagnostics)
    if errors:
        raise SpeclogicError(errors, program.sources)
    return warnings_only(diagnostics)
