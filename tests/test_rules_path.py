"""Explanations cite shipped rule files by paths that open from where the user is,
and `speclogic --rules-path` says where the shipped rulebase is."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.modelspec import load_rulebase

ROOT = Path(__file__).resolve().parent.parent
TUTOR = str(ROOT / "examples" / "chain_of_command.md")
_CITED = re.compile(r"\[([^\]\s]+\.dl):(\d+)\]")


def test_rules_path_prints_the_shipped_rulebase():
    result = CliRunner().invoke(main, ["--rules-path"])
    assert result.exit_code == 0
    path = Path(result.stdout.strip())
    assert (path / "profiles" / "2025.dl").is_file()
    shipped = load_rulebase()
    from_path = load_rulebase(path)  # the directory is the rulebase the tool reads by default
    assert len(from_path.program.rules) == len(shipped.program.rules)


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_cited_rule_files_exist_from_the_working_directory(where, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT if where == "root" else tmp_path)
    result = CliRunner().invoke(main, ["why", '~follow("tutor.m1")', "--modelspec", TUTOR])
    assert result.exit_code == 0
    cited = _CITED.findall(result.stdout)
    assert cited
    for file, line in cited:
        path = Path(file)
        assert path.is_file(), file
        assert int(line) <= len(path.read_text().splitlines())
    if where == "root":  # a checkout: the short relative path, as the docs show it
        assert all(f.startswith("rules/") for f, _ in cited)


def test_audit_json_names_the_rules_it_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", TUTOR, "--format", "json"])
    import json

    data = json.loads(result.stdout)
    assert Path(data["rules"]).is_dir()
    rule = data["conversations"][0]["instructions"][1]["rule"]
    assert Path(rule["file"]).is_file()
