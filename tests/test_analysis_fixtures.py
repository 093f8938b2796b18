"""Every fixture in tests/fixtures/errors states the diagnostics `check` must give it:

    % EXPECT-ERROR: <code> <line>:<column>
    % EXPECT-WARNING: <code> <line>:<column>
    % EXPECT-NO-WARNINGS

Errors must match exactly (none expected means none allowed). Warnings are compared
exactly when the file lists any EXPECT-WARNING line or says EXPECT-NO-WARNINGS.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.cli.check_cmd import run_check
from engine.errors import ERROR

FIXTURES = Path(__file__).parent / "fixtures" / "errors"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".dl", ".dfl"))
EXPECT = re.compile(r"^% EXPECT-(ERROR|WARNING): (\w+) (\d+):(\d+)\s*$")

CODES_WITH_FIXTURES = {
    "syntax_error", "arity_mismatch", "unsafe_variable", "unstratified_negation", "superiority_cycle",
    "unknown_label", "duplicate_label", "undefined_predicate", "rule_never_fires", "unresolved_conflict",
    "strict_conflict", "singleton_variable", "superiority_without_conflict",
}


def _expectations(path: Path):
    errors, warnings, exact_warnings = [], [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        m = EXPECT.match(line)
        if m:
            kind, code, ln, col = m.groups()
            (errors if kind == "ERROR" else warnings).append((code, int(ln), int(col)))
            exact_warnings |= kind == "WARNING"
        elif line.strip() == "% EXPECT-NO-WARNINGS":
            exact_warnings = True
    return sorted(errors), sorted(warnings), exact_warnings


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixture_diagnostics(path: Path):
    expected_errors, expected_warnings, exact_warnings = _expectations(path)
    diagnostics, _ = run_check([str(path)])
    assert all(d.span is not None and d.span.file == str(path) for d in diagnostics)
    got_errors = sorted((d.code, d.span.line, d.span.column) for d in diagnostics if d.severity == ERROR)
    got_warnings = sorted((d.code, d.span.line, d.span.column) for d in diagnostics if d.severity != ERROR)
    assert got_errors == expected_errors, [d.message for d in diagnostics]
    if exact_warnings:
        assert got_warnings == expected_warnings, [d.message for d in diagnostics]


def test_every_code_has_a_fixture():
    covered = set()
    for path in FILES:
        errors, warnings, _ = _expectations(path)
        covered |= {code for code, _, _ in errors + warnings}
    assert CODES_WITH_FIXTURES <= covered


def test_fixture_names_start_with_their_code():
    for path in FILES:
        errors, warnings, _ = _expectations(path)
        codes = {code for code, _, _ in errors + warnings}
        if codes:
            assert any(path.name.startswith(code) for code in codes), path.name
        else:
            assert path.name.startswith("clean_"), path.name
