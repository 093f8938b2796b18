"""Every fixture in tests/fixtures/eval_errors passes `check` and fails when solved with
the coded error its `% EXPECT-EVAL-ERROR: <code> <line>:<column>` line states (small
limits, so runaways stop fast)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.errors import SpeclogicError
from engine.ground.limits import Limits
from engine.solve import Options
from engine.theory import Theory

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "eval_errors").glob("*.dl"))
EXPECT = re.compile(r"^% EXPECT-EVAL-ERROR: (\w+) (\d+):(\d+)\s*$", re.M)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_eval_error_fixture(path):
    code, line, column = EXPECT.search(path.read_text()).groups()
    theory = Theory.from_files([str(path)])
    with pytest.raises(SpeclogicError) as info:
        theory.solve(Options(limits=Limits(max_facts=10_000, max_steps=1_000_000)))
    assert (info.value.code, info.value.span.line, info.value.span.column) == (code, int(line), int(column))

