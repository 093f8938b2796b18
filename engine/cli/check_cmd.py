"""`speclogic check FILES...`: parse and statically analyse theories, report diagnostics.

Exit status: 0 when there are no errors (warnings allowed), 2 when any file has an
error, 3 on an internal failure (a bug in speclogic, never the user's input).
"""
from __future__ import annotations

import json
import sys

import click

from engine.errors import ERROR, Diagnostic

EXIT_OK, EXIT_ERRORS, EXIT_INTERNAL = 0, 2, 3


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_check(files: list[str]) -> tuple[list[Diagnostic], dict[str, str]]:
    """Every diagnostic for `files`: parse errors of the files that failed, then the
    analysis of all the files that parsed (as one theory), sorted by file order."""
    from engine.analysis import check, sort_diagnostics
    from engine.parse.api import parse_each, source_name

    program, failures, sources = parse_each(files)
    diagnostics = [d for exc in failures for d in exc.diagnostics]
    diagnostics.extend(check(program))
    order = list(dict.fromkeys(source_name(f) for f in files))
    return sort_diagnostics(diagnostics, order), sources


@click.command(name="check")
@click.argument("files", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--modelspec", is_flag=True, help="Check the shipped Model Spec rulebase too (with FILES, as one theory).")
@click.option("--rules", "rules_dir", default=None, metavar="DIR",
              help="Check the rulebase in DIR (*.dl + profiles/<profile>.dl), with FILES as one theory.")
@click.option("--profile", default="2025", show_default=True, metavar="2024|2025",
              help="Authority profile of the rulebase (with --modelspec, --rules or a rulebase directory).")
def check(files: tuple[str, ...], output_format: str, modelspec: bool, rules_dir: str | None, profile: str) -> None:
    """Check theory files (.dl, or SPINdle .dfl) and directories of them for errors and
    suspicious rules.

    Exit status: 0 when there are no errors (warnings are allowed), 2 when there are
    errors, 3 on an internal failure. Codes are listed in docs/errors.md.
    """
    from engine.cli.inputs import theory_files
    from engine.errors import SpeclogicError
    from engine.modelspec.rulebase import rulebase_files

    try:
        with_rulebase = modelspec or rules_dir is not None
        paths = [str(p) for p in rulebase_files(rules_dir, profile)] if with_rulebase else []
        paths += theory_files(files, with_rulebase, profile)
    except SpeclogicError as exc:
        click.echo(exc.render(), err=True)
        sys.exit(EXIT_ERRORS)
    files = tuple(paths)
    try:
        diagnostics, sources = run_check(list(files))
    except Exception as exc:  # noqa: BLE001 - a bug must not show the user a traceback
        click.echo(f"speclogic: internal error while checking: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    errors = [d for d in diagnostics if d.severity == ERROR]
    warnings = [d for d in diagnostics if d.severity != ERROR]
    if output_format == "json":
        payload = {"version": 1, "errors": [d.to_json() for d in errors], "warnings": [d.to_json() for d in warnings]}
        click.echo(json.dumps(payload, indent=2, sort_keys=True))
    else:
        for d in diagnostics:
            click.echo(d.render(sources))
        summary = f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')} in {_plural(len(set(files)), 'file')}"
        click.echo(summary, err=True)
    sys.exit(EXIT_ERRORS if errors else EXIT_OK)
