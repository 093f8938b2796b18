"""What a message's text says about itself: <settings>, <untrusted> spans, `[...]`
elisions, and the label comment of a candidate reply.

These read plain text, so the example format and JSON transcripts share them.
Errors are reported through `locate(offset, width) -> Span` (offsets into `text`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable

from engine.errors import Span
from engine.parse.numbers import MAX_INT_DIGITS
from engine.transcripts.errors import BAD_LABEL, BAD_SETTING, UNCLOSED_TAG, fail
from engine.transcripts.model import LABELS, Message

Locate = Callable[[int, int], Span]

SETTINGS = re.compile(r"<settings>(.*?)</settings\s*>", re.S)
UNTRUSTED = re.compile(r"<untrusted>(.*?)</untrusted\s*>", re.S)
OPENERS = re.compile(r"<(settings|untrusted)>")
ELIDED = re.compile(r"\[(?:\.\.\.|\u2026)[^\]\n]*\]")
SETTING_LINE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")

# `GOOD`, `BAD[#sec]: note`, `OK, note`, `BAD[#a, #b][#c]`
LABEL = re.compile(r"\s*([A-Za-z]+)((?:\s*\[[^\]]*\])*)\s*(?:([:,])\s*(.*?))?\s*$", re.S)
CITE = re.compile(r"#?\s*([A-Za-z0-9_-]+)")
TITLE_CITE = re.compile(r"\]\(#([A-Za-z0-9_-]+)\)")


def title_cites(title: str | None) -> list[str]:
    """Sections a title links to, as in `... the [?](#respect_creators) section`."""
    return TITLE_CITE.findall(title or "")


_LEADING_BLANK = re.compile(r"\A(?:[ \t]*\n)+")
_TRAILING_BLANK = re.compile(r"(?:\n[ \t]*)+\Z")


def trim_blank_lines(text: str) -> str:
    """Drop blank lines at both ends; spaces inside the first and last lines are text."""
    if not text.strip():
        return ""
    return _TRAILING_BLANK.sub("", _LEADING_BLANK.sub("", text))


def read_structure(msg: Message, locate: Locate, sources: dict[str, str]) -> None:
    """Fill settings (system messages only: a user cannot set them), untrusted spans, elided."""
    text = msg.text
    for m in OPENERS.finditer(text):
        closer = f"</{m.group(1)}"
        if text.find(closer, m.end()) < 0:
            fail(UNCLOSED_TAG, f"<{m.group(1)}> is never closed (expected {closer}>)",
                 locate(m.start(), len(m.group(0))), sources)
    msg.untrusted = [m.group(1).strip() for m in UNTRUSTED.finditer(text)]
    msg.elided = bool(ELIDED.search(text))
    if msg.role == "system":
        msg.settings = []
        for m in SETTINGS.finditer(text):
            msg.settings.extend(_settings(m.group(1), m.start(1), locate, sources))


def _settings(block: str, base: int, locate: Locate, sources) -> list:
    out = []
    offset = base
    for line in block.split("\n"):
        if line.strip():
            m = SETTING_LINE.match(line)
            if not m:
                fail(BAD_SETTING, "a <settings> line must read `key: value`", locate(offset, len(line)), sources)
            out.append((m.group(1), setting_value(m.group(2))))
        offset += len(line) + 1
    return out


def setting_value(raw: str):
    """Numbers stay numbers; everything else (true/false included) is a string constant."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    if NUMBER.match(raw):
        if not any(c in raw for c in ".eE"):
            return int(raw) if len(raw) <= MAX_INT_DIGITS else raw  # too long to be a number: text
        number = float(raw)
        if math.isfinite(number):  # 1e999 has no finite value to print: it stays text
            return number
    return raw


def parse_label(comment_body: str, span: Span, sources) -> tuple[str, str | None, list[str]] | None:
    """(label, note, cited sections) from a comment's inside, or None if it is not a label.

    Labels are read in any case (`good` is GOOD). A comment opening with an all-caps
    word is meant as a label, so an unknown one (a typo such as GOD) is an error
    instead of silently becoming reply text."""
    m = LABEL.match(comment_body)
    if not m:
        return None
    word = m.group(1)
    if word.lower() not in LABELS:
        if word.isupper() and len(word) > 1 and (m.group(2) or m.group(3) or not m.group(4)):
            fail(BAD_LABEL, f"unknown label '{word}' (expected GOOD, BAD or OK)", span, sources)
        return None
    cites = []
    for bracket in re.findall(r"\[([^\]]*)\]", m.group(2) or ""):
        cites.extend(CITE.findall(bracket))
    note = (m.group(4) or "").strip() or None
    return word.lower(), note, cites
