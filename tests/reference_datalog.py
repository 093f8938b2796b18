"""An independent, naive bottom-up evaluator of stratified Datalog, for tests only.

It shares no code with engine/: programs are given as plain tuples, rules are applied
by brute force over the active domain until nothing changes, stratum by stratum (a
predicate's stratum is one more than that of any predicate it reads under `not`).
Slow and obviously correct: it is the yardstick the strict layer is held to.

A rule is (head, body): head = (pred, args); body items are ("pos", pred, args),
("neg", pred, args) or ("cmp", op, left, right); an argument is a variable (a str
starting with an upper-case letter or `_`) or a constant (an int or a lower-case str).
A variable that occurs in a rule only inside one "neg" item is local to it: the item
holds when no value of it makes the atom true ("no such value"); `_` is always local,
each occurrence a different variable.
"""
from __future__ import annotations

import itertools
import operator

CMP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
       "!=": operator.ne}


def is_var(term) -> bool:
    return isinstance(term, str) and (term[:1].isupper() or term[:1] == "_")


def _local_vars(body, hargs) -> set:
    """Variables written only in one "neg" item (and `_`)."""
    outside: dict = {}
    for i, b in enumerate(body):
        terms = b[2:] if b[0] == "cmp" else b[2]
        for t in terms:
            if is_var(t):
                outside.setdefault(t, set()).add(i if b[0] == "neg" else -1)
    for t in hargs:
        if is_var(t):
            outside.setdefault(t, set()).add(-1)
    return {v for v, where in outside.items() if v == "_" or (len(where) == 1 and -1 not in where)}


def strata(rules) -> dict[str, int]:
    preds = {h[0] for h, _ in rules} | {b[1] for _, body in rules for b in body if b[0] != "cmp"}
    level = {p: 0 for p in preds}
    for _ in range(len(preds) + 1):
        changed = False
        for (hp, _), body in rules:
            for b in body:
                if b[0] == "cmp":
                    continue
                need = level[b[1]] + (1 if b[0] == "neg" else 0)
                if level[hp] < need:
                    level[hp], changed = need, True
        if not changed:
            return level
    raise ValueError("not stratified")


def least_model(facts: set[tuple], rules) -> set[tuple]:
    """facts: {(pred, args)}; returns every derivable (pred, args)."""
    model = set(facts)
    level = strata(rules)
    for s in sorted(set(level.values())):
        layer = [r for r in rules if level[r[0][0]] == s]
        while True:
            domain = sorted({a for _, args in model for a in args} |
                            {t for (_, hargs), body in layer for t in hargs if not is_var(t)} |
                            {t for _, body in layer for b in body if b[0] != "cmp" for t in b[2] if not is_var(t)},
                            key=lambda v: (isinstance(v, str), v))
            new = set()
            for (hp, hargs), body in layer:
                local = _local_vars(body, hargs)
                variables = sorted(({t for b in body if b[0] != "cmp" for t in b[2] if is_var(t)}
                                    | {t for b in body if b[0] == "cmp" for t in b[2:] if is_var(t)}
                                    | {t for t in hargs if is_var(t)}) - local)
                for values in itertools.product(domain, repeat=len(variables)):
                    env = dict(zip(variables, values))
                    if all(_holds(b, env, model, domain) for b in body):
                        new.add((hp, tuple(env.get(t, t) for t in hargs)))
            if new <= model:
                break
            model |= new
    return model


def _holds(item, env, model, domain=()) -> bool:
    if item[0] == "cmp":
        _, op, left, right = item
        a, b = env.get(left, left), env.get(right, right)
        if type(a) is not type(b) and op not in ("=", "!="):
            return False
        return CMP[op](a, b)
    if item[0] == "neg":
        free = sorted({t for t in item[2] if is_var(t) and t not in env and t != "_"})
        anon = sum(t == "_" for t in item[2])
        for values in itertools.product(domain, repeat=len(free) + anon):
            inner = dict(zip(free, values))
            rest = iter(values[len(free):])
            args = tuple(next(rest) if t == "_" else inner.get(t, env.get(t, t)) for t in item[2])
            if (item[1], args) in model:
                return False
        return True
    atom = (item[1], tuple(env.get(t, t) for t in item[2]))
    return atom in model
