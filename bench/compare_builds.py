#!/usr/bin/env python3
"""Before/after: the same speclogic command from two source trees, interleaved
(A B A B ...) so that both see the same machine load, best of --repeat runs.

  git archive <commit> | tar -x -C /tmp/before
  python bench/compare_builds.py /tmp/before . [--repeat 3] [--theories chain:100000,dag:25000:4]

Each run is `python -m engine.cli query GOAL FILE --format json` from the tree
(working directory and PYTHONPATH), timed spawn to exit (wall, the child's CPU and peak RSS).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402
import theories as T  # noqa: E402

DEFAULT = "chain:100000,circle:100000,dag:25000:4,teams:7,tree:11:3,levels:24999"


def run(tree: Path, th, path: Path, timeout: float) -> measure.Run:
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    cmd = [sys.executable, "-m", "engine.cli", "query", th.goal, str(path), "--format", "json"]
    # `python -m` puts the working directory first on sys.path: run from the tree
    return measure.timed(cmd, timeout, env=env, cwd=str(tree.resolve()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--theories", default=DEFAULT)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args(argv)
    print("| theory | before s (cpu s) | after s (cpu s) | before MB | after MB | after ÷ before (cpu) | same answer |")
    print("|---|---|---|---|---|---|---|")
    for spec in args.theories.split(","):
        fam, *nums = spec.split(":")
        th = T.make(fam, *map(int, nums))
        path = th.write("dl")
        best = {}
        outs = {}
        for _ in range(args.repeat):
            for side, tree in (("before", args.before), ("after", args.after)):
                r = run(tree, th, path, args.timeout)
                outs[side] = measure.speclogic_tag(r.stdout, th.goal)
                if r.rc == 0 and (side not in best or r.cpu_seconds < best[side].cpu_seconds):
                    best[side] = r
        b, a = best.get("before"), best.get("after")
        if not (a and b):
            print(f"| {th.name} | failed | | | | | |")
            continue
        print(f"| {th.name} | {b.seconds:.2f} ({b.cpu_seconds:.2f}) | {a.seconds:.2f} ({a.cpu_seconds:.2f}) | "
              f"{b.max_rss_mb:.0f} | {a.max_rss_mb:.0f} | {a.cpu_seconds / b.cpu_seconds:.2f} | "
              f"{'yes' if outs['before'] == outs['after'] else 'NO'} ({outs['after']}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
