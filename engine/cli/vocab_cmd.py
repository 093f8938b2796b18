"""`speclogic vocab`: the annotation vocabulary of the loaded rulebase."""
from __future__ import annotations

import click

from engine.cli.common import dump_json, guarded
from engine.modelspec import DEFAULT_PROFILE, load_rulebase
from engine.vocab.render import vocab_markdown, vocab_text
from engine.vocab.report import vocab_report


@click.command()
@click.option("--modelspec", is_flag=True, help="The shipped Model Spec rulebase (the default).")
@click.option("--rules", "rules_dir", default=None, metavar="DIR",
              help="Rulebase directory (*.dl and profiles/*.dl); default: the shipped Model Spec rulebase.")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, metavar="2024|2025")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="md: the document docs/annotating.md is generated from.")
@guarded
def vocab(modelspec, rules_dir, profile, fmt):
    """Print every annotation term the rulebase declares: its slots, gloss, example, allowed
    values, the rule labels that read it; and each principle's section, level and rules."""
    report = vocab_report(load_rulebase(rules_dir, profile))
    if fmt == "json":
        dump_json(report.to_json())
    elif fmt == "md":
        click.echo(vocab_markdown(report), nl=False)
    else:
        click.echo(vocab_text(report), nl=False)
