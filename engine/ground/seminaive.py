"""Bottom-up, semi-naive evaluation of a stratified Datalog program over the AST.

Used where pyDatalog's top-down tabling is not sound: it does not terminate on
right-recursive rules over a cycle (`reach(X,Y) :- edge(X,Z), reach(Z,Y).` with
edge 0->1->2->0). Predicates are split into strongly connected components and
evaluated dependencies first; a recursive component is iterated to its fixpoint,
each round joining every rule once per body atom of the component with that atom
read from the previous round's new facts only. That always terminates on a
finite model, computes exactly the least model, and is bounded by a Budget.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine import ast
from engine.graph import strongly_connected
from engine.ground.evaluate import value
from engine.ground.join import Relation, atom_key, solutions
from engine.ground.plans import PlanCache, Planned, planned
from engine.ground.rowjoin import RowPlan


@dataclass(frozen=True)
class Clause:
    head: ast.Atom
    body: tuple
    span: object = None


def components(clauses, naf_same_layer: bool) -> list[list[tuple]]:
    """Strongly connected components of the predicate graph (head -> body), dependencies
    first (Tarjan's algorithm, iterative: a chain of 10^5 predicates is no deep recursion)."""
    succ: dict[tuple, list] = {}
    for c in clauses:
        deps = succ.setdefault(atom_key(c.head), [])
        for item in c.body:
            if isinstance(item, ast.Atom):
                deps.append(atom_key(item))
            elif isinstance(item, ast.Naf) and naf_same_layer:
                deps.append(atom_key(item.atom))
    return [sorted(c) for c in strongly_connected(sorted(succ), lambda n: succ.get(n, ()))]


def is_recursive(clauses, naf_same_layer: bool = True) -> bool:
    heads_of = {}
    for c in clauses:
        heads_of.setdefault(atom_key(c.head), []).append(c)
    for comp in components(clauses, naf_same_layer):
        if len(comp) > 1:
            return True
        for c in heads_of.get(comp[0], ()):
            if any(isinstance(i, ast.Atom) and atom_key(i) == comp[0] for i in c.body):
                return True
    return False


class Model:
    """The least model of one layer: relations by (pred, negated, arity)."""

    def __init__(self):
        self.relations: dict[tuple, Relation] = {}

    def relation(self, key: tuple) -> Relation:
        rel = self.relations.get(key)
        if rel is None:
            rel = self.relations[key] = Relation(key[2])
        return rel

    def rows(self, key: tuple) -> set:
        rel = self.relations.get(key)
        return rel.rows if rel else set()


def evaluate(clauses, facts, budget, naf_model: Model | None = None, plans: PlanCache | None = None,
             given: dict | None = None) -> Model:
    """The least model of `facts` plus `clauses`. `not` reads naf_model when given (the
    positive reading reads the strict layer), else this model's lower strata. `plans`
    keeps the clauses' join plans for the next program with the same rules. `given`:
    relations already complete (shared, never added to: no clause or fact may have
    their keys)."""
    model = Model()
    if given:
        model.relations.update(given)
    by_key: dict = {}
    for key, row in facts:
        by_key.setdefault(key, {})[row] = None  # a dict: duplicates once, in their order
    for key, rows in by_key.items():
        model.relation(key).add_new(list(rows))
    by_head: dict[tuple, list] = {}
    for c in clauses:
        by_head.setdefault(atom_key(c.head), []).append(c)
    for comp in components(clauses, naf_model is None):
        rules = [c for k in comp for c in by_head.get(k, ())]
        if rules:
            _fixpoint(set(comp), rules, model, naf_model or model, budget, plans)
    return model


def _fixpoint(comp: set, rules, model: Model, naf_model: Model, budget, plans) -> None:
    naf, rels = naf_model.relations, model.relations
    # round 0: every rule against the whole model
    delta = _round([(r, planned(plans, r.body, None, rels)) for r in rules], model, naf, {}, budget)
    recursive = [
        (r, planned(plans, r.body, i, rels)) for r in rules
        for i, item in enumerate(r.body) if isinstance(item, ast.Atom) and atom_key(item) in comp
    ]
    while delta and recursive:
        delta = _round(recursive, model, naf, delta, budget)


def _chunks(body: Planned, out_terms, model: dict, naf: dict, delta: dict, budget, span, what):
    """The output rows of every solution of a planned body, a list at a time (see
    engine.ground.rowjoin; a body too deep for it takes join.solutions)."""
    if RowPlan.fits(body.steps):
        yield from body.row_plan(tuple(out_terms), span).chunks(model, naf, delta, budget, span, what)
        return
    for env in solutions(body.steps, model, naf, delta, {}, budget, span, what):
        yield [tuple(value(t, env, span) for t in out_terms)]


def _round(jobs, model: Model, naf: dict, delta: dict, budget) -> dict:
    """Joins each planned rule; returns the new facts (added to the model) as relations."""
    new: dict[tuple, dict] = {}
    rels = model.relations
    for rule, body in jobs:
        key = atom_key(rule.head)
        what = f"{'~' if rule.head.negated else ''}{rule.head.pred}/{len(rule.head.args)}"
        known = model.relation(key).rows
        out = new.setdefault(key, {})  # a dict keeps the order of derivation: deterministic
        span = rule.span
        for chunk in _chunks(body, rule.head.args, rels, naf, delta, budget, span, what):
            before = len(out)
            out.update(dict.fromkeys([row for row in chunk if row not in known]))
            if len(out) > before:
                budget.facts_added(len(out) - before, span, what)
    # added after the round, so no join iterates a relation that grows under it
    fresh: dict[tuple, Relation] = {}
    for key, rows in new.items():
        if rows:
            listed = list(rows)
            model.relation(key).add_new(listed)
            d = fresh[key] = Relation(key[2])
            d.add_new(listed)
    return fresh


def query(variables, body, model: Model, naf_model: Model, budget, span, what: str) -> list[dict]:
    """Every binding of `variables` satisfying `body` in the model, once each."""
    return [dict(zip(variables, row)) for row in query_rows(variables, body, model, naf_model, budget, span, what)]


def query_rows(variables, body, model: Model, naf_model: Model, budget, span, what: str,
               plans: PlanCache | None = None) -> list[tuple]:
    """query() as tuples of the variables' values, in the order of `variables`; each
    distinct row is counted against the budget's facts as it is found. Pass `plans`
    only for a body that belongs to a rule (engine.ground.plans)."""
    terms = tuple(ast.Var(v) for v in variables)
    seen: dict = {}
    for chunk in _chunks(planned(plans, body, None, model.relations), terms, model.relations, naf_model.relations,
                         {}, budget, span, what):
        before = len(seen)
        seen.update(dict.fromkeys(chunk))
        if len(seen) > before:
            budget.facts_added(len(seen) - before, span, what)
    return list(seen)
