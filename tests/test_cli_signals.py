"""Ctrl-C and memory pressure end a run with a code and a line, never a traceback."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SPECLOGIC = shutil.which("speclogic", path=str(Path(sys.executable).parent)) or shutil.which("speclogic")
pytestmark = pytest.mark.skipif(SPECLOGIC is None or os.name != "posix", reason="needs the speclogic script, POSIX")


@pytest.fixture(scope="module")
def big_theory(tmp_path_factory):
    """A chain of 100000 rules: long enough to interrupt, big enough to run out of memory."""
    out = tmp_path_factory.mktemp("big") / "chain.dl"
    subprocess.run([sys.executable, str(BENCH / "theories.py"), "chain", "100000", "-o", str(out)],
                   check=True, capture_output=True)
    return out


@pytest.mark.parametrize("command", [["solve"], ["why", "a99999"]])
def test_sigint_exits_130_without_traceback(big_theory, command):
    proc = subprocess.Popen([SPECLOGIC, *command, str(big_theory)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    time.sleep(2.0)  # well into parsing/grounding/evaluation
    if proc.poll() is not None:
        pytest.skip("the run ended before it could be interrupted")
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)  # a generous bound: it should take well under a second
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("speclogic did not stop on SIGINT")
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert b"interrupted" in err


def _limit_memory(megabytes: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))
    return apply


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("megabytes", [80])
def test_out_of_memory_is_a_coded_error(big_theory, fmt, megabytes):
    proc = subprocess.run([SPECLOGIC, "solve", str(big_theory), "--format", fmt], capture_output=True,
                          preexec_fn=_limit_memory(megabytes), timeout=120)
    assert b"Traceback" not in proc.stderr and b"Traceback" not in proc.stdout
    if proc.returncode == 0:
        pytest.skip(f"{megabytes} MB was enough on this machine")
    assert proc.returncode == 2, proc.stderr[-500:]
    assert b"out_of_memory" in proc.stdout + proc.stderr or b"out of memory" in proc.stderr
