"""Demand-driven grounding: only the literals a reader asks about, and what decides them.

An audit reads a few predicates of each conversation (follow, compliant, violates,
...), but every principle bars its acts for every reply: nine in ten rule
instances of a batch were bars and barred literals of acts no reply did and no
message asked for, which decide nothing the audit reads. Given the predicates a
reader will ask about, the positive reading (the P layer) and the rule instances
are restricted to the literals those depend on, by a magic-set rewriting:

* every predicate class (a predicate with its strong negation and the predicates a
  `#conflict` line makes it attack, all with one arity: deciding one decides against
  the others) gets a demand relation over some of its argument positions, the ones
  every use binds (`#demand bars/3` over R and X when every rule reading bars/3 binds
  those first);
* a rule instance exists only where its head is demanded, and demand flows from a
  rule's head to its body atoms, left to right in an order that binds as much as it
  can before an atom whose demand it would widen (sideways information passing);
* the asked predicates are demanded outright.

The strict layer (D) is computed in full as before, so `not` and superiority
conditions read the same model. For a demanded literal, every rule instance for it,
its complements and the rules their bodies depend on is the one full grounding
makes: the defeasible proof conditions read only those, so its conclusion and its
proof are the same (tests/test_demand.py compares both groundings on random
theories). Literals outside the demand are simply absent; the reader must not ask
about them. Demanding more than needed is always safe, so where the rewriting cannot
follow a term (arithmetic, a rule without variables) it demands more, never less.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine import ast
from engine.ground.join import atom_key
from engine.ground.seminaive import Clause

MAGIC = "#demand "  # no predicate name has a space: these relations cannot meet a program's


@dataclass(frozen=True)
class DemandPlan:
    asked: frozenset[str]
    # id(rule) -> the body its instances are queried with: its demand guard first
    bodies: dict[int, tuple]
    magic: tuple[Clause, ...]          # demand flowing from heads to body atoms
    rules: tuple[int, ...]             # id() of the rules planned, to tell a stale plan
    # keys whose positive reading is their strict one, computed in full by the strict layer
    complete: frozenset[tuple] = frozenset()
    # the positive reading under demand: the guarded rules not in `complete`, then `magic`
    # (filled in by the grounder, which knows the layer's rules)
    p_clauses: tuple[Clause, ...] = ()

    def body(self, rule: ast.Rule) -> tuple:
        return self.bodies.get(id(rule), rule.body)


def plan_demand(rules: list[ast.Rule], conflicts: list[ast.ConflictDecl], asked: frozenset[str],
                in_p: set, complete: frozenset[tuple] = frozenset()) -> DemandPlan | None:
    """The demand rewriting of `rules` (facts excluded by the caller or ignored here) for
    readers of the predicates named in `asked`. `in_p`: the keys the P layer computes,
    the only atoms a demand clause may join (any other would never hold there).
    `complete`: keys the P layer holds in full whatever the demand (see DemandPlan). None:
    a rule with variables reads an atom the P layer lacks, which the rewriting cannot
    follow; the caller then grounds in full."""
    parent: dict[tuple, tuple] = {}

    def find(k: tuple) -> tuple:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for decl in conflicts:
        keys = [(p, n) for p, n in decl.preds]
        for k in keys[1:]:
            a, b = find(keys[0]), find(k)
            if a != b and a[1] == b[1]:
                parent[max(a, b)] = min(a, b)

    def cls(atom: ast.Atom) -> tuple:
        return find((atom.pred, len(atom.args)))

    planned = [r for r in rules if not r.is_fact]
    derived = {cls(r.head) for r in planned}
    asked_cls = {cls(r.head) for r in planned if r.head.pred in asked} | {
        find((p, n)) for decl in conflicts for p, n in decl.preds if p in asked} & derived
    positive = {id(r): [i for i in r.body if type(i) is ast.Atom] for r in planned}

    # bound[c]: the positions every use of class c binds (and every head of c can name)
    bound: dict[tuple, set] = {c: set(range(c[1])) for c in derived}
    for c in asked_cls:
        bound[c] = set()
    for r in planned:
        body_vars = set().union(*(ast.item_vars(i) for i in positive[id(r)])) if positive[id(r)] else set()
        keep = bound[cls(r.head)]
        for pos, t in enumerate(r.head.args):
            if not (type(t) is ast.Const or (type(t) is ast.Var and t.name in body_vars)):
                keep.discard(pos)

    def rank(entry: tuple[int, ast.Atom], have: set) -> tuple:
        # an atom sharing nothing with what is bound would join as a cross product
        idx, atom = entry
        at = _bound_positions(atom, have)
        c = cls(atom)
        widens = c in bound and not bound[c] <= at
        return (not at and bool(atom.args), widens, -len(at), idx)

    def order(r: ast.Rule) -> list[tuple[ast.Atom, set]]:
        """The rule's positive atoms in the order demand flows through them, each with the
        positions bound when it is reached."""
        head = r.head
        have = {t.name for pos, t in enumerate(head.args) if pos in bound[cls(head)] and type(t) is ast.Var}
        left = list(enumerate(positive[id(r)]))
        out = []
        while left:
            entry = min(left, key=lambda e: rank(e, have))
            left.remove(entry)
            atom = entry[1]
            out.append((atom, _bound_positions(atom, have)))
            have |= ast.item_vars(atom)
        return out

    changed = True
    while changed:
        changed = False
        for r in planned:
            for atom, at in order(r):
                c = cls(atom)
                if c in bound and not bound[c] <= at:
                    bound[c] &= at
                    changed = True

    def guard(c: tuple, args) -> ast.Atom:
        picked = tuple(t for pos, t in enumerate(args) if pos in bound[c])
        return ast.Atom(f"{MAGIC}{c[0]}/{c[1]}", picked)

    concluded = {atom_key(r.head) for r in planned if r.kind != ast.DEFEATER}
    bodies: dict[int, tuple] = {}
    magic: list[Clause] = []
    seen: set = set()
    for r in planned:
        hc = cls(r.head)
        own = () if hc in asked_cls else (guard(hc, r.head.args),)
        if own:
            bodies[id(r)] = own + tuple(r.body)
        ground = not any(ast.item_vars(i) for i in r.body) and not any(ast.term_vars(t) for t in r.head.args)
        prefix: list[ast.Atom] = []
        for atom, _ in order(r):
            c = cls(atom)
            if c in bound and c not in asked_cls:
                # an atom held in full can filter its own demand: the join then starts from
                # its rows instead of every binding of the rest (pairs of messages, say)
                whole = (atom,) if not ground and (atom_key(atom) in complete or atom_key(atom) not in concluded) else ()
                flow = (guard(c, atom.args), own + tuple(prefix) + whole)
                if flow not in seen:  # many rules pass the same demand on: once is enough
                    seen.add(flow)
                    magic.append(Clause(flow[0], flow[1], r.span))
            if ground:
                continue  # a rule without variables binds nothing: its guard alone says enough
            if atom_key(atom) not in in_p:
                return None
            prefix.append(atom)
    return DemandPlan(asked, bodies, tuple(magic), tuple(id(r) for r in planned), complete)


def _bound_positions(atom: ast.Atom, have: set) -> set:
    return {pos for pos, t in enumerate(atom.args)
            if type(t) is ast.Const or (type(t) is ast.Var and t.name in have)}
