"""`speclogic test [PATH...]`: rule tests with expected verdicts, PASS/FAIL per test.

Exit status: 0 all passed; 1 some test failed; 2 bad input (a bad test file is
reported and the other tests still run).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.common import EXIT_BAD_INPUT, guarded, solver_options
from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.modelspec import DEFAULT_PROFILE
from engine.modelspec.ruletests import RulebaseCache, run_tests

DEFAULT_PATH = "tests/fixtures/rules"


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--rules", "rules_dir", default=None, metavar="DIR",
              help="Rulebase directory for transcript tests and `% RULEBASE:` theories; default: the shipped one.")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, metavar="2024|2025",
              help="Profile for transcript tests outside a profile_<name>/ directory.")
@click.option("--verbose", "-v", is_flag=True, help="Print the details of passing tests too.")
@solver_options
@guarded
def test(paths, rules_dir, profile, verbose, options):
    """Run rule tests: .dl theories with `% EXPECT:` lines and transcripts whose GOOD/BAD/OK
    labels are the expected verdicts (default PATH: tests/fixtures/rules)."""
    if not paths:
        if not Path(DEFAULT_PATH).is_dir():
            raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"no PATH given and no {DEFAULT_PATH} here",
                                            Span(DEFAULT_PATH, 1, 1)))
        paths = (DEFAULT_PATH,)
    cache = RulebaseCache(rules_dir, profile)
    cache.get()  # a bad rulebase or profile is bad input for the whole run
    run = run_tests(paths, cache, options)
    for result in run.results:
        click.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
        if not result.passed or verbose:
            for line in result.details:
                click.echo(f"      {line}")
    for err in run.errors:
        click.echo(err.render(), err=True)
    bad = f", {len(run.errors)} bad input" if run.errors else ""
    click.echo(f"{run.passed} passed, {run.failed} failed{bad}")
    if run.errors:
        sys.exit(EXIT_BAD_INPUT)
    if not run.results:  # an empty or mistyped test directory must not pass CI silently
        click.echo(f"no tests found in {', '.join(paths)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if run.failed:
        sys.exit(1)
