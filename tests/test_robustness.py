"""Hostile or odd input gets a coded error with a position (exit 2), never a crash."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from engine.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path, text, name="t.dl"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize("text,line,col,words", [
    ('q(1).\np("\\ud800").\n', 2, 4, "surrogate"),
    ("f(1e400).\n", 1, 3, "out of range"),
    ("q(" + "9" * 5000 + ").\n", 1, 3, "digits"),
])
def test_unrepresentable_literals_are_syntax_errors(tmp_path, text, line, col, words):
    res = run("solve", write(tmp_path, text), "--format", "json")
    assert res.exit_code == 2
    (err,) = json.loads(res.stdout)["errors"]
    assert (err["code"], err["line"], err["column"]) == ("syntax_error", line, col) and words in err["message"]


def test_surrogate_pair_escape_is_one_character(tmp_path):
    res = run("solve", write(tmp_path, 'p("\\ud83d\\ude00").\n'), "--format", "json")
    assert json.loads(res.stdout)["conclusions"][0]["args"] == ["\U0001F600"]


@pytest.mark.parametrize("text", [
    "v(1e308).\nw(X) :- v(Y), X = Y * 10.\n",
    "v(1e308).\nw(Y * 10) :- v(Y).\n",
    "v(3).\nw(X) :- v(Y), X = Y / 0.\n",
    "v(3).\nr: w(X) := v(Y), X = Y / 0.\n",
    "r: w(3 / 0) := true.\n",
])
def test_failed_arithmetic_points_at_the_rule(tmp_path, text):
    res = run("solve", write(tmp_path, text), "--format", "json")
    assert res.exit_code == 2
    (err,) = json.loads(res.stdout)["errors"]
    assert err["code"] == "evaluation_error" and err["line"] is not None


def test_variables_only_under_not(tmp_path):
    f = write(tmp_path, "q(1). q(2). s(1, 1). u(2, 3, 3).\n"
                        "r(X) :- q(X), not s(X, _).\n"
                        "t(X) :- q(X), not u(X, Z, Z).\n"
                        "d: w(X) := q(X), not s(X, _).\n")
    data = json.loads(run("solve", f, "--format", "json").stdout)
    got = {c["literal"] for c in data["conclusions"] if c["defeasible"] == "+d"}
    assert {"r(2)", "t(1)", "w(2)"} <= got and not {"r(1)", "t(2)", "w(1)"} & got
    tree = json.loads(run("why", "w(2)", f, "--format", "json").stdout)["explanations"][0]
    assert tree["rule"]["conditions"] == ["not s(2, _)"]


@pytest.mark.parametrize("text", [
    "m(a).\nr1: p := true.\nr2: ~p := true.\nr1 > r2 :- m(a).\nr2 > r1 :- m(a).\n",
    # a cycle through four rule instances: each side would beat the other as a team
    "m.\nr1: p := true.\nr2: p := true.\ns1: ~p := true.\ns2: ~p := true.\n"
    "r1 > s1 :- m.\ns1 > r2 :- m.\nr2 > s2 :- m.\ns2 > r1 :- m.\n",
])
def test_superiority_cycle_closed_by_facts_is_an_error(tmp_path, text):
    res = run("solve", write(tmp_path, text))
    assert res.exit_code == 2 and "superiority_cycle" in res.stderr and "^" in res.stderr


def test_deeply_nested_arithmetic(tmp_path):
    expr = " + ".join(["X"] * 1500)
    f = write(tmp_path, f"v(1).\nw(Y) :- v(X), Y = {expr}.\n")
    res = run("query", "w(Y)", f, "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["conclusions"][0]["args"] == [1500]


def test_deep_explanations(tmp_path):
    lines = ["a0."] + [f"r{i}: a{i} := a{i - 1}." for i in range(1, 1201)]
    f = write(tmp_path, "\n".join(lines) + "\n")
    res = run("why", "a1200", f, "--depth", "1000", "--format", "json")
    assert res.exit_code == 0, res.output[-300:]
    node, depth = json.loads(res.stdout)["explanations"][0], 0
    while node.get("premises"):
        node, depth = node["premises"][0], depth + 1
    assert depth == 1000 and node.get("truncated")
