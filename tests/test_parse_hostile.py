"""Rule text is data. Python source anywhere in a theory either comes through as a
constant, unchanged, or is a syntax error; it is never run."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.errors import SpeclogicError
from engine.parse import load_files, parse_literal, parse_text

MARKER = "/tmp/pwned_xyz"
PAYLOAD = "__import__('os').system('touch /tmp/pwned_xyz')"


@pytest.fixture(autouse=True)
def no_marker():
    if os.path.exists(MARKER):
        pytest.skip(f"{MARKER} exists before the test; remove it to run this test")
    yield
    assert not os.path.exists(MARKER), "theory text was executed"


def test_payload_in_strings_and_comments_is_data():
    text = (
        f"% {PAYLOAD}\n"
        f'said(bob, "{PAYLOAD}").  % {PAYLOAD}\n'
        f'r1: quoted(X) := said(X, "eval(compile(\\"1\\", \\"f\\", \\"exec\\"))").\n'
    )
    program = parse_text(text, "hostile.dl")
    terms = [a for r in program.rules for a in r.head.args + tuple(x for i in r.body for x in i.args)]
    values = [t.value for t in terms if hasattr(t, "value")]
    assert PAYLOAD in values
    assert 'eval(compile("1", "f", "exec"))' in values


@pytest.mark.parametrize(
    "text",
    [
        f"{PAYLOAD}.",  # as a predicate name: `__import__` reads as a variable, not a name
        f"{PAYLOAD}: p :- q.",  # as a label
        f"p :- {PAYLOAD}.",  # python after :-
        "p :- q. exec('import os; os.system(\"touch /tmp/pwned_xyz\")').",
        "p(X) :- q(X), X = __import__('os').",
        "import_os_system :- `touch /tmp/pwned_xyz`.",
    ],
)
def test_payload_as_code_is_a_syntax_error(text):
    with pytest.raises(SpeclogicError) as info:
        parse_text(text, "hostile.dl")
    assert info.value.code == "syntax_error"


def test_payload_named_predicates_where_legal_are_just_names():
    program = parse_text("import_os_system(touch_tmp). eval :- exec. exec.", "names.dl")
    assert [r.head.pred for r in program.rules] == ["import_os_system", "eval", "exec"]


def test_payload_in_dfl_and_queries():
    program = parse_text(f'>> said("{PAYLOAD}")\n# {PAYLOAD}\n', "h.dfl")
    assert program.rules[0].head.args[0].value == PAYLOAD
    with pytest.raises(SpeclogicError):
        parse_text(f"r1: {PAYLOAD} => p\n", "h.dfl")
    with pytest.raises(SpeclogicError) as info:
        parse_literal(PAYLOAD)
    assert info.value.code == "bad_query"
    assert parse_literal(f'said("{PAYLOAD}")').args[0].value == PAYLOAD


def test_payload_through_the_cli(tmp_path: Path):
    good = tmp_path / "good.dl"
    good.write_text(f'said("{PAYLOAD}").\n% {PAYLOAD}\n', encoding="utf-8")
    bad = tmp_path / "bad.dl"
    bad.write_text(f"p :- {PAYLOAD}.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(good), str(bad)])
    assert result.exit_code == 2
    assert "syntax_error" in result.output
    assert load_files([str(good)]).rules[0].head.args[0].value == PAYLOAD
    fmt = CliRunner().invoke(main, ["fmt", str(good)])
    assert PAYLOAD in fmt.output
