"""Audit cost against conversation length and corpus size, printed as tables.

    python bench/audit_scaling.py [--sizes 10,100,200,1000] [--corpus 1000,3000,10000] [--quick]

Table 1, one conversation of n messages (user and assistant alternating, a comparison
block of two replies at the end; "annotated": every user message asks something and
the replies deliver or decline the last ask). `process s` and `peak MB` are the whole
`speclogic audit` process; `audit ms` is the audit alone (rulebase loaded, in a child
process), and `ms/msg` is that over n: flat when cost grows with the conversation.

Table 2, JSONL corpora of N conversations (the shipped examples replicated by
bench/corpus.py), `speclogic audit CORPUS --format jsonl` streamed to /dev/null on
one core: conversations per second of CPU time and of wall time, and peak memory,
which stays flat as N grows. CPU time is reported beside wall time because a busy
machine stretches wall time; compare rows of the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import write_corpus  # noqa: E402
from measure import find_speclogic, timed  # noqa: E402


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


TIME = "/usr/bin/time"


def measured(cmd: list, timeout: float = 3600, keep_stdout: bool = True):
    """bench.measure.timed, with the peak memory of the command itself: a child forked
    from this (large) bench process counts the parent's pages until it execs, so its
    own ru_maxrss overstates; /usr/bin/time's child is forked from a small process."""
    if not os.path.exists(TIME):
        return timed(cmd, timeout, keep_stdout)
    run = timed([TIME, "-f", "%M", *cmd], timeout, keep_stdout)
    lines = run.stderr.rstrip("\n").split("\n")
    if lines and lines[-1].strip().isdigit():
        run.max_rss_mb = int(lines[-1]) / 1024
        run.stderr = "\n".join(lines[:-1])
    return run


def audit_alone(path: str) -> None:
    """Child mode: load the rulebase, then time the audit of `path` alone."""
    import gc

    sys.setrecursionlimit(12000)
    gc.disable()  # as the CLI runs
    from engine.modelspec import audit_paths, load_rulebase

    rulebase = load_rulebase()
    start = time.process_time()
    report = audit_paths([path], rulebase)
    print(json.dumps({"audit_s": time.process_time() - start, "agree": report.summary()["agree"]}))


def long_conversations(exe: str, sizes, tmp: Path) -> list[str]:
    out = [f"{'messages':>8}  {'annotated':>9}  {'KB':>6}  {'process s':>9}  {'CPU s':>6}  {'peak MB':>7}  "
           f"{'audit ms':>8}  {'ms/msg':>6}"]
    for annotated in (False, True):
        for n in sizes:
            path = tmp / f"long{n}{'a' if annotated else ''}.md"
            path.write_text(conversation(n, annotated))
            whole = measured([exe, "audit", str(path), "-q"], timeout=600, keep_stdout=False)
            if whole.rc not in (0, 1):
                raise SystemExit(whole.error_line())
            alone = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                                   text=True, check=True)
            ms = 1000 * json.loads(alone.stdout)["audit_s"]
            out.append(f"{n:>8}  {'yes' if annotated else 'no':>9}  {path.stat().st_size / 1024:>6.1f}  "
                       f"{whole.seconds:>9.2f}  {whole.cpu_seconds:>6.2f}  {whole.max_rss_mb:>7.0f}  "
                       f"{ms:>8.0f}  {ms / n:>6.2f}")
    return out


def corpora(exe: str, sizes, tmp: Path) -> list[str]:
    out = [f"{'conversations':>13}  {'MB':>6}  {'wall s':>7}  {'CPU s':>7}  {'conv/s CPU':>10}  "
           f"{'conv/s wall':>11}  {'peak MB':>7}  {'agree':>6}"]
    for n in sizes:
        path = tmp / f"corpus{n}.jsonl"
        write_corpus(n, path)
        run = measured([exe, "audit", str(path), "--format", "jsonl"])
        if run.rc not in (0, 1):
            raise SystemExit(run.error_line())
        agree = sum(json.loads(line)["conversation"]["counts"]["agree"]
                    for line in run.stdout.splitlines() if '"type": "conversation"' in line)
        out.append(f"{n:>13}  {path.stat().st_size / 2**20:>6.1f}  {run.seconds:>7.1f}  {run.cpu_seconds:>7.1f}  "
                   f"{n / run.cpu_seconds:>10.0f}  {n / run.seconds:>11.0f}  {run.max_rss_mb:>7.0f}  {agree:>6}")
    return out


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.python_implementation()} "
            f"{platform.python_version()}; {os.cpu_count()} cores; load average {load[0]:.2f} at start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,200,1000,2000")
    ap.add_argument("--corpus", default="1000,3000,10000")
    ap.add_argument("--quick", action="store_true", help="sizes 10,100,1000 and corpora of 200, 1000")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return audit_alone(args.child)
    if args.quick:
        args.sizes, args.corpus = "10,100,1000", "200,1000"
    exe = find_speclogic()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        if args.sizes:
            print("\n".join(long_conversations(exe, [int(x) for x in args.sizes.split(",")], Path(tmp))))
            print()
        if args.corpus:
            print("\n".join(corpora(exe, [int(x) for x in args.corpus.split(",")], Path(tmp))))


if __name__ == "__main__":
    main()
