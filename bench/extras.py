"""The benchmark's other tables (bench/run.py --extras):

  superiority  one superiority clause over n instances of two labels on one
               literal, `r1: a := q(_X). r2: ~a := s(_Y). r1 > r2.` with n
               facts each; target: 2*10^3 -> 2*10^4 grows at most 12x
  wellfounded  --well-founded on a chain of n loops, each refuted only after
               the one before it (7 rules per link); rounds and time must grow
               linearly
  clingo       plain Datalog against clingo (bench/datalog_programs.py):
               transitive closure and a points-to analysis, tuple counts
               compared

Every time is one whole process, spawn to exit, like the main table.
"""
from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

import datalog_programs as DP
import measure
import theories as T

# the derived-fact limit is a safety net for user input; these programs are
# big on purpose
BIG = ["--max-facts", "1000000000", "--max-steps", "100000000000",
       "--timeout", "0"]


def superiority_text(n: int) -> str:
    return ("".join("q(%d).\ns(%d).\n" % (i, i) for i in range(n))
            + "r1: a := q(_X).\nr2: ~a := s(_Y).\nr1 > r2.\n")


def loops_text(n: int) -> str:
    """Link i: a loop p_i <-> q_i with no way in; x_i is proved once p_i
    fails (its attacker t_i needs p_i); y_i is then beaten (v_i > u_i); and
    y_i was the only thing keeping loop i+1 from being unfounded."""
    out = []
    for i in range(n):
        out.append("lp%d: p%d := q%d.\nlq%d: q%d := p%d.\n" % (i, i, i, i, i, i))
        out.append("s%d: x%d := true.\nt%d: ~x%d := p%d.\n" % (i, i, i, i, i))
        out.append("u%d: y%d := true.\nv%d: ~y%d := x%d.\nv%d > u%d.\n"
                   % (i, i, i, i, i, i, i))
        out.append("w%d: p%d := y%d.\n" % (i, i + 1, i))
    return "".join(out)


def _write(name: str, text: str) -> Path:
    T.OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = T.OUT_DIR / name
    path.write_text(text)
    return path


def superiority(exe: str, timeout: float, sizes=(2000, 20000)) -> list:
    rows = []
    for n in sizes:
        path = _write("superiority-%d.dl" % n, superiority_text(n))
        run = measure.timed([exe, "query", "a", str(path), "--format", "json",
                             *BIG], timeout)
        rows.append({"n": n, "statements": 2 * n + 3,
                     "seconds": round(run.seconds, 3),
                     "max_rss_mb": round(run.max_rss_mb, 1),
                     "tag": measure.speclogic_tag(run.stdout, "a"),
                     "status": "ok" if run.rc == 0 else
                     "timeout" if run.timed_out else "error " + run.error_line()})
    return rows


def rounds_in_process(n: int) -> int:
    """The solver's round count is not printed by the CLI; ask the API."""
    from engine.solve.options import Options
    from engine.theory import Theory
    sol = Theory.from_string(loops_text(n)).solve(Options(well_founded=True))
    return sol.solver.wf_rounds


def wellfounded(exe: str, timeout: float, sizes=(100, 1000, 10000)) -> list:
    rows = []
    for n in sizes:
        path = _write("loops-%d.dl" % n, loops_text(n))
        goal = "p%d" % n
        run = measure.timed([exe, "query", goal, str(path), "--format", "json",
                             "--well-founded", *BIG], timeout)
        tag = measure.speclogic_tag(run.stdout, goal)
        rows.append({"links": n, "rules": 7 * n,
                     "seconds": round(run.seconds, 3),
                     "max_rss_mb": round(run.max_rss_mb, 1),
                     "rounds": rounds_in_process(n) if run.rc == 0 else None,
                     "tag": tag,
                     "status": ("ok" if tag == "-d" else "WRONG (got %s, want -d)"
                                % tag) if run.rc == 0 else
                     "timeout" if run.timed_out else "error " + run.error_line()})
    return rows


# -- clingo --------------------------------------------------------------

def clingo_cmd() -> list | None:
    try:
        import clingo  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "clingo"]


def clingo_counts(stdout: str, preds) -> dict | None:
    """Tuples per predicate in clingo's one answer set (it prints every atom)."""
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Answer:") and i + 1 < len(lines):
            c = collections.Counter(a.split("(", 1)[0] for a in lines[i + 1].split())
            return {p: c.get(p, 0) for p in preds}
    return None


def speclogic_counts(stdout: str, preds) -> dict | None:
    import json
    try:
        rows = json.loads(stdout)["conclusions"]
    except (ValueError, KeyError, TypeError):
        return None
    c = collections.Counter(r["predicate"] for r in rows
                            if r.get("definite") == "+D" and not r["negated"])
    return {p: c.get(p, 0) for p in preds}


def clingo(exe: str, timeout: float, quick: bool = False) -> list:
    cmd = clingo_cmd()
    rows = []
    for prog in DP.standard(quick):
        dl = _write(prog.stem + ".dl", prog.text)
        lp = _write(prog.stem + ".lp", prog.text)
        row = {"program": prog.name, "facts": prog.facts}
        run = measure.timed([exe, "solve", str(dl), "--format", "json", *BIG],
                            timeout)
        ours = speclogic_counts(run.stdout, prog.derived) if run.rc == 0 else None
        row["speclogic"] = {"seconds": round(run.seconds, 3),
                            "max_rss_mb": round(run.max_rss_mb, 1),
                            "status": "ok" if ours is not None else
                            "timeout" if run.timed_out else "error " + run.error_line()}
        if cmd is None:
            row["clingo"] = {"status": "not available"}
        else:
            crun = measure.timed(cmd + [str(lp)], timeout)
            theirs = clingo_counts(crun.stdout, prog.derived)
            # clingo exits 10 or 30 for "satisfiable"
            row["clingo"] = {"seconds": round(crun.seconds, 3),
                             "max_rss_mb": round(crun.max_rss_mb, 1),
                             "status": "ok" if theirs is not None else
                             "timeout" if crun.timed_out else "error " + crun.error_line()}
            if ours is not None and theirs is not None:
                row["counts"] = ours
                row["same"] = ours == theirs
                if not row["same"]:
                    row["clingo_counts"] = theirs
        rows.append(row)
    return rows


def run_all(which, exe, timeout, quick=False) -> dict:
    out = {}
    if "superiority" in which:
        out["superiority"] = superiority(exe, timeout, (200, 2000) if quick
                                         else (2000, 20000))
    if "wellfounded" in which:
        out["wellfounded"] = wellfounded(exe, timeout, (10, 100) if quick
                                         else (100, 1000, 10000))
    if "clingo" in which:
        out["clingo"] = clingo(exe, timeout, quick)
    return out
