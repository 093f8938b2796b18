"""The bridge to pyDatalog: speclogic clauses built as pyDatalog engine objects.

User text never becomes Python source here: predicate names, constants and
variables go into pyEngine.Pred/Literal/Const/Var objects as plain data, so no
rule file can make pyDatalog compile anything.

Two layers share one pyDatalog logic:
  D:<pred>  the strict layer (facts and `:-` rules, `not`, arithmetic): its least
            model is the set of definitely provable (+D) literals.
  P:<pred>  every strict and defeasible rule read as a positive rule: its least
            model bounds the atoms that could ever be proved, so only those rule
            instances are grounded.
Strong negation gets its own predicate name ("-" prefix), so ~p is data, not `not p`.
"""
from __future__ import annotations

import math

from pyDatalog import Logic
from pyDatalog import pyEngine as E

from engine import ast
from engine.errors import EVALUATION_ERROR, Diagnostic, SpeclogicError

_CMP = {"=": "==", "!=": "!=", "<": "cmp:<", "<=": "cmp:<=", ">": "cmp:>", ">=": "cmp:>="}
_ORDER = {
    "cmp:<": lambda a, b: a < b, "cmp:<=": lambda a, b: a <= b,
    "cmp:>": lambda a, b: a > b, "cmp:>=": lambda a, b: a >= b,
}


def _ordered_primitive(literal, subgoal):
    """pyDatalog's own `<` raises on a string against a number; in speclogic such a
    comparison is simply false (as in engine.ground.evaluate)."""
    x, y = literal.terms
    if not (x.is_const() and y.is_const()):
        return  # unbound: static analysis reports the unsafe variable
    a, b = x.id, y.id
    if isinstance(a, str) != isinstance(b, str):
        return
    if _ORDER[literal.pred.name](a, b):
        subgoal.fact(True)


def pred_name(layer: str, pred: str, negated: bool) -> str:
    return f"{layer}:{'-' if negated else ''}{pred}"


class DatalogLayer:
    """One fresh pyDatalog logic per grounding run (pyDatalog keeps it per thread)."""

    def __init__(self):
        Logic()  # resets this thread's pyDatalog database
        # pyDatalog rounds computed floats to ~8 digits by default; speclogic computes
        # head arguments itself, exactly, and the two must agree to the last bit
        E.Float_Precision = None
        for name in _ORDER:
            E.insert(E.Pred(name, 2)).prim = _ordered_primitive
        self._declared: set[str] = set()
        self._query_counter = 0

    # ------------------------------------------------------------ building
    def term(self, t: ast.Term):
        if isinstance(t, ast.Var):
            return E.Var(t.name)
        if isinstance(t, ast.Const):
            return E.Const(t.value)
        if isinstance(t, ast.BinOp):
            return E.Operation(self.term(t.left), t.op, self.term(t.right))
        if isinstance(t, ast.Neg):
            return E.Operation(E.Const(0), "-", self.term(t.operand))
        raise TypeError(f"not a term: {t!r}")

    def literal(self, layer: str, atom: ast.Atom, naf: bool = False):
        name = pred_name(layer, atom.pred, atom.negated)
        self.declare(name, len(atom.args))
        if naf:
            name = "~" + name
        return E.Literal(name, [self.term(a) for a in atom.args])

    def declare(self, name: str, arity: int) -> None:
        # pyDatalog refuses queries on predicates it has never seen; an empty one is fine
        key = f"{name}/{arity}"
        if key not in self._declared:
            self._declared.add(key)
            E.insert(E.Pred(name, arity))

    def body(self, items, positive_layer: str) -> list:
        """Atoms first, then comparisons once their inputs are bound, then `not`:
        pyDatalog evaluates left to right and needs bound arguments for those."""
        atoms = [self.literal(positive_layer, i) for i in items if isinstance(i, ast.Atom)]
        bound = set()
        for i in items:
            if isinstance(i, ast.Atom):
                bound |= ast.item_vars(i)
        pending = [i for i in items if isinstance(i, ast.Compare)]
        ordered = []
        while pending:
            progress = False
            for c in list(pending):
                if _ready(c, bound):
                    ordered.append(c)
                    pending.remove(c)
                    if c.op == "=":
                        bound |= ast.item_vars(c)
                    progress = True
            if not progress:  # analysis reports unsafe variables; keep source order here
                ordered.extend(pending)
                break
        compares = [E.Literal(_CMP[c.op], [self.term(c.left), self.term(c.right)]) for c in ordered]
        nafs = [self.literal("D", i.atom, naf=True) for i in items if isinstance(i, ast.Naf)]
        return atoms + compares + nafs

    def add_clause(self, layer: str, head: ast.Atom, items) -> None:
        # pyDatalog stores a head term as written; computed arguments become body equations
        args: list[ast.Term] = []
        extra = []
        for i, t in enumerate(head.args):
            if isinstance(t, (ast.BinOp, ast.Neg)):
                v = ast.Var(f"_h#{i}")
                args.append(v)
                extra.append(ast.Compare("=", v, t))
            else:
                args.append(t)
        if extra:
            head = ast.Atom(head.pred, tuple(args), head.negated, head.span)
            items = tuple(items) + tuple(extra)
        E.assert_(E.Clause(self.literal(layer, head), self.body(items, layer)))

    def add_fact(self, layer: str, pred: str, negated: bool, args: tuple) -> None:
        name = pred_name(layer, pred, negated)
        self.declare(name, len(args))
        E.assert_(E.Clause(E.Literal(name, [E.Const(a) for a in args]), []))

    # ------------------------------------------------------------ querying
    def solutions(self, variables: list[str], items, layer: str, span) -> list[dict]:
        """All bindings of `variables` that satisfy `items`, sorted for determinism."""
        return self.batch([(variables, items, layer, span)])[0]

    def batch(self, queries) -> list[list[dict]]:
        """Answer many queries (variables, items, layer, span) with one pyDatalog ask per
        number of variables. pyDatalog tables subgoals only within one ask, so asking
        per query would re-derive the shared strict layer each time (quadratic on a
        10^4-rule chain); a collector predicate C:n(K, V1..Vn) with one clause per
        query K shares that work."""
        self._query_counter += 1
        collector = f"C{self._query_counter}:"  # fresh per batch: earlier batches' clauses stay in the logic
        by_width: dict[int, list[int]] = {}
        for k, (variables, items, layer, _) in enumerate(queries):
            by_width.setdefault(len(variables), []).append(k)
            head = E.Literal(f"{collector}{len(variables)}", [E.Const(k)] + [E.Var(v) for v in variables])
            E.assert_(E.Clause(head, self.body(items, layer)))
        results: list[list[dict]] = [[] for _ in queries]
        for width in sorted(by_width):
            goal = E.Literal(f"{collector}{width}", [E.Var("K#")] + [E.Var(f"V#{i}") for i in range(width)])
            for row in goal.ask() or []:
                k = row[0]
                variables, _, _, span = queries[k]
                for value in row[1:]:
                    if not _is_constant(value):
                        what = ("division by zero" if isinstance(value, ZeroDivisionError)
                                else "arithmetic overflowed" if isinstance(value, float) else f"arithmetic failed: {value}")
                        raise SpeclogicError(Diagnostic(EVALUATION_ERROR, f"{what} in this rule", span))
                results[k].append(dict(zip(variables, row[1:])))
        for k, rows in enumerate(results):
            variables = queries[k][0]
            rows.sort(key=lambda b: tuple(_sort_value(b[v]) for v in variables))
        return results

    def atom_query(self, layer: str, pred: str, negated: bool, arity: int, span=None):
        """A query for every fact of one predicate, for `batch`; `span` is blamed if
        arithmetic fails while deriving them."""
        variables = [f"_V{i}" for i in range(arity)]
        atom = ast.Atom(pred, tuple(ast.Var(v) for v in variables), negated)
        return (variables, (atom,), layer, span)


def _is_constant(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return False  # pyDatalog returns the exception object when arithmetic fails
    return not isinstance(value, float) or math.isfinite(value)


def _ready(c: ast.Compare, bound: set) -> bool:
    if c.op == "=" and isinstance(c.left, ast.Var) and c.left.name not in bound:
        return ast.term_vars(c.right) <= bound
    if c.op == "=" and isinstance(c.right, ast.Var) and c.right.name not in bound:
        return ast.term_vars(c.left) <= bound
    return ast.item_vars(c) <= bound


def _sort_value(v):
    return (1, v) if isinstance(v, str) else (0, v)
