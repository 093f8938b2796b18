"""Evaluating ground terms and comparisons in Python, for rules that need no join.

Only the four arithmetic operators and six comparisons exist; nothing here can
call user-named code.
"""
from __future__ import annotations

import math
import operator

from engine import ast
from engine.errors import EVALUATION_ERROR, Diagnostic, SpeclogicError

_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_CMP = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def value(term: ast.Term, env: dict):
    if isinstance(term, ast.Const):
        return term.value
    if isinstance(term, ast.Var):
        return env[term.name]
    if isinstance(term, ast.Neg):
        return _arith("-", 0, value(term.operand, env), term)
    if isinstance(term, ast.BinOp):
        return _arith(term.op, value(term.left, env), value(term.right, env), term)
    raise TypeError(f"not a term: {term!r}")


def _arith(op, left, right, term):
    if isinstance(left, str) or isinstance(right, str):
        if op == "+" and isinstance(left, str) and isinstance(right, str):
            return left + right
        raise SpeclogicError(Diagnostic(EVALUATION_ERROR, f"cannot compute {left!r} {op} {right!r}", term.span))
    try:
        result = _ARITH[op](left, right)
    except ZeroDivisionError:
        raise SpeclogicError(Diagnostic(EVALUATION_ERROR, "division by zero", term.span)) from None
    if isinstance(result, float) and not math.isfinite(result):
        raise SpeclogicError(Diagnostic(EVALUATION_ERROR, f"{left!r} {op} {right!r} overflows", term.span))
    return result  # `/` is true division, as in pyDatalog's strict layer: 6 / 3 is 2.0


def compare(c: ast.Compare, env: dict) -> bool:
    left, right = value(c.left, env), value(c.right, env)
    if c.op in ("=", "!="):
        same = type(left) is type(right) and left == right or (
            not isinstance(left, str) and not isinstance(right, str) and left == right
        )
        return same if c.op == "=" else not same
    if isinstance(left, str) != isinstance(right, str):
        return False  # numbers and strings are not ordered against each other
    return _CMP[c.op](left, right)


def ground_args(args, env) -> tuple:
    return tuple(value(a, env) for a in args)
