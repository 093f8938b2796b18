"""`% EXPECT:` lines: conclusions a theory file states about itself.

    % EXPECT: +d flies(tweety)
    % EXPECT: -d pacifist(nixon) (ambiguous)
    % OPTIONS: --policy propagating --no-team-defeat --well-founded
    % EXPECT: -d pacifist(nixon) (refuted)

Tags: +D -D +d -d undecided (undecided on the defeasible level). Expectations
after an OPTIONS line are checked under those options; before any, under the
defaults. Used by the test suite and by `speclogic test`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from engine import ast
from engine.errors import SYNTAX_ERROR, Diagnostic, Span, SpeclogicError
from engine.solve import Options

_EXPECT = re.compile(r"^\s*%\s*EXPECT:\s*(\+D|-D|\+d|-d|undecided)\s+(.+?)\s*(?:\((refuted|ambiguous)\))?\s*$")
_OPTIONS = re.compile(r"^\s*%\s*OPTIONS:(.*)$")
_FLAGS = {"--no-team-defeat", "--well-founded"}


@dataclass(frozen=True)
class Expectation:
    tag: str
    literal: str
    failure: str | None
    line: int

    def __str__(self) -> str:
        return f"{self.tag} {self.literal}" + (f" ({self.failure})" if self.failure else "")


@dataclass(frozen=True)
class Outcome:
    expectation: Expectation
    options: Options
    actual: str
    ok: bool


def parse_options(text: str, filename: str, line: int) -> Options:
    words = text.split()
    policy, team, wf = "blocking", True, False
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--policy" and i + 1 < len(words) and words[i + 1] in ("blocking", "propagating"):
            policy = words[i + 1]
            i += 2
            continue
        if w.startswith("--policy=") and w.split("=", 1)[1] in ("blocking", "propagating"):
            policy = w.split("=", 1)[1]
        elif w == "--no-team-defeat":
            team = False
        elif w == "--well-founded":
            wf = True
        else:
            raise SpeclogicError(Diagnostic(SYNTAX_ERROR, f"unknown option in OPTIONS line: {w}", Span(filename, line, 1)))
        i += 1
    return Options(policy=policy, team_defeat=team, well_founded=wf)


def parse_expectations(text: str, filename: str = "<string>") -> list[tuple[Options, list[Expectation]]]:
    groups: list[tuple[Options, list[Expectation]]] = [(Options(), [])]
    for n, line in enumerate(text.splitlines(), start=1):
        m = _OPTIONS.match(line)
        if m:
            groups.append((parse_options(m.group(1), filename, n), []))
            continue
        if re.match(r"^\s*%\s*EXPECT:", line):
            m = _EXPECT.match(line)
            if not m:
                raise SpeclogicError(
                    Diagnostic(SYNTAX_ERROR, "EXPECT line must read "
                               "`% EXPECT: <+D|-D|+d|-d|undecided> <literal> [(refuted|ambiguous)]`", Span(filename, n, 1)),
                    {filename: text},
                )
            _check_literal(m.group(2), filename, n, m.start(2) + 1, text)
            groups[-1][1].append(Expectation(m.group(1), m.group(2), m.group(3), n))
    return [(opts, exps) for opts, exps in groups if exps]


def _check_literal(literal: str, filename: str, line: int, column: int, text: str) -> None:
    """An EXPECT literal must be ground and well-formed; errors point into the file."""
    from engine.parse import parse_literal

    try:
        atom = parse_literal(literal)
    except SpeclogicError as exc:
        d = exc.diagnostics[0]
        col = column + (d.span.column - 1 if d.span else 0)
        raise SpeclogicError(Diagnostic(SYNTAX_ERROR, f"bad literal in EXPECT: {d.message}", Span(filename, line, col)),
                             {filename: text}) from None
    for t in atom.args:
        if ast.term_vars(t):
            col = column + (t.span.column - 1 if t.span else 0)
            raise SpeclogicError(Diagnostic(SYNTAX_ERROR, f"EXPECT needs a ground literal; {t} is a variable",
                                            Span(filename, line, col)), {filename: text})


def check_expectations(theory, groups) -> list[Outcome]:
    """Solve `theory` once per option set and compare."""
    out = []
    for options, expectations in groups:
        sol = theory.solve(options)
        for e in expectations:
            c = sol.lookup(e.literal)
            if e.tag in ("+D", "-D"):
                actual, ok = c.definite, c.definite == e.tag
            else:
                actual = c.defeasible + (f" ({c.failure})" if c.failure else "")
                ok = c.defeasible == e.tag and (e.failure is None or e.failure == c.failure)
            out.append(Outcome(e, options, actual, ok))
    return out
