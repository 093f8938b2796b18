"""Fuzzing at a small size (tools/fuzz.py runs the same harness at 10^5 inputs): mutated
slices of the shipped rule files, fixtures and transcripts, and generated valid programs,
end in a result or a coded error that docs/errors.md documents, never a crash; through
the CLI, the exit code is 0, 1 or 2, never 3 or a traceback."""
from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.errors import ERROR
from tools.fuzz import CODES, generate, mutate, run_one, run_theory, shipped_sources

SOURCES = shipped_sources()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_harness_sees_every_kind_of_shipped_input():
    kinds = {k for k, _, _ in SOURCES}
    assert kinds == {"dl", "dfl", "transcript"} and len(SOURCES) > 100
    assert {"syntax_error", "unsafe_variable", "evaluation_error", "limit_exceeded"} <= CODES


@FUZZ
@given(st.sampled_from(SOURCES), st.randoms(use_true_random=False))
def test_mutated_shipped_inputs_end_in_a_result_or_a_coded_error(source, rng):
    kind, name, text = source
    out = run_one(kind, name, mutate(text, rng, window=40 if kind != "transcript" else 10**6))
    assert out.kind != "crash", out.detail


@FUZZ
@given(st.randoms(use_true_random=False))
def test_generated_valid_programs_check_clean_and_solve(rng):
    out = run_theory(generate(rng), "gen.dl")
    assert out.kind == "ok" or out.detail in ("evaluation_error", "limit_exceeded"), out.detail


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_programs_solve_the_same_twice(rng):
    from engine.errors import SpeclogicError
    from engine.theory import Theory

    def answer(text):
        try:
            return [c.to_json() for c in Theory.from_string(text, "gen.dl").solve().conclusions()]
        except SpeclogicError as exc:
            return exc.to_json()

    text = generate(rng)
    assert answer(text) == answer(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([s for s in SOURCES if s[0] != "transcript"]), st.randoms(use_true_random=False),
       st.sampled_from(["solve", "check", "conflicts"]))
def test_cli_on_mutated_theories_exits_0_1_or_2_with_coded_json_errors(tmp_path_factory, source, rng, command):
    kind, name, text = source
    f = tmp_path_factory.mktemp("fuzz") / ("t.dfl" if kind == "dfl" else "t.dl")
    f.write_text(mutate(text, rng), encoding="utf-8")
    args = [command, str(f)] + (["--format", "json"] if command != "check" else [])
    limit = sys.getrecursionlimit()  # the CLI raises it for itself
    try:
        res = CliRunner().invoke(main, args + ["--max-facts", "5000", "--max-steps", "50000"]
                                 if command != "check" else args)
    finally:
        sys.setrecursionlimit(limit)
    assert res.exit_code in (0, 1, 2), res.output[-800:]
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    if res.exit_code == 2 and command != "check":
        errors = json.loads(res.stdout)["errors"]
        assert errors and all(e["code"] in CODES for e in errors)


@pytest.mark.parametrize("seed", range(5))
def test_generated_programs_have_no_check_errors(seed):
    import random

    from engine.analysis import check
    from engine.parse import parse_dl

    for _ in range(40):
        text = generate(random.Random(seed * 1000 + _))
        errors = [d for d in check(parse_dl(text, "gen.dl")) if d.severity == ERROR]
        assert not errors, (text, [d.message for d in errors])
