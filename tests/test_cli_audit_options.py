"""audit's selection and exit options (--only, --conversation, --fail-on), standard
input, and the JSONL summary record, checked against the unfiltered JSON report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
STYLE = str(ROOT / "examples" / "model_spec" / "style")  # the chapter with the four disagreements
TUTOR = str(ROOT / "examples" / "chain_of_command.md")
PLAIN = "<user>Hello</user>\n<comparison>\n<assistant><!-- BAD -->Hi</assistant>\n</comparison>\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def style_json():
    result = run("audit", STYLE, "--format", "json")
    assert result.exit_code == 1
    return json.loads(result.stdout)


def test_only_disagree_shows_exactly_the_conversations_with_a_disagreement(style_json):
    expected = [c["id"] for c in style_json["conversations"]
                if any(r["agreement"] == "disagree" for r in c["candidates"])]
    assert expected  # the fixture must have some, or the test shows nothing
    result = run("audit", STYLE, "--format", "json", "--only", "disagree")
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["conversations"]] == expected
    assert data["summary"] == style_json["summary"]  # the summary still counts everything
    assert result.exit_code == 1


def test_only_in_text_and_jsonl(style_json):
    expected = {c["id"] for c in style_json["conversations"]
                if any(r["agreement"] == "disagree" for r in c["candidates"])}
    lines = [json.loads(x) for x in run("audit", STYLE, "--format", "jsonl", "--only", "disagree").stdout.splitlines()]
    assert {x["conversation"]["id"] for x in lines if x["type"] == "conversation"} == expected
    assert lines[-1]["type"] == "summary" and lines[-1]["summary"] == style_json["summary"]
    text = run("audit", STYLE, "--only", "disagree").stdout
    blocks = {line.split()[0] for line in text.split("\n\n") if line and "  (" in line.splitlines()[0]}
    assert blocks == expected


def test_conversation_audits_only_the_named_ones(style_json):
    ids = [c["id"] for c in style_json["conversations"]][:2]
    result = run("audit", STYLE, "--format", "json", "--conversation", ids[1], "--conversation", ids[0])
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["conversations"]] == ids  # file order, not option order
    wanted = [c for c in style_json["conversations"] if c["id"] in ids]
    assert data["summary"]["conversations"] == 2
    assert data["summary"]["agree"] == sum(c["counts"]["agree"] for c in wanted)


def test_an_unknown_conversation_is_bad_input_and_the_rest_still_runs():
    result = run("audit", TUTOR, "--conversation", "tutor", "--conversation", "no_such", "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["conversations"]] == ["tutor"]
    assert [e["code"] for e in data["errors"]] == ["unknown_conversation"]


@pytest.mark.parametrize("fail_on, expected", [("disagree", 0), ("unjudged", 1), ("none", 0)])
def test_fail_on_unjudged(fail_on, expected):
    assert run("audit", "-", "-q", "--fail-on", fail_on, input=PLAIN).exit_code == expected


@pytest.mark.parametrize("fail_on, expected", [("disagree", 1), ("unjudged", 1), ("none", 0)])
def test_fail_on_with_disagreements(fail_on, expected):
    assert run("audit", STYLE, "-q", "--fail-on", fail_on).exit_code == expected


def test_audit_reads_standard_input_like_a_file():
    from_file = json.loads(run("audit", TUTOR, "--format", "json").stdout)
    from_stdin = json.loads(run("audit", "-", "--format", "json", input=Path(TUTOR).read_text()).stdout)
    strip = lambda data: [{k: v for k, v in c.items() if k != "file"} for c in data["conversations"]]  # noqa: E731
    assert strip(from_stdin) == strip(from_file)
    assert from_stdin["conversations"][0]["file"] == "<stdin>"


def test_empty_standard_input_is_bad_input():
    result = run("audit", "-", input="")
    assert result.exit_code == 2 and "transcript_empty" in result.stderr
