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

from engine.cli.audit_filters import audit_filter_options, failed, wanted
from engine.cli.common import EXIT_BAD_INPUT, dump_json, guarded, solver_options
from engine.modelspec import AUDIT_VERSION, DEFAULT_PROFILE, load_rulebase
from engine.modelspec import report as rep
from engine.modelspec.run import AuditRun

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
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Solve conversations in N worker processes; the output is the same bytes as with 1.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Solve conversations on the Dask scheduler at ADDRESS (tcp://host:8786); "
                   "needs the [dask] extra.")
@audit_filter_options
@solver_options
@guarded
def audit(transcripts, rules_dir, profile, fmt, output, quiet, sensitivity, jobs, dask_address, only,
          conversation_ids, fail_on, options):
    """Audit TRANSCRIPTS (files or directories; - reads standard input): instructions followed
    or overridden, candidate replies compliant or violating, and agreement with their GOOD/BAD/OK labels.

    Results are written as conversations are decided (text and jsonl; json, mermaid and
    html are one document, written at the end), so a corpus of any size audits in flat memory."""
    rulebase = load_rulebase(rules_dir, profile)
    sensitive = sensitivity or "fragile" in only
    runner = _runner(rulebase, options, sensitive, jobs, dask_address)
    streams = fmt == "jsonl" or fmt == "text" and not quiet
    run = AuditRun(transcripts, rulebase, options, sensitive, runner=runner,
                   progress=_progress_bar(streams and output is None), only_ids=conversation_ids or None)
    with _destination(output):
        report = _write(run, rulebase, options, fmt, quiet, only)
    if report.errors:
        if fmt != "json":
            for err in report.errors:
                click.echo(err.render(), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if not report.summary()["conversations"]:  # an empty or mistyped directory must not pass CI silently
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


def _write(run, rulebase, options, fmt: str, quiet: bool, only):
    """Each conversation as it is decided (those --only keeps), then what ends the
    format: the summary, the errors, or the whole document. Returns the report."""
    collected: list = []
    if fmt == "text" and rulebase.warnings:  # once, before the table: a lint warning can explain a verdict
        click.echo(f"rulebase warnings ({len(rulebase.warnings)}):")
        for w in rulebase.warnings:
            click.echo(w.render())
        click.echo("")
    for conv in run:
        if not wanted(conv, only):
            continue
        if fmt == "text" and not quiet:
            click.echo("\n".join(rep.conversation_text(conv)) + "\n")
        elif fmt == "jsonl":
            click.echo(rep.jsonl_conversation(conv, rulebase.profile, AUDIT_VERSION))
        elif fmt == "json":
            collected.append(conv.to_json())  # a single document: it collects the small JSON, not the audit
        elif fmt == "mermaid":
            collected.append((f"{conv.id} ({conv.file}:{conv.line})", conv.overrides))
        elif fmt == "html":
            collected.append(conv)  # the page shows every conversation's transcript and proofs
    _progress_bar.close()
    report = run.report(collected if fmt == "html" else None)
    if fmt == "html":
        from engine.render.html import render_html

        click.echo(render_html(report, rulebase, options), nl=False)
    elif fmt == "mermaid":
        from engine.render.mermaid import grouped_conflicts_mermaid

        # one diagram, one subgraph per conversation: a Mermaid document holds one graph
        click.echo(grouped_conflicts_mermaid(collected))
    elif fmt == "json":
        dump_json(report.to_json(collected))
    elif fmt == "jsonl":
        for line in rep.jsonl_errors(report, AUDIT_VERSION):
            click.echo(line)
        click.echo(rep.jsonl_summary(report, AUDIT_VERSION))
    else:
        _summary(report)
    return report


def _runner(rulebase, options, sensitive: bool, jobs: int, dask_address):
    if dask_address is not None:
        from engine.distributed import DaskRunner

        return DaskRunner(dask_address, rulebase, options, sensitive)
    if jobs > 1:
        from engine.modelspec.workers import ProcessRunner

        return ProcessRunner(rulebase, options, sensitive, jobs)
    return None  # this process


def _summary(report) -> None:
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

    def __call__(self, streams: bool):
        """streams: results go to stdout as they are decided; a bar on the same terminal
        would tear them, so then only when stdout is redirected."""
        if not sys.stderr.isatty() or streams and sys.stdout.isatty():
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True, redirect_stdout=False,
                                redirect_stderr=False)
            self.bar.start()
            self.task = self.bar.add_task("auditing", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


_progress_bar = _Progress()
