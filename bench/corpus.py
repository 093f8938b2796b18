"""Bench corpora: the shipped annotated examples, replicated into a JSONL corpus.

    python bench/corpus.py N -o corpus.jsonl [--from examples/]

Each record is one conversation of the examples in the JSON transcript format
(docs/transcripts.md), its id suffixed `~k` for the k-th copy, so a corpus of N
conversations is the 189 examples over and over, every copy annotated and labelled
as shipped. `check` below verifies that a record reads back as the same facts as the
conversation it came from, so the corpus audits to the same verdicts, k times.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.ast import format_value  # noqa: E402
from engine.modelspec.files import transcript_files  # noqa: E402
from engine.transcripts.loader import load_paths_report  # noqa: E402
from engine.transcripts.model import UNLABELED, Comparison, Elision  # noqa: E402


def _annotation(a) -> str:
    args = ", ".join(format_value(v) for v in a.args)
    return f"{'~' if a.negated else ''}{a.pred}({args})" if a.args else f"{'~' if a.negated else ''}{a.pred}"


def _message(msg, candidate: bool = False) -> dict:
    out = {"role": msg.role, "content": msg.text}
    if msg.annotations:
        out["annotations"] = [_annotation(a) for a in msg.annotations]
    if msg.attrs:
        out["attrs"] = dict(msg.attrs)
    if candidate:
        if msg.label != UNLABELED:
            out["label"] = msg.label.upper()
        if msg.note:
            out["note"] = msg.note
        if msg.cites:
            out["cites"] = ["#" + c for c in msg.cites]
    return out


def record(conv, copy: int | None = None) -> dict:
    """One conversation as a JSON transcript record."""
    turns = []
    for it in conv.items:
        if isinstance(it, Comparison):
            turn = {"role": "comparison", "candidates": [_message(c, True) for c in it.candidates]}
            if it.annotations:
                turn["annotations"] = [_annotation(a) for a in it.annotations]
            turns.append(turn)
        elif isinstance(it, Elision):
            turns.append({"role": "_elision", "content": it.text})
        else:
            turns.append(_message(it))
    out = {"id": conv.id if copy is None else f"{conv.id}~{copy}", "messages": turns}
    if conv.title:
        out["title"] = conv.title
    if conv.section:
        out["section_id"] = conv.section
    if conv.authority:
        out["authority"] = conv.authority
    if conv.tags:
        out["tags"] = list(conv.tags)
    if conv.annotations:
        out["annotations"] = [_annotation(a) for a in conv.annotations]
    return out


def examples(source: str = str(ROOT / "examples")):
    files, _ = transcript_files([source])
    convs, errors = load_paths_report(files)
    if errors:
        raise SystemExit("\n".join(e.render() for e in errors))
    return convs


def write_corpus(n: int, out: Path, source: str = str(ROOT / "examples")) -> int:
    """n conversations (the examples, copied as often as needed) to `out`, one per line."""
    convs = examples(source)
    lines = [json.dumps(record(c), ensure_ascii=False) for c in convs]
    with out.open("w", encoding="utf-8") as fh:
        for k in range(n):
            base = json.loads(lines[k % len(lines)])
            base["id"] = f"{base['id']}~{k // len(lines)}"
            fh.write(json.dumps(base, ensure_ascii=False) + "\n")
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--from", dest="source", default=str(ROOT / "examples"))
    args = ap.parse_args()
    write_corpus(args.n, Path(args.output), args.source)


if __name__ == "__main__":
    main()
