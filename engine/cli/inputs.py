"""What a theory command reads: rule files and directories, transcripts, and optionally a rulebase.

FILES may mix rule files (.dl, .dfl, pipes), directories of them (engine/sources.py)
and transcripts (.md, .xml, .json, .jsonl), which become facts; `--modelspec` adds
the shipped Model Spec rulebase and `--rules DIR` another one (with `--profile`), so
`speclogic why 'follow("tutor.m0")' --modelspec examples/chain_of_command.md`
explains a verdict in one command. With a rulebase, FILES may be empty.
"""
from __future__ import annotations

import functools
import sys

import click

from engine import ast
from engine.cli.common import EXIT_BAD_INPUT, report_errors
from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.sources import TRANSCRIPT_SUFFIXES, expand_paths
from engine.sources import load_program as _load_program

__all__ = ["TRANSCRIPT_SUFFIXES", "load_program", "theory_inputs"]


def theory_inputs(func):
    """--modelspec/--rules/--profile, and FILES with directories expanded (kwarg `files`)."""
    @click.option("--modelspec", is_flag=True, help="Add the shipped Model Spec rulebase to FILES.")
    @click.option("--rules", "rules_dir", default=None, metavar="DIR",
                  help="Add the rulebase in DIR (*.dl + profiles/<profile>.dl) instead of the shipped one.")
    @click.option("--profile", default="2025", show_default=True, metavar="2024|2025",
                  help="Authority profile of the rulebase (with --modelspec or --rules).")
    @functools.wraps(func)
    def wrapper(*args, modelspec, rules_dir, profile, **kwargs):
        with_rulebase = modelspec or rules_dir is not None
        if "files" in kwargs:
            try:
                kwargs["files"] = theory_files(kwargs["files"], with_rulebase, profile)
            except SpeclogicError as exc:  # outside `guarded`: reported the same way
                report_errors(exc, kwargs.get("fmt", "text"))
                sys.exit(EXIT_BAD_INPUT)
        return func(*args, inputs=(with_rulebase, profile, rules_dir), **kwargs)

    return wrapper


def theory_files(files, with_rulebase: bool, profile: str) -> tuple[str, ...]:
    if not files and not with_rulebase:
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, "no FILES given: name rule files or directories, "
                                        "or add --rules DIR or --modelspec", Span("<command line>", 1, 1)))
    return tuple(expand_paths(files, profile))


def load_program(files, inputs) -> ast.Program:
    modelspec, profile, rules_dir = inputs
    return _load_program(files, modelspec, profile, rules_dir)
