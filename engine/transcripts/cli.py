"""`speclogic facts FILES... [--format dl|json] [--stats]`."""
from __future__ import annotations

import json
import sys

import click

from engine.cli.common import guarded
from engine.transcripts.facts import conversation_facts, facts_json, render_dl
from engine.transcripts.loader import FORMATS, load_paths_report
from engine.transcripts.model import LABELS


@click.command("facts")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["dl", "json"]), default="dl", show_default=True,
              help="dl: speclogic facts (valid input to solve/check); json: {\"facts\": [...]}.")
@click.option("--stats", is_flag=True, help="Count conversations, messages and labelled candidates per file.")
@click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="How to read FILES; auto goes by extension (.json .jsonl .md, else the example format).")
@guarded
def facts(files, fmt, stats, input_format):
    """Turn transcripts (Model Spec examples, markdown, JSON, JSONL) into facts."""
    conversations, errors = load_paths_report(files, input_format)
    warnings = [w for conv in conversations for w in conv.warnings]
    if stats:
        payload = {"files": _stats(files, conversations, {d.span.file for e in errors for d in e.diagnostics})}
        if fmt == "json":
            _print_json(payload, errors, warnings)
        else:
            _print_stats_table(payload["files"])
    else:
        all_facts = [f for conv in conversations for f in conversation_facts(conv)]
        if fmt == "json":
            _print_json({"facts": facts_json(all_facts)}, errors, warnings)
        else:
            sys.stdout.write(render_dl(all_facts))
    if fmt != "json":
        _report(errors, warnings)
    if errors:
        sys.exit(2)


def _stats(files, conversations, failed: set) -> list[dict]:
    out = []
    for file in dict.fromkeys(files):
        if file in failed:
            continue
        convs = [c for c in conversations if c.file == ("<stdin>" if file == "-" else file)]
        counts = {label: sum(c.label_counts()[label] for c in convs) for label in LABELS}
        out.append({"file": file, "conversations": len(convs),
                    "messages": sum(len(c.messages) for c in convs), "candidates": counts})
    return out


def _print_json(payload: dict, errors, warnings) -> None:
    if errors:
        payload["errors"] = [d.to_json() for e in errors for d in e.diagnostics]
    if warnings:
        payload["warnings"] = [w.to_json() for w in warnings]
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _print_stats_table(rows: list[dict]) -> None:
    click.echo(f"{'file':40} {'convs':>6} {'msgs':>6} {'good':>5} {'bad':>5} {'ok':>5}")
    for r in rows:
        c = r["candidates"]
        click.echo(f"{r['file']:40} {r['conversations']:6} {r['messages']:6} {c['good']:5} {c['bad']:5} {c['ok']:5}")


def _report(errors, warnings) -> None:
    texts = {w.span.file: _read(w.span.file) for w in warnings}
    for w in warnings:
        click.echo(w.render(texts), err=True)
    for e in errors:
        click.echo(e.render(), err=True)


def _read(file: str) -> str:
    try:
        with open(file, encoding="utf-8") as fh:
            return fh.read().replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return ""
