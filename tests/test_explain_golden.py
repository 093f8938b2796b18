"""`why` on every conclusion of every fixture theory, byte for byte, with and without
team defeat, under ambiguity propagation and with --well-founded: which rule fired, which attacker was
beaten, blocked, discarded or unsupported, by what and because of which clause, is what
a user reads. The expected text is tests/fixtures/theories/<name>.why.txt; after an
intended change, rewrite them with SPECLOGIC_UPDATE_GOLDEN=1 and review the diff."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine import explain
from engine.render.tree_text import render_tree
from engine.solve import Options
from engine.theory import Theory

FIXTURES = Path(__file__).parent / "fixtures" / "theories"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".dl", ".dfl"))
VARIANTS = {
    "default": Options(),
    "no team defeat": Options(team_defeat=False),
    "propagating": Options(policy="propagating"),
    "well-founded": Options(well_founded=True),
    "propagating, well-founded": Options(policy="propagating", well_founded=True),
    "no team defeat, well-founded": Options(team_defeat=False, well_founded=True),
}


def _explained(path: Path, monkeypatch) -> str:
    monkeypatch.chdir(FIXTURES)  # file names in the output, not machine paths
    out = []
    for name, options in VARIANTS.items():
        sol = Theory.from_files([path.name], check=False).solve(options)
        out.append(f"=== {name}")
        for c in sol.conclusions():
            out.append(render_tree(explain.why(sol, c.literal, max_depth=6)))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_why_output_is_the_reviewed_text(path: Path, monkeypatch):
    got = _explained(path, monkeypatch)
    golden = path.with_name(path.stem + ".why.txt")
    if os.environ.get("SPECLOGIC_UPDATE_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
