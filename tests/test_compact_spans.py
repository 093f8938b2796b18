"""Compact spans (engine/parse/fast_lines.py): a file of COMPACT_SPANS_LINES lines or more
gives each statement's nodes the statement's span. Nothing a user sees may change: the
diagnostics of `check` are those of a full parse (analysis reads the file again before
it reports), and the conclusions are those of a full parse."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.analysis import check
from engine.cli.check_cmd import run_check
from engine.parse import fast_dl, parse_dl
from engine.parse.api import with_full_spans
from engine.parse.fast_lines import is_compact
from engine.theory import Theory

FIXTURES = Path(__file__).parent / "fixtures" / "errors"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".dl")

_spec = importlib.util.spec_from_file_location("bench_theories", Path(__file__).resolve().parents[1] / "bench" / "theories.py")
theories = importlib.util.module_from_spec(_spec)
sys.modules["bench_theories"] = theories
_spec.loader.exec_module(theories)


@pytest.fixture
def compact_always(monkeypatch):
    monkeypatch.setattr(fast_dl, "COMPACT_SPANS_LINES", 0)


def _rendered(files):
    diagnostics, sources = run_check([str(f) for f in files])
    return [(d.code, str(d.span), d.render(sources)) for d in diagnostics]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_check_reports_what_a_full_parse_reports(path: Path, monkeypatch):
    expected = _rendered([path])
    monkeypatch.setattr(fast_dl, "COMPACT_SPANS_LINES", 0)
    assert _rendered([path]) == expected


def test_compact_nodes_share_the_statement_span(compact_always):
    text = "r1: p(a, X) := q(X), ~s(1).\nr2 > r1.\nt.\n"
    program = parse_dl(text, "c.dl")
    assert all(is_compact(st) for st in program.statements)
    rule = program.statements[0]
    nodes = [rule.label, rule.head, *rule.head.args, *rule.body, *rule.body[0].args]
    assert all(n.span is rule.span for n in nodes)
    assert str(rule.span) == "c.dl:1:1" and rule.span.end_column == 28
    full = with_full_spans(program)
    assert not any(is_compact(st) for st in full.statements)
    assert full.statements == program.statements  # equal apart from spans
    assert full.statements[0].body[1].span.column == 22  # ~s(1)


def test_a_full_parse_is_not_compact():
    program = parse_dl("r1: p := q.\nq.\n", "f.dl")
    assert not any(is_compact(st) for st in program.statements)
    assert with_full_spans(program) is program


_lit = st.sampled_from(["a", "b(1)", "~a", "c(x, 2)", "b(X)", "~c(X, y)"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _lit, st.sampled_from([":-", ":=", ":^"]),
                          st.lists(_lit, max_size=3)), min_size=1, max_size=8))
def test_diagnostics_agree_on_generated_theories(rules):
    lines = []
    for i, (labelled, head, arrow, body) in enumerate(rules):
        prefix = f"r{i}: " if labelled else ""
        lines.append(f"{prefix}{head}." if not body else f"{prefix}{head} {arrow} {', '.join(body)}.")
    text = "\n".join(lines) + "\n"
    full = check(parse_dl(text, "g.dl"))
    old = fast_dl.COMPACT_SPANS_LINES
    fast_dl.COMPACT_SPANS_LINES = 0
    try:
        compact_program = parse_dl(text, "g.dl")
        compact = check(compact_program)
    finally:
        fast_dl.COMPACT_SPANS_LINES = old
    assert all(is_compact(s) for s in compact_program.statements)
    assert [(d.code, str(d.span), d.message, d.span.end_column) for d in compact] == \
        [(d.code, str(d.span), d.message, d.span.end_column) for d in full]


@pytest.mark.parametrize("family,args", [("chain", (30,)), ("levels", (6,)), ("teams", (2,)), ("dag", (5, 3)),
                                         ("tree", (3, 3)), ("circle", (9,))])
def test_conclusions_agree(family, args, monkeypatch):
    text = getattr(theories, family)(*args).dump("dl")
    expected = [c.to_json() for c in Theory.from_string(text, "t.dl").solve().conclusions()]
    monkeypatch.setattr(fast_dl, "COMPACT_SPANS_LINES", 0)
    assert all(is_compact(s) for s in parse_dl(text, "t.dl").statements)
    assert [c.to_json() for c in Theory.from_string(text, "t.dl").solve().conclusions()] == expected


def test_a_large_file_is_compact_and_reports_the_node(tmp_path):
    n = fast_dl.COMPACT_SPANS_LINES
    path = tmp_path / "big.dl"
    path.write_text("a0.\n" + "".join(f"r{i}: a{i} := a{i - 1}.\n" for i in range(1, n)) + "r1: b(1) := b.\n")
    program = parse_dl(path.read_text(), str(path))
    assert is_compact(program.statements[1])
    diagnostics, _ = run_check([str(path)])
    # the second r1 is a duplicate label and b/0 vs b/1 an arity mismatch: both at their node
    assert [(d.code, d.span.line, d.span.column) for d in diagnostics if d.severity == "error"] == \
        [("duplicate_label", n + 1, 1), ("arity_mismatch", n + 1, 13)]


def test_compact_propositional_atoms_are_shared_and_the_full_parse_restores_them(compact_always):
    text = "r1: a := b, ~c.\nr2: b := a.\nc.\nr3: ~c :- true.\n"
    program = parse_dl(text, "s.dl")
    r1, r2, fact, r3 = program.statements
    assert r2.head is r1.body[0] and r2.body[0] is r1.head and fact.head is not r1.body[1]
    assert all(is_compact(s) for s in program.statements)
    full = with_full_spans(program)
    assert full.statements == program.statements
    assert not any(is_compact(s) for s in full.statements)
    r1, r2 = full.statements[:2]
    assert r2.head is not r1.body[0]
    assert [(a.span.line, a.span.column, a.span.end_column) for a in (r1.head, *r1.body, r2.head)] == \
        [(1, 5, 6), (1, 10, 11), (1, 13, 15), (2, 5, 6)]
    assert full.statements[3].body == () and full.statements[3].kind == "strict"


def test_a_rule_and_a_strict_rule_on_one_shared_head_stay_two_clauses(compact_always):
    # the layers tell clauses apart by identity; with shared atoms the head is no witness
    text = "q(1).\nr1: a :- b.\nr2: a := c.\nc.\nr3: p(X) := q(X), a.\nr4: x :- y.\nr5: z :- q(1), c.\n"
    assert Theory.from_string(text, "h.dl").solve().lookup("p(1)").defeasible == "+d"
