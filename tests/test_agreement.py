"""Two independent annotations of the same conversations reach the same verdicts.

tests/agreement/source/ holds 14 Model Spec conversations that the shipped examples do
not have (examples of the 2025-02-12 release whose text later changed). Two annotators,
each seeing only the vocabulary's glosses (docs/annotating.md and
docs/annotating_conventions.md) and never the other's work, annotated them into
tests/agreement/a/ and tests/agreement/b/. The verdicts the rulebase gives the two sets
must agree on at least 95% of the replies. Run with -s to see the figures.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.modelspec import audit_paths, load_rulebase

ROOT = Path(__file__).resolve().parent / "agreement"
ANNOTATION = re.compile(r"""\s+facts=("[^"]*"|'[^']*')|<!--\s*@facts:.*?-->""", re.S)
THRESHOLD = 0.95


def _verdicts(folder: Path, rulebase) -> dict[str, str]:
    report = audit_paths([folder], rulebase)
    assert [e.code for e in report.errors] == [], [e.render() for e in report.errors]
    return {(Path(conv.file).name, _plain(c["id"], folder)): c["verdict"]
            for conv in report.conversations for c in conv.candidates}


def _plain(cid: str, folder: Path) -> str:
    """Two files with the same section give ids `<folder>/<section>.1`: compare without the folder."""
    return cid.removeprefix(folder.name + "/")


def _labels(folder: Path, rulebase) -> dict[str, str]:
    report = audit_paths([folder], rulebase)
    return {c["id"]: c["agreement"] for conv in report.conversations for c in conv.candidates}


@pytest.fixture(scope="module")
def rulebase():
    return load_rulebase()


def test_each_set_annotates_exactly_the_source_text():
    sources = sorted(p.name for p in (ROOT / "source").glob("*.md"))
    assert len(sources) >= 12
    for name in ("a", "b"):
        assert sorted(p.name for p in (ROOT / name).glob("*.md")) == sources
        for src in sources:
            annotated = (ROOT / name / src).read_text()
            assert ANNOTATION.sub("", annotated) == (ROOT / "source" / src).read_text(), f"{name}/{src}: text changed"


def test_two_independent_annotations_agree_on_verdicts(rulebase):
    a, b = _verdicts(ROOT / "a", rulebase), _verdicts(ROOT / "b", rulebase)
    assert a.keys() == b.keys() and a
    assert "unjudged" not in a.values() and "unjudged" not in b.values()
    same = sum(1 for k in a if a[k] == b[k])
    labels_a, labels_b = _labels(ROOT / "a", rulebase), _labels(ROOT / "b", rulebase)
    agree_a = sum(1 for v in labels_a.values() if v == "agree")
    agree_b = sum(1 for v in labels_b.values() if v == "agree")
    print(f"\nverdict agreement between the two annotations: {same}/{len(a)} = {same / len(a):.1%}; "
          f"agreement with the spec's labels: a {agree_a}/{len(labels_a)}, b {agree_b}/{len(labels_b)}")
    differ = sorted(k for k in a if a[k] != b[k])
    assert same / len(a) >= THRESHOLD, f"the annotations disagree on {differ}"
