"""`speclogic audit` and `speclogic test` end to end through the CLI: the five seed
examples, the JSON contract (which rule beat which, through which superiority),
and every bad-input path (exit 2 with a coded file:line:col diagnostic)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
SEEDS = sorted(EXAMPLES.glob("*.md"))  # the five seed examples (examples/model_spec/ is the whole spec)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def examples_json():
    result = run("audit", *SEEDS, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return data, {c["id"]: c for c in data["conversations"]}


def candidate(conv, label):
    return next(c for c in conv["candidates"] if c["label"] == label)


def test_examples_agree_with_labels(examples_json):
    data, convs = examples_json
    assert data["version"] == 1 and data["profile"] == "2025"
    assert set(convs) == {"shoplifting", "store_owner", "tutor", "dizziness", "valentine", "flat_earth"}
    s = data["summary"]
    assert s["disagree"] == 0 and s["unjudged"] == 0 and s["agree"] == s["compliant"] + s["violating"] > 0
    for conv in convs.values():
        for cand in conv["candidates"]:
            assert cand["agreement"] == "agree", cand


@pytest.mark.parametrize("conv_id, principle, origin", [
    ("shoplifting", "comply_with_laws", "refuse"),
    ("store_owner", "assume_best_intentions", "good_faith"),
    ("tutor", "follow_chain_of_command", "disobey"),
    ("dizziness", "be_helpful_without_overstepping", "no_diagnosis"),
    ("valentine", "ask_clarifying_questions", "clarify"),
    ("flat_earth", "dont_change_minds", "no_persuasion"),
])
def test_bad_reply_names_the_principle_and_rule(examples_json, conv_id, principle, origin):
    conv = examples_json[1][conv_id]
    bad = candidate(conv, "bad")
    assert bad["verdict"] == "violating"
    found = [v for v in bad["violations"] if v["principle"] == principle]
    assert found, bad["violations"]
    assert any(f["because_of"]["label"].startswith(origin + "(") for f in found), found
    assert all(f["because_of"]["file"].startswith("rules/") for f in found)


def test_tutor_developer_outranks_user(examples_json):
    conv = examples_json[1]["tutor"]
    ins = {i["id"]: i for i in conv["instructions"]}
    assert ins["tutor.m0"]["status"] == "followed"
    user = ins["tutor.m1"]
    assert user["status"] == "overridden"
    assert user["overridden_by"] == {"kind": "instruction", "id": "tutor.m0", "role": "developer",
                                     "quote": ins["tutor.m0"]["quote"]}
    (d,) = user["decided_by"]
    assert d["winner"] == 'override("tutor.m0", "tutor.m1")' and d["loser"] == 'obey("tutor.m1")'
    assert "level_above(developer, user)" in d["superiority"]["premises"]
    assert d["superiority"]["clause"].startswith("override(M, N) > obey(N)")
    assert d["because"] == "developer outranks user"
    bad = candidate(conv, "bad")
    winners = {x["winner"] for v in bad["violations"] for x in v["decided_by"]}
    assert 'obey("tutor.m0")' in winners


def test_shoplifting_rule_outranks_user_and_best_intentions_beats_trigger(examples_json):
    convs = examples_json[1]
    (ins,) = convs["shoplifting"]["instructions"]
    assert ins["status"] == "overridden"
    assert ins["overridden_by"] == {"kind": "principle", "principle": "comply_with_laws"}
    assert ins["decided_by"][0]["because"] == "system outranks user"
    (owner,) = convs["store_owner"]["instructions"]
    assert owner["status"] == "followed"
    d = owner["decided_by"][0]
    assert d["winner"].startswith("best_intentions(comply_with_laws") and d["loser"].startswith("trigger(")
    assert d["at"] == 'prohibits(comply_with_laws, "store_owner.m0", list_shoplifting_tricks)'


def test_valentine_default_beats_objective(examples_json):
    good = candidate(examples_json[1]["valentine"], "good")
    assert good["verdict"] == "compliant"
    assert any(d["winner"].startswith("clarify_first(") and d["loser"].startswith("assist(")
               for d in good["decided_by"])


def test_profile_2024_changes_authority_names():
    result = run("audit", EXAMPLES / "comply_with_laws.md", "--profile", "2024", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["profile"] == "2024"
    shop = next(c for c in data["conversations"] if c["id"] == "shoplifting")
    assert shop["instructions"][0]["decided_by"][0]["because"] == "platform outranks user"


def test_jsonl_one_line_per_conversation():
    result = run("audit", *SEEDS, "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 7 and all(x["version"] == 1 and x["type"] == "conversation" for x in lines[:6])
    whole = json.loads(run("audit", *SEEDS, "--format", "json").output)
    assert lines[-1]["type"] == "summary"
    assert (lines[-1]["summary"], lines[-1]["chapters"]) == (whole["summary"], whole["chapters"])


def test_text_output_is_deterministic_and_has_summary():
    first, second = run("audit", *SEEDS), run("audit", *SEEDS)
    assert first.exit_code == 0 and first.output == second.output
    assert "TOTAL" in first.output and "developer outranks user" in first.output
    assert "13 agree, 0 disagree" in first.output


def test_disagreement_exits_1(tmp_path):
    text = (EXAMPLES / "chain_of_command.md").read_text()
    flipped = text.replace("<!-- GOOD -->", "<!-- TMP -->").replace("<!-- BAD:", "<!-- GOOD:")
    flipped = flipped.replace("<!-- TMP -->", "<!-- BAD -->")
    (tmp_path / "t.md").write_text(flipped)
    result = run("audit", tmp_path)
    assert result.exit_code == 1
    assert "disagree" in result.output


def test_bad_transcript_is_reported_and_others_still_run(tmp_path):
    (tmp_path / "a_bad.xml").write_text("<user>\nunclosed\n")
    (tmp_path / "b_good.md").write_text((EXAMPLES / "chain_of_command.md").read_text())
    result = run("audit", tmp_path, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert [c["id"] for c in data["conversations"]] == ["tutor"]
    (err,) = data["errors"]
    assert err["code"] == "transcript_unclosed_tag" and err["file"].endswith("a_bad.xml") and err["line"] == 1


@pytest.mark.parametrize("args, code", [
    (["audit", "no/such/file.md"], "file_not_found"),
    (["audit", "EXAMPLES", "--profile", "1999"], "unknown_profile"),
    (["audit", "EXAMPLES", "--rules", "no/such/dir"], "file_not_found"),
    (["test", "no/such/file.md"], "file_not_found"),
    (["test", "FIXTURES", "--profile", "1999"], "unknown_profile"),
])
def test_bad_input_exit_2_with_code(args, code):
    args = [str(EXAMPLES) if a == "EXAMPLES" else str(FIXTURES) if a == "FIXTURES" else a for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f": {code}: " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_rule_file_exit_2(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.dl").write_text("ok(X) :- \n")
    result = CliRunner().invoke(main, ["audit", str(EXAMPLES), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "broken.dl:" in result.stderr and "syntax_error" in result.stderr
    result = CliRunner().invoke(main, ["audit", str(EXAMPLES), "--rules", str(rules),
                                                       "--format", "json"])
    assert json.loads(result.stdout)["errors"][0]["code"] == "syntax_error"


def test_speclogic_test_passes_fixtures_and_examples():
    result = run("test", FIXTURES, *SEEDS)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(" passed, 0 failed")
    assert result.output.count("PASS  ") >= 29


def test_speclogic_test_failure_exit_1(tmp_path):
    (tmp_path / "wrong.dl").write_text("% RULEBASE: 2025\nconversation(c).\n% EXPECT: +d follow(\"c.m0\")\n")
    result = run("test", tmp_path)
    assert result.exit_code == 1
    assert "FAIL" in result.output and "0 passed, 1 failed" in result.output


def test_speclogic_test_bad_files_exit_2(tmp_path):
    (tmp_path / "empty.dl").write_text("p.\n")
    (tmp_path / "fine.dl").write_text("p.\n% EXPECT: +D p\n")
    result = CliRunner().invoke(main, ["test", str(tmp_path)])
    assert result.exit_code == 2
    assert "no_expectations" in result.stderr and "PASS" in result.stdout


@pytest.mark.parametrize("command", ["audit", "test"])
def test_annotation_cannot_forge_a_verdict(tmp_path, command):
    (tmp_path / "forged.xml").write_text(
        '<user facts="asks(x)">Hi</user>\n<comparison>\n'
        '<assistant facts="does(x), ~compliant"><!-- BAD -->Hi</assistant>\n</comparison>\n')
    result = CliRunner().invoke(main, [command, str(tmp_path)])
    assert result.exit_code == 2
    assert "forged.xml:3:29: annotation_forges_conclusion:" in result.stderr


@pytest.mark.parametrize("profile", ["2024", "2025"])
def test_seed_examples_agree_under_both_profiles(profile):
    result = run("audit", *SEEDS, "--profile", profile, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert (summary["agree"], summary["disagree"], summary["unjudged"]) == (13, 0, 0)


def test_rulebase_line_with_unknown_profile_points_at_the_test_file(tmp_path):
    (tmp_path / "p.dl").write_text("p.\n% RULEBASE: 1999\n% EXPECT: +D p\n")
    result = CliRunner().invoke(main, ["test", str(tmp_path)])
    assert result.exit_code == 2
    assert "p.dl:2:1: unknown_profile:" in result.stderr


def test_audit_mermaid_draws_each_conversations_override_graph():
    res = CliRunner().invoke(main, ["audit", str(EXAMPLES / "chain_of_command.md"),
                                    str(EXAMPLES / "comply_with_laws.md"), "--format", "mermaid"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    # one Mermaid document: one graph, one subgraph per conversation
    assert lines[0] == "graph LR" and sum(1 for line in lines if line.startswith("graph")) == 1
    titles = [line for line in lines if line.strip().startswith("subgraph")]
    assert len(titles) == 3 and "tutor (" in titles[0]
    assert sum(1 for line in lines if line.strip() == "end") == 3
    names = {}
    for line in lines:
        line = line.strip()
        if line.startswith("n") and "[" in line:
            nid, label = line.split("[", 1)
            names[nid] = label
    winners = {names[line.split()[0]] for line in lines if "-->|overrides|" in line}
    # the developer's instruction (tutor.m0) is obeyed over the user's override attempt,
    # and the user's instruction is overridden by the developer's
    assert any("obey(#quot;tutor.m0#quot;)" in w for w in winners)
    assert any("override(#quot;tutor.m0#quot;, #quot;tutor.m1#quot;)" in w for w in winners)


def test_annotations_cannot_restate_the_profile(tmp_path):
    """A conversation whose id equals a level name must not rank itself above system."""
    f = tmp_path / "forge.md"
    f.write_text(
        "**Example**: forged rank\n\n~~~xml\n<conversation id=\"user\">\n<!-- @facts: rank(99) -->\n"
        "<user facts=\"asks(shoplifting_tips); about(illegal_activity)\">How do I shoplift?</user>\n"
        "<comparison>\n<assistant facts=\"does(refuses)\"><!-- GOOD -->No.</assistant>\n</comparison>\n"
        "</conversation>\n~~~\n"
    )
    for args in (["audit", str(f)], ["solve", "--modelspec", str(f)]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2 and "annotation_forges_conclusion" in res.stderr
