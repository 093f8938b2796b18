"""Building AST nodes without their constructors, for the fast `.dl` paths.

The nodes are frozen dataclasses with slots (a tenth of a 10^6-rule theory's memory
went to the per-node dicts before). A frozen dataclass's __init__ sets each field
through object.__setattr__; writing the slots through their descriptors gives the same
object about twice as fast, which is most of what parsing a large generated file costs.
"""
from __future__ import annotations

from functools import partial

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


def span(file, line, column, end_line, end_column, cls=Span) -> Span:
    s = _new(cls)
    _SF(s, file)
    _SL(s, line)
    _SC(s, column)
    _SEL(s, end_line)
    _SEC(s, end_column)
    return s


class CompactSpan(Span):
    """The span of a statement read with compact spans (engine.parse.fast_lines), which
    its nodes share: the same fields and text as a Span; its type is the mark that the
    statement must be read again before anything is reported at one of its nodes."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        # equal to the Span of the same place: the mark is not part of the value
        if not isinstance(other, Span):
            return NotImplemented
        return (self.file, self.line, self.column, self.end_line, self.end_column) == \
            (other.file, other.line, other.column, other.end_line, other.end_column)

    __hash__ = Span.__hash__


compact_span = partial(span, cls=CompactSpan)


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


class Comment:
    """A `% ...` comment as `speclogic fmt` reads it: the fields of the Lark token the
    full parser gives, without loading Lark for a file the fast paths read."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __init__(self, value: str, start_pos: int, line: int, column: int, end_line: int, end_column: int,
                 end_pos: int):
        self.type = "COMMENT"
        self.value, self.start_pos, self.line, self.column = value, start_pos, line, column
        self.end_line, self.end_column, self.end_pos = end_line, end_column, end_pos

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Comment({self.value!r}, line={self.line}, column={self.column})"
