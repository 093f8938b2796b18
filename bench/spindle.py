"""Running SPINdle 2.2.2 (the Java reference reasoner) on a benchmark theory,
whole process, and reading the conclusions it prints.  Used by bench/run.py.

SPINdle is an external measuring instrument, found at --spindle DIR (a folder
holding spindle-*.jar and lib/); nothing of it is part of this project.  It
writes a log/ folder into its working directory, so each run gets a fresh
temporary one, and it picks its parser from everything after the first dot
of the file name, so the theory is always called theory.dfl there.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import measure

# `    +d a0(X)` / `    -d -a3(X)`: SPINdle prints propositions with a
# placeholder argument; `-` is its strong negation.
_CONCLUSION = re.compile(r"^\s+([+-][dD])\s+(-?)([^\s(]+)(?:\([^)]*\))?\s*$")


def find_jar(folder: str | None) -> tuple[str | None, str]:
    """(jar path, '') when SPINdle can run, else (None, why not)."""
    if not folder:
        return None, "no --spindle folder"
    if shutil.which("java") is None:
        return None, "java not installed"
    jars = sorted(Path(folder).glob("spindle-*.jar"))
    if not jars:
        return None, "no spindle-*.jar in %s" % folder
    return str(jars[-1].resolve()), ""  # absolute: SPINdle runs in a temp dir


def run(jar: str, dfl_text: str, timeout: float) -> tuple[measure.Run, dict]:
    """Time `java -jar JAR theory.dfl` from spawn to exit in a fresh temp dir;
    returns the run and {literal: '+d' | '-d'} of its defeasible conclusions
    (literals in speclogic's spelling, `~` for negation)."""
    with tempfile.TemporaryDirectory(prefix="spindle-") as tmp:
        path = Path(tmp) / "theory.dfl"
        path.write_text(dfl_text)
        result = measure.timed(["java", "-jar", jar, path.name], timeout,
                               cwd=tmp)
    return result, conclusions(result.stdout)


def finished(stdout: str) -> bool:
    return "=== System info: Conclusions." in stdout


def conclusions(stdout: str) -> dict:
    out = {}
    for line in stdout.splitlines():
        m = _CONCLUSION.match(line)
        if m and m.group(1) in ("+d", "-d"):
            out[("~" if m.group(2) else "") + m.group(3)] = m.group(1)
    return out


def speclogic_tags(solve_json: str) -> dict:
    """{literal: '+d' | '-d' | 'undecided'} from `speclogic solve --format json`."""
    try:
        rows = json.loads(solve_json).get("conclusions", [])
    except (ValueError, AttributeError):
        return {}
    return {r["literal"]: r["defeasible"] for r in rows
            if isinstance(r, dict) and "literal" in r}


def agreement(ours: dict, theirs: dict) -> tuple[int, list]:
    """How many literals both solvers name, and where they disagree.

    SPINdle prints +d or -d, or nothing for a literal it leaves undecided;
    speclogic lists every literal that occurs in the theory with +d, -d or
    undecided.  A literal SPINdle prints and speclogic does not list has no
    rule at all for it in speclogic's reading (SPINdle also prints the
    complement of every literal), so it must be -d there."""
    compared, wrong = 0, []
    for lit in sorted(set(ours) | set(theirs)):
        mine = ours.get(lit, "-d")
        other = theirs.get(lit, "undecided")
        compared += 1
        if mine != other:
            wrong.append("%s: speclogic %s, SPINdle %s" % (lit, mine, other))
    return compared, wrong
