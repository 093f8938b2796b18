"""Program -> GroundTheory.

Only what can matter is grounded: a non-ground rule gets one instance per
solution of its body in the positive reading of the theory (the P layer), and
the definite (+D) literals come from the strict layer (the D layer). Both layers
are evaluated bottom-up (engine.ground.seminaive; pyDatalog only under
SPECLOGIC_PYDATALOG=1, for comparisons); the instances are built by
engine.ground.instances, and superiority is linked by engine.ground.superiority.
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import replace
from typing import cast

from engine import ast
from engine.errors import LIMIT_EXCEEDED, SpeclogicError
from engine.ground.demand import DemandPlan, plan_demand
from engine.ground.evaluate import compare, ground_args
from engine.ground.instances import (
    InstanceMaker,
    add_ground_instance,
    add_instance,
    add_plain_instances,
    sorted_envs,
    sorted_rows,
)
from engine.ground.join import computes
from engine.ground.limits import Budget, Limits
from engine.ground.model import GroundTheory, SuperiorityInstance
from engine.ground.plans import PlanCache
from engine.ground.seminaive import Clause, Model, evaluate, is_recursive, query, query_rows
from engine.ground.superiority import link_superiority


def _is_ground_rule(rule: ast.Rule) -> bool:
    # Nearly every rule of a large generated theory has constant arguments only: say so
    # without building its variable sets; anything else takes the full walk.
    Const, Atom, Naf = ast.Const, ast.Atom, ast.Naf
    for t in rule.head.args:
        if type(t) is not Const:
            return not _rule_vars(rule)
    for t in rule.label.args:
        if type(t) is not Const:
            return not _rule_vars(rule)
    for item in rule.body:
        kind = type(item)
        args = item.args if kind is Atom else item.atom.args if kind is Naf else None  # type: ignore[union-attr]
        if args is None:
            return not _rule_vars(rule)
        for t in args:
            if type(t) is not Const:
                return not _rule_vars(rule)
    return True


def _rule_vars(rule: ast.Rule) -> set:
    out = set()
    for item in rule.body:
        out |= ast.item_vars(item)
    for t in rule.head.args:
        out |= ast.term_vars(t)
    for t in rule.label.args:
        out |= ast.term_vars(t)
    return out


def _positive_vars(items) -> list:
    """Variables bound by positive atoms and `=`, in order of first occurrence."""
    seen = []
    for item in items:
        if isinstance(item, (ast.Atom, ast.Compare)):
            for v in sorted(ast.item_vars(item), key=lambda n: _first_pos(item, n)):
                if v not in seen:
                    seen.append(v)
    return seen


def _first_pos(item, name):
    span = getattr(item, "span", None)
    return (span.column if span else 0, name)


def _upstream(seeds: set, rules_by_head: dict) -> set:
    """Predicates the seeds depend on through rule bodies (atoms and `not`)."""
    todo, seen = list(seeds), set(seeds)
    while todo:
        key = todo.pop()
        for rule in rules_by_head.get(key, ()):
            for item in rule.body:
                atom = item.atom if isinstance(item, ast.Naf) else item
                if isinstance(atom, ast.Atom):
                    k = (atom.pred, atom.negated, len(atom.args))
                    if k not in seen:
                        seen.add(k)
                        todo.append(k)
    return seen


def _atom_key(atom: ast.Atom) -> tuple:
    return (atom.pred, atom.negated, len(atom.args))


def _computes(items) -> bool:
    return any(isinstance(i, ast.Compare) for i in items) or any(
        isinstance(i, ast.Atom) and any(not isinstance(t, (ast.Var, ast.Const)) for t in i.args) for i in items)


def ground_program(program: ast.Program, limits: Limits | None = None,
                   demand: frozenset[str] | None = None) -> GroundTheory:
    """The ground theory of `program`. `demand`: the predicates the caller will read; only
    their literals and what decides them are grounded (engine.ground.demand). None: all."""
    g = GroundTheory(program=program)
    budget = Budget(limits)
    rules = program.rules
    g.conflicts = _conflict_map(program)
    if os.environ.get("SPECLOGIC_PYDATALOG") != "1" and _is_plain(program, rules):
        return _ground_plain(g, program, rules, budget)

    strict_by_head = defaultdict(list)
    all_by_head = defaultdict(list)
    for r in rules:
        key = _atom_key(r.head)
        if r.kind == ast.STRICT:
            strict_by_head[key].append(r)
        if r.kind != ast.DEFEATER:
            all_by_head[key].append(r)

    # Which predicates pyDatalog must know in each layer.
    d_seeds = set()
    for r in rules:
        if r.kind == ast.STRICT and r.body:
            d_seeds.add(_atom_key(r.head))
        for item in r.body:
            if isinstance(item, ast.Naf):
                d_seeds.add(_atom_key(item.atom))
    for s in program.superiorities:
        for item in s.body:
            atom = item.atom if isinstance(item, ast.Naf) else item
            if isinstance(atom, ast.Atom):
                d_seeds.add(_atom_key(atom))
    need_d = _upstream(d_seeds, strict_by_head)
    # identity, not equality: hashing a frozen Rule would walk its whole tree
    nonground = {id(r) for r in rules if not _is_ground_rule(r)}
    p_seeds = set()
    for r in rules:
        if id(r) in nonground:
            for item in r.body:
                if isinstance(item, ast.Atom):
                    p_seeds.add(_atom_key(item))
    need_p = _upstream(p_seeds, all_by_head)

    # one Clause per rule, shared by the layers: _same_reading tells them apart by identity
    # (not by their head: a large file's propositional atoms are shared between statements)
    d_of = {id(r): Clause(r.head, r.body, r.span) for r in rules
            if r.kind == ast.STRICT and r.body and _atom_key(r.head) in need_d}
    d_clauses = list(d_of.values())
    p_clauses = [d_of.get(id(r)) or Clause(r.head, r.body, r.span) for r in rules
                 if r.kind != ast.DEFEATER and not r.is_fact and _atom_key(r.head) in need_p]
    # pyDatalog's tabling does not terminate on right recursion over a cycle, hides
    # arithmetic failures, and cannot be bounded: a 10^8-instance join grew past 20 GB.
    # Every join is therefore evaluated bottom-up (engine.ground.seminaive) under a Budget;
    # the pyDatalog path below is kept only for SPECLOGIC_PYDATALOG=1 comparisons.
    bottom_up = os.environ.get("SPECLOGIC_PYDATALOG") != "1" or bool(need_d or need_p) and (
        is_recursive(d_clauses) or is_recursive(p_clauses, naf_same_layer=False)
        or any(_computes(c.body) or _computes((c.head,)) for c in d_clauses + p_clauses)
        or any(_computes(r.body) or _computes((r.head,)) for r in rules if id(r) in nonground)
    ) or any(_computes(s.body) for s in program.superiorities)
    if bottom_up:
        # a dict of lists per head is 200 MB at 10^6 rules: not kept while the instances are built
        del strict_by_head, all_by_head
        plan = _demand_plan(program, rules, need_p, need_d, demand) if demand is not None and need_p else None
        if plan is not None:
            try:
                return _ground_bottom_up(g, program, rules, need_d, need_p, d_clauses, p_clauses, nonground,
                                         budget, plan)
            except SpeclogicError as exc:
                if exc.code != LIMIT_EXCEEDED:
                    raise
                # Demand only ever saves work; should its rewriting join more than the
                # limits allow, the theory is grounded as it would be without it.
                g, budget = GroundTheory(program=program), Budget(limits)
                g.conflicts = _conflict_map(program)
        return _ground_bottom_up(g, program, rules, need_d, need_p, d_clauses, p_clauses, nonground, budget)
    # only used when need_d or need_p holds (comparisons path, SPECLOGIC_PYDATALOG=1)
    from engine.ground.datalog import DatalogLayer  # pyDatalog is loaded only for this comparison path

    layer = cast(DatalogLayer, DatalogLayer() if (need_d or need_p) else None)

    # ---- facts and the strict layer
    for r in rules:
        if r.is_fact:
            key = _atom_key(r.head)
            args = ground_args(r.head.args, {})
            lid = g.lid((r.head.pred, r.head.negated, args))
            g.facts.add(lid)
            g.definite.add(lid)
            if key in need_d:
                layer.add_fact("D", r.head.pred, r.head.negated, args)
            if key in need_p:
                layer.add_fact("P", r.head.pred, r.head.negated, args)
    for r in rules:
        if r.kind == ast.STRICT and r.body and _atom_key(r.head) in need_d:
            layer.add_clause("D", r.head, r.body)
        if r.kind != ast.DEFEATER and not r.is_fact and _atom_key(r.head) in need_p:
            # `p(a) := true.` is no fact, but it may prove p(a): it belongs to the positive reading
            layer.add_clause("P", r.head, r.body)
    derived = [
        key for key in sorted(need_d)
        if any(x.body for x in strict_by_head.get(key, ()))
    ]
    answers = layer.batch([layer.atom_query("D", key[0], key[1], key[2], _blame(strict_by_head[key]))
                           for key in derived]) if derived else []
    definite_keys = set()
    for (pred, negated, arity), rows in zip(derived, answers):
        for row in rows:
            key = (pred, negated, tuple(row[f"_V{i}"] for i in range(arity)))
            definite_keys.add(key)
            g.definite.add(g.lid(key))
    definite_keys.update(g.keys[i] for i in g.facts)

    # ---- rule instances and conditional superiority: one batch of pyDatalog queries
    instance_rules = [r for r in rules if not (r.is_fact and r.generated_label)]  # a labelled fact is
    # also a rule instance: superiority may name it
    joined = [r for r in instance_rules if id(r) in nonground]
    conditional = [s for s in program.superiorities if s.body]
    queries = [(_positive_vars(r.body), r.body, "P", r.span) for r in joined]
    queries += [(_positive_vars(s.body), s.body, "D", s.span) for s in conditional]
    envs_of = dict(zip(map(id, [*joined, *conditional]), layer.batch(queries))) if queries else {}
    for r in instance_rules:
        if id(r) in nonground:
            envs = envs_of[id(r)]
        else:
            envs = [{}] if _ground_body_holds(r.body, definite_keys, r.span) else []
        for env in envs:
            add_instance(g, r, env)

    # ---- superiority
    for s in program.superiorities:
        for env in (envs_of[id(s)] if s.body else [{}]):
            sup = (s.superior.name, ground_args(s.superior.args, env))
            inf = (s.inferior.name, ground_args(s.inferior.args, env))
            premises = tuple(
                (i.pred, i.negated, ground_args(i.args, env)) for i in s.body if isinstance(i, ast.Atom)
            )
            g.superiority.append(SuperiorityInstance(sup, inf, s, premises))
    link_superiority(g)
    return g


def _is_plain(program: ast.Program, rules) -> bool:
    """No variable, `not` or comparison anywhere, and no conditional superiority: every
    rule is its one instance (each DTScale theory, and most large generated ones)."""
    return not any(s.body for s in program.superiorities) and all(map(ast.is_plain_ground, rules))


def _ground_plain(g: GroundTheory, program: ast.Program, rules, budget: Budget) -> GroundTheory:
    """ground_program for an _is_plain program: the same ground theory, literal ids in the
    same order (the facts', then the strict layer's, then the instances'), without the
    layers' bookkeeping: nothing is joined, so nothing is planned or needed in the
    positive reading, and only the strict rules with a body are evaluated, for +D."""
    index, keys, facts, definite = g.index, g.keys, g.facts, g.definite
    get = index.get
    strict = ast.STRICT
    instance_rules, derived = [], []
    for r in rules:
        if r.kind == strict and not r.body:
            head = r.head
            k = (head.pred, head.negated, tuple([t.value for t in head.args]) if head.args else ())
            lid = get(k)
            if lid is None:
                lid = index[k] = len(keys)
                keys.append(k)
            facts.add(lid)
            definite.add(lid)
            if r.generated_label:
                continue  # a labelled fact is also a rule instance: superiority may name it
        elif r.kind == strict:
            derived.append(r)
        instance_rules.append(r)
    if derived:
        strict_by_head = defaultdict(list)
        for r in rules:
            if r.kind == strict:
                strict_by_head[_atom_key(r.head)].append(r)
        need_d = _upstream({_atom_key(r.head) for r in derived}, strict_by_head)
        d_facts = [(key, keys[lid][2]) for lid in sorted(facts) if (key := _lid_key(keys[lid])) in need_d]
        plans = program.plans if isinstance(program.plans, PlanCache) else None
        d_model = evaluate([Clause(r.head, r.body, r.span) for r in derived], d_facts, budget, plans=plans)
        for key in sorted({_atom_key(r.head) for r in derived}):
            pred, negated, _ = key
            for row in sorted_rows(list(d_model.rows(key))):
                definite.add(g.lid((pred, negated, row)))
    add_plain_instances(g, instance_rules, budget)
    for s in program.superiorities:  # unconditional, all of them (_is_plain)
        sup = (s.superior.name, ground_args(s.superior.args, {}, s.span))
        inf = (s.inferior.name, ground_args(s.inferior.args, {}, s.span))
        g.superiority.append(SuperiorityInstance(sup, inf, s, ()))
    link_superiority(g)
    return g


def _lid_key(key: tuple) -> tuple:
    """(pred, negated, arity) of a literal key."""
    return (key[0], key[1], len(key[2]))


def _conflict_map(program: ast.Program) -> dict:
    out: dict = {}
    for decl in program.conflicts:
        for p, n in decl.preds:
            for q, m in decl.preds:
                if (p, n) != (q, m) and n == m:
                    out.setdefault((p, False, n), set()).add((q, False))
    return out


def _demand_plan(program: ast.Program, rules, need_p, need_d, demand: frozenset[str]) -> DemandPlan | None:
    """The demand rewriting, kept with the program's join plans: a rulebase's batches
    share their rules, so it is worked out once, not per batch."""
    cache = program.plans if isinstance(program.plans, PlanCache) else None
    ids = tuple(id(r) for r in rules if not r.is_fact)
    plan = cache.demand.get(demand) if cache is not None else None
    if plan is None or plan.rules != ids:
        p_rules = [r for r in rules if r.kind != ast.DEFEATER and not r.is_fact and _atom_key(r.head) in need_p]
        plan = plan_demand(rules, program.conflicts, demand, need_p, frozenset(_strict_closed(p_rules, need_d)))
        if plan is not None:
            guarded = tuple(Clause(r.head, plan.body(r), r.span) for r in p_rules
                            if _atom_key(r.head) not in plan.complete)
            plan = replace(plan, p_clauses=guarded + plan.magic)
        if cache is not None:
            cache.demand[demand] = plan
    return plan


def _ground_bottom_up(g, program, rules, need_d, need_p, d_clauses, p_clauses, nonground, budget,
                      plan: DemandPlan | None = None) -> GroundTheory:
    d_facts, p_facts = [], []
    for r in rules:
        if r.is_fact:
            key = _atom_key(r.head)
            args = ground_args(r.head.args, {}, r.span)
            lid = g.lid((r.head.pred, r.head.negated, args))
            g.facts.add(lid)
            g.definite.add(lid)
            if key in need_d:
                d_facts.append((key, args))
            if key in need_p:
                p_facts.append((key, args))
    plans = program.plans if isinstance(program.plans, PlanCache) else None
    d_model = evaluate(d_clauses, d_facts, budget, plans=plans)
    derived = sorted({_atom_key(c.head) for c in d_clauses})
    for key in derived:
        pred, negated, _ = key
        for row in sorted_rows(list(d_model.rows(key))):
            g.definite.add(g.lid((pred, negated, row)))
    definite_keys = {g.keys[i] for i in g.definite}
    if plan is not None:
        # The positive reading of the demanded literals: guarded rules, and demand flowing.
        # A predicate only strict rules conclude reads the same in both layers: its strict
        # relation is taken whole (a superset of its demanded part is safe: the instances
        # are guarded), not derived a second time.
        given = {k: d_model.relation(k) for k in plan.complete}
        p_model = evaluate(plan.p_clauses, [f for f in p_facts if f[0] not in given], budget, naf_model=d_model,
                           plans=plans, given=given)
    elif need_p and _same_reading(p_clauses, d_clauses, need_p, need_d):
        # only strict rules feed the positive reading: its least model is the strict one
        p_model = d_model
    else:
        p_model = evaluate(p_clauses, p_facts, budget, naf_model=d_model, plans=plans) if need_p else Model()
    instance_rules = [r for r in rules if not (r.is_fact and r.generated_label)]
    lid = g.lid
    for r in instance_rules:
        if id(r) in nonground:
            variables = _positive_vars(r.body)
            what = f"instances of {r.label}"
            body = r.body if plan is None else plan.body(r)
            rows = sorted_rows(query_rows(variables, body, p_model, d_model, budget, r.span, what, plans))
            maker = InstanceMaker.compile(r, variables)
            if maker is not None:
                maker.add(g, rows)
                continue
            envs = [dict(zip(variables, row)) for row in rows]
            for env in envs:  # query_rows has counted each against the budget
                add_instance(g, r, env)
            continue
        elif ast.is_plain_ground(r):
            # constants only, over plain literals: the rule is its one instance
            budget.fact(r.span, f"instances of {r.label}")
            add_ground_instance(g, r, lid)
            continue
        else:
            envs = [{}] if _ground_body_holds(r.body, definite_keys, r.span) else []
        for env in envs:
            budget.fact(r.span, f"instances of {r.label}")
            add_instance(g, r, env)
    sup_model = None  # built on first need: a relation per label is 500 MB at 10^6 rules
    for s in program.superiorities:
        if s.body:
            if sup_model is None:
                named = {x.name for c in program.superiorities if c.body for x in (c.superior, c.inferior)}
                sup_model = _with_labels(d_model, g.rules, named)
            variables = _positive_vars(s.body)
            body = _label_guards(s, set(variables)) + tuple(s.body)
            envs = sorted_envs(query(variables, body, sup_model, d_model, budget, s.span, "superiority"), variables)
        else:
            envs = [{}]
        for env in envs:
            sup = (s.superior.name, ground_args(s.superior.args, env, s.span))
            inf = (s.inferior.name, ground_args(s.inferior.args, env, s.span))
            premises = tuple(
                (i.pred, i.negated, ground_args(i.args, env, s.span)) for i in s.body if isinstance(i, ast.Atom)
            )
            g.superiority.append(SuperiorityInstance(sup, inf, s, premises))
    link_superiority(g)
    return g


def _strict_closed(p_rules, need_d) -> set:
    """The predicates whose positive reading is their strict one: the strict layer
    computes them, only strict rules conclude them, and their bodies read only such
    predicates or facts (a strict rule over a defeasible conclusion reads more in the
    positive reading than in the strict one)."""
    by_head: dict = {}
    for r in p_rules:
        by_head.setdefault(_atom_key(r.head), []).append(r)
    closed = {k for k, rs in by_head.items() if k in need_d and all(r.kind == ast.STRICT for r in rs)}
    changed = True
    while changed:
        changed = False
        for k in sorted(closed):
            if any(type(i) is ast.Atom and _atom_key(i) in by_head and _atom_key(i) not in closed
                   for r in by_head[k] for i in r.body):
                closed.discard(k)
                changed = True
    return closed


def _same_reading(p_clauses, d_clauses, need_p, need_d) -> bool:
    """The P layer would derive exactly what the D layer did: each of its predicates is
    a D-layer predicate and each of its clauses a D-layer clause (so strict, and with
    the same facts; `not` reads the strict model in both)."""
    if not need_p <= need_d or len(p_clauses) > len(d_clauses):
        return False
    d_ids = {id(c) for c in d_clauses}
    return all(id(c) in d_ids for c in p_clauses)


_LABEL = "#label "  # no predicate name has a space: these relations cannot meet a program's


def _with_labels(d_model: Model, rules, named: set) -> Model:
    """The strict model plus one relation per rule label that a conditional clause names
    (only those are read, by _label_guards): the label instances grounded."""
    out = Model()
    out.relations = dict(d_model.relations)
    by_label: dict = {}
    for rule in rules:
        name, args = rule.label
        if name in named:
            by_label.setdefault((name, len(args)), []).append(args)
    for (name, arity), rows in by_label.items():
        out.relation((_LABEL + name, False, arity)).rows.update(rows)  # no index exists yet
    return out


def _label_guards(s: ast.Superiority, variables: set) -> tuple:
    """`enforce(P, M, A) > heed(M, A) :- asks(M, A), principle_level(P, X), ...` holds for
    every principle and ask, but only matters where both rule instances exist (the solver
    reads superiority between grounded rules only): joining the labels first grounds
    O(rule instances), not O(asks x principles). A body that computes, or a label term
    the body does not bind, keeps the clause as written: an evaluation error in it is
    reported as before."""
    if computes(s.body):
        return ()
    guards = []
    for label in (s.superior, s.inferior):
        if all(isinstance(t, (ast.Var, ast.Const)) for t in label.args) and \
                all(t.name in variables for t in label.args if isinstance(t, ast.Var)):
            guards.append(ast.Atom(_LABEL + label.name, tuple(label.args), False, label.span))
    return tuple(guards)


def _ground_body_holds(body, definite_keys, span=None) -> bool:
    for item in body:
        if isinstance(item, ast.Compare) and not compare(item, {}, span):
            return False
        if isinstance(item, ast.Naf):
            a = item.atom
            if (a.pred, a.negated, ground_args(a.args, {}, span)) in definite_keys:
                return False
    return True


def _blame(rules) -> object:
    """The span to report if deriving these rules' facts fails: the first that computes."""
    for r in rules:
        if any(isinstance(i, ast.Compare) for i in r.body) or any(
            isinstance(t, (ast.BinOp, ast.Neg)) for t in r.head.args
        ):
            return r.span
    return rules[0].span if rules else None
