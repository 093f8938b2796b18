"""`speclogic check` and `speclogic fmt` through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

GOOD = "bird(tweety).\nr1: flies(X) := bird(X).\nr2: ~flies(X) := penguin(X).\n"  # 2 warnings
BAD = "p(X) :- q(X)\nr :- s.\n"


@pytest.fixture
def files(tmp_path: Path):
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_clean_file_exits_0(files):
    result = run("check", files("ok.dl", "bird(tweety).\nflies(X) :- bird(X).\n"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors, 0 warnings in 1 file" in result.stderr


def test_warnings_alone_exit_0_and_render_with_caret(files):
    path = files("w.dl", GOOD)
    result = run("check", path)
    assert result.exit_code == 0
    assert f"{path}:3:18: warning: undefined_predicate:" in result.stdout
    assert "  r2: ~flies(X) := penguin(X).\n" in result.stdout
    assert "\n                   ^^^^^^^^^^\n" in result.stdout
    assert "0 errors, 3 warnings in 1 file" in result.stderr


def test_errors_exit_2_with_source_line_and_caret(files):
    path = files("bad.dl", BAD)
    result = run("check", path)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:2:1: syntax_error: expected '.'")
    assert lines[1] == "  r :- s."
    assert lines[2] == "  ^"
    assert "1 error, 0 warnings in 1 file" in result.stderr
    assert "Traceback" not in result.output


def test_json_shape(files):
    result = run("check", "--format", "json", files("w.dl", GOOD), files("bad.dl", BAD))
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert set(payload) == {"version", "errors", "warnings"} and payload["version"] == 1
    assert [e["code"] for e in payload["errors"]] == ["syntax_error"]
    for item in payload["errors"] + payload["warnings"]:
        assert {"code", "file", "line", "column", "message", "severity"} <= set(item)
    assert {w["severity"] for w in payload["warnings"]} == {"warning"}


def test_batch_with_a_bad_file_still_reports_the_good_files(files):
    good = files("a_good.dl", GOOD)
    bad = files("b_bad.dl", BAD)
    result = run("check", "--format", "json", bad, good)
    payload = json.loads(result.stdout)
    assert {w["file"] for w in payload["warnings"]} == {good}
    assert {w["code"] for w in payload["warnings"]} >= {"undefined_predicate", "unresolved_conflict"}
    assert payload["errors"][0]["file"] == bad


def test_missing_file_is_reported_and_others_still_checked(files, tmp_path):
    good = files("g.dl", GOOD)
    missing = str(tmp_path / "nope.dl")
    result = run("check", missing, good)
    assert result.exit_code == 2
    assert f"{missing}:1:1: file_not_found:" in result.stdout
    assert "undefined_predicate" in result.stdout


def test_stdin_is_read_as_dl():
    result = run("check", "-", input="p :- q.\n")
    assert result.exit_code == 0
    assert "<stdin>:1:6: warning: undefined_predicate" in result.stdout


def test_output_is_deterministic(files):
    args = ["check", "--format", "json", files("a.dl", GOOD), files("b.dl", BAD)]
    assert run(*args).stdout == run(*args).stdout


def test_analysis_errors_exit_2(files):
    result = run("check", files("u.dl", "p(X) :- q(Y).\nq(a).\n"))
    assert result.exit_code == 2
    assert "unsafe_variable" in result.stdout


def test_internal_error_exits_3(files, monkeypatch):
    import engine.analysis

    def boom(program):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.analysis, "check", boom)
    result = run("check", files("x.dl", "p."))
    assert result.exit_code == 3
    assert "internal error" in result.stderr and "Traceback" not in result.output


# ---------------------------------------------------------------- fmt

MESSY = "% keep me\nbird(  tweety ).   r1:flies(X):=bird(X),not  penguin(X). % and me\n\n\n\np :- true.\n"
TIDY = "% keep me\nbird(tweety).\nr1: flies(X) := bird(X), not penguin(X).  % and me\n\np.\n"


def test_fmt_prints_canonical_text(files):
    result = run("fmt", files("m.dl", MESSY))
    assert result.exit_code == 0
    assert result.stdout == TIDY


def test_fmt_check_and_write(files):
    path = files("m.dl", MESSY)
    assert run("fmt", "--check", path).exit_code == 1
    result = run("fmt", "--write", path)
    assert result.exit_code == 0
    assert Path(path).read_text(encoding="utf-8") == TIDY
    assert run("fmt", "--check", path).exit_code == 0


def test_fmt_refuses_bad_files_without_touching_them(files):
    path = files("bad.dl", BAD)
    result = run("fmt", "--write", path)
    assert result.exit_code == 2
    assert "syntax_error" in result.stderr
    assert Path(path).read_text(encoding="utf-8") == BAD


def test_fmt_prints_dfl_as_dl_but_will_not_rewrite_it(files):
    path = files("t.dfl", ">> bird\nr1: bird => flies\n")
    assert run("fmt", path).stdout == "bird.\nr1: flies := bird.\n"
    assert run("fmt", "--write", path).exit_code == 2


def test_shipped_rulebase_is_in_canonical_format():
    root = Path(__file__).resolve().parent.parent / "rules"
    files = sorted(str(p) for p in root.rglob("*.dl"))
    result = run("fmt", "--check", *files)
    assert result.exit_code == 0, result.output


def test_fmt_wraps_long_statements_after_the_arrow(files):
    long_body = ", ".join(f"p{i}(X)" for i in range(30))
    f = files("long.dl", f"r: q(X) := {long_body}.\n")
    out = run("fmt", f).stdout
    lines = out.splitlines()
    assert lines[0] == "r: q(X) :=" and all(line.startswith("    ") and len(line) <= 100 for line in lines[1:])
    assert run("fmt", files("again.dl", out)).stdout == out  # idempotent
