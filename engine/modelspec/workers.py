"""`audit --jobs N`: batches of conversations solved in N worker processes.

Processes, not threads: pyDatalog keeps per-thread global state, and grounding is
pure Python under the GIL. On Linux the workers are forked as soon as the rulebase
is loaded, before any output and before the pool's own threads exist: a spawned
worker re-imports speclogic and unpickles the rulebase (0.3-0.7 s each, which a
1,000-conversation audit on two cores cannot afford), a forked one starts with
both. Elsewhere (macOS, Windows: fork is unsafe or absent) they are spawned and
get the rulebase pickled. Either way each worker holds exactly the parent's
rulebase, and results come back in the order the batches were sent
(engine.modelspec.run.ordered).

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


def _init_forked(rulebase, options, sensitive: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _WORKER.update(rulebase=rulebase, options=options, sensitive=sensitive)


class ProcessRunner:
    # batches smaller than a single process's: the last batch of a worker is the tail
    # the other waits for
    BATCH = 32

    def __init__(self, rulebase, options, sensitive: bool, jobs: int):
        self.jobs = jobs
        if sys.platform.startswith("linux"):
            context, init, args = multiprocessing.get_context("fork"), _init_forked, (rulebase, options, sensitive)
            sys.stdout.flush()  # a forked child must not inherit (and later flush) unwritten output
            sys.stderr.flush()
        else:
            payload = pickle.dumps(rulebase, protocol=pickle.HIGHEST_PROTOCOL)
            context, init, args = multiprocessing.get_context("spawn"), _init_worker, (payload, options, sensitive)
        blockable = hasattr(signal, "pthread_sigmask")
        if blockable:  # children inherit the mask: a Ctrl-C while they start waits for the parent
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=init, initargs=args)
            # start all N now (a fork pool forks them on the first submit, a spawn pool one per
            # submit while none is idle), while SIGINT is blocked
            self._warm = [self.pool.submit(_ready) for _ in range(jobs)]
        finally:
            if blockable:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def run(self, batches):
        # two batches per worker in flight: one solving, one queued behind it
        return ordered(lambda batch: self.pool.submit(_decide, batch), batches, 2 * self.jobs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
