"""What a theory is read from: rule files, rule directories, transcripts, the rulebase.

Shared by the theory commands (`solve`, `query`, `why`, `why-not`, `conflicts`,
`check`) and `speclogic.load`, so a directory means the same everywhere:

- a rulebase directory (one with a `profiles/` folder, like the shipped `rules/`)
  gives what `--rules DIR` loads: its `*.dl`, its chapters' `*/*.dl` and
  `profiles/<profile>.dl`;
- any other directory gives every `.dl` and `.dfl` file below it, sorted, hidden
  ones skipped. Transcripts are named one by one (a directory of notes is not a
  conversation).
"""
from __future__ import annotations

from pathlib import Path, PurePath

from engine import ast
from engine.errors import SpeclogicError
from engine.parse import load_files

TRANSCRIPT_SUFFIXES = {".md", ".xml", ".json", ".jsonl"}
RULE_SUFFIXES = (".dl", ".dfl")


def expand_paths(paths, profile: str) -> list[str]:
    """Every path as given, each directory replaced by its rule files (see the module)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-" or not path.is_dir():
            out.append(str(raw))
        elif (path / "profiles").is_dir():
            # imported here: the rulebase pulls in the audit, which a plain theory never needs
            from engine.modelspec.rulebase import rulebase_files

            out.extend(str(p) for p in rulebase_files(path, profile))
        else:
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in RULE_SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return out


def is_transcript(path: str) -> bool:
    return PurePath(path).suffix.lower() in TRANSCRIPT_SUFFIXES


def load_program(files, modelspec: bool = False, profile: str = "2025", rules_dir=None) -> ast.Program:
    """One Program from rule files and transcripts (as facts), with the rulebase in
    `rules_dir` (or the shipped one) when `modelspec`. Every bad file is reported in
    one SpeclogicError, not just the first."""
    rule_files = [f for f in files if not is_transcript(f)]
    transcripts = [f for f in files if is_transcript(f)]
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
    if errors:
        raise SpeclogicError([d for e in errors for d in e.diagnostics],
                             {k: v for e in errors for k, v in e.sources.items()})
    return program
