"""Rules never read the answer key: with every label, note and title stripped from every
shipped transcript (or the labels swapped), the audit gives the same verdicts and the
same explanations, byte for byte. Labels reach only the final comparison."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.modelspec import audit_paths, load_rulebase

ROOT = Path(__file__).resolve().parent.parent
LABEL = re.compile(r"<!--\s*(GOOD|BAD|OK)\b[^>]*-->")
TITLE = re.compile(r"^(\*\*Example\*\*:).*$", re.M)
# fields that carry the answer key, or what is computed from it
KEY_FIELDS = {"label", "note", "expected", "agreement", "title", "counts"}


def _copy(tmp_path: Path, transform) -> Path:
    out = tmp_path / "corpus"
    for base in (ROOT / "examples", ROOT / "tests" / "fixtures" / "rules"):
        for path in sorted(base.rglob("*.md")):
            target = out / base.name / path.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(transform(path.read_text()))
    return out


def _blind(obj):
    if isinstance(obj, dict):
        return {k: _blind(v) for k, v in obj.items() if k not in KEY_FIELDS}
    if isinstance(obj, list):
        return [_blind(x) for x in obj]
    return obj


def _audit(corpus: Path, profile: str) -> str:
    report = audit_paths([corpus], load_rulebase(profile=profile))
    assert report.errors == []
    data = [_blind(c.to_json()) for c in report.conversations]
    return json.dumps(data, sort_keys=True).replace(str(corpus), "<corpus>")


@pytest.mark.parametrize("profile", ["2025", "2024"])
def test_stripping_labels_notes_and_titles_changes_nothing(tmp_path, profile):
    original = _audit(_copy(tmp_path / "a", lambda t: t), profile)
    stripped = _audit(_copy(tmp_path / "b", lambda t: TITLE.sub(r"\1 untitled", LABEL.sub("", t))), profile)
    assert '"verdict": "violating"' in original and '"verdict": "compliant"' in original
    assert stripped == original


def test_swapping_labels_changes_nothing_but_agreement(tmp_path):
    swap = {"GOOD": "BAD", "BAD": "GOOD", "OK": "BAD"}
    original = _audit(_copy(tmp_path / "a", lambda t: t), "2025")
    swapped = _audit(_copy(tmp_path / "b", lambda t: re.sub(r"<!--\s*(GOOD|BAD|OK)\b",
                                                              lambda m: "<!-- " + swap[m.group(1)], t)), "2025")
    assert swapped == original
