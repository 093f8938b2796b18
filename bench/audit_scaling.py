"""Audit cost against conversation length: one conversation of n messages, whole
process (`speclogic audit`), wall time and peak memory, printed as a table.

    python bench/audit_scaling.py [--sizes 10,100,200,1000] [--annotated]

Each conversation alternates user and assistant messages and ends with a comparison
block of two replies; with --annotated every user message asks something and the
replies deliver or decline it. Cost per message should stay flat as n grows.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def conversation(n: int, annotated: bool) -> str:
    lines = ["**Example**: long", "", "~~~xml", '<conversation id="long">']
    for i in range(n):
        if i % 2 == 0:
            facts = f' facts="asks(task{i})"' if annotated else ""
            lines.append(f"<user{facts}>Question number {i}?</user>")
        else:
            lines.append(f"<assistant>Answer number {i}.</assistant>")
    last = n - 2 if n % 2 == 0 else n - 1
    good = f' facts="delivers(task{last})"' if annotated else ""
    bad = f' facts="declines(task{last})"' if annotated else ""
    lines += ["<comparison>", f"<assistant{good}> <!-- GOOD -->Here.</assistant>",
              f"<assistant{bad}> <!-- BAD -->No.</assistant>", "</comparison>", "</conversation>", "~~~", ""]
    return "\n".join(lines)


def run(path: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "engine.cli", "audit", str(path), "-q"], capture_output=True,
                          text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,200,1000")
    ap.add_argument("--annotated", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{'messages':>8}  {'KB':>7}  {'wall s':>7}  {'peak MB':>8}  {'ms/message':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"long{n}.md"
            path.write_text(conversation(n, args.annotated))
            wall, peak = run(path)
            print(f"{n:>8}  {path.stat().st_size / 1024:>7.1f}  {wall:>7.2f}  {peak:>8.0f}  {1000 * wall / n:>10.2f}")


if __name__ == "__main__":
    main()
