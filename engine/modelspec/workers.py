"""`audit --jobs N`: batches of conversations solved in N worker processes.

Processes, not threads: pyDatalog keeps per-thread global state, and grounding is
pure Python under the GIL. Workers are spawned (no fork of a parent holding a
parsed corpus and open pipes), each gets the parsed rulebase once (pickled, so a
worker reads no rule file and the rulebase is exactly the parent's), and results
come back in the order the batches were sent (engine.modelspec.run.ordered).

Ctrl-C is the parent's alone: workers start with SIGINT blocked and then ignore it,
and die with their parent (PR_SET_PDEATHSIG on Linux; engine.cli.common.interrupted
kills the live children elsewhere), so an interrupted audit exits 130 at once with
no worker printing a traceback.
"""
from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

from engine.modelspec.run import decide_batch, ordered

_WORKER: dict = {}


def _init_worker(payload: bytes, options, sensitive: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    gc.disable()  # as the CLI does: a batch builds many small acyclic objects
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 12000))
    _WORKER.update(rulebase=pickle.loads(payload), options=options, sensitive=sensitive)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _decide(batch):
    return decide_batch(_WORKER["rulebase"], batch, _WORKER["options"], _WORKER["sensitive"])


def _ready() -> bool:
    return True


class ProcessRunner:
    def __init__(self, rulebase, options, sensitive: bool, jobs: int):
        self.jobs = jobs
        payload = pickle.dumps(rulebase, protocol=pickle.HIGHEST_PROTOCOL)
        blockable = hasattr(signal, "pthread_sigmask")
        if blockable:  # children inherit the mask: a Ctrl-C while they start waits for the parent
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker, initargs=(payload, options, sensitive))
            # the pool spawns a worker per submit while none is idle: start all N now
            self._warm = [self.pool.submit(_ready) for _ in range(jobs)]
        finally:
            if blockable:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def run(self, batches):
        # two batches per worker in flight: one solving, one queued behind it
        return ordered(lambda batch: self.pool.submit(_decide, batch), batches, 2 * self.jobs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
