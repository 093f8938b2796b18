"""Proof records: the product users read, in a shape tools can rely on.

A record names rule *instances* (label with its arguments, the ground premises,
the variable bindings, where the rule is written), so an explanation can go from
a conclusion down to the facts and transcript messages that made it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from engine.ground.instances import conditions
from engine.ground.model import GroundTheory, label_str, lit_str
from engine.solve import outcome as oc
from engine.solve.defeasible import Solver

TAGS = {1: "+D", -1: "-D", 0: "undecided"}
DTAGS = {1: "+d", -1: "-d", 0: "undecided"}
STAGS = {1: "+S", -1: "-S", 0: "undecided"}


@dataclass
class RuleRef:
    label: str                 # label instance, e.g. obey(dev)
    kind: str                  # strict / defeasible / defeater
    head: str
    premises: list[str]
    file: str | None
    line: int | None
    source: str                # the rule as written
    bindings: dict = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)  # `not` and comparisons that held


@dataclass
class SuperiorityRef:
    superior: str
    inferior: str
    clause: str                # the superiority clause as written
    file: str | None
    line: int | None
    premises: list[str] = field(default_factory=list)  # what made a conditional clause hold


@dataclass
class Fate:
    rule: RuleRef
    outcome: str
    premise: str | None = None
    premise_tag: str | None = None
    premise_failure: str | None = None
    by: RuleRef | None = None
    superiority: SuperiorityRef | None = None
    failure: str | None = None


@dataclass
class Proof:
    literal: str
    definite: str
    defeasible: str
    failure: str | None
    reason: str
    fired: RuleRef | None = None
    contradicted_by: str | None = None
    supporters: list[Fate] = field(default_factory=list)
    attackers: list[Fate] = field(default_factory=list)
    support: str | None = None  # +S/-S under ambiguity propagation

    def to_json(self) -> dict:
        return prune(asdict(self))


def prune(value, drop_false: bool = False):
    """JSON without empty fields: absent means none, so consumers test presence."""
    empty = (None, [], {}, False) if drop_false else (None, [], {})
    if isinstance(value, dict):
        return {k: prune(v, drop_false) for k, v in value.items()
                if not any(v is e or v == e for e in empty if type(v) is type(e))}
    if isinstance(value, list):
        return [prune(v, drop_false) for v in value]
    return value


class ProofBuilder:
    def __init__(self, g: GroundTheory, sv: Solver, failures: list):
        self.g, self.sv, self.failures = g, sv, failures
        # every literal a proof has rendered, by its text: an explanation walks on from a
        # premise's text, and looking it up here spares parsing it back (Solution.lid_of)
        self.lid_by_text: dict[str, int] = {}
        self._source_text: dict[int, str] = {}
        self._text_of: dict[int, str] = {}
        self._proof_of: dict[int, Proof] = {}

    def text(self, lid: int) -> str:
        out = self._text_of.get(lid)
        if out is None:
            out = self._text_of[lid] = self.g.text(lid)
            self.lid_by_text[out] = lid
        return out

    def rule_ref(self, rid: int) -> RuleRef:
        r = self.g.rules[rid]
        span = r.source.span
        source = self._source_text.get(id(r.source))
        if source is None:  # one rule has many instances: print it once
            source = self._source_text[id(r.source)] = str(r.source)
        return RuleRef(
            label=r.label_text, kind=r.kind, head=self.text(r.head),
            premises=[self.text(b) for b in r.body],
            file=span.file if span else None, line=span.line if span else None,
            source=source, bindings={k: v for k, v in r.bindings}, conditions=conditions(r),
        )

    def superiority_ref(self, sup: int, inf: int) -> SuperiorityRef | None:
        idx = self.g.beats.get((sup, inf))
        if idx is None:
            return None
        inst = self.g.superiority[idx]
        span = inst.source.span
        return SuperiorityRef(
            superior=label_str(*inst.superior), inferior=label_str(*inst.inferior),
            clause=str(inst.source), file=span.file if span else None, line=span.line if span else None,
            premises=[lit_str(k) for k in inst.premises],
        )

    def fate(self, f: oc.RuleFate, attacker_of: int | None = None) -> Fate:
        sv = self.sv
        premise = f.premise
        out = Fate(rule=self.rule_ref(f.rule), outcome=f.outcome, failure=f.failure)
        if premise is not None:
            out.premise = self.text(premise)
            out.premise_tag = DTAGS[sv.ptag[premise]] if f.outcome != "unsupported" else STAGS[sv.stag[premise]]
            out.premise_failure = self.failures[premise]
        if f.by is not None:
            out.by = self.rule_ref(f.by)
            if f.outcome in ("beaten", "defeated"):  # `by` won through a superiority clause
                out.superiority = self.superiority_ref(f.by, f.rule)
        return out

    def proof(self, q: int) -> Proof:
        """The proof step of literal q (built once: an audit asks for the same steps from
        each verdict, instruction and decision that passes through them; callers read
        proofs, never change them)."""
        p = self._proof_of.get(q)
        if p is None:
            p = self._proof_of[q] = self._proof(q)
        return p

    def _proof(self, q: int) -> Proof:
        sv, g = self.sv, self.g
        reason = sv.reason[q]
        p = Proof(
            literal=self.text(q), definite=TAGS[sv.dtag[q]], defeasible=DTAGS[sv.ptag[q]],
            failure=self.failures[q], reason="undecided" if reason is None else reason[0],
            support=STAGS[sv.stag[q]] if sv.ap else None,
        )
        if sv.ptag[q] == 1:
            assert reason is not None  # +d always records why
            if reason[0] == "definite":
                p.reason = "fact" if q in g.facts else "strict"
            else:
                p.reason = "defeasible"
            fired = oc.fired_rule(sv, q)
            if fired is not None:
                p.fired = self.rule_ref(fired)
            if p.reason == "defeasible":
                p.attackers = [
                    self.fate(oc.attacker_fate(sv, q, s, fired, self.failures)) for s in oc.attackers_of(sv, q)
                ]
            return p
        if reason and reason[0] == "strict_complement":
            p.contradicted_by = g.text(reason[1])
        live = oc.Live(sv, q)
        p.supporters = [self.fate(oc.supporter_fate(sv, q, r, self.failures, live)) for r in sv.supporters[q]]
        p.attackers = [self.fate(oc.attacker_fate(sv, q, s, None, self.failures)) for s in oc.attackers_of(sv, q)]
        return p
