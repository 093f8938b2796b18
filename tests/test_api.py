"""The public API (`import speclogic`): docs/api.md runs as a doctest, and the typed
results agree with the JSON report they are built from."""
from __future__ import annotations

import dataclasses
import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import speclogic
from engine.theory import Theory

ROOT = Path(__file__).resolve().parent.parent


def test_docs_api_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples name examples/... as a reader in a checkout would
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10
    assert result.failed == 0


def test_all_names_exist_and_are_explicit():
    assert len(speclogic.__all__) == len(set(speclogic.__all__))
    for name in speclogic.__all__:
        assert hasattr(speclogic, name), name
    public = {n for n in vars(speclogic) if not n.startswith("_")} - {"annotations", "Path"}
    assert public == set(speclogic.__all__)


def _walk(value):
    """Every value below a result: the results hold dataclasses, tuples and scalars only."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.name not in ("report", "errors", "rulebase_warnings"):
                yield from _walk(getattr(value, f.name))
    elif isinstance(value, tuple):
        for v in value:
            yield from _walk(v)
    else:
        yield value


@pytest.fixture(scope="module")
def seeds():
    return speclogic.audit(ROOT / "examples" / "ask_clarifying_questions.md",
                           ROOT / "examples" / "be_helpful_without_overstepping.md",
                           sensitivity=True)


def test_results_are_typed_not_dicts(seeds):
    leaves = list(_walk(seeds))
    assert leaves and not any(isinstance(v, (dict, list)) for v in leaves)


def test_typed_results_match_the_json_report(seeds):
    data = seeds.to_json()
    assert dataclasses.asdict(seeds.summary) == {k: data["summary"][k] for k in dataclasses.asdict(seeds.summary)}
    assert [c.id for c in seeds.conversations] == [c["id"] for c in data["conversations"]]
    for conv, raw in zip(seeds.conversations, data["conversations"]):
        assert [(r.id, r.verdict, r.agreement, r.fragile) for r in conv.replies] == \
            [(c["id"], c["verdict"], c["agreement"], c["sensitivity"]["fragile"] if "sensitivity" in c else None)
             for c in raw["candidates"]]
        assert [(i.id, i.status, i.rule and i.rule.label) for i in conv.instructions] == \
            [(i["id"], i["status"], i["rule"] and i["rule"]["label"]) for i in raw["instructions"]]
        for reply, cand in zip(conv.replies, raw["candidates"]):
            assert [v.principle for v in reply.violations] == [v["principle"] for v in cand["violations"]]


def test_a_bad_transcript_is_kept_beside_the_good(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    result = speclogic.audit(tmp_path / "bad.json", ROOT / "examples" / "chain_of_command.md")
    assert len(result.conversations) == 1 and len(result.errors) == 1
    assert result.errors[0].code and result.summary.bad_files == 1


def test_load_reads_a_rulebase_directory_as_the_cli_does():
    from engine.modelspec import load_rulebase

    shipped = load_rulebase()
    theory = speclogic.load(ROOT / "rules", profile="2024")
    assert len(theory.program.rules) == len(load_rulebase(None, "2024").program.rules)
    assert len(speclogic.load(modelspec=True).program.rules) == len(shipped.program.rules)


def test_audit_passes_solver_switches(tmp_path):
    result = speclogic.audit(ROOT / "examples" / "chain_of_command.md", policy="propagating")
    assert result.policy == "propagating"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "~"]), st.sampled_from(["p", "q"]),
                          st.one_of(st.integers(-3, 12), st.sampled_from(["a", "b", "Zed", "a b"]))),
                min_size=1, max_size=12))
def test_query_answers_in_the_conclusion_order(facts):
    from engine.ast import format_value

    text = "".join(f"r{i}: {sign}{pred}({format_value(v)}) := true.\n" for i, (sign, pred, v) in enumerate(facts))
    sol = Theory.from_string(text).solve()
    for pattern, pred, negated in (("p(X)", "p", False), ("~p(X)", "p", True), ("q(_)", "q", False)):
        expected = [c for c in sol.conclusions() if c.predicate == pred and c.negated == negated]
        assert sol.query(pattern) == expected
