#!/usr/bin/env python3
"""Benchmark speclogic end to end on the scalable theories of Maher et al.
(2001), beside tiny-datalog, and check every answer.

Each size is one subprocess, `speclogic query GOAL FILE --format json`, timed
from spawn to exit (start-up, parse, ground, solve, print).  The largest
size of each family is also timed as `speclogic solve FILE --format json`
with the output thrown away, since printing every conclusion is part of the
contract.  A wrong tag is reported as WRONG; a run past the timeout as
timeout.  See bench/README.md.

  python bench/run.py [--quick] [--families chain,teams] [--max-rules N]
                      [--markdown] [--json out.json] [--no-tiny]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402
import report  # noqa: E402
import spindle  # noqa: E402
import extras as X  # noqa: E402
import theories as T  # noqa: E402

DEFAULT_SPINDLE = Path(__file__).resolve().parent.parent.parent / "shared" \
    / "tools" / "spindle"
LADDER = {
    "chain": [(1000,), (4000,), (10000,), (100000,), (1000000,)],
    "circle": [(1000,), (4000,), (10000,), (100000,)],
    "levels": [(249,), (999,), (1999,), (2499,), (24999,)],
    "teams": [(3,), (4,), (5,), (6,), (7,)],
    "tree": [(6, 3), (7, 3), (8, 3), (9, 3), (10, 3), (11, 3)],
    "dag": [(250, 4), (1000, 4), (2500, 4), (25000, 4)],
}
QUICK = {
    "chain": [(100,), (1000,)], "circle": [(100,), (1000,)],
    "levels": [(24,), (249,)], "teams": [(2,), (3,)],
    "tree": [(4, 3), (6, 3)], "dag": [(25, 4), (250, 4)],
}
# Figures quoted from other days are gone: SPINdle and tiny-datalog are run
# here, in the same run (see side_by_side and bench_size).
REFERENCE: dict = {}


def best_of(cmd, timeout, quick_below=5.0, repeats=3, keep_stdout=True):
    """Runs under `quick_below` seconds are noisy: take the best of a few. 5 s, so that
    the sizes a scaling step compares (10^4 to 10^5 rules, ~0.3 to ~4 s) are all taken
    the same way: a best of three against a single run read as a worse scaling."""
    run = measure.timed(cmd, timeout, keep_stdout)
    if run.rc == 0 and run.seconds < quick_below:
        for _ in range(repeats - 1):
            again = measure.timed(cmd, timeout, keep_stdout)
            if again.rc == 0 and again.seconds < run.seconds:
                run = again
    return run


def judge(run, tag, expect):
    if run.timed_out:
        return "timeout"
    if run.rc != 0:
        return "error " + run.error_line()
    return "ok" if tag == expect else "WRONG (got %s, want %s)" % (tag, expect)


def cell(run, status, tag):
    tag = tag if run.rc == 0 else ""
    return {"seconds": round(run.seconds, 4), "status": status, "tag": tag,
            "cpu_seconds": round(run.cpu_seconds, 4),
            "max_rss_mb": round(run.max_rss_mb, 1)}


def side_by_side(th, row, args, exe, jar):
    """SPINdle on the same theory, and `speclogic solve` with every
    conclusion kept, so that both answers can be compared literal by literal.
    Both commands print every conclusion: that is the like-for-like pair."""
    if row["family"] in args.spindle_gave_up:
        row["spindle"] = {"status": "skipped", "why": "smaller size timed out"}
        return
    if len(th.rules) > args.spindle_max_rules:
        row["spindle"] = {"status": "skipped", "why": "not run above %d rules"
                          % args.spindle_max_rules}
        return
    run, theirs = spindle.run(jar, th.dump("dfl"), args.spindle_timeout)
    # the same rule as speclogic's runs (best_of): under 5 s, the best of three
    for _ in range(2):
        if run.rc != 0 or run.timed_out or run.seconds >= 5.0:
            break
        again, again_theirs = spindle.run(jar, th.dump("dfl"), args.spindle_timeout)
        if again.rc == 0 and again.seconds < run.seconds:
            run, theirs = again, again_theirs
    if run.timed_out:
        args.spindle_gave_up.add(row["family"])
        row["spindle"] = dict(cell(run, "timeout", ""), compared=0, wrong=[])
        return
    # a theory can have no +d/-d conclusion at all (circle): SPINdle still
    # prints its heading
    status = "ok" if run.rc == 0 and spindle.finished(run.stdout) else \
        "error " + run.error_line()
    row["spindle"] = cell(run, status, theirs.get(th.goal, "undecided"))
    if status != "ok" or not exe:
        return
    ours_run = best_of([exe, "solve", str(th.write("dl")), "--format", "json"],
                       args.timeout)
    row["solve_all"] = cell(ours_run, "ok" if ours_run.rc == 0 else
                            "timeout" if ours_run.timed_out else
                            "error " + ours_run.error_line(), "")
    if ours_run.rc != 0:
        return
    compared, wrong = spindle.agreement(
        spindle.speclogic_tags(ours_run.stdout), theirs)
    row["spindle"].update(compared=compared, wrong=wrong[:5],
                          n_wrong=len(wrong))
    if wrong:
        row["spindle"]["status"] = "WRONG (%d literals disagree)" % len(wrong)


def bench_size(th, paths, args, exe, tiny, largest, jar=None):
    row = {"family": th.family, "params": list(th.params), "name": th.name,
           "rules": len(th.rules), "facts": len(th.facts), "goal": th.goal,
           "expect": th.expectations[0][1],
           "reference": REFERENCE.get((th.family, th.params), "")}
    if exe:
        run = best_of([exe, "query", th.goal, str(paths["dl"]), "--format",
                       "json"], args.timeout)
        tag = measure.speclogic_tag(run.stdout, th.goal)
        row["speclogic"] = cell(run, judge(run, tag, row["expect"]), tag)
    if jar:
        side_by_side(th, row, args, exe, jar)
    if exe:
        if largest and not run.timed_out and "solve_all" not in row:
            run = best_of([exe, "solve", str(paths["dl"]), "--format", "json"],
                          args.timeout, keep_stdout=False)
            row["solve_all"] = cell(run, "timeout" if run.timed_out else
                                    "ok" if run.rc == 0 else
                                    "error " + run.error_line(), "")
    key = (th.family, tuple(th.params))
    if key in args.reused:
        row["tiny"] = dict(args.reused[key], reused=True)
    elif tiny and len(th.rules) <= args.tiny_max_rules:
        run = measure.timed([tiny, str(paths["td"]), "-q", th.goal],
                            args.tiny_timeout)
        tag = measure.tiny_tag(run.stdout, th.goal)
        row["tiny"] = cell(run, judge(run, tag, row["expect"]), tag)
    return row


def semantic_checks(args, exe, fams):
    """The other solver options, once per family at a middle size: each
    expectation that needs flags (well-founded, no team defeat, policies)."""
    sizes = {"chain": (1000,), "circle": (1000,), "levels": (249,),
             "teams": (4,), "tree": (6, 3), "dag": (250, 4)}
    out = []
    for fam in fams:
        variants = [T.make(fam, *sizes[fam])]
        if fam == "levels":
            variants.append(T.levels(sizes[fam][0], priorities=False))
        for th in variants:
            runs = [(flags, want, th.write("dl"))
                    for flags, want in th.expectations
                    # the main table already checks the default on .dl
                    if flags or th.family != fam]
            # the same default question in SPINdle syntax
            runs.append(((), th.expectations[0][1], th.write("dfl")))
            for flags, want, path in runs:
                cmd = [exe, "query", th.goal, str(path), "--format", "json",
                       *flags]
                run = measure.timed(cmd, args.timeout)
                if run.rc == 2 and "no such option" in run.stderr.lower():
                    # `query` may not take solver flags: ask `solve` instead
                    cmd[1:3] = ["solve"]
                    run = measure.timed(cmd, args.timeout)
                tag = measure.speclogic_tag(run.stdout, th.goal)
                out.append({"theory": th.name, "flags": " ".join(flags) or
                            "(default)", "command": cmd[1], "input": path.name,
                            "goal": th.goal,
                            "expect": want, "tag": tag,
                            "seconds": round(run.seconds, 3),
                            "status": judge(run, tag, want)})
    return out


def add_scaling(rows):
    """CPU-time ratio per 10x rules against the latest smaller size with at
    most a third of the rules: exact for decade steps, normalised
    (t2/t1)^(1/log10(r2/r1)) otherwise.  CPU, not wall clock, because on a
    shared 2-core machine the wall clock also counts other people's work."""
    for i, row in enumerate(rows):
        prev = [r for r in rows[:i] if r["family"] == row["family"]
                and r["rules"] * 3 <= row["rules"] + 1]
        s = row.get("speclogic")
        if not prev or not s or s["status"] != "ok":
            continue
        p = prev[-1].get("speclogic")
        if not p or p["status"] != "ok":
            continue
        exponent = 1 / math.log10(row["rules"] / prev[-1]["rules"])
        row["per_10x"] = round((s["cpu_seconds"] / p["cpu_seconds"])
                               ** exponent, 2)
        row["per_10x_from"] = prev[-1]["name"]


def machine():
    def out(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True,
                                  cwd=Path(__file__).parent).stdout.strip()
        except OSError:
            return ""
    dirty = out("git", "status", "--porcelain", "--", "../engine")
    return {"nproc": out("nproc"), "python": platform.python_version(),
            "platform": platform.platform(),
            "commit": out("git", "rev-parse", "--short", "HEAD")
            + (" + uncommitted engine/ changes" if dirty else ""),
            "load_before": "%.2f" % os.getloadavg()[0],
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    ap.add_argument("--families", default=",".join(LADDER))
    ap.add_argument("--max-rules", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--tiny-timeout", type=float, default=300.0)
    ap.add_argument("--tiny-max-rules", type=int, default=6000)
    ap.add_argument("--no-tiny", action="store_true")
    ap.add_argument("--reuse-tiny", metavar="JSON",
                    help="take tiny-datalog results from an earlier --json "
                         "file instead of running it again (it is slow)")
    ap.add_argument("--speclogic", help="path of the speclogic command")
    ap.add_argument("--spindle", default=str(DEFAULT_SPINDLE), metavar="DIR",
                    help="folder of SPINdle 2.2.2 (spindle-*.jar and lib/), "
                         "run side by side (default: ../shared/tools/spindle "
                         "from the repository)")
    ap.add_argument("--no-spindle", action="store_true")
    ap.add_argument("--spindle-timeout", type=float, default=120.0)
    ap.add_argument("--spindle-max-rules", type=int, default=200000,
                    help="SPINdle is not run above this many rules")
    ap.add_argument("--extras", default="superiority,wellfounded,clingo",
                    help="the other tables to run (comma list, '' for none)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", dest="json_out", help="write all results here")
    args = ap.parse_args(argv)
    fams = [f.strip() for f in args.families.split(",") if f.strip()]
    bad = [f for f in fams if f not in LADDER]
    if bad:
        ap.error("unknown families: %s" % ", ".join(bad))
    info = machine()
    args.reused = {}
    if args.reuse_tiny:
        for r in json.loads(Path(args.reuse_tiny).read_text())["rows"]:
            if "tiny" in r:
                args.reused[(r["family"], tuple(r["params"]))] = r["tiny"]
    exe = measure.find_speclogic(args.speclogic)
    if not measure.speclogic_ready(exe):
        print("note: `speclogic solve` is not built yet; timing tiny-datalog only",
              file=sys.stderr)
        exe = None
    tiny = None if args.no_tiny else measure.find_tiny()
    jar, why = (None, "--no-spindle") if args.no_spindle else \
        spindle.find_jar(args.spindle)
    info["spindle"] = jar or "not available (%s)" % why
    args.spindle_gave_up = set()
    ladder = QUICK if args.quick else LADDER
    if exe:
        info["bytecode"] = measure.compile_bytecode(exe)
        floor = best_of([exe, "--help"], args.timeout)
        info["startup_seconds"] = round(floor.seconds, 4)
    rows = []
    for fam in fams:
        sizes = [p for p in ladder[fam] if args.max_rules is None
                 or len(T.make(fam, *p).rules) <= args.max_rules]
        for i, params in enumerate(sizes):
            th = T.make(fam, *params)
            paths = {fmt: th.write(fmt) for fmt in ("dl", "td")}
            row = bench_size(th, paths, args, exe, tiny, i == len(sizes) - 1,
                             jar)
            rows.append(row)
            print("  done %-14s %s" % (th.name, _brief(row)), file=sys.stderr,
                  flush=True)
    add_scaling(rows)
    info["load_after"] = "%.2f" % os.getloadavg()[0]
    checks = semantic_checks(args, exe, fams) if exe else []
    which = {w.strip() for w in args.extras.split(",") if w.strip()}
    more = X.run_all(which, exe, args.timeout, args.quick) if exe else {}
    info["load_after"] = "%.2f" % os.getloadavg()[0]
    print(report.render(rows, checks, info, args.markdown))
    print(report.render_extras(more, args.markdown))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            {"machine": info, "rows": rows, "checks": checks, "extras": more},
            indent=1) + "\n")
    failed = [r for r in rows for k in ("speclogic", "tiny", "solve_all",
                                        "spindle")
              if k in r and r[k]["status"] not in ("ok", "timeout", "skipped")]
    failed += [c for c in checks if c["status"] not in ("ok", "timeout")]
    failed += [r for r in more.get("wellfounded", []) + more.get("superiority", [])
               if r["status"] not in ("ok", "timeout")]
    failed += [r for r in more.get("clingo", []) if r.get("same") is False]
    return 1 if failed else 0


def _brief(row):
    parts = []
    for key in ("speclogic", "solve_all", "tiny", "spindle"):
        if key in row:
            parts.append("%s %.3fs %s" % (key, row[key].get("seconds", 0),
                                          row[key]["status"]))
    return "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
