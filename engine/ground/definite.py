"""Theories whose conclusions are their strict least model, decided without grounding.

A theory of strict rules and facts only, with no strong negation, no `#conflict`
and no superiority, has no two literals that can attack each other: each literal
of its least model is +D and +d, and the solver would add nothing. Grounding one
GroundRule per derivation (half a million for the transitive closure of a
1,000-node chain) and running the defeasible pass over them is then most of the
cost of `solve`, for conclusions known as soon as the model is. engine.theory
uses this model for the conclusions and grounds the theory only when a proof is
asked for.

One more condition keeps the two paths equal: every literal the grounder would
intern must lie in the model. A rule with variables is grounded only where its
body holds, so its literals do; a rule without variables is grounded whether or
not its body holds, so each of its premises must be in the model, or the full
path is taken (the premise would be a -D or undecided literal of its own).
tests/test_definite_model.py compares both paths on random strict programs.
"""
from __future__ import annotations

from engine import ast
from engine.ground.evaluate import ground_args
from engine.ground.limits import Budget, Limits
from engine.ground.plans import PlanCache
from engine.ground.seminaive import Clause, evaluate


def _plain(terms) -> bool:
    return all(type(t) is ast.Var or type(t) is ast.Const for t in terms)


def eligible(program: ast.Program) -> bool:
    if program.superiorities or program.conflicts:
        return False
    strict, Atom = ast.STRICT, ast.Atom
    for r in program.rules:
        if r.kind != strict or r.head.negated or (r.label.args and not _plain(r.label.args)):
            return False
        for item in r.body:
            if type(item) is Atom and item.negated:
                return False
    return True


def strict_model(program: ast.Program, limits: Limits | None = None) -> dict | None:
    """The least model as {(pred, negated, arity): rows}, when its literals are the
    theory's every conclusion; else None."""
    if not eligible(program):
        return None
    budget = Budget(limits)
    rules = program.rules
    facts, clauses = [], []
    for r in rules:
        if r.body:
            clauses.append(Clause(r.head, r.body, r.span))
            continue
        args = r.head.args
        try:  # the usual fact, constants only, without the evaluator
            row = tuple([t.value for t in args])  # type: ignore[union-attr]
        except AttributeError:  # a variable (refused by check) or arithmetic: evaluate it
            row = ground_args(args, {}, r.span)
        facts.append(((r.head.pred, False, len(args)), row))
    plans = program.plans if isinstance(program.plans, PlanCache) else None
    relations = {key: rel.rows for key, rel in evaluate(clauses, facts, budget, plans=plans).relations.items()}
    for r in rules:
        if r.body and not any(ast.item_vars(i) for i in r.body) and not ast.item_vars(r.head):
            for item in r.body:
                if isinstance(item, ast.Atom) and ground_args(item.args, {}, r.span) not in \
                        relations.get((item.pred, False, len(item.args)), ()):
                    return None
    return relations
