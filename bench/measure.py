"""Timing one command end to end, and reading the goal's tag from what the
two solvers print.  Used by bench/run.py."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
TINY_TAGS = {"+∂": "+d", "−∂": "-d", "undecided": "undecided"}


@dataclass
class Run:
    seconds: float
    rc: int | None          # None: killed at the timeout
    stdout: str
    stderr: str
    max_rss_mb: float
    cpu_seconds: float = 0.0  # user + system: less hurt by a busy machine

    @property
    def timed_out(self) -> bool:
        return self.rc is None

    def error_line(self) -> str:
        lines = [l for l in self.stderr.splitlines() if l.strip()]
        return "rc=%s: %s" % (self.rc, lines[-1][:100] if lines else "no stderr")


def timed(cmd: list, timeout: float, keep_stdout: bool = True,
          cwd: str | None = None, env: dict | None = None) -> Run:
    """Wall-clock seconds from spawn to exit, the child's peak RSS, and its
    output.  os.wait4 (not Popen.wait) so the rusage is this child's own."""
    killed = []

    def kill(pid):
        killed.append(pid)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    # Linux hands a process the peak RSS of the one it was forked from (the
    # high-water mark survives exec), so a child of this runner, once the runner
    # had built a 10^6-rule theory, reported ~440 MB however small it was.  GNU
    # time is a small process: the %M it writes is its own child's peak alone.
    rss_file = None
    if GNU_TIME:
        rss_file = tempfile.NamedTemporaryFile(prefix="rss-", delete=False)
        rss_file.close()
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sink = out if keep_stdout else subprocess.DEVNULL
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                cwd=cwd, env=env)
        timer = threading.Timer(timeout, kill, (proc.pid,))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        rss_kb = usage.ru_maxrss
        if rss_file is not None:
            rss_kb = _read_rss(rss_file.name, rss_kb)
        return Run(seconds, None if killed else proc.returncode,
                   out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"),
                   rss_kb / 1024.0,
                   usage.ru_utime + usage.ru_stime)


def _read_rss(path: str, fallback: int) -> int:
    """The last line of GNU time's -o file is %M (KB); before it, a line such as
    'Command exited with non-zero status 2'."""
    try:
        return int(Path(path).read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return fallback  # killed at the timeout before it wrote
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def find_speclogic(explicit: str | None = None) -> str | None:
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("speclogic")
    return str(beside) if beside.exists() else shutil.which("speclogic")


def find_tiny() -> str | None:
    beside = Path(sys.executable).with_name("tiny-datalog-defeasible")
    return str(beside) if beside.exists() else shutil.which(
        "tiny-datalog-defeasible")


def speclogic_ready(exe: str | None) -> bool:
    """The solver is there once `speclogic --help` lists `solve`."""
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--help"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.split()[:1] == ["solve"] for line in out.splitlines())


def compile_bytecode(exe: str) -> str:
    """Compile the bytecode of the engine package `exe` runs, as `pip install` does for
    an installed package, and say how it went. An editable install under
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module again in every
    timed process (about 0.1 s of each start-up), which no installed copy does."""
    try:
        with open(exe, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return "not compiled (cannot read %s)" % exe
    python = first[2:].strip() if first.startswith("#!") else sys.executable
    code = ("import compileall, os, engine; d = os.path.dirname(engine.__file__); "
            "ok = compileall.compile_dir(d, quiet=1); print(d if ok else '')")
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True,
                             timeout=300).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    return "compiled before timing (%s)" % out if out else "not compiled"


def speclogic_tag(stdout: str, goal: str) -> str:
    """The goal's defeasible tag from `query --format json` (or `solve
    --format json`, which is read the same way): '+d', '-d', 'undecided',
    'absent' when no conclusion names it, or 'unreadable'."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return "unreadable"
    rows = data.get("conclusions", []) if isinstance(data, dict) else []
    for row in rows:
        if isinstance(row, dict) and row.get("literal") == goal:
            return str(row.get("defeasible"))
    return "absent"


def tiny_tag(stdout: str, goal: str) -> str:
    """The goal's tag from `tiny-datalog-defeasible FILE -q GOAL`, whose
    answer lines read `   a0      +Δ  +∂`."""
    for line in stdout.splitlines():
        words = line.split()
        if words[:1] == [goal]:
            tags = [TINY_TAGS[w] for w in words[1:] if w in TINY_TAGS]
            return tags[0] if tags else "?"
    return "absent"
