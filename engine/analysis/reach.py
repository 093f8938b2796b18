"""undefined_predicate and rule_never_fires: what the rules can possibly conclude.

A literal (sign, name, arity) is *possible* when some fact, strict or defeasible rule
concludes it and that rule can fire; a rule can fire when each positive body literal
is possible and none of its comparisons between constants is false. Predicates declared
with `#input` are possible with either sign. Defeaters conclude
nothing, so a literal only defeaters mention is never possible. `not` literals never
stop a rule firing at this level, and arguments are ignored (a sound over-estimate:
no warning is given for a rule that might fire).
"""
from __future__ import annotations

import difflib
import math
from collections import Counter

from engine import ast
from engine.analysis.common import body_atoms, body_of, pred_name, warning
from engine.errors import RULE_NEVER_FIRES, UNDEFINED_PREDICATE
from engine.ground.evaluate import MAX_INT_BITS
from engine.parse.decls import annotation_decls, input_keys


def _signed(atom: ast.Atom) -> tuple[bool, str, int]:
    return (atom.negated, atom.pred, len(atom.args))


def check_undefined(program: ast.Program) -> list:
    if annotation_decls(program):
        return []  # a rulebase with a vocabulary: undeclared_annotation (an error) covers these
    defined = {r.head.key for r in program.rules} | input_keys(program)
    names = sorted({k[0] for k in defined})
    defined_names = set(names)
    reported: set[tuple[str, str, int]] = set()
    uses: Counter = Counter()
    firsts = []
    for st in program.statements:
        for atom, _ in body_atoms(body_of(st)):
            if atom.key in defined or atom.pred in defined_names:
                continue  # another arity is defined: arity_mismatch reports that
            uses[atom.key] += 1
            file = atom.span.file if atom.span else ""
            if (file, *atom.key) not in reported:
                reported.add((file, *atom.key))
                firsts.append(atom)
    out = []
    for atom in firsts:
        notes = [f"{pred_name(atom.key)} is used {uses[atom.key]} times"] if uses[atom.key] > 1 else []
        msg = f"no rule or fact concludes {pred_name(atom.key)} (as {atom.pred} or ~{atom.pred})"
        notes.append(f"if {pred_name(atom.key)} comes from outside the rules, declare it: #input {pred_name(atom.key)}.")
        close = difflib.get_close_matches(atom.pred, names, n=1)
        if close:
            msg += f"; did you mean {close[0]}?"
        out.append(warning(UNDEFINED_PREDICATE, msg, atom.span, notes))
    return out


# ------------------------------------------------------------ constant comparisons


def const_value(term):
    """The value of a variable-free term, or None when it cannot be known statically
    (division is left to the solver, whose integer/float rules decide it, and so is an
    integer past the solver's bound). Iterative: a sum can be 10^5 terms deep."""
    if isinstance(term, ast.Const):
        return term.value
    stack, out = [(term, False)], []
    while stack:
        node, visited = stack.pop()
        if isinstance(node, ast.Const):
            out.append(node.value)
        elif isinstance(node, ast.Neg) and visited:
            v = out.pop()
            out.append(-v if _is_number(v) else None)
        elif isinstance(node, ast.BinOp) and node.op in "+-*" and visited:
            b, a = out.pop(), out.pop()
            out.append(_fold(node.op, a, b))
        elif isinstance(node, ast.Neg):
            stack.extend(((node, True), (node.operand, False)))
        elif isinstance(node, ast.BinOp) and node.op in "+-*":
            stack.extend(((node, True), (node.right, False), (node.left, False)))
        else:
            out.append(None)
    return out[0]


def _fold(op: str, a, b):
    if not (_is_number(a) and _is_number(b)):
        return None
    if op == "*" and isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() > MAX_INT_BITS:
        return None
    v = a + b if op == "+" else a - b if op == "-" else a * b
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def comparison_truth(cmp: ast.Compare):
    """True/False for a comparison between constants, None when it depends on variables."""
    a, b = const_value(cmp.left), const_value(cmp.right)
    if a is None or b is None:
        return None
    same_kind = (_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))
    if cmp.op in ("=", "!="):
        equal = same_kind and a == b
        return equal if cmp.op == "=" else not equal
    if not same_kind:
        return None
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[cmp.op]


# ------------------------------------------------------------ reachability


def possible_literals(program: ast.Program) -> tuple[set, set[int]]:
    """(possible signed literals, indexes into program.rules of rules that can fire)."""
    rules = program.rules
    waiting: dict[tuple, list[int]] = {}
    missing: dict[int, int] = {}  # body literals not yet possible, per rule that waits on any
    ready = []
    for i, rule in enumerate(rules):
        if any(isinstance(c, ast.Compare) and comparison_truth(c) is False for c in rule.body):
            continue  # a false comparison: waits on nothing, never ready
        needs = {_signed(a) for a, under_not in body_atoms(rule.body) if not under_not}
        missing[i] = len(needs)
        for key in needs:
            waiting.setdefault(key, []).append(i)
        if not needs:
            ready.append(i)
    possible: set = set()
    fires: set[int] = set()
    for name, arity in input_keys(program):  # supplied from outside: either sign may be given
        for key in ((False, name, arity), (True, name, arity)):
            possible.add(key)
            for j in waiting.get(key, ()):
                missing[j] -= 1
                if missing[j] == 0:
                    ready.append(j)
    while ready:
        i = ready.pop()
        fires.add(i)
        rule = rules[i]
        if rule.kind == ast.DEFEATER:
            continue
        key = _signed(rule.head)
        if key in possible:
            continue
        possible.add(key)
        for j in waiting.get(key, ()):
            missing[j] -= 1
            if missing[j] == 0:
                ready.append(j)
    return possible, fires


def check_never_fires(program: ast.Program) -> list:
    possible, fires = possible_literals(program)
    concluders: dict[tuple, set[str]] = {}
    for rule in program.rules:
        concluders.setdefault(_signed(rule.head), set()).add(rule.kind)
    out = []
    for i, rule in enumerate(program.rules):
        if i in fires:
            continue
        out.append(warning(RULE_NEVER_FIRES, _reason(rule, possible, concluders), rule.span))
    return out


def _reason(rule: ast.Rule, possible: set, concluders: dict) -> str:
    for item in rule.body:
        if isinstance(item, ast.Compare) and comparison_truth(item) is False:
            return f"this rule never fires: the comparison `{item}` is always false"
    for atom, under_not in body_atoms(rule.body):
        key = _signed(atom)
        if under_not or key in possible:
            continue
        shown = pred_name(atom.key, atom.negated)
        kinds = concluders.get(key, set())
        if not kinds:
            return f"this rule never fires: no rule or fact concludes {shown}"
        if kinds == {ast.DEFEATER}:
            return f"this rule never fires: {shown} is only the head of defeaters, which never prove anything"
        return f"this rule never fires: {shown} is only concluded by rules that never fire"
    return "this rule never fires"
