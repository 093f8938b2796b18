"""Rule instances: the GroundRules of one rule, from its solutions.

A non-ground rule gets one instance per solution row of its body (the grounder
finds the rows); InstanceMaker turns the rule's terms into getters over a row once,
so an instance costs a few lookups. Rules whose head, label or premises compute take
add_instance, which evaluates each term. The `not` and comparison conditions that
held are not rendered per instance: conditions() works them out from the bindings
when a proof shows them.
"""
from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from engine import ast
from engine.ground.evaluate import ground_args, value
from engine.ground.model import GroundRule, GroundTheory


class InstanceMaker:
    """add_instance for every solution row of one rule, with the rule's terms turned
    into getters over the row once: what each instance costs is a few lookups, not a
    walk of the rule. Rules whose head, label or premises compute take add_instance."""

    __slots__ = ("rule", "head", "body", "label", "names", "values")
    rule: ast.Rule
    head: tuple
    body: list
    label: Callable
    names: tuple
    values: Callable

    @classmethod
    def compile(cls, r: ast.Rule, variables: list):
        slots = {v: i for i, v in enumerate(variables)}

        def getter(terms):
            if not all(type(t) is ast.Const or (type(t) is ast.Var and t.name in slots) for t in terms):
                return None
            if all(type(t) is ast.Const for t in terms):
                fixed = tuple(t.value for t in terms)
                return lambda row: fixed
            if len(terms) == 1:
                i = slots[terms[0].name]
                return lambda row: (row[i],)
            if all(type(t) is ast.Var for t in terms):
                return itemgetter(*[slots[t.name] for t in terms])
            # constants ride at the end of the row: one itemgetter call picks the lot
            consts = tuple(t.value for t in terms if type(t) is ast.Const)
            at, picks = len(variables), []
            for t in terms:
                if type(t) is ast.Var:
                    picks.append(slots[t.name])
                else:
                    picks.append(at)
                    at += 1
            pick = itemgetter(*picks)
            return lambda row: pick(row + consts)

        head = getter(r.head.args)
        label = getter(r.label.args)
        body = [(i.pred, i.negated, getter(i.args)) for i in r.body if isinstance(i, ast.Atom)]
        if head is None or label is None or any(get is None for _, _, get in body):
            return None
        self = cls()
        self.rule, self.head, self.body, self.label = r, (r.head.pred, r.head.negated, head), body, label
        named = sorted(v for v in variables if not v.startswith("_#"))
        self.names = tuple(named)
        self.values = itemgetter(*[slots[v] for v in named]) if len(named) > 1 else (
            (lambda row, i=slots[named[0]]: (row[i],)) if named else (lambda row: ()))
        return self

    def add(self, g: GroundTheory, rows) -> None:
        r, rules, names = self.rule, g.rules, self.names
        index, keys = g.index, g.keys
        get_lid = index.get
        hpred, hneg, hargs = self.head
        body, label_name, label_args, values = self.body, r.label.name, self.label, self.values
        kind = r.kind
        for row in rows:
            premises: list[int] = []
            for pred, negated, get in body:
                k = (pred, negated, get(row))
                b = get_lid(k)
                if b is None:  # GroundTheory.lid, inlined: the hottest call of grounding
                    b = index[k] = len(keys)
                    keys.append(k)
                if b not in premises:
                    premises.append(b)
            k = (hpred, hneg, hargs(row))
            h = get_lid(k)
            if h is None:
                h = index[k] = len(keys)
                keys.append(k)
            rules.append(GroundRule(len(rules), kind, h, tuple(premises),
                                    (label_name, label_args(row)), r, tuple(zip(names, values(row)))))


def sorted_rows(rows: list) -> list:
    """Solution rows in _sort_value order (natively where that is the same order; see
    engine.ground.model._sorted_rows)."""
    try:
        return sorted(rows)
    except TypeError:
        return sorted(rows, key=lambda row: tuple(map(_sort_value, row)))


def _sort_value(v):
    return (1, v) if isinstance(v, str) else (0, v)


def sorted_envs(envs, variables):
    return sorted(envs, key=lambda b: tuple(_sort_value(b[v]) for v in variables))


def add_ground_instance(g: GroundTheory, r: ast.Rule, lid) -> None:
    """add_instance for a rule without variables, `not` or comparisons (env is {}):
    the same GroundRule, built without evaluating terms one by one. Every term is a Const
    and every body item an Atom (the caller checked), which mypy cannot see: hence the
    ignores on this hot path."""
    head = r.head
    hid = lid((head.pred, head.negated, tuple(t.value for t in head.args) if head.args else ()))  # type: ignore[union-attr]
    body = []
    for item in r.body:
        b = lid((item.pred, item.negated, tuple(t.value for t in item.args) if item.args else ()))  # type: ignore[union-attr]
        if b not in body:
            body.append(b)
    # label None: the label instance is the source's own, read from it when asked for
    g.rules.append(GroundRule(len(g.rules), r.kind, hid, tuple(body), None, r))


def add_plain_instances(g: GroundTheory, rules: list, budget) -> None:
    """add_ground_instance for every rule of `rules` (each is_plain_ground), in order:
    the whole of a large propositional theory, so the lookups are inlined and the budget
    is checked once, failing at the rule that would pass it (nothing is charged after
    these, so the count itself is not kept)."""
    room = budget.limits.max_facts - budget.facts
    if len(rules) > room:
        r = rules[max(room, 0)]
        budget.facts_added(max(room, 0) + 1, r.span, f"instances of {r.label}")
    index, keys, out = g.index, g.keys, g.rules
    get = index.get
    for r in rules:
        head = r.head
        k = (head.pred, head.negated, tuple([t.value for t in head.args]) if head.args else ())
        h = get(k)
        if h is None:
            h = index[k] = len(keys)
            keys.append(k)
        items = r.body
        if not items:
            body: tuple = ()
        else:
            found: list[int] = []
            for item in items:
                k = (item.pred, item.negated, tuple([t.value for t in item.args]) if item.args else ())
                b = get(k)
                if b is None:
                    b = index[k] = len(keys)
                    keys.append(k)
                if b not in found:
                    found.append(b)
            body = tuple(found)
        out.append(GroundRule(len(out), r.kind, h, body, None, r))


def add_instance(g: GroundTheory, r: ast.Rule, env: dict) -> None:
    head = g.lid((r.head.pred, r.head.negated, ground_args(r.head.args, env, r.span)))
    body = []
    for item in r.body:
        if isinstance(item, ast.Atom):
            lid = g.lid((item.pred, item.negated, ground_args(item.args, env, r.span)))
            if lid not in body:
                body.append(lid)
    label = (r.label.name, ground_args(r.label.args, env))
    bindings = tuple(sorted((k, v) for k, v in env.items() if not k.startswith("_#")))
    g.rules.append(GroundRule(len(g.rules), r.kind, head, tuple(body), label, r, bindings))


def conditions(rule: GroundRule) -> list[str]:
    """The `not ...` conditions and ground comparisons that held for a rule instance,
    rendered for explanations (`not s(1, _)`, `3 > 2`): worked out from its bindings
    when a proof shows them, not for every instance."""
    env = dict(rule.bindings)
    source = rule.source
    naf = [f"not {_partly_ground(i.atom, env)}" for i in source.body if isinstance(i, ast.Naf)]
    guards = [f"{ast.format_value(value(i.left, env, source.span))} {i.op} "
              f"{ast.format_value(value(i.right, env, source.span))}"
              for i in source.body if isinstance(i, ast.Compare)]
    return naf + guards


def _partly_ground(atom: ast.Atom, env: dict) -> str:
    """`not s(1, _)`: a variable that occurs only under `not` stays a variable."""
    args = []
    for t in atom.args:
        if ast.term_vars(t) <= env.keys():
            args.append(ast.format_value(value(t, env)))
        else:
            args.append(str(t))
    sign = "~" if atom.negated else ""
    return f"{sign}{atom.pred}({', '.join(args)})" if args else f"{sign}{atom.pred}"
