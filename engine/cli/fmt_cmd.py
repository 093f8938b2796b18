"""`speclogic fmt FILES...`: print theories in canonical form, keeping comments.

Without options the formatted text goes to stdout. --check lists the files that would
change (exit 1 if any); --diff prints what would change as a unified diff (exit 1 if
anything would); --write rewrites them in place. `.dfl` files are printed as
their `.dl` translation to stdout, but never checked or rewritten as `.dl`.
"""
from __future__ import annotations

import difflib
import os
import shutil
import sys
import tempfile
from pathlib import PurePath

import click

from engine.errors import SpeclogicError

EXIT_OK, EXIT_CHANGED, EXIT_ERRORS, EXIT_INTERNAL = 0, 1, 2, 3


def _formatted(path: str) -> tuple[str, str]:
    """(original text, formatted text) for one path."""
    from engine.parse.api import parse_dfl, read_source, source_name
    from engine.parse.layout import format_source
    from engine.parse.printer import format_program

    name = source_name(path)
    text = read_source(path)
    if PurePath(path).suffix.lower() == ".dfl":
        return text, format_program(parse_dfl(text, name))
    return text, format_source(text, name)


@click.command(name="fmt")
@click.argument("files", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Only report files that are not formatted (exit 1 if any).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of what formatting would change (exit 1 if anything would).")
@click.option("--write", is_flag=True, help="Rewrite the files in place.")
def fmt(files: tuple[str, ...], check_only: bool, show_diff: bool, write: bool) -> None:
    """Format theory files canonically (one statement per line, comments kept)."""
    if write and (check_only or show_diff):
        raise click.UsageError("--write rewrites the files; it does not go with --check or --diff")
    status = EXIT_OK
    for path in files:
        try:
            if (check_only or write or show_diff) and PurePath(path).suffix.lower() == ".dfl":
                click.echo(f"{path}: fmt --check/--write handle .dl files only "
                           "(a .dfl file is printed as .dl to stdout)", err=True)
                status = max(status, EXIT_ERRORS)
                continue
            original, formatted = _formatted(path)
        except SpeclogicError as exc:
            click.echo(exc.render(), err=True)
            status = max(status, EXIT_ERRORS)
            continue
        except Exception as exc:  # noqa: BLE001 - a bug must not show the user a traceback
            click.echo(f"speclogic: internal error while formatting {path}: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)
        if check_only or show_diff:
            if formatted != original:
                if check_only:
                    click.echo(f"would reformat {path}", err=True)
                if show_diff:
                    click.echo(_diff(path, original, formatted), nl=False)
                status = max(status, EXIT_CHANGED)
        elif write:
            if path == "-":
                click.echo(formatted, nl=False)
            elif formatted != original:
                _replace(path, formatted)
                click.echo(f"reformatted {path}", err=True)
        else:
            if len(files) > 1:
                click.echo(f"% {path}")
            click.echo(formatted, nl=False)
    sys.exit(status)


def _diff(path: str, original: str, formatted: str) -> str:
    from engine.parse.api import source_name

    name = source_name(path)
    lines = difflib.unified_diff(original.splitlines(keepends=True), formatted.splitlines(keepends=True),
                                 f"{name} (as written)", f"{name} (formatted)")
    # a file without a final newline would glue the next line of the diff to its last one
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _replace(path: str, text: str) -> None:
    """Write beside the file, then rename over it: a failure never leaves it truncated."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".speclogic-fmt-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
