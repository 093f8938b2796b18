"""Every example of every published Model Spec version parses, and matches derived/.

The spec lives beside the clone (../shared/model_spec); it is never copied here.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from engine.transcripts import conversation_facts, fact_key, load_file, load_paths_report
from engine.transcripts.model import Comparison, Elision, assign_ids

SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "model_spec"
VERSIONS = sorted(p.name for p in (SPEC / "versions").iterdir() if p.is_dir()) if SPEC.is_dir() else []

pytestmark = pytest.mark.skipif(not VERSIONS, reason=f"the Model Spec is not checked out at {SPEC}")


def _derived(name: str) -> list[dict]:
    with open(SPEC / "derived" / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _turns(conv) -> list[dict]:
    """A conversation in derived/'s shape, to compare item by item."""
    out = []
    for it in conv.items:
        if isinstance(it, Comparison):
            out.append({"role": "comparison", "candidates": [
                {"role": c.role, "content": c.text, "label": c.label.upper(), "attrs": c.attrs,
                 "note": c.note, "cites": c.cites} for c in it.candidates]})
        elif isinstance(it, Elision):
            out.append({"role": "_elision", "content": it.text})
        else:
            out.append({"role": it.role, "content": it.text, "attrs": it.attrs})
    return out


def _derived_turns(record: dict) -> list[dict]:
    out = []
    for t in record["turns"]:
        if t["role"] == "comparison":
            out.append({"role": "comparison", "candidates": [
                {"role": c["role"], "content": c["content"], "label": c["label"], "attrs": c.get("attrs", {}),
                 # derived/ keeps the separator of `GOOD, note` in the note; we do not
                 "note": (c.get("label_note") or "").strip(" ,:") or None,
                 "cites": [c["label_ref"].lstrip("#")] if c.get("label_ref") else []}
                for c in t["candidates"]]})
        elif t["role"] == "_elision":
            out.append(t)
        else:
            out.append({"role": t["role"], "content": t["content"], "attrs": t.get("attrs", {})})
    return out


def _role_sequence(record: dict) -> list[str]:
    return [t["role"] for t in record["turns"]]


@pytest.fixture(scope="module", params=VERSIONS)
def version(request):
    convs, errors = load_paths_report([SPEC / "versions" / request.param / "model_spec.md"])
    assert errors == []
    return request.param, convs, _derived(f"examples_{request.param}.jsonl")


def test_example_count_per_version(version):
    _, convs, records = version
    assert len(convs) == len(records)


def test_role_sequences_and_label_counts(version):
    _, convs, records = version
    for conv, rec in zip(convs, records):
        assert conv.role_sequence() == _role_sequence(rec), rec["example_id"]
        counts = conv.label_counts()
        assert (counts["good"], counts["bad"], counts["ok"]) == (rec["n_good"], rec["n_bad"], rec["n_ok"]), \
            rec["example_id"]


def test_sections_titles_lines_and_turns(version):
    _, convs, records = version
    for conv, rec in zip(convs, records):
        assert conv.span.line == rec["line"]
        assert (conv.section, conv.authority or "", conv.title) == \
            (rec["section_id"], rec["authority"], rec["example_title"])
        assert conv.tags == (rec["tags"] or "").split()
        assert _turns(conv) == _derived_turns(rec), rec["example_id"]


def test_ids_follow_sections(version):
    _, convs, records = version
    for conv, rec in zip(convs, records):
        section, n = rec["example_id"].split(":")[1:]
        assert conv.id == f"{section}.{n}"
        assert [m.id for m in conv.messages] == [f"{conv.id}.m{i}" for i in range(len(conv.messages))]


def test_model_spec_and_derived_jsonl_give_the_same_facts(version):
    name, convs, _ = version
    from_json = load_file(SPEC / "derived" / f"examples_{name}.jsonl")
    assert len(from_json) == len(convs)
    for md, js in zip(convs, from_json):
        assign_ids(js, md.id)
        keep = [fact_key(f) for f in conversation_facts(md) if f.head.pred != "conversation_source"]
        assert keep == [fact_key(f) for f in conversation_facts(js) if f.head.pred != "conversation_source"]


@pytest.mark.parametrize("name", VERSIONS)
def test_eval_prompt_files_match_derived(name):
    expected = defaultdict(list)
    for rec in _derived(f"eval_prompts_{name}.jsonl"):
        expected[rec["file"]].append(rec)
    files = sorted((SPEC / "versions" / name / "examples").glob("*.md"))
    assert len(files) == len(expected)
    for path in files:
        convs = load_file(path)
        records = expected[f"examples/{path.name}"]
        assert len(convs) == len(records), path.name
        for conv, rec in zip(convs, records):
            got = [(m.role, m.text, m.attrs) for m in conv.items]
            assert got == [(t["role"], t["content"], t.get("attrs", {})) for t in rec["turns"]], path.name
            assert conv.title == rec["example_title"]
            stem = rec["footnote_id"]
            assert conv.id == (f"{stem}.{rec['index']}" if len(records) > 1 else stem)


def test_stray_text_in_the_published_spec_is_a_warning_not_a_loss():
    path = SPEC / "versions" / "2025-02-12" / "model_spec.md"
    if not path.is_file():
        pytest.skip("version 2025-02-12 is not present")
    convs = load_file(path)
    warnings = [w for c in convs for w in c.warnings]
    assert warnings and {w.code for w in warnings} == {"transcript_stray_text"}
    assert all(w.severity == "warning" for w in warnings)


def test_stats_command_totals_match_derived(version):
    from click.testing import CliRunner

    from engine.cli import main

    name, _, records = version
    result = CliRunner().invoke(main, ["facts", "--stats", "--format", "json",
                                       str(SPEC / "versions" / name / "model_spec.md")])
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)["files"]
    assert row["conversations"] == len(records)
    assert row["messages"] == sum(t["role"] not in ("comparison", "_elision") for r in records for t in r["turns"])
    assert row["candidates"] == {"good": sum(r["n_good"] for r in records), "bad": sum(r["n_bad"] for r in records),
                                 "ok": sum(r["n_ok"] for r in records)}
