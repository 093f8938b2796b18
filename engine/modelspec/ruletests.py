"""Rule tests, run like `opa test`: files that state their own expected verdicts.

- `.dl`/`.dfl` theories with `% EXPECT:` lines (engine/expectations.py); a line
  `% RULEBASE: 2025` (or 2024) first loads the rulebase with that profile, so a
  test can pose facts to the Model Spec rules directly. One file is one test.
- transcripts (.md .xml .json .jsonl ...): every conversation is one test; its
  GOOD/OK candidates must be judged compliant and its BAD ones violating (a
  labelled candidate left unjudged fails). Transcripts under a directory named
  `profile_2024` (or `profile_<name>`) are judged with that profile.
- `-` is standard input: a theory test when it has an `% EXPECT:` line (what every
  theory test needs), else a transcript.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import Diagnostic, Span, SpeclogicError
from engine.expectations import check_expectations, parse_expectations
from engine.modelspec.admission import inadmissible
from engine.modelspec.audit import EMPTY, audit_conversation
from engine.modelspec.files import transcript_files
from engine.modelspec.rulebase import load_rulebase
from engine.parse import parse_text
from engine.parse.api import read_source
from engine.theory import Theory
from engine.transcripts.loader import load_file, load_text

NO_EXPECTATIONS = "no_expectations"
_RULEBASE = re.compile(r"^\s*%\s*RULEBASE:\s*(\S+)\s*$", re.M)
_PROFILE_DIR = re.compile(r"^profile_(\w+)$")
_EXPECT = re.compile(r"^\s*%\s*EXPECT:", re.M)
STDIN = "<stdin>"


@dataclass
class TestResult:
    name: str
    passed: bool
    details: list[str] = field(default_factory=list)


@dataclass
class TestRun:
    results: list[TestResult] = field(default_factory=list)
    errors: list[SpeclogicError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.passed)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed)


class RulebaseCache:
    """Each (directory, profile) rulebase is parsed and checked once per run."""

    def __init__(self, directory, default_profile: str):
        self.directory, self.default_profile = directory, default_profile
        self._cache: dict[str, object] = {}

    def get(self, profile: str | None = None):
        profile = profile or self.default_profile
        if profile not in self._cache:
            self._cache[profile] = load_rulebase(self.directory, profile)
        return self._cache[profile]


def run_tests(paths, rules: RulebaseCache, options=None, select=None) -> TestRun:
    run = TestRun()
    for item in iter_tests(paths, rules, options, select):
        (run.errors if isinstance(item, SpeclogicError) else run.results).append(item)
    return run


def iter_tests(paths, rules: RulebaseCache, options=None, select=None):
    """Each TestResult as it is decided, and each bad input as a SpeclogicError, in file
    order. `select(name)`: run only the tests whose name it accepts (`test -k`); a
    transcript's conversations are filtered before they are solved."""
    select = select or (lambda name: True)
    files, missing = transcript_files(paths, extra_suffixes=(".dl", ".dfl"))
    yield from missing
    named = {str(p) for p in paths}
    for path in files:
        try:
            if str(path) == "-":
                yield from _stdin_tests(sys.stdin.read(), rules, options, select)
            elif path.suffix.lower() in (".dl", ".dfl"):
                if select(str(path)):
                    yield _theory_test(str(path), read_source(str(path)), rules)
            else:
                yield from _transcript_tests(path, load_file(path), rules, options, select)
        except SpeclogicError as exc:
            if exc.code == EMPTY and str(path) not in named:
                continue  # a README met while walking a directory, as in `audit`
            yield exc


def _stdin_tests(text: str, rules, options, select):
    if _EXPECT.search(text):
        if select(STDIN):
            yield _theory_test(STDIN, text, rules)
    else:
        yield from _transcript_tests(Path(STDIN), load_text(text, STDIN), rules, options, select)


def _theory_test(name: str, text: str, rules: RulebaseCache) -> TestResult:
    groups = parse_expectations(text, name)
    if not groups:
        raise SpeclogicError(Diagnostic(NO_EXPECTATIONS, "no `% EXPECT:` line in this test file", Span(name, 1, 1)))
    program = parse_text(text, name)
    m = _RULEBASE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        try:
            base = rules.get(m.group(1))
        except SpeclogicError as exc:
            raise SpeclogicError(Diagnostic(exc.code, exc.diagnostics[0].message, Span(name, line, 1)),
                                 {name: text}) from None
        combined = base.fresh_program()
        combined.extend(program)
        program = combined
    theory = Theory(program)
    details = [f"line {o.expectation.line}: expected {o.expectation}, got {o.actual}"
               for o in check_expectations(theory, groups) if not o.ok]
    return TestResult(name, not details, details)


def _profile_of(path: Path) -> str | None:
    for part in reversed(path.parts[:-1]):
        m = _PROFILE_DIR.match(part)
        if m:
            return m.group(1)
    return None


def _transcript_tests(path: Path, convs, rules: RulebaseCache, options, select):
    rulebase = rules.get(_profile_of(path))
    convs = [c for c in convs if select(f"{path}::{c.id}")]
    forged = [d for conv in convs for d in inadmissible(conv, rulebase)]
    if forged:
        raise SpeclogicError(forged)
    for conv in convs:
        audit = audit_conversation(rulebase, conv, options)
        details = []
        for cand in audit.candidates:
            if cand["expected"] is None:
                continue
            if cand["verdict"] != cand["expected"]:
                why = f" ({cand['reason']})" if cand.get("reason") else ""
                broken = ", ".join(v["principle"] for v in cand["violations"])
                details.append(f"{cand['id']} ({cand['label'].upper()}): expected {cand['expected']}, "
                               f"got {cand['verdict']}{why}" + (f"; violates {broken}" if broken else ""))
        yield TestResult(f"{path}::{conv.id}", not details, details)


__all__ = ["RulebaseCache", "TestResult", "TestRun", "iter_tests", "run_tests"]
