"""`speclogic why`, `why-not` and `conflicts`: explanations on the command line."""
from __future__ import annotations

import click

from engine import explain
from engine.ast import Const, escape_text
from engine.cli.common import dump_json, format_option, guarded, solver_options
from engine.cli.inputs import load_program, theory_inputs
from engine.explain.short import deeper_decisions
from engine.parse import parse_literal
from engine.render.mermaid import conflicts_mermaid, trees_mermaid
from engine.render.tree_text import decision_line, render_tree, rule_line
from engine.theory import Theory


def _say(line: str) -> None:
    """A line that carries user text (literals, rule sources, file names): escaped, so
    none of it can start a line of its own or reach the terminal raw."""
    click.echo(escape_text(line))


def _targets(sol, pattern: str) -> list[str]:
    atom = parse_literal(pattern)
    matches = sol.query(atom)
    if matches:
        return [c.literal for c in matches]
    if any(not isinstance(t, Const) for t in atom.args):
        click.echo(f"no literal of the theory matches {escape_text(pattern)}", err=True)
        return []
    return [sol.lookup(atom).literal]


FULL_DEPTH = 1000  # --full: as deep as --depth goes
MACHINE_DEPTH = 40  # json and mermaid without --depth: the whole tree of any rulebase shipped


def _explain(pattern, files, options, fmt, failing: bool, inputs, depth: int | None, full: bool,
             sensitive: bool = False):
    # text without --depth/--full is the short form: what decided it, one level deep
    short = fmt == "text" and depth is None and not full
    depth = FULL_DEPTH if full else depth or (1 if short else MACHINE_DEPTH)
    sol = Theory(load_program(files, inputs)).solve(options)
    trees = []
    for literal in _targets(sol, pattern):
        trees.append(explain.why(sol, literal, max_depth=depth))
    found = _sensitivity(trees, files, inputs, options) if sensitive else {}
    if fmt == "json":
        out = {"version": explain.SCHEMA_VERSION, "explanations": [explain.to_json(t)["tree"] for t in trees]}
        if sensitive:
            out["sensitivity"] = {rid: s.to_json() for rid, s in sorted(found.items())}
        dump_json(out)
    elif fmt == "mermaid":
        click.echo(trees_mermaid(trees))
    else:
        for i, t in enumerate(trees):
            if i:
                click.echo("")
            if failing and t.defeasible == "+d":
                _say(f"{t.literal} is defeasibly provable; here is why:")
            elif not failing and t.defeasible != "+d":
                _say(f"{t.literal} is not defeasibly provable ({t.defeasible}"
                           + (f", {t.failure}" if t.failure else "") + "); here is what stopped it:")
            click.echo(render_tree(t, short=short))
            if short:  # where the verdict was contested below the level shown
                for d in deeper_decisions(sol, t):
                    _say(decision_line(d))
            for rid, sens in sorted(found.items()):
                if f'"{rid}"' in t.literal:
                    _say(f"{rid}: {'fragile' if sens.fragile else 'no single change flips it'}")
                    for flip in sens.flips:
                        _say(f"  {sens.verdict}; {flip}")
        if short and any(_cut(t) for t in trees):
            click.echo("(the premises' own proofs: --depth N, or --full for the whole tree)")


def _cut(node) -> bool:
    """Whether the tree left something out (a premise not expanded)."""
    if node.truncated:
        return True
    edges = node.attackers + node.supporters
    return any(_cut(p) for p in node.premises) or any(
        _cut(p) for e in edges for p in e.superiority_premises + ([e.premise] if e.premise else []))


def _sensitivity(trees, files, inputs, options) -> dict:
    """For `why` on a verdict (compliant/~compliant of a reply): the annotation changes
    that would flip it, as `audit --sensitivity` finds them."""
    from pathlib import PurePath

    from engine.cli.inputs import TRANSCRIPT_SUFFIXES
    from engine.modelspec import load_rulebase
    from engine.modelspec.audit import audit_conversation
    from engine.modelspec.sensitivity import sensitivity
    from engine.transcripts import load_paths

    _, profile, rules_dir = inputs
    rulebase = load_rulebase(rules_dir, profile)
    wanted = {t.literal.split('"')[1] for t in trees if t.literal.lstrip("~").startswith("compliant(")}
    out = {}
    for conv in load_paths([f for f in files if PurePath(f).suffix.lower() in TRANSCRIPT_SUFFIXES]):
        if any(c.id in wanted for c in conv.candidates):
            for s in sensitivity(rulebase, conv, audit_conversation(rulebase, conv, options), options):
                if s.reply in wanted:
                    out[s.reply] = s
    return out


def _tree_command(name: str):
    """The arguments and options `why` and `why-not` share."""

    def decorate(func):
        for option in reversed([
            click.command(name=name),
            click.argument("literal"),
            click.argument("files", nargs=-1),
            solver_options,
            format_option("text", "json", "mermaid"),
            click.option("--depth", type=click.IntRange(1, FULL_DEPTH), default=None,
                         help="Expand premises this many levels deep (text default: the short form, "
                              "one level, each line once; json and mermaid default: 40)."),
            click.option("--full", is_flag=True, help="The whole tree, every premise down to facts."),
            theory_inputs,
            guarded,
        ]):
            func = option(func)
        return func

    return decorate


@_tree_command("why")
@click.option("--sensitivity", "sensitive", is_flag=True,
              help="On a verdict (compliant/~compliant of a reply): the annotation changes that would flip it.")
def why(literal, files, options, fmt, depth, full, inputs, sensitive):
    """Proof tree for LITERAL: the rule instance that fired, its premises (and transcript
    messages), and every attacker with how it was beaten. By default only what decided
    it; --depth N or --full go down through the premises to facts."""
    _explain(literal, files, options, fmt, False, inputs, depth, full, sensitive)


@_tree_command("why-not")
def why_not(literal, files, options, fmt, depth, full, inputs):
    """Why LITERAL is not concluded: each supporter and what stopped it (missing
    premise, defeated by which rule, blocked by an unsettled conflict, contradicted).
    By default one level deep; --depth N or --full for the whole tree."""
    _explain(literal, files, options, fmt, True, inputs, depth, full)


@click.command()
@click.argument("files", nargs=-1)
@click.option("--static", "static", is_flag=True,
              help="Lint the rules: conflicts that no superiority clause settles (no solving).")
@solver_options
@format_option("text", "json", "mermaid")
@theory_inputs
@guarded
def conflicts(files, static, options, fmt, inputs):
    """Every pair of conflicting applicable rule instances and how it was resolved."""
    if static:
        program = load_program(files, inputs)
        diags = explain.static_conflicts(program)
        if fmt == "json":
            dump_json({"version": 1, "static": True, "conflicts": [d.to_json() for d in diags]})
        else:
            for d in diags:
                click.echo(d.render(program.sources))
            click.echo(f"{len(diags)} unresolved conflict{'s' if len(diags) != 1 else ''}", err=True)
        return
    sol = Theory(load_program(files, inputs)).solve(options)
    found = explain.conflicts(sol)
    if fmt == "json":
        dump_json({"version": 1, "conflicts": [c.to_json() for c in found]})
    elif fmt == "mermaid":
        click.echo(conflicts_mermaid(found))
    else:
        for c in found:
            _say(f"{c.literal} ({c.literal_tag})  vs  {c.opposite} ({c.opposite_tag})")
            _say(f"  {rule_line(c.first)}")
            _say(f"  {rule_line(c.second)}")
            if c.resolution == "unresolved":
                click.echo("  unresolved: no superiority relates them")
            else:
                s = c.superiority
                _say(f"  {c.winner} wins: {s.clause}  [{s.file}:{s.line}]"
                           + (f"  holds by {', '.join(s.premises)}" if s.premises else ""))
        unresolved = sum(1 for c in found if c.resolution == "unresolved")
        click.echo(f"{len(found)} conflicts, {unresolved} unresolved", err=True)
