"""The shipped rulebase: it checks clean, covers every principle of the seed in
both profiles, every principle can be violated by some fixture, its labels are
documented, and a conversation's verdicts do not depend on its neighbours."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.analysis import check, errors_only
from engine.explain import static_conflicts
from engine.modelspec import audit_paths, available_profiles, load_rulebase
from engine.theory import Theory

ROOT = Path(__file__).resolve().parent.parent
SEED_PRINCIPLES = {
    # objectives
    "assist_developer_and_user", "benefit_humanity", "reflect_well",
    # rules and the exception
    "follow_chain_of_command", "comply_with_laws", "avoid_info_hazards", "respect_creators",
    "protect_privacy", "no_nsfw", "transformation_exception",
    # the ten defaults
    "assume_best_intentions", "ask_clarifying_questions", "be_helpful_without_overstepping",
    "support_programmatic_use", "assume_objective_pov", "encourage_fairness_and_kindness",
    "dont_change_minds", "express_uncertainty", "use_right_tool", "be_thorough_but_efficient",
}
KINDS = {"objective": 3, "rule": 7, "default": 10}


def test_profiles_shipped():
    assert available_profiles() == ["2024", "2025"]


@pytest.mark.parametrize("profile", ["2024", "2025"])
def test_rulebase_checks_clean_and_settles_every_conflict(profile):
    program = load_rulebase(profile=profile, check=False).program
    assert errors_only(check(program)) == []
    assert static_conflicts(program) == []
    # rules/inputs.dl declares what transcripts and profiles supply: no warning at all
    assert [d.render() for d in check(program)] == []


@pytest.mark.parametrize("profile", ["2024", "2025"])
def test_every_seed_principle_has_a_kind_and_a_level(profile):
    sol = Theory(load_rulebase(profile=profile).fresh_program(), check=False).solve()
    kinds = {c.args[0]: c.args[1] for c in sol.query("principle(P, K)") if c.definite == "+D"}
    # chapter files add principles beside the seed ones; the seed ones keep their kinds
    assert SEED_PRINCIPLES <= set(kinds)
    seed_kinds = [kinds[p] for p in SEED_PRINCIPLES]
    assert {k: seed_kinds.count(k) for k in KINDS} == KINDS
    levels = {c.args[0]: c.args[1] for c in sol.query("principle_level(P, L)") if c.definite == "+D"}
    assert set(levels) == set(kinds)
    ranks = {c.args[0]: c.args[1] for c in sol.query("rank(L, N)")}
    assert set(levels.values()) <= set(ranks)
    # rules outrank every message role but the platform's/system's own
    for p, k in kinds.items():
        if k == "rule":
            assert ranks[levels[p]] > ranks["developer"]
        if k == "objective":
            assert ranks[levels[p]] < ranks["user"]


def test_profiles_differ_where_the_drafts_do():
    levels = {}
    for profile in ("2024", "2025"):
        sol = Theory(load_rulebase(profile=profile).fresh_program(), check=False).solve()
        levels[profile] = {c.args[0]: c.args[1] for c in sol.query("role_level(R, L)")}
    assert levels["2024"]["system"] == "platform" and levels["2025"]["system"] == "system"
    assert levels["2024"]["tool"] == "tool" and levels["2025"]["tool"] == "none"


def test_every_principle_is_violated_by_some_fixture():
    report = audit_paths([ROOT / "tests" / "fixtures" / "rules", *sorted((ROOT / "examples").glob("*.md"))],
                         load_rulebase())
    violated = {v["principle"] for conv in report.conversations for c in conv.candidates for v in c["violations"]}
    # Benefit humanity and reflect well are served through the rules and defaults that make
    # them concrete: no annotation says "this harms someone", so nothing violates them directly.
    every = {p for p, _ in _principles(load_rulebase())}
    assert SEED_PRINCIPLES <= every
    missing = sorted(every - {"benefit_humanity", "reflect_well"} - violated)
    assert missing == [], f"no rule test makes a reply violate {missing}"


def _principles(rulebase):
    return [tuple(a.value for a in r.head.args) for r in rulebase.program.rules
            if r.is_fact and r.head.pred == "principle"]


def test_every_rule_label_is_documented():
    doc = (ROOT / "docs" / "modelspec.md").read_text()
    doc += "".join(p.read_text() for p in sorted((ROOT / "docs" / "chapters").glob("*.md")))
    labels = set()
    for path in sorted((ROOT / "rules").glob("*.dl")) + sorted((ROOT / "rules").glob("*/*.dl")):
        labels |= set(re.findall(r"^([a-z_]+)\([^)]*\):", path.read_text(), re.M))
    missing = sorted(name for name in labels if f"`{name}`" not in doc)
    assert labels and missing == []


EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.md"))


@pytest.fixture(scope="module")
def single_audits():
    rulebase = load_rulebase()
    out = {}
    for path in EXAMPLE_FILES:
        for conv in audit_paths([path], rulebase).conversations:
            out[conv.id] = conv.to_json()
    return rulebase, out


@settings(max_examples=8, deadline=None)
@given(st.permutations(EXAMPLE_FILES))
def test_verdicts_do_not_depend_on_other_conversations(single_audits, files):
    rulebase, alone = single_audits
    together = audit_paths(list(files), rulebase)
    assert {c.id: c.to_json() for c in together.conversations} == alone
