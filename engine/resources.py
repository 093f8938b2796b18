"""Where the shipped grammars and rulebase live, installed or in a checkout.

A wheel carries them inside the package (engine/_data/...); a source checkout has
them at the top level. Looking in both keeps editable and plain installs working.
"""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PKG.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"speclogic data directory {name!r} is missing from this installation")


def grammar_path(filename: str) -> Path:
    return _data_dir("grammar") / filename


def rules_dir() -> Path:
    return _data_dir("rules")
