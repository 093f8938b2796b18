"""`speclogic audit TRANSCRIPTS...`: judge conversations against the Model Spec rulebase.

Exit status: 0 every judged verdict agrees with its label; 1 some verdict disagrees
(or, with --fail-on unjudged, some reply is unjudged; engine/cli/audit_filters.py);
2 bad input (a bad transcript is reported and the others still run; a bad rulebase
or unknown profile stops the command).
"""
from __future__ import annotations

import contextlib
import sys

import click

from engine.cli.audit_filters import audit_filter_options, failed, shown
from engine.cli.common import EXIT_BAD_INPUT, dump_json, guarded, solver_options
from engine.modelspec import AUDIT_VERSION, DEFAULT_PROFILE, audit_paths, load_rulebase
from engine.modelspec import report as rep

EXIT_DISAGREE = 1


@click.command()
@click.argument("transcripts", nargs=-1, required=True)
@click.option("--rules", "rules_dir", default=None, metavar="DIR",
              help="Rulebase directory (*.dl and profiles/*.dl); default: the shipped Model Spec rulebase.")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, metavar="2024|2025",
              help="Authority levels: 2024 (platform > developer > user > tool) or 2025 (root > system > ...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "mermaid", "html"]), default="text",
              show_default=True, help="mermaid: each conversation's override graph (which rule overrode which); "
                                      "html: one self-contained page (docs/report.md).")
@click.option("--output", "-o", "output", default=None, metavar="FILE",
              type=click.File("w", encoding="utf-8", lazy=False),  # a path that cannot be written: exit 2 at once
              help="Write the report to FILE instead of standard output.")
@click.option("--quiet", "-q", is_flag=True, help="Text: print only the summary table.")
@click.option("--sensitivity", is_flag=True,
              help="For each judged reply, the annotation changes (one, then two) that would flip its verdict; "
                   "replies one change flips are marked fragile.")
@audit_filter_options
@solver_options
@guarded
def audit(transcripts, rules_dir, profile, fmt, output, quiet, sensitivity, only, conversation_ids, fail_on,
          options):
    """Audit TRANSCRIPTS (files or directories; - reads standard input): instructions followed
    or overridden, candidate replies compliant or violating, and agreement with their GOOD/BAD/OK labels."""
    rulebase = load_rulebase(rules_dir, profile)
    report = audit_paths(transcripts, rulebase, options, progress=_progress_bar(),
                         sensitive=sensitivity or "fragile" in only, only_ids=conversation_ids or None)
    _progress_bar.close()
    with _destination(output):
        _write(report, fmt, quiet, rulebase, options, shown(report, only))
    if report.errors:
        if fmt != "json":
            for err in report.errors:
                click.echo(err.render(), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if not report.conversations:  # an empty or mistyped directory must not pass CI silently
        click.echo(f"no conversations found in {', '.join(transcripts)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if failed(report, fail_on):
        sys.exit(EXIT_DISAGREE)


@contextlib.contextmanager
def _destination(output):
    """Standard output, or the file -o opened (click.echo writes to whatever sys.stdout is)."""
    if output is None:
        yield
        return
    with output, contextlib.redirect_stdout(output):
        yield


def _write(report, fmt, quiet, rulebase, options, convs) -> None:
    if fmt == "html":
        from engine.render.html import render_html

        click.echo(render_html(report, rulebase, options, convs), nl=False)
    elif fmt == "mermaid":
        from engine.render.mermaid import grouped_conflicts_mermaid

        # one diagram, one subgraph per conversation: a Mermaid document holds one graph
        click.echo(grouped_conflicts_mermaid(
            [(f"{conv.id} ({conv.file}:{conv.line})", conv.overrides) for conv in convs]))
    elif fmt == "json":
        data = report.to_json()
        data["conversations"] = [c.to_json() for c in convs]
        dump_json(data)
    elif fmt == "jsonl":
        for line in rep.jsonl_lines(report, AUDIT_VERSION, convs):
            click.echo(line)
    else:
        _text(report, quiet, convs)


def _text(report, quiet: bool, convs) -> None:
    if report.rulebase_warnings:  # once, before the table: a lint warning can explain a verdict
        click.echo(f"rulebase warnings ({len(report.rulebase_warnings)}):")
        for w in report.rulebase_warnings:
            click.echo(w.render())
        click.echo("")
    if not quiet:
        for conv in convs:
            click.echo("\n".join(rep.conversation_text(conv)))
            click.echo("")
    if sys.stdout.isatty():
        from rich.console import Console

        rep.summary_rich(report, Console())
    else:
        click.echo("\n".join(rep.summary_text(report)))


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal."""

    def __init__(self):
        self.bar = None
        self.task = None

    def __call__(self):
        if not sys.stderr.isatty():
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("auditing", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


_progress_bar = _Progress()
