"""Every fixture theory states its own expected conclusions in `% EXPECT:` lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.expectations import check_expectations, parse_expectations
from engine.theory import Theory

FIXTURES = Path(__file__).parent / "fixtures" / "theories"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".dl", ".dfl"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixture(path):
    text = path.read_text()
    groups = parse_expectations(text, str(path))
    assert groups, f"{path.name} states no expectations"
    outcomes = check_expectations(Theory.from_files([str(path)], check=False), groups)
    failures = [f"line {o.expectation.line}: expected {o.expectation}, got {o.actual} ({o.options})" for o in outcomes if not o.ok]
    assert not failures, "\n".join(failures)
