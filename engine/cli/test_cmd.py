"""`speclogic test [PATH...]`: rule tests with expected verdicts, PASS/FAIL per test.

Exit status: 0 all passed; 1 some test failed; 2 bad input (a bad test file is
reported and the other tests still run). `-` reads one test from standard input.
"""
from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import click

from engine.cli.common import EXIT_BAD_INPUT, guarded, solver_options
from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.modelspec import DEFAULT_PROFILE
from engine.modelspec.ruletests import RulebaseCache, iter_tests

DEFAULT_PATH = "tests/fixtures/rules"


def selector(patterns):
    """`-k`: a test runs when its name (`file` or `file::conversation`) contains a
    pattern, or matches it as a glob when the pattern has * ? or [ (repeatable: any)."""
    if not patterns:
        return None

    def select(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, p) if any(ch in p for ch in "*?[") else p in name for p in patterns)

    return select


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--rules", "rules_dir", default=None, metavar="DIR",
              help="Rulebase directory for transcript tests and `% RULEBASE:` theories; default: the shipped one.")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, metavar="2024|2025",
              help="Profile for transcript tests outside a profile_<name>/ directory.")
@click.option("--verbose", "-v", is_flag=True, help="Print the details of passing tests too.")
@click.option("-k", "patterns", multiple=True, metavar="PATTERN",
              help="Run only tests whose name contains PATTERN (a glob if it has * ? [); repeatable.")
@click.option("--exitfirst", "-x", "exit_first", is_flag=True, help="Stop at the first failure or bad input.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="json: tests, errors and a summary; junit: JUnit XML for CI.")
@solver_options
@guarded
def test(paths, rules_dir, profile, verbose, patterns, exit_first, fmt, options):
    """Run rule tests: .dl theories with `% EXPECT:` lines and transcripts whose GOOD/BAD/OK
    labels are the expected verdicts (default PATH: tests/fixtures/rules; - reads stdin)."""
    if not paths:
        if not Path(DEFAULT_PATH).is_dir():
            raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"no PATH given and no {DEFAULT_PATH} here",
                                            Span(DEFAULT_PATH, 1, 1)))
        paths = (DEFAULT_PATH,)
    cache = RulebaseCache(rules_dir, profile)
    cache.get()  # a bad rulebase or profile is bad input for the whole run
    results, errors = [], []
    for item in iter_tests(paths, cache, options, selector(patterns)):
        if isinstance(item, SpeclogicError):
            errors.append(item)
            if fmt == "text":
                click.echo(item.render(), err=True)
        else:
            results.append(item)
            if fmt == "text":
                _echo_result(item, verbose)
        if exit_first and (errors or not results[-1].passed):
            break
    failed = sum(1 for r in results if not r.passed)
    if fmt == "json":
        from engine.cli.test_report import run_json

        click.echo(run_json(results, errors))
    elif fmt == "junit":
        from engine.cli.test_report import run_junit

        click.echo(run_junit(results, errors))
    else:
        bad = f", {len(errors)} bad input" if errors else ""
        click.echo(f"{len(results) - failed} passed, {failed} failed{bad}")
    if errors:
        sys.exit(EXIT_BAD_INPUT)
    if not results:  # an empty or mistyped test directory (or a -k that matches nothing) must not pass CI
        click.echo(f"no tests found in {', '.join(paths)}" + (f" matching {', '.join(patterns)}" if patterns else ""),
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    if failed:
        sys.exit(1)


def _echo_result(result, verbose: bool) -> None:
    click.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
    if not result.passed or verbose:
        for line in result.details:
            click.echo(f"      {line}")
