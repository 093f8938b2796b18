"""How long the markdown transcript reader takes on 1, 5 and 50 MB files.

Two shapes: many small examples (a long model_spec.md), and one example block
with every message in it (where per-message line:col counting used to make the
reader quadratic). Prints a table; not a test.

    python bench/markdown_reader.py            # 1, 5, 50 MB
    python bench/markdown_reader.py --sizes 1,5
"""
from __future__ import annotations

import argparse
import gc
import time

from engine.transcripts.loader import load_text

MESSAGES = "<user>\nhello {i}, please help\n</user>\n<assistant>\nA reply, line one.\nLine two.\n</assistant>\n"


def many_examples(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = f"## Section {i} {{#s{i} authority=guideline}}\n\n**Example**: case {i}\n\n~~~xml\n" \
               + MESSAGES.format(i=i) + "~~~\n\n"
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def one_block(size: int) -> str:
    parts, total, i = ["**Example**: one long conversation\n\n~~~xml\n"], 0, 0
    while total < size:
        part = MESSAGES.format(i=i)
        parts.append(part)
        total += len(part)
        i += 1
    parts.append("~~~\n")
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,50", help="megabytes, comma separated")
    args = ap.parse_args()
    print(f"{'shape':<14}{'MB':>6}{'conversations':>15}{'seconds':>10}{'s/MB':>8}")
    for shape in (many_examples, one_block):
        for mb in (float(s) for s in args.sizes.split(",")):
            text = shape(int(mb * 1_000_000))
            gc.collect()
            start = time.perf_counter()
            convs = load_text(text, "bench.md", "markdown")
            took = time.perf_counter() - start
            print(f"{shape.__name__:<14}{mb:>6g}{len(convs):>15}{took:>10.2f}{took / mb:>8.2f}")
            del convs, text


if __name__ == "__main__":
    main()
