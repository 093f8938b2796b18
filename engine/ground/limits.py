"""Resource limits of the strict layer and of grounding, on by default.

A runaway derivation (`n(X1) :- n(X), X1 = X + 1.`) or a rule that grounds to 10^8
instances must stop with a coded error, naming the rule, long before memory runs
out. Three budgets are kept for one grounding run: facts derived (strict layer and
positive reading, plus rule instances), join steps (candidate bindings tried), and
wall-clock seconds.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from engine.errors import LIMIT_EXCEEDED, Diagnostic, SpeclogicError

# About 300 bytes a derived fact with its index entries: 10^6 facts stay well under 1 GB.
DEFAULT_MAX_FACTS = 1_000_000
# Pure Python tries a few million bindings a second: this is tens of seconds of work.
DEFAULT_MAX_STEPS = 50_000_000
DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Limits:
    max_facts: int = DEFAULT_MAX_FACTS
    max_steps: int = DEFAULT_MAX_STEPS
    timeout: float = DEFAULT_TIMEOUT  # seconds; 0 or less means no time budget


class Budget:
    """The running counts against one Limits; `what` names the rule being worked on."""

    _CLOCK_EVERY = 4096  # steps between looks at the clock

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.facts = 0
        self.steps = 0
        self._next_clock = self._CLOCK_EVERY
        self._deadline = time.monotonic() + self.limits.timeout if self.limits.timeout > 0 else None

    def fact(self, span, what: str) -> None:
        self.facts += 1
        if self.facts > self.limits.max_facts:
            self._stop(f"more than {self.limits.max_facts} facts and rule instances derived "
                       f"(while deriving {what}); raise --max-facts if this is expected", span)

    def facts_added(self, n: int, span, what: str) -> None:
        """fact() for n facts at once."""
        self.facts += n - 1
        self.fact(span, what)

    def step(self, span, what: str) -> None:
        self.steps_taken(1, span, what)

    def steps_taken(self, n: int, span, what: str) -> None:
        """step() for n steps at once (the tuple join charges a list of rows at a time)."""
        self.steps += n
        if self.steps > self.limits.max_steps:
            self._stop(f"more than {self.limits.max_steps} join steps (while deriving {what}); "
                       "raise --max-steps if this is expected", span)
        if self.steps >= self._next_clock:
            self._next_clock = self.steps + self._CLOCK_EVERY
            self.clock(span, what)

    def clock(self, span, what: str) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._stop(f"grounding ran past --timeout {self.limits.timeout:g} s (while deriving {what}, "
                       f"{self.facts} facts so far)", span)

    @staticmethod
    def _stop(message: str, span) -> None:
        raise SpeclogicError(Diagnostic(LIMIT_EXCEEDED, message, span))
