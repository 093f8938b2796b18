"""Copy the examples of a Model Spec release into examples/model_spec/, one file per section.

Only data is copied: each section's heading (title, anchor, authority) and its
**Example** blocks verbatim, none of the prose. Files go to
examples/model_spec/<chapter>/<section>.md, <chapter> being the anchor of the
top-level heading the section sits under. Existing files are left alone (they
carry annotations), unless --force.

    python tools/extract_model_spec.py ../shared/model_spec/versions/2025-12-18/model_spec.md
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

HEADING = re.compile(r"^(#+)\s+(.*?)\s*\{#([A-Za-z0-9_]+)([^}]*)\}\s*$")
EXAMPLE = re.compile(r"^\*\*Example\*\*:")


def sections(text: str):
    """(chapter, section id, heading line, [example blocks]) in document order."""
    chapter = None
    current = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = HEADING.match(line)
        if m:
            if current:
                yield current
            level, title, anchor, attrs = len(m.group(1)), m.group(2), m.group(3), m.group(4)
            if level == 1:
                chapter = anchor
            current = (chapter, anchor, f"# {title} {{#{anchor}{attrs}}}", [])
            i += 1
            continue
        if EXAMPLE.match(line) and current is not None:
            block = [line, ""]
            i += 1
            while i < len(lines) and not lines[i].startswith("~~~"):
                i += 1
            fence = lines[i]
            block.append(fence)
            i += 1
            while i < len(lines) and lines[i].rstrip() != fence.rstrip()[:3] and not lines[i].startswith("~~~"):
                block.append(lines[i])
                i += 1
            block.append(lines[i] if i < len(lines) else "~~~")
            current[3].append("\n".join(block))
        i += 1
    if current:
        yield current


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec")
    ap.add_argument("--out", default="examples/model_spec")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    written = 0
    for chapter, anchor, heading, examples in sections(Path(args.spec).read_text(encoding="utf-8")):
        if not examples:
            continue
        path = out / chapter / f"{anchor}.md"
        if path.exists() and not args.force:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(heading + "\n\n" + "\n\n".join(examples) + "\n", encoding="utf-8")
        written += 1
    print(f"{written} files written under {out}")


if __name__ == "__main__":
    main()
