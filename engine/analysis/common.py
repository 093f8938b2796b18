"""Helpers shared by the static checks: walking literals, unifying argument lists,
and naming rules in messages the way a rule author recognises them."""
from __future__ import annotations

from collections.abc import Iterator

from engine import ast
from engine.errors import ERROR, WARNING, Diagnostic, Span


def error(code: str, message: str, span: Span | None, notes: list[str] | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, ERROR, list(notes or []))


def warning(code: str, message: str, span: Span | None, notes: list[str] | None = None) -> Diagnostic:
    return Diagnostic(code, message, span, WARNING, list(notes or []))


def body_of(st: ast.Statement) -> tuple:
    return st.body if isinstance(st, (ast.Rule, ast.Superiority)) else ()


def body_atoms(body: tuple) -> Iterator[tuple[ast.Atom, bool]]:
    """(atom, under_not) for every literal of a body."""
    for item in body:
        if isinstance(item, ast.Atom):
            yield item, False
        elif isinstance(item, ast.Naf):
            yield item.atom, True


def statement_atoms(st: ast.Statement) -> Iterator[ast.Atom]:
    if isinstance(st, ast.Rule):
        yield st.head
    for atom, _ in body_atoms(body_of(st)):
        yield atom


def pred_name(key: tuple[str, int], negated: bool = False) -> str:
    return f"{'~' if negated else ''}{key[0]}/{key[1]}"


def where(span: Span | None) -> str:
    return str(span) if span else "?"


def rule_name(rule: ast.Rule) -> str:
    """`r1` for a labelled rule, `the rule at f.dl:3:1` for an unlabelled one."""
    if rule.generated_label:
        return f"the unlabelled rule at {where(rule.span)}"
    return str(rule.label)


def label_key(label: ast.Label) -> tuple[str, int]:
    return (label.name, len(label.args))


# ------------------------------------------------------------ unification


def _walk(term, subst):
    while isinstance(term, ast.Var) and term.name in subst:
        term = subst[term.name]
    return term


def unify_args(left: tuple, right: tuple) -> bool:
    """Could the two argument lists denote the same ground tuple? Variables of the two
    sides are renamed apart; arithmetic unifies with anything (its value is unknown here)."""
    if len(left) != len(right):
        return False
    subst: dict[str, object] = {}
    renamed_left = [_rename(t, "1") for t in left]
    renamed_right = [_rename(t, "2") for t in right]
    for a, b in zip(renamed_left, renamed_right):
        a, b = _walk(a, subst), _walk(b, subst)
        if isinstance(a, ast.Var):
            if not (isinstance(b, ast.Var) and b.name == a.name):
                subst[a.name] = b
        elif isinstance(b, ast.Var):
            subst[b.name] = a
        elif isinstance(a, ast.Const) and isinstance(b, ast.Const):
            if not _same_const(a.value, b.value):
                return False
        # BinOp / Neg on either side: unknown value, may match
    return True


def _same_const(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return a == b


def _rename(term, tag: str):
    if isinstance(term, ast.Var):
        return ast.Var(f"{term.name}@{tag}")
    return term


def is_ground(terms: tuple) -> bool:
    return not any(ast.term_vars(t) for t in terms)
