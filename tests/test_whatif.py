"""what-if and --sensitivity: re-judging edited annotations, and the search for the
smallest change that flips a verdict. Each reported flip is re-checked by what-if."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.modelspec import load_rulebase
from engine.modelspec.audit import audit_conversation
from engine.modelspec.sensitivity import sensitivity, single_edits
from engine.modelspec.whatif import Edit, what_if
from engine.transcripts.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
TUTOR = ROOT / "examples" / "chain_of_command.md"
VALENTINE = ROOT / "examples" / "ask_clarifying_questions.md"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def rulebase():
    return load_rulebase()


def test_role_change_flips_the_chain_of_command():
    result = run("what-if", TUTOR, "--role", "tutor.m1", "developer", "--format", "json")
    assert result.exit_code == 0, result.output
    (res,) = json.loads(result.stdout)["results"]
    changes = {c["id"]: (c["before"], c["after"]) for c in res["changes"]}
    assert changes["tutor.m1"] == ("overridden", "followed")
    assert changes["tutor.c1.r2"] == ("violating", "compliant")
    proof = next(c["proof"] for c in res["changes"] if c["id"] == "tutor.c1.r2")
    assert proof["literal"] == 'compliant("tutor.c1.r2")' and proof["defeasible"] == "+d"


def test_adding_a_stated_purpose_flips_the_refusal(rulebase):
    (conv, _) = load_file(ROOT / "examples" / "comply_with_laws.md")
    r = what_if(rulebase, conv, [Edit("add", "shoplifting.m0", "intent", ("shoplifting_tips", "prevention"))])
    changes = {c.id: (c.before, c.after) for c in r.changes}
    assert changes == {"shoplifting.m0": ("overridden", "followed"), "shoplifting.c1.r1": ("compliant", "violating"),
                       "shoplifting.c1.r2": ("violating", "compliant")}


def test_an_edit_that_changes_nothing_says_so():
    result = run("what-if", TUTOR, "--add", 'does("tutor.c1.r1", asks_follow_up)')
    assert result.exit_code == 0 and "nothing changes" in result.stdout


@pytest.mark.parametrize("args, code", [
    (["--add", 'about("tutor.m1", solve_exercise, crime)'], "unknown_term"),
    (["--remove", 'constrains("tutor.m0", concise)'], "bad_query"),
    (["--add", 'asks_x(X)'], "bad_query"),
    (["--role", "tutor.m9", "user"], "bad_query"),
    (["--role", "tutor.m1", "boss"], "bad_query"),
    ([], "bad_query"),
])
def test_bad_edits_are_coded_errors(args, code):
    result = run("what-if", TUTOR, *args, "--format", "json")
    assert result.exit_code == 2
    assert code in result.output and "Traceback" not in result.output


def test_every_reported_flip_is_what_what_if_gives(rulebase):
    (conv,) = load_file(VALENTINE)
    base = audit_conversation(rulebase, conv)
    found = sensitivity(rulebase, conv, base)
    assert {s.reply for s in found} == {"valentine.c1.r1", "valentine.c1.r2"}
    for s in found:
        assert s.flips and s.fragile
        for flip in s.flips:
            after = what_if(rulebase, conv, list(flip.edits))
            verdict = {c["id"]: c["verdict"] for c in after.after.candidates}[s.reply]
            assert verdict == flip.verdict != s.verdict


def test_sensitivity_finds_the_annotation_the_verdict_rests_on(rulebase):
    (conv,) = load_file(VALENTINE)
    base = audit_conversation(rulebase, conv)
    bad = next(s for s in sensitivity(rulebase, conv, base) if s.reply == "valentine.c1.r2")
    assert 'compliant if -underspecified("valentine.m0", write_card)' in [str(f) for f in bad.flips]


def test_the_search_is_closed_and_bounded(rulebase):
    (conv,) = load_file(VALENTINE)
    edits = single_edits(conv, rulebase.vocabulary)
    assert len(edits) == len(set(edits))
    removals = [e for e in edits if e.kind == "remove"]
    assert len(removals) == sum(len(x.annotations) for x in (conv, *conv.messages, *conv.candidates))
    assert all(e.kind in ("add", "remove") for e in edits)
    # additions only on the conversation, the answered message and the replies
    assert {e.entity for e in edits if e.kind == "add"} <= {"valentine", "valentine.m0", "valentine.c1.r1",
                                                             "valentine.c1.r2"}


def test_audit_sensitivity_marks_fragile_verdicts():
    result = run("audit", VALENTINE, "--sensitivity", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cands = data["conversations"][0]["candidates"]
    assert all(c["sensitivity"]["fragile"] for c in cands)
    assert data["summary"]["fragile"] == 2
    text = run("audit", VALENTINE, "--sensitivity").stdout
    assert "fragile" in text and "compliant if -underspecified(\"valentine.m0\", write_card)" in text


def test_why_on_a_verdict_shows_what_it_rests_on():
    result = run("why", '~compliant("valentine.c1.r2")', "--modelspec", VALENTINE, "--depth", "2",
                 "--sensitivity", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sens = data["sensitivity"]["valentine.c1.r2"]
    assert sens["fragile"] and '-underspecified("valentine.m0", write_card)' in [f["edits"][0] for f in sens["flips"]]
    text = run("why", '~compliant("valentine.c1.r2")', "--modelspec", VALENTINE, "--depth", "1", "--sensitivity").stdout
    assert "valentine.c1.r2: fragile" in text and "compliant if -underspecified" in text
