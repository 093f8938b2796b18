"""`speclogic solve` and `speclogic query`: conclusions with their tags."""
from __future__ import annotations

import json

import click

from engine.cli.common import format_option, guarded, skip_teardown, solver_options
from engine.cli.inputs import load_program, theory_inputs
from engine.theory import Theory

JSON_VERSION = 1


def _text_line(c) -> str:
    tag = c.defeasible if c.defeasible != "undecided" else "undecided"
    extra = f"  ({c.failure})" if c.failure else ""
    return f"{c.definite:>9} {tag:>9}  {c.literal}{extra}"


def _emit(conclusions, fmt: str, warnings) -> None:
    if fmt == "json":
        # one compact object per line: the same JSON as dump_json would give, in a
        # fraction of the time for 10^5 conclusions
        items = ",\n".join("    " + json.dumps(c.to_json(), ensure_ascii=False) for c in conclusions)
        body = f"[\n{items}\n  ]" if items else "[]"
        click.echo(f'{{\n  "version": {JSON_VERSION},\n  "conclusions": {body}\n}}')
        return
    for w in warnings:
        click.echo(w.render(), err=True)
    for c in conclusions:
        click.echo(_text_line(c))


@click.command()
@click.argument("files", nargs=-1)
@solver_options
@format_option("text", "json")
@click.option("--only", type=click.Choice(["all", "proved", "refuted", "undecided"]), default="all",
              help="Print only +d, only -d or only undecided literals.")
@click.option("--lint", is_flag=True, help="Also print the warnings of `speclogic check` (on stderr).")
@theory_inputs
@guarded
def solve(files, options, fmt, only, lint, inputs):
    """Print every conclusion of the theory in FILES (.dl, .dfl; transcripts become facts).

    Errors stop the run (exit 2); warnings are `speclogic check`'s job, or --lint's."""
    theory = Theory(load_program(files, inputs), lint=lint)
    sol = theory.solve(options)
    wanted = {"all": None, "proved": "+d", "refuted": "-d", "undecided": "undecided"}[only]
    conclusions = [c for c in sol.conclusions() if wanted is None or c.defeasible == wanted]
    _emit(conclusions, fmt, theory.warnings)
    skip_teardown()


@click.command()
@click.argument("pattern")
@click.argument("files", nargs=-1)
@solver_options
@format_option("text", "json")
@theory_inputs
@guarded
def query(pattern, files, options, fmt, inputs):
    """Print the literals matching PATTERN (e.g. 'flies(X)', '~flies(opus)') with their tags.

    A ground PATTERN the theory never mentions is reported as -D -d (no rule for it)."""
    from engine.parse import parse_literal

    atom = parse_literal(pattern)
    theory = Theory(load_program(files, inputs))
    sol = theory.solve(options)
    matches = sol.query(atom)
    if not matches and all(not hasattr(t, "name") for t in atom.args):
        matches = [sol.lookup(atom)]
    _emit(matches, fmt, theory.warnings)
    skip_teardown()
