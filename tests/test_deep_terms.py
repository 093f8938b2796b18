"""Very long sums and deeply nested terms (12,000 and 50,000 levels) work through every
stage, in the CLI and through the Python API at Python's default recursion limit: terms
are walked with explicit stacks (parse, analysis, printing, equality, evaluation)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from engine.analysis import check
from engine.cli import main
from engine.parse import parse_text
from engine.parse.printer import format_program
from engine.theory import Theory

SIZES = [12_000, 50_000]


@pytest.fixture
def default_stack():
    # the CLI raises the limit for itself; the API must not need that
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(old)


def _sum(n: int) -> str:
    return "Y" + " + 1" * n


def _theory(n: int) -> str:
    return (
        "q(1).\n"
        f"r1: p(X) := q(Y), X = {_sum(n)}.\n"
        f"r2: ~p(X) := q(Y), X = Y{' * 1' * n} + {n}.\n"
        "r1 > r2.\n"
        f"r3: s(Y{' - 1' * n}) :- q(Y), not t({_sum(n)}), Y < {_sum(n)}.\n"
        "t(0).\n"
    )


@pytest.mark.parametrize("n", SIZES)
def test_api_parses_checks_solves_explains_and_prints_a_deep_sum(n, default_stack):
    text = _theory(n)
    program = parse_text(text, "deep.dl")
    assert [d.code for d in check(program)] == []
    sol = Theory(program).solve()
    got = {str(c.literal): (c.definite, c.defeasible) for c in sol.conclusions()}
    assert got[f"p({n + 1})"] == ("-D", "+d")
    assert got[f"~p({n + 1})"] == ("-D", "-d")
    assert got[f"s({1 - n})"] == ("+D", "+d")
    assert sol.proof(f"p({n + 1})") is not None
    printed = format_program(program)
    again = parse_text(printed, "deep.dl")
    assert format_program(again) == printed

    def labelled(p):  # generated labels name lines, which fmt's wrapping moves
        return [r for r in p.rules if not r.generated_label]

    assert labelled(again) == labelled(program) and len(labelled(program)) == 3
    r1, r2, _ = labelled(program)
    assert r1 != r2 and r1.body[1] != r2.body[1] and hash(r1) == hash(labelled(again)[0])


@pytest.mark.parametrize("n", SIZES)
def test_cli_commands_on_a_deep_sum_exit_normally(tmp_path, n):
    f = tmp_path / "deep.dl"
    f.write_text(_theory(n), encoding="utf-8")
    runner = CliRunner()
    commands = [["check", f], ["fmt", f], ["why", f"p({n + 1})", f], ["why-not", f"~p({n + 1})", f],
                ["conflicts", f]]
    for args in commands if n == SIZES[0] else commands[2:3]:  # the big size: one command, for time
        res = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert res.exit_code == 0, (args, res.output[-300:])
    res = runner.invoke(main, ["solve", str(f), "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 0
    assert {c["literal"] for c in json.loads(res.stdout)["conclusions"]} >= {f"p({n + 1})", f"s({1 - n})"}


def test_a_deep_failing_sum_is_a_coded_evaluation_error_in_a_real_process(tmp_path):
    f = tmp_path / "deep.dl"
    f.write_text(f'q(1).\np(X) :- q(Y), X = {_sum(12_000)} + "a".\n', encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "engine.cli", "solve", str(f), "--format", "json"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2, res.stderr[-500:]
    (err,) = json.loads(res.stdout)["errors"]
    assert (err["code"], err["line"]) == ("evaluation_error", 2)
