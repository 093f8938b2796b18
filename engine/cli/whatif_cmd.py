"""`speclogic what-if TRANSCRIPTS... --add FACT --remove FACT --role MSG ROLE`: re-judge with
annotations added or removed, or a message's role changed, and print what changes."""
from __future__ import annotations

import click

from engine.cli.common import dump_json, guarded, solver_options
from engine.errors import BAD_QUERY, Diagnostic, SpeclogicError
from engine.modelspec import DEFAULT_PROFILE, load_rulebase
from engine.modelspec.whatif import COMMAND_LINE, Edit, edit_from_literal, what_if
from engine.parse import parse_literal
from engine.render.tree_text import render_tree
from engine.transcripts import load_paths

WHATIF_VERSION = 1


@click.command(name="what-if")
@click.argument("transcripts", nargs=-1, required=True)
@click.option("--add", "adds", multiple=True, metavar="FACT",
              help='Add an annotation, written as a fact with the entity first: about("c.m0", x, illegal_activity).')
@click.option("--remove", "removes", multiple=True, metavar="FACT", help="Remove an annotation (same form).")
@click.option("--role", "roles", multiple=True, nargs=2, metavar="MSG ROLE", help="Give message MSG another role.")
@click.option("--rules", "rules_dir", default=None, metavar="DIR", help="Rulebase directory; default: the shipped one.")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, metavar="2024|2025")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--depth", type=click.IntRange(1, 1000), default=8, show_default=True,
              help="Depth of the proof printed for each new conclusion.")
@solver_options
@guarded
def what_if_cmd(transcripts, adds, removes, roles, rules_dir, profile, fmt, depth, options):
    """Re-solve TRANSCRIPTS with the edits and print the difference: which instructions change
    between followed and overridden, which verdicts change, each with the proof of its new conclusion."""
    edits = [edit_from_literal("add", parse_literal(f)) for f in adds]
    edits += [edit_from_literal("remove", parse_literal(f)) for f in removes]
    edits += [Edit("role", msg, role) for msg, role in roles]
    if not edits:
        raise SpeclogicError(Diagnostic(BAD_QUERY, "what-if needs at least one --add, --remove or --role",
                                        COMMAND_LINE))
    rulebase = load_rulebase(rules_dir, profile)
    conversations = load_paths(transcripts)
    owners = {}
    for e in edits:
        conv = next((c for c in conversations if c.entity(e.entity) is not None), None)
        if conv is None:
            raise SpeclogicError(Diagnostic(BAD_QUERY, f"{e}: no conversation has {e.entity!r}", COMMAND_LINE))
        owners.setdefault(conv.id, (conv, []))[1].append(e)
    results = [what_if(rulebase, conv, conv_edits, options, depth) for conv, conv_edits in owners.values()]
    if fmt == "json":
        dump_json({"version": WHATIF_VERSION, "profile": rulebase.profile, "results": [r.to_json() for r in results]})
        return
    for r in results:
        click.echo(f"what if {', '.join(str(e) for e in r.edits)}  in {r.conversation}")
        if not r.changes:
            click.echo("  nothing changes")
        for c in r.changes:
            click.echo(f"  {c.what} {c.id}: {c.before} -> {c.after}")
            if c.proof is not None:
                click.echo("\n".join("    " + line for line in render_tree(c.proof).splitlines()))
