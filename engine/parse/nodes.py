"""Building AST nodes without their constructors, for the fast `.dl` paths.

The nodes are frozen dataclasses with slots (a tenth of a 10^6-rule theory's memory
went to the per-node dicts before). A frozen dataclass's __init__ sets each field
through object.__setattr__; writing the slots through their descriptors gives the same
object about twice as fast, which is most of what parsing a large generated file costs.
"""
from __future__ import annotations

from engine import ast
from engine.errors import Span

_new = object.__new__


def _setters(cls, *names):
    return tuple(cls.__dict__[n].__set__ for n in names)


_SF, _SL, _SC, _SEL, _SEC = _setters(Span, "file", "line", "column", "end_line", "end_column")
_AP, _AA, _AN, _AS = _setters(ast.Atom, "pred", "args", "negated", "span")
_VN, _VS = _setters(ast.Var, "name", "span")
_CV, _CS = _setters(ast.Const, "value", "span")
_LN, _LA, _LS = _setters(ast.Label, "name", "args", "span")
_NA, _NS = _setters(ast.Naf, "atom", "span")
_RL, _RK, _RH, _RB, _RG, _RS = _setters(ast.Rule, "label", "kind", "head", "body", "generated_label", "span")
_UP, _UI, _UB, _US = _setters(ast.Superiority, "superior", "inferior", "body", "span")


def span(file, line, column, end_line, end_column) -> Span:
    s = _new(Span)
    _SF(s, file)
    _SL(s, line)
    _SC(s, column)
    _SEL(s, end_line)
    _SEC(s, end_column)
    return s


def atom(pred, args, negated, sp) -> ast.Atom:
    a = _new(ast.Atom)
    _AP(a, pred)
    _AA(a, args)
    _AN(a, negated)
    _AS(a, sp)
    return a


def var(name, sp) -> ast.Var:
    v = _new(ast.Var)
    _VN(v, name)
    _VS(v, sp)
    return v


def const(value, sp) -> ast.Const:
    c = _new(ast.Const)
    _CV(c, value)
    _CS(c, sp)
    return c


def label(name, args, sp) -> ast.Label:
    lb = _new(ast.Label)
    _LN(lb, name)
    _LA(lb, args)
    _LS(lb, sp)
    return lb


def naf(atom_, sp) -> ast.Naf:
    n = _new(ast.Naf)
    _NA(n, atom_)
    _NS(n, sp)
    return n


def rule(label_, kind, head, body, generated, sp) -> ast.Rule:
    r = _new(ast.Rule)
    _RL(r, label_)
    _RK(r, kind)
    _RH(r, head)
    _RB(r, body)
    _RG(r, generated)
    _RS(r, sp)
    return r


def superiority(sup, inf, body, sp) -> ast.Superiority:
    s = _new(ast.Superiority)
    _UP(s, sup)
    _UI(s, inf)
    _UB(s, body)
    _US(s, sp)
    return s
