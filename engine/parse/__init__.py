"""Parsing speclogic sources (`.dl`, and SPINdle's `.dfl`) into engine.ast.Program."""
from __future__ import annotations

from engine.parse.api import load_files, parse_dfl, parse_dl, parse_literal, parse_text

__all__ = ["load_files", "parse_dfl", "parse_dl", "parse_literal", "parse_text"]
