"""unresolved_conflict and strict_conflict: rules whose conclusions attack each other.

Two heads conflict when they are p and ~p with unifiable arguments, or two (positive)
predicates listed in one `#conflict` with unifiable arguments. A pair is settled when a
superiority clause relates their labels in either direction: an unconditional clause
whose label terms unify with the rules' labels, or any conditional clause between
those label names (it may settle it, depending on the facts).

Not reported: a fact against anything (facts are indisputable and always win), two
defeaters (neither proves anything), and two strict rules, which get strict_conflict
instead: superiority cannot settle those.
"""
from __future__ import annotations

from engine import ast
from engine.analysis.common import is_ground, label_key, rule_name, unify_args, warning, where
from engine.errors import UNRESOLVED_CONFLICT

STRICT_CONFLICT = "strict_conflict"

# Comparing every pair is quadratic; past this many pairs for one predicate the rest
# are skipped, and past this many warnings for one predicate the rest are summarised,
# so `check` stays fast and readable on large generated theories.
MAX_PAIRS_PER_PREDICATE = 200_000
MAX_REPORTS_PER_PREDICATE = 20


class ConflictIndex:
    def __init__(self, program: ast.Program):
        self.groups: dict[tuple[str, int], set[int]] = {}
        for n, decl in enumerate(program.conflicts):
            for key in decl.preds:
                self.groups.setdefault(key, set()).add(n)
        self.sups: dict[tuple, list[ast.Superiority]] = {}
        for sup in program.superiorities:
            self.sups.setdefault((label_key(sup.superior), label_key(sup.inferior)), []).append(sup)

    def heads_conflict(self, a: ast.Rule, b: ast.Rule) -> bool:
        ha, hb = a.head, b.head
        if ha.key == hb.key:
            return ha.negated != hb.negated and unify_args(ha.args, hb.args)
        if ha.negated or hb.negated or len(ha.args) != len(hb.args):
            return False
        shared = self.groups.get(ha.key, set()) & self.groups.get(hb.key, set())
        return bool(shared) and unify_args(ha.args, hb.args)

    def settled(self, a: ast.Rule, b: ast.Rule) -> bool:
        for x, y in ((a, b), (b, a)):
            for sup in self.sups.get((label_key(x.label), label_key(y.label)), ()):
                if sup.body:
                    return True
                if unify_args(sup.superior.args, x.label.args) and unify_args(sup.inferior.args, y.label.args):
                    return True
        return False


def _candidate_pairs(program: ast.Program):
    """Pairs of rules whose head predicates could conflict, grouped per predicate pair."""
    by_signed: dict[tuple, list[ast.Rule]] = {}
    for rule in program.rules:
        by_signed.setdefault((rule.head.negated, rule.head.key), []).append(rule)
    groups = []
    for (negated, key), rules in by_signed.items():
        if not negated:
            groups.append((key, rules, by_signed.get((True, key), [])))
    for decl in program.conflicts:
        keys = list(dict.fromkeys(decl.preds))
        for i, k1 in enumerate(keys):
            for k2 in keys[i + 1 :]:
                groups.append((k1, by_signed.get((False, k1), []), by_signed.get((False, k2), [])))
    return groups


def _bucketed(left: list[ast.Rule], right: list[ast.Rule]):
    """Pairs (l, r), skipping ground heads with different arguments without looking."""
    ground_right: dict[tuple, list[ast.Rule]] = {}
    open_right: list[ast.Rule] = []
    for r in right:
        if is_ground(r.head.args) and all(isinstance(t, ast.Const) for t in r.head.args):
            ground_right.setdefault(_values(r.head.args), []).append(r)
        else:
            open_right.append(r)
    for lft in left:
        if is_ground(lft.head.args) and all(isinstance(t, ast.Const) for t in lft.head.args):
            yield from ((lft, r) for r in ground_right.get(_values(lft.head.args), ()))
        else:
            yield from ((lft, r) for rs in ground_right.values() for r in rs)
        yield from ((lft, r) for r in open_right)


def _values(args) -> tuple:
    return tuple(t.value for t in args if isinstance(t, ast.Const))


def _who(rule: ast.Rule) -> str:
    return rule_name(rule) if rule.generated_label else f"{rule.label} ({where(rule.span)})"


def _order(a: ast.Rule, b: ast.Rule) -> tuple[ast.Rule, ast.Rule]:
    def pos(r):
        return (r.span.file, r.span.line, r.span.column) if r.span else ("", 0, 0)

    return (a, b) if pos(a) <= pos(b) else (b, a)


def check_conflicts(program: ast.Program, index: ConflictIndex) -> list:
    out = []
    seen: set[tuple[int, int]] = set()
    for key, left, right in _candidate_pairs(program):
        checked = reported = 0
        for a, b in _bucketed(left, right):
            checked += 1
            if checked > MAX_PAIRS_PER_PREDICATE or reported == MAX_REPORTS_PER_PREDICATE:
                msg = (
                    f"stopped after {reported} conflicts over {key[0]}/{key[1]}: "
                    f"{len(left)} and {len(right)} rules conclude the two sides; rank them with superiority clauses"
                )
                out.append(warning(UNRESOLVED_CONFLICT, msg, left[0].span))
                break
            pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
            if pair in seen or not index.heads_conflict(a, b):
                continue
            seen.add(pair)
            diag = _pair_diagnostic(*_order(a, b), index)
            if diag is not None:
                out.append(diag)
                reported += 1
    return out


def _pair_diagnostic(first: ast.Rule, second: ast.Rule, index: ConflictIndex):
    heads = f"{_who(first)} concludes {first.head} and {_who(second)} concludes {second.head}"
    if first.kind == second.kind == ast.STRICT:
        msg = f"{heads}: both are strict, so where both apply the theory is contradictory"
        return warning(STRICT_CONFLICT, msg, second.head.span)
    if first.is_fact or second.is_fact or first.kind == second.kind == ast.DEFEATER:
        return None
    if index.settled(first, second):
        return None
    if first.generated_label or second.generated_label:
        fix = "label both rules and add a superiority clause between them"
    elif first.label.args or second.label.args:
        # a clause between parametrized labels must bind their variables in a body
        sup, inf = second.label, first.label
        variables = sorted({v for t in sup.args + inf.args for v in ast.term_vars(t) if not v.startswith("_#")})
        fix = (f"add a conditional clause such as `{sup} > {inf} :- <facts binding {', '.join(variables)}>.` "
               f"(or the reverse), e.g. with the premises both rules share" if variables
               else f"add `{sup} > {inf}.` or `{inf} > {sup}.`")
    else:
        fix = f"add `{second.label} > {first.label}.` or `{first.label} > {second.label}.`"
    msg = f"{heads}, and no superiority clause relates them, so where both apply neither wins; {fix}"
    return warning(UNRESOLVED_CONFLICT, msg, second.head.span)
