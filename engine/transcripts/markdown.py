"""Markdown holding examples (a whole model_spec.md, an examples/*.md eval file, a doc).

A line scanner, not a markdown parser: it tracks code fences (so a `# comment` in a
code block is not a heading), remembers the nearest heading carrying `{#id ...}`,
and hands each ```xml / ~~~xml block that follows a `**Example**:` line to the
example-format parser, with the block's line so errors point into the file.
"""
from __future__ import annotations

import re

from engine.errors import Span
from engine.transcripts.content import title_cites
from engine.transcripts.errors import UNCLOSED_FENCE, fail
from engine.transcripts.example import parse_example
from engine.transcripts.model import Conversation

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*$")
SECTION_ATTRS = re.compile(r"\{#([A-Za-z0-9_.:-]+)([^}]*)\}\s*$")
EXAMPLE = re.compile(r"^\s*\*\*Example(?::\*\*|\*\*\s*:?)\s*(.*?)\s*$")


def parse_markdown(text: str, file: str, sources=None) -> list[Conversation]:
    sources = sources if sources is not None else {file: text}
    lines = text.split("\n")
    section: dict = {}
    pending_title: str | None = None
    out: list[Conversation] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            indent, marks, info = fence.groups()
            end = _closing_fence(lines, i + 1, marks)
            if pending_title is not None and info.lower() == "xml":
                if end is None:
                    fail(UNCLOSED_FENCE, f"the {marks}xml block of this example is never closed",
                         Span(file, i + 1, len(indent) + 1, i + 1, len(line) + 1), sources)
                out.extend(_block(lines, i, end, indent, file, sources, pending_title, section))
                pending_title = None
            i = (end if end is not None else len(lines)) + 1
            continue
        heading = HEADING.match(line)
        if heading:
            attrs = SECTION_ATTRS.search(heading.group(2))
            if attrs:
                section = _section(attrs)
        else:
            example = EXAMPLE.match(line)
            if example:
                pending_title = example.group(1)
        i += 1
    return out


def _closing_fence(lines: list[str], start: int, marks: str) -> int | None:
    pattern = re.compile(r"^ {0,3}" + re.escape(marks[0]) + "{" + str(len(marks)) + r",}\s*$")
    for j in range(start, len(lines)):
        if pattern.match(lines[j]):
            return j
    return None


def _section(attrs: re.Match) -> dict:
    pairs = dict(re.findall(r"([A-Za-z_]+)=(\"[^\"]*\"|\S+)", attrs.group(2)))
    pairs = {k: v.strip('"') for k, v in pairs.items()}
    return {
        "id": attrs.group(1),
        "authority": pairs.get("authority"),
        "tags": [t for t in re.split(r"[\s,]+", pairs.get("tags", "")) if t],
    }


def _block(lines, start, end, indent, file, sources, title, section) -> list[Conversation]:
    body = [ln[len(indent):] if ln.startswith(indent) else ln.lstrip(" ") for ln in lines[start + 1:end]]
    convs = parse_example("\n".join(body), file, line=start + 2, column=len(indent) + 1, sources=sources)
    for conv in convs:
        conv.span = Span(file, start + 1, 1)
        conv.title = conv.title or title or None
        conv.title_cites = title_cites(conv.title)
        if section and conv.section is None:
            conv.section = section["id"]
            conv.authority = section["authority"]
            conv.tags = list(section["tags"])
    return convs
