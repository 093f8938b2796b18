"""speclogic: an assistant's behaviour spec as defeasible logic you can query, audit and extend.

The public Python API (docs/api.md); the implementation lives in `engine`.

    import speclogic
    sol = speclogic.load(text="bird(tweety). r1: flies(X) := bird(X).").solve()
    sol.lookup("flies(tweety)").defeasible        # '+d'
    result = speclogic.audit("examples/")         # an AuditResult of typed records
"""
from __future__ import annotations

from pathlib import Path

from engine.errors import Diagnostic, Span, SpeclogicError
from engine.modelspec.results import AuditResult, ConversationResult, Decision, Instruction, Reply, RuleRef, Summary, Violation
from engine.modelspec.rulebase import DEFAULT_PROFILE, Rulebase, available_profiles, load_rulebase
from engine.solve import Options
from engine.theory import Conclusion, Solution, Theory

__all__ = [
    "AuditResult", "Conclusion", "ConversationResult", "DEFAULT_PROFILE", "Decision", "Diagnostic",
    "Instruction", "Options", "Reply", "RuleRef", "Rulebase", "Solution", "Span", "SpeclogicError", "Summary",
    "Theory", "Violation", "audit", "available_profiles", "load", "load_rulebase", "rules_path",
]


def load(*paths, text: str | None = None, modelspec: bool = False, rules=None, profile: str = DEFAULT_PROFILE,
         check: bool = True, lint: bool = False) -> Theory:
    """A Theory from rule files, directories of them and transcripts (which become facts),
    plus rule `text`, plus a rulebase: the shipped one with `modelspec=True`, or the one in
    directory `rules`. A directory is read as the command line reads it (docs/api.md).
    Bad input raises SpeclogicError with every file's diagnostics."""
    from engine.parse import parse_text
    from engine.sources import expand_paths, load_program

    files = expand_paths([str(p) for p in paths], profile)
    program = load_program(files, modelspec or rules is not None, profile, None if rules is None else str(rules))
    if text is not None:
        program.extend(parse_text(text, "<string>"))
    return Theory(program, check=check, lint=lint)


def audit(*paths, rules=None, profile: str = DEFAULT_PROFILE, options: Options | None = None,
          sensitivity: bool = False, **solver) -> AuditResult:
    """Audit the conversations in `paths` (files, directories; "-" is stdin) against a
    rulebase: `rules` is a Rulebase, a directory, or None for the shipped Model Spec.
    Solver switches (policy="propagating", team_defeat=False, well_founded=True) go to
    Options. A bad transcript lands in `.errors`; the others are still audited."""
    from engine.modelspec.audit import audit_paths

    rulebase = rules if isinstance(rules, Rulebase) else load_rulebase(rules, profile)
    report = audit_paths(list(paths), rulebase, options or Options(**solver), sensitive=sensitivity)
    return AuditResult.of(report)


def rules_path() -> Path:
    """Where the shipped rulebase is on this machine (`speclogic --rules-path`)."""
    from engine.resources import rules_dir

    return rules_dir()
