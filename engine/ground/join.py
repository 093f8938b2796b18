"""Relations with hash indexes, and the join of one rule body against them.

A body is planned once per (rule, delta position): the delta atom first, then
the atoms in the order that keeps the intermediate results smallest (see plan),
each comparison as soon as its inputs are bound, `not` last. Each atom step
looks up the index on the positions already bound, so a join touches only
matching rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from engine import ast
from engine.ground.evaluate import holds, value


class Relation:
    """The facts of one predicate: a set for membership, indexes by bound positions."""

    __slots__ = ("arity", "rows", "indexes", "distinct", "widest")

    def __init__(self, arity: int = 0):
        self.arity = arity
        self.rows: set[tuple] = set()
        self.indexes: dict[tuple, dict] = {}
        self.distinct: dict[tuple, int] = {}  # positions -> distinct keys, for join.plan
        # positions -> the most rows under one key: how far one lookup can fan out, which
        # sizes the pieces engine.ground.rowjoin hands on
        self.widest: dict[tuple, int] = {}

    def add(self, row: tuple) -> bool:
        if row in self.rows:
            return False
        self.add_new([row])
        return True

    def add_new(self, rows: list) -> None:
        """add() for rows known to be absent, at once."""
        self.rows.update(rows)
        if self.distinct:
            self.distinct = {}
        for positions, index in self.indexes.items():
            self.widest[positions] = _file(index, positions, rows, self.widest[positions])

    def index(self, positions: tuple) -> dict:
        """The hash index on `positions` (key tuple -> rows), built on first use."""
        index = self.indexes.get(positions)
        if index is None:
            index = self.indexes[positions] = {}
            self.widest[positions] = _file(index, positions, self.rows, 0)
        return index

    def distinct_keys(self, positions: tuple) -> int:
        """How many distinct values the rows have on `positions` (without building an index
        the join may never use)."""
        index = self.indexes.get(positions)
        if index is not None:
            return len(index)
        n = self.distinct.get(positions)
        if n is None:
            n = self.distinct[positions] = len(set(map(itemgetter(*positions), self.rows)))
        return n

    def lookup(self, positions: tuple, key: tuple):
        if not positions:
            return self.rows
        if len(positions) == self.arity:
            return (key,) if key in self.rows else ()
        return self.index(positions).get(key, ())


def _file(index: dict, positions: tuple, rows, most: int) -> int:
    """Files rows into index under their key on positions; returns the largest bucket,
    starting from `most` (Relation.widest)."""
    setdefault = index.setdefault
    keys = ((row[positions[0]],) for row in rows) if len(positions) == 1 else map(itemgetter(*positions), rows)
    for row, k in zip(rows, keys):
        bucket = setdefault(k, [])
        bucket.append(row)
        if len(bucket) > most:
            most = len(bucket)
    return most


EMPTY = Relation()


def atom_key(atom: ast.Atom) -> tuple:
    return (atom.pred, atom.negated, len(atom.args))


@dataclass(frozen=True)
class AtomStep:
    key: tuple
    delta: bool                 # read the last round's new facts instead of the relation
    bound: tuple                # positions whose value is known before the lookup
    key_terms: tuple            # the terms giving those values
    binds: tuple                # (position, variable) bound by this step
    same: tuple                 # (position, position): a variable repeated among the unbound
    negated_as_failure: bool = False


@dataclass(frozen=True)
class CompareStep:
    item: ast.Compare
    target: str | None          # the variable `=` binds, or None for a test


def plan(body, delta_at: int | None = None, relations: dict | None = None) -> list:
    """The evaluation order of a body; `delta_at` is the index of the atom read as delta.

    With `relations` (the model the body is joined against), the next atom is the one
    expected to yield the fewest rows given what is bound so far (an empty relation
    first: the join fails at once). Source order would join `instruction(M),
    instruction(N), message(M, C, ..), message(N, C, ..)` over every pair of
    instructions of a conversation before checking that they share it; picking the
    most selective atom keeps such a rule linear in the conversation. The order never
    changes the solutions, only their number of intermediate steps. A body with
    arithmetic keeps source order, so that an evaluation error is raised (or not)
    exactly where the author's order puts it."""
    atoms = [i for i, item in enumerate(body) if isinstance(item, ast.Atom)]
    if delta_at is not None:
        atoms.remove(delta_at)
        atoms.insert(0, delta_at)
    if relations is not None and len(atoms) > 2 - (delta_at is None) and not computes(body):
        atoms = _cheapest_order(body, atoms, delta_at is not None, relations)
    pending = [item for item in body if isinstance(item, ast.Compare)]
    bound: set[str] = set()
    steps: list = []

    def flush():
        progress = True
        while progress:
            progress = False
            for c in list(pending):
                step = _compare_step(c, bound)
                if step is not None:
                    steps.append(step)
                    pending.remove(c)
                    if step.target:
                        bound.add(step.target)
                    progress = True

    flush()
    for i in atoms:
        steps.append(_atom_step(body[i], bound, delta=(i == delta_at)))
        flush()
    # comparisons still pending have unbound inputs: evaluation reports the variable
    steps.extend(CompareStep(c, None) for c in pending)
    for item in body:
        if isinstance(item, ast.Naf):
            steps.append(_atom_step(item.atom, set(bound), delta=False, naf=True))
    return steps


def computes(body) -> bool:
    for item in body:
        atom = item.atom if isinstance(item, ast.Naf) else item
        terms = atom.args if isinstance(atom, ast.Atom) else (item.left, item.right)
        if any(not isinstance(t, (ast.Var, ast.Const)) for t in terms):
            return True
    return False


def _cheapest_order(body, atoms: list, keep_first: bool, relations: dict) -> list:
    """Greedy join order: repeatedly the atom with the smallest expected fan-out."""
    order = atoms[:1] if keep_first else []
    bound: set[str] = set()
    if order:
        bound |= ast.item_vars(body[order[0]])
    rest = [i for i in atoms if i not in order]
    while rest:
        best = min(rest, key=lambda i: (_fan_out(body[i], bound, relations), rest.index(i)))
        order.append(best)
        rest.remove(best)
        bound |= ast.item_vars(body[best])
    return order


def _fan_out(atom: ast.Atom, bound: set, relations: dict) -> float:
    """Expected rows per lookup: the relation's size over the distinct keys on the bound positions."""
    rel = relations.get(atom_key(atom))
    if rel is None or not rel.rows:
        return 0.0
    positions = tuple(p for p, t in enumerate(atom.args) if not isinstance(t, ast.Var) or t.name in bound)
    if len(positions) == rel.arity:
        return 0.5  # a membership test: at most one row
    if not positions:
        return float(len(rel.rows))
    return len(rel.rows) / max(rel.distinct_keys(positions), 1)


def _compare_step(c: ast.Compare, bound: set):
    if c.op == "=":
        for target, expr in ((c.left, c.right), (c.right, c.left)):
            if isinstance(target, ast.Var) and target.name not in bound and ast.term_vars(expr) <= bound:
                return CompareStep(ast.Compare("=", target, expr, c.span), target.name)
    if ast.item_vars(c) <= bound:
        return CompareStep(c, None)
    return None


def _atom_step(atom: ast.Atom, bound: set, delta: bool, naf: bool = False) -> AtomStep:
    positions, terms, binds, same = [], [], [], []
    first_at: dict[str, int] = {}
    for pos, t in enumerate(atom.args):
        if isinstance(t, ast.Var) and t.name not in bound:
            if t.name in first_at:
                same.append((first_at[t.name], pos))
            else:
                first_at[t.name] = pos
                binds.append((pos, t.name))
        else:
            positions.append(pos)
            terms.append(t)
    if not naf:
        bound.update(first_at)
    return AtomStep(atom_key(atom), delta, tuple(positions), tuple(terms), tuple(binds), tuple(same), naf)


def solutions(steps, model: dict, naf_model: dict, delta: dict, env: dict, budget, span, what):
    """Every environment that satisfies the planned body (a generator)."""
    if not steps:
        yield env
        return
    # an explicit stack of iterators keeps deep bodies off the Python stack
    stack = [iter(_extend(steps[0], model, naf_model, delta, env, budget, span, what))]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            continue
        depth = len(stack)
        if depth == len(steps):
            yield nxt
        else:
            stack.append(iter(_extend(steps[depth], model, naf_model, delta, nxt, budget, span, what)))


def _extend(step, model, naf_model, delta, env, budget, span, what):
    budget.step(span, what)
    if isinstance(step, CompareStep):
        c = step.item
        if step.target is not None:
            return (dict(env, **{step.target: value(c.right, env, span)}),)
        return (env,) if holds(c.op, value(c.left, env, span), value(c.right, env, span)) else ()
    terms = step.key_terms
    if not terms:
        key = ()
    elif len(terms) == 1 and type(terms[0]) is ast.Var and terms[0].name in env:
        key = (env[terms[0].name],)  # the usual join key, without the general evaluator
    else:
        key = tuple(value(t, env, span) for t in terms)
    if step.negated_as_failure:
        rel = naf_model.get(step.key, EMPTY)
        for row in rel.lookup(step.bound, key) if rel.rows else ():
            if all(row[a] == row[b] for a, b in step.same):
                return ()
        return (env,)
    rel = (delta if step.delta else model).get(step.key, EMPTY)
    if not rel.rows:
        return ()
    return _matches(rel.lookup(step.bound, key), step, env, budget, span, what)


def _matches(rows, step, env, budget, span, what):
    binds, same = step.binds, step.same
    for row in rows:
        budget.step(span, what)
        if same and not all(row[a] == row[b] for a, b in same):
            continue
        if binds:
            out = dict(env)
            for pos, name in binds:
                out[name] = row[pos]
            yield out
        else:
            yield env
