"""`speclogic test`: -k, -x, --format json|junit, and standard input."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

ROOT = Path(__file__).resolve().parent.parent
PASSING = "p(a).\n% EXPECT: +d p(a)\n"
FAILING = "p(a).\n% EXPECT: -d p(a)\n"


def run(*args, input=None):
    return CliRunner().invoke(main, ["test", *args], input=input)


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "a_pass.dl").write_text(PASSING)
    (tmp_path / "b_fail.dl").write_text(FAILING)
    (tmp_path / "c_pass.dl").write_text(PASSING)
    # a hostile name: markup and a control character must not break the XML
    (tmp_path / 'd_<&"\x01>.dl').write_text(FAILING)
    return tmp_path


def _names(result) -> list[str]:
    return [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]


def test_k_selects_by_substring_and_glob(suite):
    assert [Path(n).name for n in _names(run(str(suite), "-k", "pass"))] == ["a_pass.dl", "c_pass.dl"]
    assert [Path(n).name for n in _names(run(str(suite), "-k", "*/b_*"))] == ["b_fail.dl"]
    assert run(str(suite), "-k", "pass").exit_code == 0


def test_k_matching_nothing_is_not_a_pass(suite):
    result = run(str(suite), "-k", "nothing_is_called_this")
    assert result.exit_code == 2 and "no tests found" in result.stderr


def test_k_selects_conversations_of_a_transcript():
    path = str(ROOT / "tests" / "fixtures" / "rules" / "chain_of_command.md")
    names = _names(run(path, "-k", "::santa"))
    assert names == [f"{path}::santa"]


def test_x_stops_at_the_first_failure(suite):
    full, first = run(str(suite)), run(str(suite), "-x")
    assert len(_names(full)) == 4 and full.exit_code == 1
    assert [Path(n).name for n in _names(first)] == ["a_pass.dl", "b_fail.dl"] and first.exit_code == 1


def test_json_agrees_with_the_text_run(suite):
    text, data = run(str(suite)), json.loads(run(str(suite), "--format", "json").stdout)
    assert [t["name"] for t in data["tests"]] == _names(text)
    assert data["summary"] == {"passed": 2, "failed": 2, "bad_input": 0}
    assert all(t["details"] for t in data["tests"] if not t["passed"])


def test_junit_is_well_formed_and_counts_match(suite):
    (suite / "e_bad.dl").write_text("p(a\n% EXPECT: +d p(a)\n")
    result = run(str(suite), "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    suite_el = root.find("testsuite")
    cases = suite_el.findall("testcase")
    assert suite_el.get("tests") == "5" and suite_el.get("failures") == "2" and suite_el.get("errors") == "1"
    assert len(cases) == 5 and len(suite_el.findall("testcase/failure")) == 2
    assert [c.get("name") for c in cases if c.find("error") is not None] == ["bad input"]
    hostile = next(c for c in cases if "/d_" in c.get("name"))
    assert "<&\"" in hostile.get("name") and "\x01" not in hostile.get("name")


@pytest.mark.parametrize("text, code", [(PASSING, 0), (FAILING, 1)])
def test_a_theory_test_on_standard_input(text, code):
    result = run("-", input=text)
    assert result.exit_code == code and _names(result) == ["<stdin>"]


def test_a_transcript_test_on_standard_input():
    text = (ROOT / "examples" / "chain_of_command.md").read_text()
    result = run("-", input=text)
    assert result.exit_code == 0 and _names(result) == ["<stdin>::tutor"]
