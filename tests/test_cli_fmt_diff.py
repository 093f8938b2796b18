"""`fmt --diff`: a unified diff that `patch` applies to give exactly `fmt`'s output;
`--check` lists the files, and a canonical file gives no diff and exit 0."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from engine.cli import main

MESSY = ["p(a).   q(b).\nr1: s(X):=p(X).", "% keep me\nr1: t(X) :=   p(X) ,q(X).\n\n\nr1 > r2.\nr2: ~t(X):=q(X).\n"]


def run(*args):
    return CliRunner().invoke(main, ["fmt", *args])


@pytest.mark.parametrize("text", MESSY)
def test_the_diff_applies_to_give_the_formatted_text(tmp_path, text):
    if shutil.which("patch") is None:
        pytest.skip("no patch command here")
    path = tmp_path / "t.dl"
    path.write_text(text)
    formatted = run(str(path)).stdout
    result = run("--diff", str(path))
    assert result.exit_code == 1 and result.stdout.startswith(f"--- {path} (as written)")
    (tmp_path / "t.patch").write_text(result.stdout)
    subprocess.run(["patch", "-s", str(path), str(tmp_path / "t.patch")], check=True)
    assert path.read_text() == formatted
    again = run("--diff", "--check", str(path))
    assert again.exit_code == 0 and again.stdout == "" and again.stderr == ""


def test_check_lists_only_the_files_that_would_change(tmp_path):
    (tmp_path / "messy.dl").write_text(MESSY[0])
    (tmp_path / "clean.dl").write_text(run(str(tmp_path / "messy.dl")).stdout)
    result = run("--check", str(tmp_path / "clean.dl"), str(tmp_path / "messy.dl"))
    assert result.exit_code == 1 and result.stderr.strip() == f"would reformat {tmp_path / 'messy.dl'}"


def test_write_does_not_go_with_diff(tmp_path):
    (tmp_path / "a.dl").write_text(MESSY[0])
    assert run("--write", "--diff", str(tmp_path / "a.dl")).exit_code == 2
    assert (tmp_path / "a.dl").read_text() == MESSY[0]
