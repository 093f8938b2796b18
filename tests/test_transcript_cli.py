"""`speclogic facts`: dl and json output, --stats, errors on stderr with exit status 2."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.transcripts import conversation_facts, fact_key, load_file

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "model_spec"


@pytest.fixture
def work(tmp_path, monkeypatch):
    for name in ("tutoring.xml", "chat.json", "annotated.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "broken.xml").write_text("<user>\nno end\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _runner() -> CliRunner:
    try:  # click 8.1 mixes stderr into output unless told not to; 8.2 keeps them apart already
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def _run(*args):
    return _runner().invoke(main, ["facts", *args])


def test_dl_output_is_the_expected_facts(work):
    result = _run("tutoring.xml")
    assert result.exit_code == 0
    assert result.output == (FIXTURES / "tutoring.xml.expected.dl").read_text(encoding="utf-8")


def test_json_output_shape(work):
    result = _run("tutoring.xml", "--format", "json")
    assert result.exit_code == 0
    facts = json.loads(result.output)["facts"]
    assert facts[0] == {"predicate": "conversation", "negated": False, "args": ["tutoring"]}
    assert {"predicate": "does", "negated": True, "args": ["tutoring.c1.r2", "gives_hint"]} in facts
    assert {"predicate": "setting", "negated": False, "args": ["tutoring", "max_turns", 12]} in facts


def test_stats_json_shape(work):
    result = _run("tutoring.xml", "annotated.md", "--stats", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"files": [
        {"file": "tutoring.xml", "conversations": 1, "messages": 3, "candidates": {"good": 1, "bad": 1, "ok": 0}},
        {"file": "annotated.md", "conversations": 2, "messages": 5, "candidates": {"good": 2, "bad": 1, "ok": 1}},
    ]}


def test_a_bad_file_is_reported_and_the_rest_still_printed(work):
    result = _runner().invoke(main, ["facts", "broken.xml", "chat.json"])
    assert result.exit_code == 2
    assert 'conversation(refund_chat).' in result.stdout
    assert result.stderr.startswith("broken.xml:1:1: transcript_unclosed_tag: ")
    assert "  <user>\n  ^" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_errors_in_json_mode(work):
    result = _runner().invoke(main, ["facts", "broken.xml", "missing.xml", "chat.json",
                                                       "--format", "json", "--stats"])
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert [f["file"] for f in out["files"]] == ["chat.json"]
    assert [(e["code"], e["file"], e["line"], e["column"]) for e in out["errors"]] == [
        ("transcript_unclosed_tag", "broken.xml", 1, 1), ("file_not_found", "missing.xml", 1, 1)]


def test_dl_output_parses_back_to_the_same_facts(work):
    parse = pytest.importorskip("engine.parse")
    if not hasattr(parse, "parse_text"):
        pytest.skip("engine.parse.parse_text is not there yet")
    result = _run("tutoring.xml", "chat.json", "annotated.md")
    program = parse.parse_text(result.output, "facts.dl")
    ours = [fact_key(f) for p in ("tutoring.xml", "chat.json", "annotated.md")
            for c in load_file(p) for f in conversation_facts(c)]
    theirs = [fact_key(r) for r in program.rules]
    assert all(r.is_fact for r in program.rules)
    assert theirs == ours


def test_model_spec_dl_output_parses_back():
    parse = pytest.importorskip("engine.parse")
    path = SPEC / "versions" / "2025-12-18" / "model_spec.md"
    if not path.is_file() or not hasattr(parse, "parse_text"):
        pytest.skip("needs ../shared/model_spec and engine.parse.parse_text")
    result = _run(str(path))
    assert result.exit_code == 0
    program = parse.parse_text(result.output, "spec.dl")
    assert [fact_key(r) for r in program.rules] == [fact_key(f) for c in load_file(path)
                                                    for f in conversation_facts(c)]


def test_stats_text_table(work):
    result = _run("tutoring.xml", "--stats")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split() == ["tutoring.xml", "1", "3", "1", "1", "0"]
