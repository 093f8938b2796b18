"""Loading a rulebase once: rules/*.dl plus one authority profile.

The shipped rulebase is found through engine.resources.rules_dir(), so it works
from a checkout and from a wheel. File names in diagnostics and proofs are paths a
reader can open: a directory given by the user as it was given (`my_rules/defaults.dl`),
the shipped one relative to the working directory when it lies below it (a checkout:
`rules/defaults.dl`), else absolute (an installed wheel: `.../engine/_data/rules/...`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from engine import ast
from engine.errors import FILE_NOT_FOUND, Diagnostic, Span, SpeclogicError
from engine.ground.plans import PlanCache
from engine.parse import parse_text
from engine.parse.api import read_source
from engine.resources import rules_dir
from engine.vocab import Vocabulary, vocabulary_of

DEFAULT_PROFILE = "2025"
UNKNOWN_PROFILE = "unknown_profile"
NO_RULES = "no_rules"


@dataclass
class Rulebase:
    program: ast.Program
    directory: str   # as shown in reports
    profile: str
    files: list[str]
    warnings: list[Diagnostic]
    # join plans shared by every batch grounded with this rulebase (engine.ground.plans)
    plans: PlanCache = field(default_factory=PlanCache, compare=False, repr=False)

    @cached_property
    def derived(self) -> frozenset[str]:
        """Predicates the rulebase concludes or states itself (its rules, and the profile's
        facts such as rank/2): an annotation may not state them. `#input` predicates that
        only transcripts supply (asks, about, does ...) stay open to annotations."""
        return frozenset(r.head.pred for r in self.program.rules)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return vocabulary_of(self.program)

    def fresh_program(self) -> ast.Program:
        """A Program holding the rulebase's statements; the caller appends facts to it."""
        return ast.Program(statements=list(self.program.statements), sources=dict(self.program.sources),
                           plans=self.plans)


def available_profiles(directory: str | Path | None = None) -> list[str]:
    base = Path(directory) if directory is not None else rules_dir()
    return sorted(p.stem for p in (base / "profiles").glob("*.dl"))


def _display_dir(given: str | None) -> str:
    if given is not None:
        return str(given).rstrip("/") or "/"
    return shipped_rules_path()


def shipped_rules_path() -> str:
    """The shipped rulebase directory as this machine can open it (`speclogic --rules-path`)."""
    base = rules_dir()
    try:
        return base.relative_to(Path.cwd().resolve()).as_posix() or "."
    except (ValueError, OSError):  # not below the working directory, or that directory is gone
        return base.as_posix()


def rulebase_files(directory: str | Path | None = None, profile: str = DEFAULT_PROFILE) -> list[Path]:
    """The files a rulebase directory holds, in load order: *.dl, one folder level of
    chapters (*/*.dl, profiles/ excepted), then profiles/<profile>.dl. Bad input raises
    SpeclogicError (file_not_found, no_rules, unknown_profile)."""
    given = None if directory is None else str(directory)
    base = Path(shipped_rules_path()) if directory is None else Path(directory)
    shown = _display_dir(given)
    where = Span(given or shown, 1, 1)
    if not base.is_dir():
        raise SpeclogicError(Diagnostic(FILE_NOT_FOUND, f"rules directory {given} does not exist", where))
    rule_files = sorted(base.glob("*.dl")) + sorted(p for p in base.glob("*/*.dl") if p.parent.name != "profiles")
    if not rule_files:
        raise SpeclogicError(Diagnostic(NO_RULES, f"no .dl rule files in {shown}", where))
    profiles = available_profiles(base)
    if profiles and profile not in profiles:
        raise SpeclogicError(Diagnostic(
            UNKNOWN_PROFILE, f"unknown profile {profile!r}; {shown}/profiles has: {', '.join(profiles)}",
            Span("<command line>", 1, 1)))
    return list(rule_files) + ([base / "profiles" / f"{profile}.dl"] if profiles else [])


def load_rulebase(directory: str | Path | None = None, profile: str = DEFAULT_PROFILE,
                  check: bool = True) -> Rulebase:
    """Parse and check the rulebase in `directory` (default: the shipped one) with `profile`.
    Bad input raises SpeclogicError (file_not_found, no_rules, unknown_profile, or the
    parser's and static analysis' codes)."""
    given = None if directory is None else str(directory)
    base = Path(shipped_rules_path()) if directory is None else Path(directory)
    shown = _display_dir(given)
    files = rulebase_files(directory, profile)
    profiles = available_profiles(base)
    program = ast.Program()
    names = []
    for path in files:
        name = f"{shown}/{path.relative_to(base).as_posix()}"
        names.append(name)
        program.extend(parse_text(read_source(str(path)), name))
    warnings: list[Diagnostic] = []
    if check:
        warnings = _check(program)
    return Rulebase(program, shown, profile if profiles else "", names, warnings)


def _check(program: ast.Program) -> list[Diagnostic]:
    """Static errors in the rulebase stop the audit; warnings are kept for the caller."""
    from engine.analysis import check, errors_only

    diagnostics = check(program)
    errors = errors_only(diagnostics)
    if errors:
        raise SpeclogicError(errors, dict(program.sources))
    return [d for d in diagnostics if d not in errors]
