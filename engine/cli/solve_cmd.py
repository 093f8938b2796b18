"""`speclogic solve` and `speclogic query`: conclusions with their tags."""
from __future__ import annotations

import json
from itertools import islice

import click

from engine.ast import format_value
from engine.cli.common import format_option, guarded, skip_teardown, solver_options
from engine.cli.inputs import load_program, theory_inputs
from engine.ground.model import lit_str
from engine.theory import Theory

JSON_VERSION = 1


_string = json.encoder.encode_basestring  # json.dumps(s, ensure_ascii=False), without its set-up per call


def _json_value(v) -> str:
    if v.__class__ is int:
        return repr(v)
    if v.__class__ is str:
        return _string(v)
    return json.dumps(v)


def conclusion_json(c) -> str:
    """json.dumps(c.to_json(), ensure_ascii=False), byte for byte (a property in
    tests/test_definite_model.py holds them equal), without json.dumps' set-up per call."""
    return tagged_json(((c.predicate, c.negated, c.args), c.definite, c.defeasible, c.failure), c.literal)


def tagged_json(row, literal: str | None = None) -> str:
    """conclusion_json of a Solution.tagged() row."""
    key, definite, defeasible, failure = row
    pred, negated, args = key
    literal = literal if literal is not None else lit_str(key)
    extra = f', "failure": {_string(failure)}' if failure else ""
    return (f'{{"literal": {_string(literal)}, "predicate": {_string(pred)}, '
            f'"negated": {"true" if negated else "false"}, "args": [{", ".join(map(_json_value, args))}], '
            f'"definite": {_string(definite)}, "defeasible": {_string(defeasible)}{extra}}}')


# how format_value and json.dumps print each kind of constant, without a call through
# either per value (bool is no speclogic constant: it takes the general path, which refuses it)
_LITERAL_VALUE = {int: int.__repr__, float: float.__repr__, str: format_value}
_JSON_VALUE = {int: int.__repr__, float: float.__repr__, str: _string}


def json_lines(rows):
    """tagged_json of each row, indented as the document prints it: the parts every
    row of one predicate and one set of tags shares are built once (10^6 rows)."""
    last, mid = None, ""  # rows come sorted by predicate: the previous one's part is the one to reuse
    tails: dict = {}
    fv, jv = _LITERAL_VALUE, _JSON_VALUE
    for row in rows:
        key, definite, defeasible, failure = row
        pred, negated, args = key
        try:
            inner = ", ".join([fv[a.__class__](a) for a in args])
            values = ", ".join([jv[a.__class__](a) for a in args])
        except KeyError:
            yield "    " + tagged_json(row)
            continue
        literal = f"{'~' if negated else ''}{pred}({inner})" if args else f"{'~' if negated else ''}{pred}"
        if last != (pred, negated):
            last = (pred, negated)
            mid = f', "predicate": {_string(pred)}, "negated": {"true" if negated else "false"}, "args": ['
        tail = tails.get((definite, defeasible, failure))
        if tail is None:
            extra = f', "failure": {_string(failure)}' if failure else ""
            tail = tails[(definite, defeasible, failure)] = (
                f'], "definite": {_string(definite)}, "defeasible": {_string(defeasible)}{extra}}}')
        yield f'    {{"literal": {_string(literal)}{mid}{values}{tail}'


def _text_row(row) -> str:
    key, definite, defeasible, failure = row
    extra = f"  ({failure})" if failure else ""
    return f"{definite:>9} {defeasible:>9}  {lit_str(key)}{extra}"


def _emit(conclusions, fmt: str, warnings) -> None:
    _emit_rows([((c.predicate, c.negated, c.args), c.definite, c.defeasible, c.failure) for c in conclusions],
               fmt, warnings)


def _emit_rows(rows, fmt: str, warnings) -> None:
    """Print the rows (any iterable) a block at a time: 10^6 conclusions are never one
    string in memory."""
    if fmt == "json":
        # one compact object per line: the same JSON as dump_json would give, in a
        # fraction of the time for 10^5 conclusions
        lines = json_lines(rows)
        first = next(lines, None)
        if first is None:
            click.echo(f'{{\n  "version": {JSON_VERSION},\n  "conclusions": []\n}}')
            return
        click.echo(f'{{\n  "version": {JSON_VERSION},\n  "conclusions": [\n{first}', nl=False)
        for block in _blocks(lines):
            click.echo(",\n" + ",\n".join(block), nl=False)
        click.echo("\n  ]\n}")
        return
    for w in warnings:
        click.echo(w.render(), err=True)
    for block in _blocks(map(_text_row, rows)):
        click.echo("\n".join(block))


def _blocks(items, size: int = 4096):
    items = iter(items)
    while block := list(islice(items, size)):
        yield block


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
    rows = (r for r in sol.tagged() if wanted is None or r[2] == wanted)
    _emit_rows(rows, fmt, theory.warnings)
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
