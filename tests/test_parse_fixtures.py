"""tests/fixtures/parse: each source next to `<name>.expected`, the exact text
`speclogic fmt` must print for it (a .dfl source prints as its .dl translation)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_parse_roundtrip import normalize

from engine.cli import main
from engine.parse import parse_dl, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
SOURCES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".dl", ".dfl"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_fmt_output(source: Path):
    expected = source.with_suffix(".expected").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", str(source)])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_expected_text_is_the_same_program(source: Path):
    original = parse_text(source.read_text(encoding="utf-8"), source.name)
    printed = parse_dl(source.with_suffix(".expected").read_text(encoding="utf-8"), source.name)
    assert [normalize(s) for s in printed.statements] == [normalize(s) for s in original.statements]
