"""Proof trees (`why`) and failure trees (`why-not`) built from proof records.

A tree goes down through premises to facts; each attacker shows how it was met
(beaten by which rule, through which superiority clause and the facts that
made it hold). Literals met twice are expanded once and referenced after, so
trees stay finite on loops and small on shared premises.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from engine.ast import DEFEATER, Atom, Const, Var, term_vars
from engine.explain.messages import MessageIndex
from engine.ground.evaluate import value
from engine.proof import Fate, RuleRef, SuperiorityRef, prune

SCHEMA_VERSION = 1


@dataclass
class Node:
    literal: str
    definite: str
    defeasible: str
    reason: str
    failure: str | None = None
    rule: RuleRef | None = None
    premises: list[Node] = field(default_factory=list)
    attackers: list[Edge] = field(default_factory=list)
    supporters: list[Edge] = field(default_factory=list)
    contradicted_by: str | None = None
    message: dict | None = None
    unmatched_rules: list[dict] = field(default_factory=list)  # reason no_instance: rules whose body never matched
    seen: bool = False  # expanded elsewhere in this tree
    truncated: bool = False  # not expanded: deeper than the depth asked for


@dataclass
class Edge:
    """An attacker (in `why`) or a supporter (in `why-not`) and what became of it."""

    rule: RuleRef
    outcome: str
    failure: str | None = None
    by: RuleRef | None = None
    superiority: SuperiorityRef | None = None
    superiority_premises: list[Node] = field(default_factory=list)
    premise: Node | None = None


def to_json(node: Node) -> dict:
    return {"version": SCHEMA_VERSION, "tree": prune(asdict(node), drop_false=True)}


class TreeBuilder:
    def __init__(self, solution, max_depth: int = 40):
        self.sol = solution
        self.g = solution.ground
        self.messages = MessageIndex(self.g)
        self.max_depth = max_depth
        self.expanded: set[str] = set()
        self.quoted: set[str] = set()

    def _quote(self, key) -> dict | None:
        """A message is quoted in full the first time; after that by id only."""
        m = self.messages.quote(key)
        if m is None:
            return None
        if m["id"] in self.quoted:
            return {"id": m["id"], "role": m["role"], "seen": True}
        self.quoted.add(m["id"])
        return m

    def _leaf(self, literal: str) -> Node:
        c = self.sol.lookup(literal)
        key = (c.predicate, c.negated, tuple(c.args))
        return Node(c.literal, c.definite, c.defeasible, "", c.failure, message=self._quote(key))

    def _rules_that_could_conclude(self, leaf: Node) -> list[dict]:
        c = self.sol.lookup(leaf.literal)
        out = []
        program = self.g.program
        for rule in (program.rules if program is not None else []):
            h = rule.head
            if rule.kind == DEFEATER or h.pred != c.predicate or h.negated != c.negated or len(h.args) != len(c.args):
                continue
            if all(not isinstance(t, Const) or t.value == v for t, v in zip(h.args, c.args)):
                span = rule.span
                entry = {"label": str(rule.label), "source": str(rule),
                         "file": span.file if span else None, "line": span.line if span else None}
                missing = self._missing_premise(rule, c)
                if missing:
                    entry["missing_premise"] = missing
                out.append(entry)
        return out

    def _missing_premise(self, rule, c) -> str | None:
        """The first premise, made ground by the literal's own arguments, that does not hold."""
        env = {t.name: v for t, v in zip(rule.head.args, c.args) if isinstance(t, Var)}
        for item in rule.body:
            if isinstance(item, Atom) and all(term_vars(t) <= env.keys() for t in item.args):
                key = (item.pred, item.negated, tuple(value(t, env) for t in item.args))
                premise = self.sol.lookup(key)
                if premise.defeasible != "+d":
                    return f"{premise.literal} is {premise.defeasible}"
        return None

    def node(self, literal: str, depth: int = 0) -> Node:
        lid = self.sol.lid_of(literal)  # the literal is parsed once per node
        proof = None if lid is None else self.sol.proof_of_lid(lid)
        if proof is None:
            leaf = self._leaf(literal)
            leaf.unmatched_rules = self._rules_that_could_conclude(leaf)
            # grounding builds only instances whose premises could hold; say so when
            # rules for the literal exist but none of their instances could be built
            leaf.reason = "no_instance" if leaf.unmatched_rules else "no_rule"
            return leaf
        key = self.g.keys[lid]
        n = Node(proof.literal, proof.definite, proof.defeasible, proof.reason, proof.failure,
                 message=self._quote(key), contradicted_by=proof.contradicted_by)
        if proof.literal in self.expanded:
            n.seen = True
            return n
        if depth >= self.max_depth:
            n.truncated = proof.defeasible == "+d" and proof.reason not in ("fact",) or bool(proof.supporters)
            return n
        self.expanded.add(proof.literal)
        if proof.defeasible == "+d":
            n.rule = proof.fired
            if proof.fired:
                n.premises = [self.node(p, depth + 1) for p in proof.fired.premises]
            n.attackers = [self._edge(f, depth) for f in proof.attackers]
        else:
            n.supporters = [self._edge(f, depth) for f in proof.supporters]
            # what still stands against it: unbeaten attackers, and (for an undecided
            # literal) attackers whose own premises are undecided
            n.attackers = [self._edge(f, depth) for f in proof.attackers if f.outcome in ("unbeaten", "pending")]
        return n

    def _edge(self, f: Fate, depth: int) -> Edge:
        e = Edge(rule=f.rule, outcome=f.outcome, failure=f.failure, by=f.by, superiority=f.superiority)
        if f.superiority:
            e.superiority_premises = [self.node(p, depth + 1) for p in f.superiority.premises]
        if f.premise:
            e.premise = self.node(f.premise, depth + 1)
        return e


def why(solution, literal: str, max_depth: int = 40) -> Node:
    """The proof tree of a +d literal, or, for any other, each supporter and what stopped it."""
    return TreeBuilder(solution, max_depth).node(literal)


why_not = why  # one tree answers both questions; the name says which one the caller asks
