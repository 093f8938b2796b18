"""What a theory command reads: rule files, transcripts, and optionally the shipped rulebase.

FILES may mix rule files (.dl, .dfl, pipes) and transcripts (.md, .xml, .json,
.jsonl), which become facts; `--modelspec` adds the shipped Model Spec rulebase
(with `--profile`), so `speclogic why 'follow("tutor.m0")' --modelspec
examples/chain_of_command.md` explains a verdict in one command.
"""
from __future__ import annotations

import functools
from pathlib import PurePath

import click

from engine import ast
from engine.errors import SpeclogicError
from engine.parse import load_files

TRANSCRIPT_SUFFIXES = {".md", ".xml", ".json", ".jsonl"}


def theory_inputs(func):
    @click.option("--modelspec", is_flag=True, help="Add the shipped Model Spec rulebase to FILES.")
    @click.option("--rules", "rules_dir", default=None, metavar="DIR",
                  help="Add the rulebase in DIR (*.dl + profiles/<profile>.dl) instead of the shipped one.")
    @click.option("--profile", default="2025", show_default=True, metavar="2024|2025",
                  help="Authority profile of the rulebase (with --modelspec or --rules).")
    @functools.wraps(func)
    def wrapper(*args, modelspec, rules_dir, profile, **kwargs):
        return func(*args, inputs=(modelspec or rules_dir is not None, profile, rules_dir), **kwargs)

    return wrapper


def load_program(files, inputs) -> ast.Program:
    modelspec, profile, rules_dir = inputs
    rule_files = [f for f in files if PurePath(f).suffix.lower() not in TRANSCRIPT_SUFFIXES]
    transcripts = [f for f in files if PurePath(f).suffix.lower() in TRANSCRIPT_SUFFIXES]
    program = ast.Program()
    errors: list[SpeclogicError] = []
    rulebase = None
    if modelspec:
        from engine.modelspec import load_rulebase

        rulebase = load_rulebase(rules_dir, profile)
        program.extend(rulebase.fresh_program())
    if rule_files:
        try:
            program.extend(load_files(rule_files))
        except SpeclogicError as exc:
            errors.append(exc)
    if transcripts:
        from engine.transcripts import load_paths_report
        from engine.transcripts.facts import conversation_facts

        conversations, bad = load_paths_report(transcripts)
        errors.extend(bad)
        for conv in conversations:
            if rulebase is not None:  # as in the audit: evidence only, never the rulebase's own words
                from engine.modelspec.admission import inadmissible

                problems = inadmissible(conv, rulebase)
                if problems:
                    errors.append(SpeclogicError(problems))
                    continue
            program.statements.extend(conversation_facts(conv, blind=rulebase is not None))
    if errors:  # every bad file is reported, not just the first
        raise SpeclogicError([d for e in errors for d in e.diagnostics],
                             {k: v for e in errors for k, v in e.sources.items()})
    return program
