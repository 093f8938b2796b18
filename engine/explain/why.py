"""Proof trees (`why`) and failure trees (`why-not`) built from proof records.

A tree goes down through premises to facts; each attacker shows how it was met
(beaten by which rule, through which superiority clause and the facts that
made it hold). Literals met twice are expanded once and referenced after, so
trees stay finite on loops and small on shared premises.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from engine.explain.messages import MessageIndex
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
    premises: list["Node"] = field(default_factory=list)
    attackers: list["Edge"] = field(default_factory=list)
    supporters: list["Edge"] = field(default_factory=list)
    contradicted_by: str | None = None
    message: dict | None = None
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

    def node(self, literal: str, depth: int = 0) -> Node:
        proof = self.sol.proof(literal)
        if proof is None:
            leaf = self._leaf(literal)
            leaf.reason = "no_rule"
            return leaf
        key = self.g.keys[self.g.index[_key_of(self.sol, literal)]]
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


def _key_of(sol, literal: str):
    c = sol.lookup(literal)
    return (c.predicate, c.negated, tuple(c.args))


def why(solution, literal: str, max_depth: int = 40) -> Node:
    """The proof tree of a +d literal, or, for any other, each supporter and what stopped it."""
    return TreeBuilder(solution, max_depth).node(literal)


why_not = why  # one tree answers both questions; the name says which one the caller asks
