"""Theory commands take directories and `--rules DIR` alike: a rulebase directory
(with profiles/) is what --rules loads, any other directory its .dl/.dfl files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.modelspec.rulebase import rulebase_files

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "rules", tmp_path / "my_rules")
    monkeypatch.chdir(tmp_path)
    return "my_rules"


def test_check_rules_equals_check_of_the_rulebase_files(rules_copy):
    files = [str(p) for p in rulebase_files(rules_copy, "2024")]
    assert any("/profiles/2024.dl" in f for f in files) and not any("2025" in f for f in files)
    by_option = run("check", "--rules", rules_copy, "--profile", "2024", "--format", "json")
    by_dir = run("check", rules_copy, "--profile", "2024", "--format", "json")
    by_files = run("check", *files, "--format", "json")
    assert by_option.exit_code == by_files.exit_code == by_dir.exit_code == 0
    assert json.loads(by_option.stdout) == json.loads(by_files.stdout) == json.loads(by_dir.stdout)


def test_check_reports_an_error_in_a_rules_directory(rules_copy):
    (Path(rules_copy) / "broken.dl").write_text("p(X) :- .\n")
    result = run("check", "--rules", rules_copy, "--format", "json")
    assert result.exit_code == 2
    assert [e["file"] for e in json.loads(result.stdout)["errors"]] == [f"{rules_copy}/broken.dl"]


def test_conflicts_static_with_rules_equals_the_directory_and_the_files(rules_copy):
    (Path(rules_copy) / "extra.dl").write_text("r_a: ~follow(M) := instruction(M), urgent_thing(M).\n"
                                               "#input urgent_thing/1.\n")
    outputs = [run("conflicts", "--static", *args, "--format", "json")
               for args in (["--rules", rules_copy], [rules_copy], rulebase_files(rules_copy, "2025"))]
    assert {r.exit_code for r in outputs} == {0}
    found = [json.loads(r.stdout)["conflicts"] for r in outputs]
    assert found[0] == found[1] == found[2] and found[0]  # the new rule opens a conflict


def test_a_plain_directory_gives_its_rule_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.dl").write_text("bird(tweety). r1: flies(X) := bird(X).\n")
    (tmp_path / "sub" / "b.dl").write_text("penguin(tweety). r2: ~flies(X) := penguin(X). r2 > r1.\n")
    (tmp_path / ".hidden.dl").write_text("this is not a theory\n")
    by_dir = run("solve", tmp_path, "--format", "json")
    by_files = run("solve", tmp_path / "a.dl", tmp_path / "sub" / "b.dl", "--format", "json")
    assert by_dir.exit_code == 0 and by_dir.stdout == by_files.stdout
    assert "~flies(tweety)" in by_dir.stdout


def test_no_files_and_no_rulebase_is_bad_input():
    for command in (["solve"], ["check"], ["conflicts", "--static"]):
        result = run(*command)
        assert result.exit_code == 2 and "file_not_found" in result.output, command


def test_why_takes_a_rulebase_without_files():
    result = run("query", "rank(X, Y)", "--modelspec")
    assert result.exit_code == 0 and "rank(" in result.stdout
