"""What `check` prints for each fixture in tests/fixtures/errors, byte for byte: the
message, the position and the caret line are what a user reads, so a change to any of
them shows up here. The expected text is tests/fixtures/errors/<name>.out; after an
intended change, rewrite them with SPECLOGIC_UPDATE_GOLDEN=1 and review the diff."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.cli.check_cmd import run_check

FIXTURES = Path(__file__).parent / "fixtures" / "errors"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".dl", ".dfl"))


def _rendered(path: Path, monkeypatch) -> str:
    monkeypatch.chdir(FIXTURES)  # file names in the output, not machine paths
    diagnostics, sources = run_check([path.name])
    return "".join(d.render(sources) + "\n" for d in diagnostics)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_check_output_is_the_reviewed_text(path: Path, monkeypatch):
    got = _rendered(path, monkeypatch)
    golden = path.with_suffix(".out")
    if os.environ.get("SPECLOGIC_UPDATE_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
