from __future__ import annotations

from dataclasses import dataclass, field

from engine.ground.limits import Limits

BLOCKING = "blocking"
PROPAGATING = "propagating"


@dataclass(frozen=True)
class Options:
    """The variant of defeasible logic to compute (Antoniou et al. 2001 and its relatives)."""

    policy: str = BLOCKING         # or PROPAGATING: ambiguity propagation, through support
    team_defeat: bool = True
    well_founded: bool = False     # unfounded loops fail instead of staying undecided
    limits: Limits = field(default_factory=Limits)  # grounding budgets (--max-facts, --max-steps, --timeout)
    # the predicates the caller reads: only their literals, and what decides them, are
    # grounded (engine.ground.demand); None grounds everything
    demand: frozenset[str] | None = None

    def __post_init__(self):
        if self.policy not in (BLOCKING, PROPAGATING):
            raise ValueError(f"unknown policy {self.policy!r}")
