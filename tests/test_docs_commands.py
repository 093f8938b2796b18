"""Every command the README and the tutorial show runs, and prints what they show.

The documents are parsed, not copied here, so a change to the tool or to the docs
that makes them disagree fails this test. What is read from a fenced code block:

- `$ command` is run by bash in a scratch directory holding copies of rules/,
  examples/, tests/fixtures/ and docs/ (a command may go on over lines ending in `\\`;
  an indented line starting with `#` after it is a comment, not output);
- the lines after a command, up to the next `$` line or the end of the block, are its
  output (stdout and stderr together, trailing spaces ignored); `...` stands for
  any text, as in doctest. A command shown without output must exit 0 or 1 (a
  verdict may disagree); one shown with output may also exit 2 (bad input the page
  means to show);
- `$ cat FILE` with its content shown defines FILE (written before the command);
- a block right after `<!-- file: PATH -->` is written to PATH, after
  `<!-- append: PATH -->` appended to it (the comments do not show on the page).
"""
from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/tutorial.md", "docs/transcripts.md"]
COPIED = ["rules", "examples", "tests/fixtures", "docs"]
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_MARK = re.compile(r"^<!--\s*(file|append):\s*(\S+)\s*-->\s*$")
_CAT = re.compile(r"^cat\s+([\w./-]+)$")


@dataclass
class Step:
    line: int                 # where the doc shows it
    command: str | None = None
    output: list[str] | None = None  # None: no output shown
    path: str | None = None   # a file the doc defines
    text: str = ""
    append: bool = False


def doc_steps(text: str) -> list[Step]:
    """The commands and files of a markdown document, in order."""
    lines = text.split("\n")
    steps: list[Step] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, start = m.group(1), i + 1
        end = start
        while end < len(lines) and not (lines[end].startswith(fence[0] * len(fence))
                                        and lines[end].strip(fence[0]) == ""):
            end += 1
        body = lines[start:end]
        mark = _MARK.match(lines[i - 1]) if i else None
        if mark:
            steps.append(Step(start, path=mark.group(2), text="\n".join(body) + "\n", append=mark.group(1) == "append"))
        else:
            steps.extend(_commands(body, start + 1))
        i = end + 1
    return steps


def _commands(body: list[str], first_line: int) -> list[Step]:
    steps: list[Step] = []
    n = 0
    while n < len(body):
        if not body[n].startswith("$ "):
            n += 1
            continue
        step = Step(first_line + n, command=body[n][2:])
        while step.command.endswith("\\") and n + 1 < len(body):
            n += 1
            step.command = step.command[:-1] + "\n" + body[n]
        n += 1
        while n < len(body) and re.match(r"^\s+#", body[n]):  # a comment carried on to the next line
            n += 1
        output = []
        while n < len(body) and not body[n].startswith("$ "):
            output.append(body[n])
            n += 1
        step.output = output or None
        cat = _CAT.match(step.command.strip())
        if cat and output:
            steps.append(Step(step.line, path=cat.group(1), text="\n".join(output) + "\n"))
        steps.append(step)
    return steps


def _scratch(tmp_path: Path) -> Path:
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp_path / name, symlinks=False)
    return tmp_path


def _shipped_as_in_a_checkout(text: str, shipped: str) -> str:
    """The docs show the shipped rule files as a checkout names them (rules/...); the scratch
    directory is no checkout, so the installed rulebase is cited by its absolute path."""
    return text.replace(f"{shipped}{os.sep}", "rules/")


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")) + "\n"


def _pure(command: str | None) -> bool:
    """A speclogic command that writes nothing: running it again would print the same."""
    return bool(command) and command.startswith("speclogic ") and not any(
        mark in command for mark in (">", "--write", "|", ";", "&"))


def _run(step: Step, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1", PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("COLUMNS", None)
    # the newline ends a trailing `# comment` of the command before the redirection
    return subprocess.run(["bash", "-c", f"{{ {step.command}\n}} 2>&1"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("doc", DOCS)
def test_the_commands_of_a_document_print_what_it_shows(doc, tmp_path):
    if shutil.which("speclogic", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the speclogic command is not installed in this environment")
    steps = doc_steps((ROOT / doc).read_text(encoding="utf-8"))
    assert any(s.command for s in steps), f"{doc} shows no command"
    cwd = _scratch(tmp_path)
    # where the installed command's rulebase is (not this checkout's: CI installs a wheel)
    shipped = _run(Step(0, command="speclogic --rules-path"), cwd).stdout.strip()
    checker = doctest.OutputChecker()
    problems = []
    runs: dict[str, subprocess.CompletedProcess] = {}  # a command shown twice runs once while nothing changed
    for step in steps:
        if step.path is not None or not _pure(step.command):
            runs.clear()
        if step.path is not None:
            target = cwd / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "a" if step.append else "w", encoding="utf-8") as handle:
                handle.write(step.text)
            continue
        key = re.sub(r"\s+#[^'\"]*$", "", step.command)  # the same command, commented otherwise
        done = runs.get(key) or _run(step, cwd)
        if _pure(step.command):
            runs[key] = done
        where = f"{doc}:{step.line}: $ {step.command}"
        allowed = (0, 1, 2) if step.output else (0, 1)
        if done.returncode not in allowed or "Traceback" in done.stdout:
            problems.append(f"{where}\n  exit {done.returncode}\n{done.stdout}")
        elif step.output:
            want, got = _clean("\n".join(step.output)), _clean(_shipped_as_in_a_checkout(done.stdout, shipped))
            if not checker.check_output(want, got, doctest.ELLIPSIS):
                problems.append(f"{where}\n--- shown\n{want}--- printed\n{got}")
    assert not problems, "\n\n".join(problems)


def test_the_parser_reads_commands_output_and_files():
    text = "\n".join([
        "```", "$ cat a.dl", "p(a).", "$ speclogic solve a.dl   # a comment", "      # more comment",
        "   +D   +d  p(a)", "$ true \\", "  && true", "```", "<!-- append: a.dl -->", "~~~", "q(b).", "~~~",
        "````markdown", "~~~xml", "<user>hi</user>", "~~~", "$ echo after the inner block", "````",
    ])
    steps = doc_steps(text)
    assert [(s.command, s.output, s.path, s.append) for s in steps] == [
        (None, None, "a.dl", False),
        ("cat a.dl", ["p(a)."], None, False),
        ("speclogic solve a.dl   # a comment", ["   +D   +d  p(a)"], None, False),
        ("true \n  && true", None, None, False),
        (None, None, "a.dl", True),
        ("echo after the inner block", None, None, False),
    ]
