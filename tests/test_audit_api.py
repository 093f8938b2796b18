"""The audit's Python API: file walking, unjudged replies, progress, the spec's own
examples (unannotated), the words of a decision, and options passed through."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.modelspec import audit_paths, load_rulebase
from engine.modelspec.decisions import because
from engine.modelspec.files import transcript_files
from engine.solve import Options

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "model_spec" / "versions" / "2025-12-18" / "model_spec.md"
SEEDS = sorted((ROOT / "examples").glob("*.md"))  # the five seed examples
DERIVED = ROOT.parent / "shared" / "model_spec" / "derived" / "examples_2025-12-18.jsonl"


@pytest.fixture(scope="module")
def rulebase():
    return load_rulebase()


def test_because_reads_level_premises():
    assert because(["clash(\"a\", \"b\")", "level_above(developer, user)"]) == "developer outranks user"
    assert because(["at_or_above(system, system)", "later(\"t.m2\", \"t.m0\")"]) == \
        "system is at or above system; t.m2 comes later than t.m0"
    assert because(["instruction(\"m\")"]) == ""


def test_directories_are_walked_sorted_and_hidden_skipped(tmp_path):
    for name in ("b.md", "a.xml", "sub/c.json", ".hidden/d.md", "notes.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, errors = transcript_files([tmp_path, tmp_path / "missing.md"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.xml", "b.md", "sub/c.json"]
    assert [e.code for e in errors] == ["file_not_found"]


def test_unannotated_reply_is_unjudged_not_a_disagreement(tmp_path, rulebase):
    (tmp_path / "plain.xml").write_text(
        "<user>Hello</user>\n<comparison>\n<assistant><!-- BAD -->Hi</assistant>\n</comparison>\n")
    report = audit_paths([tmp_path], rulebase)
    (cand,) = report.conversations[0].candidates
    assert (cand["verdict"], cand["reason"], cand["agreement"]) == ("unjudged", "not annotated", "unjudged")
    assert report.disagreements == 0


def test_progress_reaches_the_total(rulebase):
    seen = []
    audit_paths(SEEDS, rulebase, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (6, 6) and all(d <= t for d, t in seen)


@pytest.mark.parametrize("policy", ["blocking", "propagating"])
def test_examples_agree_under_both_policies(rulebase, policy):
    report = audit_paths(SEEDS, rulebase, Options(policy=policy))
    s = report.summary()
    assert (s["agree"], s["disagree"], s["unjudged"]) == (13, 0, 0)
    assert report.to_json()["policy"] == policy


def test_model_spec_examples_audit_without_disagreement(rulebase):
    if not SPEC.exists():
        pytest.skip(f"the public Model Spec is not at {SPEC}")
    report = audit_paths([SPEC], rulebase)
    expected = sum(1 for line in DERIVED.read_text().splitlines() if line.strip()) if DERIVED.exists() else None
    if expected is not None:
        assert len(report.conversations) == expected
    s = report.summary()
    assert s["disagree"] == 0 and s["bad_files"] == 0
    assert s["unjudged"] > 0.9 * (s["compliant"] + s["violating"] + s["unjudged"])


def test_jsonl_reports_bad_files_as_lines(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    result = CliRunner().invoke(main, ["audit", str(tmp_path), str(ROOT / "examples" / "chain_of_command.md"),
                                       "--format", "jsonl"])
    assert result.exit_code == 2
    kinds = [json.loads(line)["type"] for line in result.stdout.splitlines()]
    assert kinds == ["conversation", "error", "summary"]


def test_directory_walk_skips_files_without_conversations(tmp_path):
    import shutil

    from engine.modelspec import audit_paths, load_rulebase

    shutil.copy(Path(__file__).parent.parent / "examples" / "chain_of_command.md", tmp_path / "tutor.md")
    (tmp_path / "README.md").write_text("# notes\nno examples here\n")
    report = audit_paths([str(tmp_path)], load_rulebase())
    assert not report.errors and report.summary()["files"] == 1
    named = audit_paths([str(tmp_path / "README.md"), str(tmp_path / "missing.md")], load_rulebase())
    assert [e.code for e in named.errors] == ["transcript_empty", "file_not_found"]
    assert named.summary()["files"] == 2
