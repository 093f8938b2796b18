"""Analysis behaviours the mutation run (docs/testing.md) found untested."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.analysis import check, sort_diagnostics
from engine.errors import Diagnostic, Span
from engine.parse import parse_dl
from engine.theory import Theory


def _never_fires(text: str) -> list[int]:
    """Lines of the rules `check` says can never fire."""
    return sorted(d.span.line for d in check(parse_dl(text, "t.dl")) if d.code == "rule_never_fires")


@pytest.mark.parametrize("cmp,fires", [
    ("2 + 3 = 5", True), ("2 + 3 = 6", False), ("2 + 3 > 6", False),
    ("7 - 3 = 4", True), ("7 - 3 = 10", False), ("3 - 7 < 0", True),
    ("2 * 3 = 6", True), ("2 * 3 = 5", False), ("2 * 3 = 2 + 3", False),
    ("-(2) = -2", True), ("-(2) = 2", False), ("-(2 * 3) < -5", True),
    ("2.5 * 2 = 5", True), ("2.5 * 2 = 6", False), ("1 + a = 2", True),  # a string: left to the solver
    ("-(a) = 1", True), ("-(6 / 3) = 1", True),      # the negation of a string, of an unknown
    ("1 < a", True), ("a > 1", True),                # a number against a string: left to the solver
    ("6 / 3 = 5", True),                              # division: left to the solver
    ("9999999999 * 9999999999 * 9999999999 < 0", False),
])
def test_constant_comparisons_decide_whether_a_rule_can_fire(cmp, fires):
    text = f"q(1).\np(X) :- q(X), {cmp}.\n"
    assert _never_fires(text) == ([] if fires else [2])


def test_a_product_too_large_to_fold_is_left_to_the_solver():
    # 2^7000 * 2^7000 has more bits than the solver allows: analysis does not decide it
    big = "2" + " * 2" * 6999
    assert _never_fires(f"q(1).\np(X) :- q(X), {big} * ({big}) < 0.\n") == []
    assert _never_fires(f"q(1).\np(X) :- q(X), {big} < 0.\n") == [2]


def _conflicts(text: str) -> list[str]:
    return [d.message for d in check(parse_dl(text, "t.dl")) if d.code == "unresolved_conflict"]


def _conflict_lines(text: str) -> list[int]:
    return [d.span.line for d in check(parse_dl(text, "t.dl")) if d.code == "unresolved_conflict"]


def test_a_conflict_group_with_a_predicate_no_rule_concludes_is_checked_without_error():
    assert _conflicts("#conflict a/1, b/1.\nq(1).\nr: b(X) := q(X).\n") == []
    assert len(_conflicts("#conflict a/1, b/1.\nq(1).\nr: b(X) := q(X).\ns: a(X) := q(X).\n")) == 1


def test_each_conflicting_pair_is_reported_once_even_when_declared_twice():
    rules = "".join(f"a{i}: a(X) := q(X).\nb{i}: b(X) := q(X).\n" for i in range(4))
    got = _conflicts("#conflict a/1, b/1.\n#conflict b/1, a/1.\nq(1).\n" + rules)
    assert len(got) == 16 and len(set(got)) == 16


@pytest.mark.parametrize("n,stopped", [(400, False), (401, True)])
def test_conflict_search_stops_past_its_pair_budget(n, stopped):
    # n x 500 open heads that never unify (a against b): every pair is looked at, none
    # conflicts; past 200,000 pairs the search stops and says so
    lefts = "".join("p(X, a) := q(X).\n" for _ in range(n))
    rights = "".join("~p(X, b) := q(X).\n" for _ in range(500))
    got = _conflicts("q(1).\n" + lefts + rights)
    assert [m.startswith("stopped after 0 conflicts over p/2") for m in got] == ([True] if stopped else [])
    # the summary points at the first rule of the positive side
    assert _conflict_lines("q(1).\n" + lefts + rights) == ([2] if stopped else [])


_FILES = ["b.dl", "a.dl", "Z.dl", "c.dl", "A.dl"]
_diagnostics = st.lists(st.builds(
    Diagnostic, code=st.sampled_from(["x", "y"]), message=st.sampled_from(["m", "n"]),
    span=st.one_of(st.none(), st.builds(Span, st.sampled_from(_FILES), st.integers(1, 3), st.integers(1, 3))),
), max_size=12)


@given(diagnostics=_diagnostics, order=st.lists(st.sampled_from(_FILES), unique=True, max_size=3))
def test_diagnostics_follow_the_file_order_then_the_rest(diagnostics, order):
    # a diagnostic can name a file the user did not list (`order`): the listed files come
    # first, in the order given, then the diagnostics with no place, then the other
    # files by name; within a file by line and column
    got = sort_diagnostics(diagnostics, order)
    assert sorted(map(repr, got)) == sorted(map(repr, diagnostics))

    def group(d):
        if d.span is not None and d.span.file in order:
            return (0, order.index(d.span.file), "")
        return (1, 0, "") if d.span is None else (2, 0, d.span.file)

    for d1, d2 in zip(got, got[1:]):
        assert group(d1) <= group(d2)
        if d1.span and d2.span and d1.span.file == d2.span.file:
            assert (d1.span.line, d1.span.column) <= (d2.span.line, d2.span.column)


@pytest.mark.parametrize("bits,folded", [(6500, True), (6501, False)])
def test_a_product_exactly_at_the_integer_bound_is_folded(bits, folded):
    # 2^6499 has 6500 bits; 6500 + `bits` bits is at most MAX_INT_BITS (13,000) only for
    # 6500, so only that product is worked out (and found positive: the rule never fires)
    x = "2" + " * 2" * 6498
    y = "2" + " * 2" * (bits - 2)
    assert _never_fires(f"q(1).\np(X) :- q(X), ({x}) * ({y}) < 0.\n") == ([2] if folded else [])


def test_predicates_in_different_conflict_declarations_do_not_conflict():
    # r > s ranks two rules whose heads conflict only if one #conflict line names both
    def pointless(decls: str) -> list[str]:
        text = decls + "q(1).\nr: a(X) := q(X).\ns: c(X) := q(X).\nr > s.\n"
        return [d.message for d in check(parse_dl(text, "t.dl")) if d.code == "superiority_without_conflict"]

    assert len(pointless("#conflict a/1, b/1.\n#conflict c/1, d/1.\n")) == 1
    assert pointless("#conflict a/1, b/1.\n#conflict c/1, a/1.\n") == []


def test_an_undefined_predicate_is_reported_once_per_file_with_its_use_count():
    program = parse_dl("q(1).\np(X) :- q(X), r(X).\ns(X) :- q(X), r(X).\n", "a.dl")
    program.extend(parse_dl("q(2).\nt(X) :- q(X), r(X).\n", "b.dl"))
    got = [d for d in check(program) if d.code == "undefined_predicate"]
    assert [d.span.file for d in got] == ["a.dl", "b.dl"]
    assert [n for n in got[0].notes if "is used" in n] == ["r/1 is used 3 times"]
    twice = [d for d in check(parse_dl("q(1).\np(X) :- q(X), r(X).\ns(X) :- q(X), r(X).\n", "a.dl"))
             if d.code == "undefined_predicate"]
    assert [n for n in twice[0].notes if "is used" in n] == ["r/1 is used 2 times"]


def test_theory_warnings_only_when_asked_for():
    text = "q(1).\np(X) :- q(X), r(X).\n"  # r is undefined, so p never fires: warnings, not errors
    assert Theory.from_string(text, "t.dl").warnings == []
    codes = {d.code for d in Theory.from_string(text, "t.dl", lint=True).warnings}
    assert codes == {"undefined_predicate", "rule_never_fires"}
