"""Number literals: what the rule language accepts as an integer or a float.

Python would read `1e400` as infinity (which no output format can print back)
and refuses integers of more than 4300 digits with a ValueError; both are
input errors here, reported with a position like any other.
"""
from __future__ import annotations

import math

MAX_INT_DIGITS = 4300  # Python's default int <-> str conversion limit


def read_int(text: str) -> int:
    """Raises ValueError with a message for the user."""
    digits = text.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        raise ValueError(f"integer literal has {len(digits)} digits; at most {MAX_INT_DIGITS} are allowed")
    return int(text)


def read_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value
