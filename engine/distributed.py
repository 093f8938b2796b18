"""Audits past one machine, on Dask (`pip install 'speclogic[dask]'`).

    speclogic audit corpus.jsonl --dask tcp://scheduler:8786

    from engine.distributed import audit_corpus
    report = audit_corpus(["corpus.jsonl"], "tcp://scheduler:8786")

The client reads the corpus (a JSONL file a record at a time, so ids are settled
exactly as in a local run) and cuts it into batches; each window of batches becomes
a `dask.bag` with one batch per partition, mapped on the cluster's workers and
gathered in partition order. The rulebase travels pickled with the graph, so
workers need speclogic installed but no rule files, and a worker unpickles it once
(`_RULEBASES`). Results equal the local run's: the same audits in the same order,
the same bytes in every output format (tests/test_distributed.py).

Workers should run one thread each (`dask worker ADDRESS --nthreads 1`, or
`LocalCluster(threads_per_worker=1)`): grounding is pure Python under the GIL, and
pyDatalog keeps per-thread global state.
"""
from __future__ import annotations

import gc
import hashlib
import pickle

from engine.errors import CLUSTER_UNREACHABLE, MISSING_EXTRA, Diagnostic, Span, SpeclogicError
from engine.modelspec.run import AuditRun, batched, decide_batch, ordered
from engine.solve import Options

_RULEBASES: dict[str, object] = {}   # on a worker: payload digest -> Rulebase
WINDOW_PER_WORKER = 2                # batches per worker in each bag: memory stays a few batches


CONNECT_TIMEOUT = 10  # seconds to find the scheduler


def _import_dask():
    try:
        import dask.bag as db
        from dask import delayed
        from dask.distributed import Client
    except ImportError as exc:  # the optional extra is missing
        raise SpeclogicError(Diagnostic(MISSING_EXTRA, f"--dask needs the dask extra: pip install "
                                        f"'speclogic[dask]' ({exc})", Span("<command line>", 1, 1))) from exc
    return db, delayed, Client


def _connect(Client, address):
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SpeclogicError(Diagnostic(CLUSTER_UNREACHABLE, f"no Dask scheduler at {address}: {exc}",
                                        Span("<command line>", 1, 1))) from exc


def _decide_partition(batches, payload: bytes, digest: str, options, sensitive: bool):
    rulebase = _RULEBASES.get(digest)
    if rulebase is None:
        rulebase = _RULEBASES[digest] = pickle.loads(payload)
    # as the CLI runs: a batch builds many small acyclic objects, which the cyclic
    # collector would rescan over and over
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [decide_batch(rulebase, batch, options, sensitive) for batch in batches]
    finally:
        if collecting:
            gc.enable()


class DaskRunner:
    """A runner for engine.modelspec.run.AuditRun that solves batches on a Dask cluster.
    `address` is a scheduler address or an existing distributed.Client."""

    def __init__(self, address, rulebase, options, sensitive: bool = False):
        db, delayed, Client = _import_dask()
        self._bag = db
        self.client, self._own = (address, False) if isinstance(address, Client) else (_connect(Client, address), True)
        payload = pickle.dumps(rulebase, protocol=pickle.HIGHEST_PROTOCOL)
        self.digest = hashlib.sha256(payload).hexdigest()
        # one graph node for the rulebase, shared by the window's partitions, not a copy in each task
        self.payload = delayed(payload, pure=True, traverse=False)
        self.options, self.sensitive = options or Options(), sensitive

    def _window(self) -> int:
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        return WINDOW_PER_WORKER * workers

    def _submit(self, window):
        bag = self._bag.from_sequence(window, npartitions=len(window))
        decided = bag.map_partitions(_decide_partition, self.payload, self.digest, self.options, self.sensitive)
        return self.client.compute(decided)  # a future: the next window is read while this one runs

    def run(self, batches):
        # two windows in flight, so workers never wait for the client to gather and send
        for audits in ordered(self._submit, batched(batches, self._window()), 2):
            yield from audits

    def close(self) -> None:
        if self._own:
            self.client.close()


def audit_corpus(paths, address, rulebase=None, options=None, sensitive: bool = False):
    """Audit `paths` on the Dask cluster at `address` (or a Client); an AuditReport with
    the audits collected, equal to engine.modelspec.audit_paths on the same input."""
    from engine.modelspec import load_rulebase

    rulebase = rulebase or load_rulebase()
    options = options or Options()
    run = AuditRun(paths, rulebase, options, sensitive, runner=DaskRunner(address, rulebase, options, sensitive))
    audits = list(run)
    return run.report(audits)
