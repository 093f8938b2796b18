"""The declared vocabulary: transcripts outside it are refused at the annotation,
`speclogic vocab` prints it, and docs/annotating.md is what it prints."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.analysis import check
from engine.cli import main
from engine.modelspec import audit_paths, load_rulebase
from engine.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
NEG = sorted((ROOT / "tests" / "fixtures" / "annotations").glob("neg_*.md"))
EXPECT = re.compile(r'^EXPECT: (\w+) (\d+):(\d+) "(.*)"$', re.M)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("path", NEG, ids=lambda p: p.stem)
def test_annotation_outside_the_vocabulary_is_refused(path):
    code, line, col, words = EXPECT.search(path.read_text()).groups()
    result = run("audit", path, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["conversations"] == []
    (err,) = [e for e in data["errors"] if e["code"] == code]
    assert (err["line"], err["column"]) == (int(line), int(col))
    assert words in err["message"]


def test_a_bad_conversation_does_not_stop_the_others(tmp_path):
    seed = (ROOT / "examples" / "chain_of_command.md").read_text()
    (tmp_path / "a_good.md").write_text(seed)
    (tmp_path / "b_bad.md").write_text(seed.replace("offers_alternative(solve_exercise)", "does(hints_onyl)"))
    result = run("audit", tmp_path, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 2
    assert [c["id"] for c in data["conversations"]] == ["tutor"]
    assert [e["code"] for e in data["errors"]] == ["unknown_term"]
    assert data["errors"][0]["file"].endswith("b_bad.md")


def test_text_errors_have_a_caret_and_a_hint(tmp_path):
    t = tmp_path / "t.md"
    t.write_text((ROOT / "examples" / "comply_with_laws.md").read_text().replace(
        "intent(list_shoplifting_tricks, prevention)", "intent(list_shoplifting_tricks, loss_prevention)"))
    result = run("audit", t)
    assert result.exit_code == 2
    assert "write prevention for 'loss_prevention'" in result.stderr
    assert re.search(r"\n +\^+\n", result.stderr)
    assert "Traceback" not in result.stderr


def test_vocab_json_shape():
    result = run("vocab", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["profile"] == "2025"
    terms = {t["predicate"]: t for t in data["terms"]}
    assert terms["about"]["slots"] == ["ask", "topic"] and terms["about"]["on"] == "message"
    assert any(r["label"] == "trigger" for r in terms["about"]["read_by"])
    domains = {d["name"]: {v["value"]: v for v in d["values"]} for d in data["domains"]}
    assert "health_question" in domains["topic"]["medical_symptoms"]["rejects"]
    principles = {p["principle"]: p for p in data["principles"]}
    assert principles["comply_with_laws"]["level"] == "system"
    assert principles["comply_with_laws"]["section"] == "comply_with_laws"


def test_every_shipped_term_has_gloss_example_and_a_reader():
    data = json.loads(run("vocab", "--format", "json").stdout)
    for term in data["terms"]:
        assert term["gloss"] and term["example"] and term["section"], term
        assert term["read_by"], f"no rule reads {term['predicate']}"
    for domain in data["domains"]:
        for value in domain["values"]:
            # a value may mean "none of the cases the rules single out" (an unprotected
            # group basis): it needs a gloss and an example, not a reader
            assert value["gloss"] and value["example"] and value["section"], value
    read = [v for d in data["domains"] for v in d["values"] if v["read_by"]]
    assert len(read) > 0.8 * sum(len(d["values"]) for d in data["domains"])


def test_annotating_doc_is_generated_from_vocab():
    result = run("vocab", "--format", "md")
    assert result.exit_code == 0
    assert (ROOT / "docs" / "annotating.md").read_text() == result.stdout, \
        "regenerate: speclogic vocab --format md > docs/annotating.md"


def test_every_shipped_transcript_uses_only_declared_terms():
    report = audit_paths([ROOT / "examples", ROOT / "tests" / "fixtures" / "rules"], load_rulebase())
    assert [e.code for e in report.errors] == []


DECLARATION_ERRORS = [
    ('#annotation p(thing, open) "g" "e" {#s}.\n', "bad_declaration"),
    ('#annotation p(message, colour) "g" "e" {#s}.\nr: q(M) := p(M, red).\n', "bad_declaration"),
    ('#annotation p(message) "g" "e" {#s}.\n#annotation p(reply) "g" "e" {#s}.\n', "bad_declaration"),
    ('#annotation p(message) "g" "e" {#s}.\nr: q(M) := p(M), typo(M).\n', "undeclared_annotation"),
    ('#annotation c(message, colour) "g" "e" {#s}.\n#value colour red "g" "e" {#s} rejects crimson.\n'
     '#value colour blue "g" "e" {#s} rejects crimson.\nr: q(M) := c(M, red), c(M, blue).\n', "bad_declaration"),
    ('#annotation p(message) "g" "e" {#s}.\n#input candidate/4.\nr: q(R) := p(R), candidate(R, _, _, good).\n',
     "reads_answer_key"),
    ('#annotation p(message) "g" "e" {#s}.\n#input candidate_note/2.\nr: q(R) := p(R), candidate_note(R, _).\n',
     "reads_answer_key"),
    ('#annotation p(message) "g" "e" {#s}.\nprinciple(a, rule). principle(b, rule). principle_level(a, root).\n'
     'r: q(M) := p(M).\n', "principle_without_level"),
]


@pytest.mark.parametrize("text, code", DECLARATION_ERRORS)
def test_declaration_errors(text, code):
    diagnostics = check(parse_text(text, "t.dl"))
    assert code in [d.code for d in diagnostics if d.severity == "error"]


def test_unused_declared_term_is_a_warning():
    text = ('#annotation p(message) "g" "e" {#s}.\n#annotation unused(message) "g" "e" {#s}.\n'
            '#annotation c(message, colour) "g" "e" {#s}.\n#value colour red "g" "e" {#s}.\n'
            '#value colour blue "g" "e" {#s}.\nr: q(M) := p(M), c(M, red).\n')
    warnings = [d for d in check(parse_text(text, "t.dl")) if d.code == "term_unused"]
    assert sorted(d.message for d in warnings) == [
        "#annotation unused: no rule reads unused/1", "#value colour blue: no rule mentions blue"]


def test_a_plain_theory_needs_no_declarations():
    codes = [d.code for d in check(parse_text("p(a). q(X) :- p(X), r(X).\n", "t.dl"))]
    assert "undefined_predicate" in codes and "undeclared_annotation" not in codes
