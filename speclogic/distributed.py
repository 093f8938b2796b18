"""`speclogic.distributed`: audits on a Dask cluster (the optional `[dask]` extra).

    >>> from speclogic.distributed import audit           # doctest: +SKIP
    >>> result = audit("corpus.jsonl", address="tcp://scheduler:8786")   # doctest: +SKIP

The result is the AuditResult `speclogic.audit` gives for the same input, decided on
the cluster's workers (docs/scale.md). dask missing is `missing_extra`, no scheduler at
the address `cluster_unreachable`, both SpeclogicError.
"""
from __future__ import annotations

from engine.distributed import audit_corpus
from engine.modelspec.results import AuditResult
from engine.modelspec.rulebase import DEFAULT_PROFILE, Rulebase, load_rulebase
from engine.solve import Options

__all__ = ["audit"]


def audit(*paths, address, rules=None, profile: str = DEFAULT_PROFILE, options: Options | None = None,
          sensitivity: bool = False, **solver) -> AuditResult:
    """Like speclogic.audit, on the Dask scheduler at `address` (an address or a distributed.Client)."""
    rulebase = rules if isinstance(rules, Rulebase) else load_rulebase(rules, profile)
    report = audit_corpus(list(paths), address, rulebase, options or Options(**solver), sensitivity)
    return AuditResult.of(report)
