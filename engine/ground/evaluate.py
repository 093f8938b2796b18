"""Evaluating terms and comparisons in Python: the one arithmetic of speclogic.

Only the four arithmetic operators and six comparisons exist; nothing here can
call user-named code. Evaluation is iterative, so a sum of 10^5 terms needs no
deep Python stack. Integers are bounded (MAX_INT_BITS): a result past that is an
evaluation_error rather than a number too long to print or to keep computing with.
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
# About 4,000 decimal digits: below Python's 4,300-digit int->str limit, so every
# integer speclogic keeps can be printed.
MAX_INT_BITS = 13_000


def value(term: ast.Term, env: dict, span=None):
    """The value of a term under env. `span` (the rule) is blamed if arithmetic fails."""
    if isinstance(term, ast.Const):
        return term.value
    if isinstance(term, ast.Var):
        return _lookup(term, env, span)
    # post-order walk with an explicit stack: (node, visited?)
    stack: list[tuple[ast.Term, bool]] = [(term, False)]
    out: list = []
    while stack:
        node, visited = stack.pop()
        if isinstance(node, ast.Const):
            out.append(node.value)
        elif isinstance(node, ast.Var):
            out.append(_lookup(node, env, span))
        elif isinstance(node, ast.Neg):
            if visited:
                out.append(_arith("-", 0, out.pop(), node, span))
            else:
                stack.append((node, True))
                stack.append((node.operand, False))
        elif isinstance(node, ast.BinOp):
            if visited:
                right = out.pop()
                out.append(_arith(node.op, out.pop(), right, node, span))
            else:
                stack.append((node, True))
                stack.append((node.right, False))
                stack.append((node.left, False))
        else:
            raise TypeError(f"not a term: {node!r}")
    return out[0]


def _lookup(var: ast.Var, env: dict, span):
    try:
        return env[var.name]
    except KeyError:
        raise SpeclogicError(Diagnostic(
            EVALUATION_ERROR, f"variable {var} has no value here (it is not bound by a positive literal)",
            span or var.span)) from None


def _fail(message: str, term, span):
    raise SpeclogicError(Diagnostic(EVALUATION_ERROR, f"{message} in this rule", span or term.span))


def _arith(op, left, right, term, span=None):
    if isinstance(left, str) or isinstance(right, str):
        if op == "+" and isinstance(left, str) and isinstance(right, str):
            return left + right
        _fail(f"cannot compute {_short(left)} {op} {_short(right)}", term, span)
    try:
        result = _ARITH[op](left, right)
    except ZeroDivisionError:
        _fail(f"division by zero ({_short(left)} / 0)", term, span)
    except OverflowError:  # int / int whose quotient is beyond a float
        _fail(f"{_short(left)} {op} {_short(right)} overflows", term, span)
    if isinstance(result, float):
        if not math.isfinite(result):
            _fail(f"{_short(left)} {op} {_short(right)} overflows", term, span)
    elif result.bit_length() > MAX_INT_BITS:
        _fail(f"integer result of {op} has more than {MAX_INT_BITS} bits (about 4,000 digits)", term, span)
    return result  # `/` is true division: 6 / 3 is 2.0


def _short(v) -> str:
    """A value for a message: never a 4,000-digit number or a long string in full."""
    if isinstance(v, int) and v.bit_length() > 64:
        return f"<{v.bit_length()}-bit integer>"
    text = ast.format_value(v)
    return text if len(text) <= 40 else text[:37] + "..."


def same(left, right) -> bool:
    """Constant identity: numbers by value (2 is 2.0), strings by text, never across."""
    if isinstance(left, str) != isinstance(right, str):
        return False
    return left == right


def holds(op: str, left, right) -> bool:
    if op == "=":
        return same(left, right)
    if op == "!=":
        return not same(left, right)
    if isinstance(left, str) != isinstance(right, str):
        return False  # numbers and strings are not ordered against each other
    return _CMP[op](left, right)


def compare(c: ast.Compare, env: dict, span=None) -> bool:
    return holds(c.op, value(c.left, env, span), value(c.right, env, span))


def ground_args(args, env, span=None) -> tuple:
    # the common case, variables and constants, without a call per term; arithmetic (no
    # .value) or an unbound variable takes the general path, which computes or reports it
    try:
        return tuple(env[a.name] if a.__class__ is _VAR else a.value for a in args)
    except (KeyError, AttributeError):
        return tuple(value(a, env, span) for a in args)


_VAR = ast.Var
