"""An audit as a stream: conversations are read, solved in batches and handed on in
input order as each batch is decided.

Memory follows the batches in flight, not the corpus: a JSONL corpus is read a
record at a time (engine.transcripts.stream), each decided conversation goes to the
caller and only its row of the summary stays (engine.modelspec.tally). Where the
batches are solved is a Runner: here, in this process; ProcessRunner, in worker
processes (`audit --jobs N`); engine.distributed.DaskRunner, on a Dask cluster.
Every runner yields the batches' audits in the order the batches were given, and a
conversation's audit does not depend on the batch it is solved in (audit_batch), so
the output is the same bytes whichever runner decides.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from engine.errors import UNKNOWN_CONVERSATION, Diagnostic, Span, SpeclogicError
from engine.modelspec.admission import inadmissible
from engine.modelspec.audit import BATCH, EMPTY, AuditReport, ConversationAudit, audit_batch
from engine.modelspec.files import transcript_files
from engine.modelspec.tally import Tally
from engine.solve import Options
from engine.transcripts.stream import iter_paths


def decide_batch(rulebase, batch, options: Options, sensitive: bool) -> list[ConversationAudit]:
    """One batch's audits, with the sensitivity search when asked for."""
    audits = audit_batch(rulebase, batch, options)
    if sensitive:
        from engine.modelspec.sensitivity import sensitivity

        for conv, audit in zip(batch, audits):
            found = {s.reply: s for s in sensitivity(rulebase, conv, audit, options)}
            for cand in audit.candidates:
                if cand["id"] in found:
                    cand["sensitivity"] = found[cand["id"]].to_json()
    return audits


class LocalRunner:
    """Batches solved one after the other in this process."""

    def __init__(self, rulebase, options: Options, sensitive: bool):
        self.rulebase, self.options, self.sensitive = rulebase, options, sensitive

    def run(self, batches: Iterable[list]) -> Iterator[list[ConversationAudit]]:
        for batch in batches:
            yield decide_batch(self.rulebase, batch, self.options, self.sensitive)

    def close(self) -> None:
        pass


def ordered(submit, batches: Iterable[list], in_flight: int) -> Iterator:
    """Results of submit(batch) (futures) in the batches' order, at most in_flight at once:
    the reader stays a few batches ahead of the slowest worker, never the whole corpus."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class AuditRun:
    """Iterate to get each ConversationAudit as it is decided; afterwards `report()`
    holds the totals, the files and every bad file's error (in file order).
    `progress(done, total)` is called per batch; total counts the conversations read so
    far (a stream does not know the end before it), so the last call has done == total."""

    def __init__(self, paths, rulebase, options: Options | None = None, sensitive: bool = False,
                 runner=None, progress=None, batch: int = BATCH, only_ids=None):
        self.paths, self.rulebase = list(paths), rulebase
        # audit --conversation: only these ids are solved; one that no file holds is an error
        self.only_ids = None if only_ids is None else list(dict.fromkeys(only_ids))
        self.options = options or Options()
        self.runner = runner or LocalRunner(rulebase, self.options, sensitive)
        self.progress, self.batch = progress, getattr(self.runner, "BATCH", batch)
        self.tally = Tally()
        self.files: list[str] = []
        self.errors: list[SpeclogicError] = []

    def __iter__(self) -> Iterator[ConversationAudit]:
        files, missing = transcript_files(self.paths)
        # A directory walk meets READMEs and changelogs: a file found that way with no
        # conversation in it is skipped, not bad. A file named on the command line is bad.
        named = {"<stdin>" if str(p) == "-" else str(p) for p in self.paths}
        wanted = None if self.only_ids is None else set(self.only_ids)
        found: set[str] = set()
        skipped: set[str] = set()
        errors: list[SpeclogicError] = []
        read = [0]  # conversations admitted so far: the reader runs ahead of the decided ones

        def admitted():
            for item in iter_paths(files):
                if isinstance(item, SpeclogicError):
                    if item.code == EMPTY and item.span and item.span.file not in named:
                        skipped.add(item.span.file)
                    else:
                        errors.append(item)
                    continue
                if wanted is not None:
                    if item.id not in wanted:
                        continue
                    found.add(item.id)
                problems = inadmissible(item, self.rulebase)
                if problems:
                    errors.append(SpeclogicError(problems))
                else:
                    read[0] += 1
                    yield item

        done = 0
        try:
            for audits in self.runner.run(batched(admitted(), self.batch)):
                for audit in audits:
                    self.tally.add(audit)
                    done += 1
                    yield audit
                if self.progress is not None:
                    self.progress(done, read[0])
        finally:
            self.runner.close()
        for i in self.only_ids or ():
            if i not in found:
                errors.append(SpeclogicError(Diagnostic(
                    UNKNOWN_CONVERSATION, f"no conversation with id {i!r} was read", Span("<command line>", 1, 1))))
        kept = [str(f) for f in files if str(f) not in skipped]
        self.files = kept + [e.span.file if e.span else "" for e in missing]
        order = {name: i for i, name in enumerate(self.files)}
        self.errors = sorted(missing + errors, key=lambda e: order.get(e.span.file if e.span else "", len(order)))

    def report(self, conversations: list[ConversationAudit] | None = None) -> AuditReport:
        rb = self.rulebase
        return AuditReport(conversations or [], self.errors, self.files, rb.profile, rb.directory,
                           self.options.policy, list(rb.warnings), tally=self.tally)
