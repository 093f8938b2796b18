"""The join of a planned body over tuples: the fast form of join.solutions.

join.plan decides the order of a body; this module runs that order with each
partial solution kept as a tuple of values (one slot per variable, in the order
the steps bind them) instead of a dict per binding. Key and head extraction are
operator.itemgetter calls, and each step extends a list of partial solutions
at once, which is what makes bottom-up evaluation of 10^6 tuples take seconds
rather than tens of seconds. Lists are handed on in pieces of at most CHUNK
rows, so a join with a large fan-out never holds more than that many partial
solutions per step, and the Budget is charged for every row looked at, as
join.solutions charges it.

The semantics are join.solutions': the same solutions in the same order, the
same evaluation errors raised at the same point (a term that computes, or a
variable no step binds, is evaluated by engine.ground.evaluate on a dict made
from the slots).
"""
from __future__ import annotations

from operator import itemgetter

from engine import ast
from engine.ground.evaluate import holds, value
from engine.ground.join import EMPTY, AtomStep

CHUNK = 4096
# deeper bodies take join.solutions, whose explicit stack needs no Python recursion
MAX_STEPS = 48


def _getter(term, slots: dict, span):
    """A function of the partial solution giving the term's value."""
    if type(term) is ast.Const:
        v = term.value
        return lambda e: v
    if type(term) is ast.Var and term.name in slots:
        return itemgetter(slots[term.name])
    names = tuple(slots)  # insertion order is slot order
    return lambda e: value(term, dict(zip(names, e)), span)


def _tuple_getter(terms, slots: dict, span):
    """A function of the partial solution giving the tuple of the terms' values."""
    if not terms:
        return lambda e: ()
    if all(type(t) is ast.Var and t.name in slots for t in terms):
        idx = [slots[t.name] for t in terms]
        if len(idx) == 1:
            i = idx[0]
            return lambda e: (e[i],)
        return itemgetter(*idx)
    if all(type(t) is ast.Const for t in terms):
        key = tuple(t.value for t in terms)
        return lambda e: key
    getters = [_getter(t, slots, span) for t in terms]
    return lambda e: tuple(g(e) for g in getters)


class _Atom:
    __slots__ = ("key", "delta", "bound", "keyf", "const_key", "same", "bind", "whole", "naf", "binds")

    def __init__(self, step: AtomStep, slots: dict, span):
        self.key, self.delta, self.bound, self.naf = step.key, step.delta, step.bound, step.negated_as_failure
        self.binds = step.binds
        self.keyf = _tuple_getter(step.key_terms, slots, span)
        self.const_key = self.keyf(()) if all(type(t) is ast.Const for t in step.key_terms) else None
        self.same = step.same
        positions = [p for p, _ in step.binds]
        # the row itself is the extension when every position is bound here, in order
        self.whole = positions == list(range(step.key[2])) and not step.same
        self.bind = None
        if positions and not self.whole:
            if len(positions) == 1:
                p = positions[0]
                self.bind = lambda row: (row[p],)
            else:
                self.bind = itemgetter(*positions)
        if not self.naf:
            for _, name in step.binds:
                slots[name] = len(slots)


class _Compare:
    __slots__ = ("op", "left", "right", "target")

    def __init__(self, step, slots: dict, span):
        c = step.item
        self.op, self.target = c.op, step.target
        if step.target is not None:
            self.left = None
            self.right = _getter(c.right, slots, span)
            slots[step.target] = len(slots)
        else:
            self.left = _getter(c.left, slots, span)
            self.right = _getter(c.right, slots, span)


class RowPlan:
    """A planned body compiled to slot steps; `out` gives the row wanted of each solution."""

    __slots__ = ("steps", "out", "slots", "fused")

    def __init__(self, steps, out_terms, span):
        slots: dict[str, int] = {}
        compiled: list = []
        width = 0  # the length of the partial solution before the last step
        for step in steps:
            width = len(slots)
            compiled.append(_Atom(step, slots, span) if isinstance(step, AtomStep) else _Compare(step, slots, span))
        self.steps = compiled
        self.slots = slots
        self.out = _tuple_getter(out_terms, slots, span)
        self.fused = _fused(compiled[-1], out_terms, slots, width) if compiled else None

    @staticmethod
    def fits(steps) -> bool:
        return len(steps) <= MAX_STEPS

    def chunks(self, model: dict, naf_model: dict, delta: dict, budget, span, what):
        """Every solution's output row, in join.solutions' order, a list at a time."""
        if not self.steps:
            yield [self.out(())]
            return
        yield from self._run(0, [()], model, naf_model, delta, budget, span, what)

    def _on(self, i, nxt, model, naf_model, delta, budget, span, what):
        """The pieces that follow partial solutions nxt, bound up to step i."""
        if i == len(self.steps):
            return (list(map(self.out, nxt)),)
        return self._run(i, nxt, model, naf_model, delta, budget, span, what)

    def _run(self, i, envs, model, naf_model, delta, budget, span, what):
        step = self.steps[i]
        if type(step) is _Compare:
            budget.steps_taken(len(envs), span, what)
            if step.target is not None:
                f = step.right
                nxt = [e + (f(e),) for e in envs]
            else:
                op, lf, rf = step.op, step.left, step.right
                nxt = [e for e in envs if holds(op, lf(e), rf(e))]
            if nxt:
                yield from self._on(i + 1, nxt, model, naf_model, delta, budget, span, what)
            return
        if step.naf:
            budget.steps_taken(len(envs), span, what)
            rel = naf_model.get(step.key, EMPTY)
            if not rel.rows:
                nxt = envs
            else:
                index = _index(rel, step.bound)
                keyf, same = step.keyf, step.same
                if same:
                    nxt = [e for e in envs if not any(all(r[a] == r[b] for a, b in same)
                                                      for r in _get(index, rel, step.bound, keyf(e)))]
                else:
                    nxt = [e for e in envs if not _get(index, rel, step.bound, keyf(e))]
            if nxt:
                yield from self._on(i + 1, nxt, model, naf_model, delta, budget, span, what)
            return
        rel = (delta if step.delta else model).get(step.key, EMPTY)
        if not rel.rows:
            budget.steps_taken(len(envs), span, what)
            return
        last = i + 1 == len(self.steps)
        index = _index(rel, step.bound)
        if index is not None and not step.same:
            yield from self._indexed(i, step, last, rel, index, envs, model, naf_model, delta, budget, span, what)
            return
        bound = step.bound
        keyf, same, bind, whole = step.keyf, step.same, step.bind, step.whole
        const_key = step.const_key
        nxt: list = []
        looked = 0
        for e in envs:
            rows = _get(index, rel, bound, const_key if const_key is not None else keyf(e))
            if not rows:
                looked += 1
                continue
            looked += 1 + len(rows)
            if same:
                rows = [r for r in rows if all(r[a] == r[b] for a, b in same)]
            if whole:
                nxt.extend([e + r for r in rows])
            elif bind is not None:
                nxt.extend([e + bind(r) for r in rows])
            else:
                nxt.append(e)  # a test: the row exists
            if len(nxt) >= CHUNK:
                budget.steps_taken(looked, span, what)
                looked = 0
                yield from self._on(i + 1, nxt, model, naf_model, delta, budget, span, what)
                nxt = []
        budget.steps_taken(looked, span, what)
        if nxt:
            yield from self._on(i + 1, nxt, model, naf_model, delta, budget, span, what)

    def _indexed(self, i, step, last, rel, index, envs, model, naf_model, delta, budget, span, what):
        """An atom step looked up in a hash index, one comprehension per piece of envs.
        A piece is as long as keeps its result under about CHUNK rows, whatever the
        widest key (Relation.widest): the same bound on memory as the loop above."""
        get, keyf, bind = index.get, step.keyf, step.bind
        size = max(1, CHUNK // max(1, rel.widest.get(step.bound, 1)))
        fused = self.fused if last else None
        for at in range(0, len(envs), size):
            piece = envs[at:at + size] if size < len(envs) else envs
            if fused is not None:
                nxt = [fused(e + r) for e in piece for r in get(keyf(e), ())]
            elif step.whole:
                nxt = [e + r for e in piece for r in get(keyf(e), ())]
            elif bind is not None:
                nxt = [e + bind(r) for e in piece for r in get(keyf(e), ())]
            else:
                nxt = [e for e in piece if get(keyf(e))]  # a test: the row exists
            budget.steps_taken(len(piece) + len(nxt), span, what)
            if nxt:
                if fused is not None:
                    yield nxt
                else:
                    yield from self._on(i + 1, nxt, model, naf_model, delta, budget, span, what)


def _fused(step, out_terms, slots: dict, width: int):
    """For a last step that looks rows up: the output row straight from (partial
    solution + row), skipping the solution tuple in between; None where an output
    term is not a plain variable or the step is no positive lookup."""
    if type(step) is not _Atom or step.naf or step.same:
        return None
    if not all(type(t) is ast.Var and t.name in slots for t in out_terms) or not out_terms:
        return None
    # slot j < width is e[j]; a slot bound by this step comes from the row, after e
    from_row = {slots[name]: width + pos for pos, name in step.binds}
    picks = [from_row.get(slots[t.name], slots[t.name]) for t in out_terms]
    if len(picks) == 1:
        p = picks[0]
        return lambda er: (er[p],)
    return itemgetter(*picks)


def _index(rel, bound: tuple):
    """The hash index of rel on `bound`, or None where the lookup needs none."""
    if not bound or len(bound) == rel.arity:
        return None
    return rel.index(bound)


def _get(index, rel, bound, key):
    if index is not None:
        return index.get(key, ())
    if not bound:
        return rel.rows
    return (key,) if key in rel.rows else ()
