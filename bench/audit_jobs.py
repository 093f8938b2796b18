"""`audit --jobs N` and `audit --dask` against one process, printed as a table.

    python bench/audit_jobs.py [--conversations 1000] [--jobs 1,2] [--repeat 3] [--no-dask]

A JSONL corpus of N conversations (bench/corpus.py: the shipped examples
replicated) is audited with `--format jsonl` by 1 process, by N worker processes,
and (when the [dask] extra is installed) on a LocalCluster of 2 one-thread worker
processes. Each configuration runs `--repeat` times, interleaved so that a change in
the machine's load hits all of them alike; the table keeps each one's fastest run.
`speed-up` is the --jobs 1 wall time over this one's; the --dask runs come after the
local ones, on a cluster started for them; `same bytes` compares its
output with --jobs 1's.

On a machine shared with other sessions, Linux's autogroup scheduler
(/proc/sys/kernel/sched_autogroup_enabled) gives each session one fair share of
the CPUs however many processes it runs, so --jobs cannot beat --jobs 1 there;
measure the speed-up on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from audit_scaling import machine, measured  # noqa: E402
from corpus import write_corpus  # noqa: E402
from measure import find_speclogic  # noqa: E402


def start_cluster(workers: int):
    """A scheduler and `workers` one-thread worker processes on this machine."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        silence_logs=40)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conversations", type=int, default=1000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    exe = find_speclogic()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(args.conversations, corpus)
        configs = {f"--jobs {j}": ["--jobs", j] for j in args.jobs.split(",")}
        best: dict[str, object] = {}
        digests: dict[str, str] = {}

        def rounds(names_args: dict) -> None:
            for _ in range(args.repeat):
                for name, extra in names_args.items():
                    run = measured([exe, "audit", str(corpus), "--format", "jsonl", *extra])
                    if run.rc not in (0, 1):
                        raise SystemExit(f"{name}: {run.error_line()}")
                    digests[name] = hashlib.sha256(run.stdout.encode()).hexdigest()
                    if name not in best or run.seconds < best[name].seconds:
                        best[name] = run

        # The local configurations first, with no cluster alive: an idle LocalCluster
        # (its scheduler in this process, two worker processes) took about a tenth of
        # --jobs 2's speed-up on 2 cores when it ran beside them.
        rounds(configs)
        if not args.no_dask:
            try:
                cluster = start_cluster(2)
            except ImportError:
                print("(dask not installed: no --dask row; pip install '.[dask]')")
            else:
                try:
                    name = "--dask (LocalCluster, 2 workers)"
                    configs[name] = ["--dask", cluster.scheduler_address]
                    rounds({name: configs[name]})
                finally:
                    cluster.close()
        base = best[next(iter(configs))]
        base_digest = digests[next(iter(configs))]
        print(f"{args.conversations} conversations, fastest of {args.repeat} interleaved runs")
        print(f"{'configuration':<34}  {'wall s':>7}  {'CPU s':>6}  {'conv/s':>7}  {'speed-up':>8}  "
              f"{'peak MB':>7}  {'same bytes':>10}")
        for name, run in best.items():
            print(f"{name:<34}  {run.seconds:>7.2f}  {run.cpu_seconds:>6.1f}  {args.conversations / run.seconds:>7.0f}  "
                  f"{base.seconds / run.seconds:>7.2f}x  {run.max_rss_mb:>7.0f}  "
                  f"{'yes' if digests[name] == base_digest else 'NO':>10}")
        print("(CPU s: the process and its reaped workers, user + system; a --dask run's workers are the "
              "cluster's, not counted. peak MB: the largest single process)")


if __name__ == "__main__":
    main()
