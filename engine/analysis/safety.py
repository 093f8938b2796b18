"""Variable safety (unsafe_variable) and variables written only once (singleton_variable).

A variable is bound when it is a direct argument of a positive body literal (`~p(X)`
counts: strong negation is an ordinary literal), or by `X = expr` once every variable
of expr is bound; those assignments are applied to a fixpoint, so their order in the
body does not matter. Everything else that mentions a variable needs it bound: the
head, the label, comparisons, arithmetic (also inside literals), and `not` literals,
except that a variable local to a single `not` literal reads "no such value exists":
`_`, a variable written more than once there (`not s(X, P, P)`), or a named variable
written once (`not s(X, 5, P)`); that last one also gets a singleton_variable warning
suggesting `_P`, since a name written once is usually a typo.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from engine import ast
from engine.analysis.common import error, warning
from engine.errors import UNSAFE_VARIABLE

SINGLETON_VARIABLE = "singleton_variable"


def term_occurrences(term) -> Iterator[ast.Var]:
    return (t for t in ast.subterms(term) if isinstance(t, ast.Var))


def _args_occurrences(args) -> Iterator[ast.Var]:
    for t in args:
        yield from term_occurrences(t)


def _item_occurrences(item) -> Iterator[ast.Var]:
    if isinstance(item, ast.Atom):
        yield from _args_occurrences(item.args)
    elif isinstance(item, ast.Naf):
        yield from _args_occurrences(item.atom.args)
    else:
        yield from term_occurrences(item.left)
        yield from term_occurrences(item.right)


def bound_variables(body: tuple) -> set[str]:
    bound = {t.name for item in body if isinstance(item, ast.Atom) for t in item.args if isinstance(t, ast.Var)}
    pending = [c for c in body if isinstance(c, ast.Compare) and c.op == "="]
    changed = True
    while changed:
        changed = False
        for cmp in list(pending):
            for target, expr in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
                if isinstance(target, ast.Var) and target.name not in bound and ast.term_vars(expr) <= bound:
                    bound.add(target.name)
                    pending.remove(cmp)
                    changed = True
                    break
    return bound


def _statement_parts(st) -> tuple[list[tuple[str, ast.Atom | ast.Label]], tuple]:
    """[(where, node)] for the parts outside the body that need bound variables, and the body."""
    if isinstance(st, ast.Rule):
        parts: list[tuple[str, ast.Atom | ast.Label]] = [("head", st.head)]
        if not st.generated_label:
            parts.insert(0, ("label", st.label))
        return parts, st.body
    if isinstance(st, ast.Superiority):
        return [("label", st.superior), ("label", st.inferior)], st.body
    return [], ()


def check_safety(program: ast.Program) -> list:
    """unsafe_variable errors and singleton_variable warnings, in one pass."""
    out = []
    for st in program.statements:
        if type(st) is ast.Rule and ast.is_plain_ground(st):
            continue  # a ground rule or fact, most of a large program: it has no variable to check
        parts, body = _statement_parts(st)
        if not parts:
            continue
        occurrences = [v for _, node in parts for v in _args_occurrences(node.args)]
        for item in body:
            occurrences.extend(_item_occurrences(item))
        if not occurrences:
            continue
        counts = Counter(v.name for v in occurrences)
        bound = bound_variables(body)
        out.extend(_unsafe(parts, body, bound, counts))
        naf_local = {t.name for item in body if isinstance(item, ast.Naf) for t in item.atom.args if isinstance(t, ast.Var)}
        for var in occurrences:
            # A named variable written once is usually a typo (X1 for X); `_Name` says it is meant.
            # Bound, or alone in a `not` literal ("no such value"): anything else is unsafe_variable.
            if counts[var.name] == 1 and not var.name.startswith("_") and (
                var.name in bound or var.name in naf_local
            ):
                msg = f"variable {var} appears only once in this statement; write _ (or _{var}) if that is intended"
                out.append(warning(SINGLETON_VARIABLE, msg, var.span))
    return out


def _unsafe(parts, body, bound: set[str], counts: Counter) -> list:
    reported: set[str] = set()
    out = []

    def report(var: ast.Var, message: str):
        if var.name in reported:
            return
        reported.add(var.name)
        out.append(error(UNSAFE_VARIABLE, message, var.span))

    for kind, node in parts:
        for var in _args_occurrences(node.args):
            if var.name not in bound:
                shown = "_" if var.anonymous else var.name
                report(var, f"variable {shown} in the {kind} is not bound by a positive literal of the body")
    for item in body:
        if isinstance(item, ast.Atom):
            for t in item.args:
                if not isinstance(t, ast.Var):
                    for var in term_occurrences(t):
                        if var.name not in bound:
                            report(var, f"variable {var} is used in arithmetic but never bound by a positive literal")
        elif isinstance(item, ast.Compare):
            for var in _item_occurrences(item):
                if var.name not in bound:
                    report(var, f"variable {var} in the comparison `{item}` is not bound by a positive literal")
        elif isinstance(item, ast.Naf):
            local = Counter(v.name for v in _item_occurrences(item))
            for t in item.atom.args:
                if not isinstance(t, ast.Var):  # arithmetic needs values, even under `not`
                    for var in term_occurrences(t):
                        if var.name not in bound:
                            report(var, f"variable {var} is used in arithmetic but never bound by a positive literal")
            for var in _item_occurrences(item):
                # local to this literal (once, repeated, or `_`): "no such value", not unsafe
                if var.name not in bound and local[var.name] != counts[var.name]:
                    report(var, f"variable {var} in `{item}` is not bound by a positive literal")
    return out
