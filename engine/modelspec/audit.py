"""Audit conversations against the rulebase: instructions followed or overridden,
candidate replies compliant or violating, and agreement with their labels.

The rulebase is parsed and checked once; conversations are solved in batches over
one grounding (see audit_batch for why batching cannot mix their conclusions).
The predicate contract the audit reads is in docs/modelspec.md; the JSON shape in
docs/audit.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePath

from engine.errors import SpeclogicError
from engine.modelspec.decisions import decisions, key, rule_json
from engine.modelspec.overrides import overrides_by_conversation
from engine.modelspec.tally import Tally
from engine.solve import Options
from engine.theory import Theory
from engine.transcripts.facts import conversation_facts
from engine.vocab.model import REVIEWER

AUDIT_VERSION = 1
BATCH = 64  # conversations per solve
EMPTY = "transcript_empty"
EXPECTED = {"good": "compliant", "ok": "compliant", "bad": "violating"}
_QUOTE_LIMIT = 160
# What an audit reads of a batch's solution (below, and what-if through View): only these
# literals, and what decides them, are grounded (engine.ground.demand). bars/3 and
# requires/3 are read only for the acts behind a violation (_acts), which violates/2
# depends on: listing them would ground every principle's bar on every act of every reply.
READS = frozenset({"instruction", "follow", "heeded", "asks", "demands", "authority", "judged", "compliant",
                   "violates", "done", "does", "principle_level"})


@dataclass
class ConversationAudit:
    id: str
    file: str
    line: int
    title: str | None
    instructions: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    overrides: list = field(default_factory=list)  # explain.Conflict between this conversation's rules

    def counts(self) -> dict:
        out = {"followed": 0, "overridden": 0, "undecided": 0,
               "compliant": 0, "violating": 0, "unjudged": 0,
               "agree": 0, "disagree": 0, "unlabeled": 0, "by_reviewer": 0, "fragile": 0}
        for ins in self.instructions:
            out[ins["status"]] += 1
        for cand in self.candidates:
            out[cand["verdict"]] += 1
            if cand["agreement"] in ("agree", "disagree", "unlabeled"):
                out[cand["agreement"]] += 1
            if cand.get("reviewer_verdict"):
                out["by_reviewer"] += 1
            if cand.get("sensitivity", {}).get("fragile"):
                out["fragile"] += 1
        return out

    @property
    def disagreements(self) -> int:
        return sum(1 for c in self.candidates if c["agreement"] == "disagree")

    @property
    def chapter(self) -> str:
        """The folder the conversation's file sits in: examples/model_spec/<chapter>/<section>.md."""
        return PurePath(self.file).parent.name or "."

    @property
    def unresolved(self) -> list:
        """Conflicts no superiority settled: verdicts that depend on them are only a default."""
        return [c for c in self.overrides if c.resolution == "unresolved"]

    def to_json(self) -> dict:
        return {"id": self.id, "file": self.file, "line": self.line, "title": self.title,
                "instructions": self.instructions, "candidates": self.candidates, "counts": self.counts(),
                "unresolved_conflicts": [
                    {"literal": c.literal, "opposite": c.opposite, "first": c.first.label, "second": c.second.label}
                    for c in self.unresolved
                ]}


@dataclass
class AuditReport:
    conversations: list[ConversationAudit]
    errors: list[SpeclogicError]
    files: list[str]
    profile: str
    rules: str
    policy: str
    rulebase_warnings: list = field(default_factory=list)  # Diagnostics of the rulebase's lint
    # the totals; a streamed audit (engine.modelspec.run) keeps only these, conversations stays empty
    tally: Tally = None  # type: ignore[assignment]  # None: counted from `conversations`

    def __post_init__(self):
        if self.tally is None:
            self.tally = Tally()
            for conv in self.conversations:
                self.tally.add(conv)

    @property
    def disagreements(self) -> int:
        return self.tally.disagreements

    def summary(self) -> dict:
        return self.tally.summary(len(self.files), len(self.errors))

    def chapters(self) -> dict[str, dict]:
        """Per chapter (the folder of the files): conversations, replies and agreement."""
        return self.tally.chapters()

    def error_json(self) -> list[dict]:
        return [d.to_json() for e in self.errors for d in e.diagnostics]

    def to_json(self, conversations: list[dict] | None = None) -> dict:
        """The report as one document; `conversations`: their JSON, when a stream kept only that."""
        if conversations is None:
            conversations = [c.to_json() for c in self.conversations]
        return {"version": AUDIT_VERSION, "profile": self.profile, "rules": self.rules, "policy": self.policy,
                "conversations": conversations,
                "summary": self.summary(), "chapters": self.chapters(), "errors": self.error_json(),
                "rulebase_warnings": [d.to_json() for d in self.rulebase_warnings]}


def audit_paths(paths, rulebase, options: Options | None = None, progress=None,
                sensitive: bool = False, runner=None, only_ids=None) -> AuditReport:
    """Walk `paths` (files and directories), audit every conversation that parses,
    and keep every bad file's error; `progress(done, total)` is called per batch
    (see engine.modelspec.run.AuditRun). `only_ids`: audit just the conversations with
    these ids (an id none has is an error). The audits are collected; for a large
    corpus iterate engine.modelspec.run.AuditRun instead, which keeps only the totals."""
    from engine.modelspec.run import AuditRun

    run = AuditRun(paths, rulebase, options, sensitive, runner=runner, progress=progress, only_ids=only_ids)
    audits = list(run)
    return run.report(audits)



def audit_conversation(rulebase, conv, options: Options | None = None) -> ConversationAudit:
    return audit_batch(rulebase, [conv], options)[0]


def audit_batch(rulebase, conversations, options: Options | None = None) -> list[ConversationAudit]:
    """Solve several conversations in one theory. Their ids are distinct and every rule
    joins facts of one conversation only (through message/4 and candidate/4), so a
    conversation's conclusions are those it would get alone (tests/test_rulebase.py);
    one grounding per batch saves the strict layer's set-up cost per conversation."""
    return solve_batch(rulebase, conversations, options)[1]


def solve_batch(rulebase, conversations, options: Options | None = None):
    """The solution of one batch and its audits (what-if explains changes from the solution)."""
    program = rulebase.fresh_program()
    for conv in conversations:
        program.statements.extend(conversation_facts(conv, blind=True))
    options = options or Options()
    if options.demand is None:
        options = replace(options, demand=READS)
    view = View(Theory(program, check=False).solve(options))
    audits = [_audit_one(view, conv) for conv in conversations]
    graph = overrides_by_conversation(view.sol, conversations)
    for a in audits:
        a.overrides = graph[a.id]
    return view, audits


class View:
    """A solution with its conclusions indexed by predicate and first argument."""

    def __init__(self, sol):
        self.sol = sol
        # literal ids only: a Conclusion (and its rendered literal) is built for the rows
        # the audit reads, a small part of a batch's ground theory
        self._lids: dict[tuple, list[int]] = {}
        keys = sol.ground.keys
        for lid in sol.conclusion_order():
            pred, negated, args = keys[lid]
            if args:
                self._lids.setdefault((pred, negated, args[0]), []).append(lid)
        self._rows: dict[tuple, list] = {}

    def rows(self, pred: str, first, negated: bool = False) -> list:
        k = (pred, negated, first)
        rows = self._rows.get(k)
        if rows is None:
            rows = self._rows[k] = [self.sol.conclusion_of_lid(lid) for lid in self._lids.get(k, ())]
        return rows

    def lookup(self, k):
        return self.sol.lookup(k)

    def proof(self, literal):
        return self.sol.proof(literal)


def _audit_one(view, conv) -> ConversationAudit:
    out = ConversationAudit(conv.id, conv.span.file, conv.span.line, conv.title)
    roles = {m.id: m.role for m in conv.messages}
    texts = {m.id: m.text for m in conv.messages}
    for msg in conv.messages:
        if _definite(view, key("instruction", msg.id)):
            out.instructions.append(_instruction(view, msg, roles, texts))
    for cand in conv.candidates:
        out.candidates.append(_candidate(view, cand))
    return out


def _definite(view, k) -> bool:
    return view.lookup(k).definite == "+D"


def _proved(view, k) -> bool:
    return view.lookup(k).defeasible == "+d"


def _args_of(view, pred: str, first) -> list:
    return [c.args[1] for c in view.rows(pred, first) if c.definite == "+D"]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT - 1] + "…"


def _instruction(view, msg, roles, texts) -> dict:
    follow, overridden = key("follow", msg.id), key("follow", msg.id, negated=True)
    authority = _args_of(view, "authority", msg.id)
    asks = sorted(map(str, _args_of(view, "asks", msg.id)))
    entry = {"id": msg.id, "role": msg.role, "authority": authority[0] if authority else None,
             "asks": asks, "demands": sorted(map(str, _args_of(view, "demands", msg.id))), "quote": _quote(msg.text)}
    # A prohibited ask is overridden on its own; the message's other asks still stand.
    refused = [a for a in _args_of(view, "asks", msg.id) if _proved(view, key("heeded", msg.id, a, negated=True))]
    entry["asks_overridden"] = sorted(map(str, refused))
    if _proved(view, follow) and refused:
        entry["status"], target = "overridden", key("heeded", msg.id, sorted(refused, key=str)[0], negated=True)
    elif _proved(view, follow):
        entry["status"], target = "followed", follow
    elif _proved(view, overridden):
        entry["status"], target = "overridden", overridden
    else:
        entry["status"], target = "undecided", follow
        entry["failure"] = view.lookup(follow).failure
    proof = view.proof(target)
    entry["rule"] = rule_json(proof.fired) if proof is not None else None
    if entry["status"] == "overridden" and proof is not None and proof.fired is not None:
        entry["overridden_by"] = _overrider(proof.fired, roles, texts)
    entry["decided_by"] = decisions(view.sol, target)
    if entry["status"] == "followed":  # what kept each ask standing (a good-faith reading beat a trigger ...)
        for ask in sorted(_args_of(view, "asks", msg.id), key=str):
            entry["decided_by"] += [d for d in decisions(view.sol, key("heeded", msg.id, ask))
                                    if d not in entry["decided_by"]]
    return entry


def _overrider(fired, roles, texts) -> dict:
    """Who overrode an instruction: another message (override(M, N)) or a principle (enforce(P, M))."""
    b = fired.bindings
    if fired.label.startswith("override(") and "M" in b:
        other = b["M"]
        return {"kind": "instruction", "id": other, "role": roles.get(other), "quote": _quote(texts.get(other, ""))}
    if "P" in b:
        return {"kind": "principle", "principle": b["P"]}
    return {"kind": "rule", "label": fired.label}


def _candidate(view, cand) -> dict:
    rid = cand.id
    entry = {"id": rid, "comparison": cand.comparison_id, "position": cand.position, "label": cand.label,
             "note": cand.note, "quote": _quote(cand.text), "does": sorted(map(str, _args_of(view, "does", rid)))}
    judged = _definite(view, key("judged", rid))
    if _proved(view, key("compliant", rid, negated=True)):
        entry["verdict"] = "violating"
    elif _proved(view, key("compliant", rid)):
        entry["verdict"] = "compliant"
    else:
        entry["verdict"] = "unjudged"
        entry["reason"] = "not annotated" if not judged else (view.lookup(key("compliant", rid)).failure or "undecided")
    # a reviewer's overruling is reported beside the rules' verdict, never counted as one
    reviewer = [a.args[0] for a in cand.annotations if a.pred == REVIEWER and a.args]
    entry["reviewer_verdict"] = reviewer[0] if reviewer else None
    expected = EXPECTED.get(cand.label)
    entry["expected"] = expected
    if expected is None:
        entry["agreement"] = "unlabeled"
    elif entry["verdict"] == "unjudged":
        entry["agreement"] = "unjudged"
    else:
        entry["agreement"] = "agree" if entry["verdict"] == expected else "disagree"
    entry["violations"] = [_violation(view, c) for c in view.rows("violates", rid) if c.defeasible == "+d"]
    if entry["verdict"] == "compliant":
        # what kept it compliant: e.g. the default to ask first beat the objective to deliver
        entry["decided_by"] = decisions(view.sol, key("compliant", rid))
    return entry


def _violation(view, conclusion) -> dict:
    principle = conclusion.args[1]
    proof = view.proof(conclusion.literal)
    fired = proof.fired
    act, kind = fired.bindings.get("X"), {"violation": "did", "omission": "omitted"}.get(fired.label.split("(")[0])
    level = _args_of(view, "principle_level", principle)
    return {"principle": principle, "level": level[0] if level else None, "kind": kind or "did", "act": act,
            "acts": _acts(view, conclusion.args[0], principle),
            "rule": rule_json(fired),
            "because_of": rule_json(_origin(view, fired)), "decided_by": decisions(view.sol, conclusion.literal)}


def _acts(view, rid, principle) -> list[dict]:
    """Every act behind one violation: what the reply did that P bars, what P required and it left undone."""
    done = {c.args[1] for c in view.rows("done", rid) if c.definite == "+D"}
    out = []
    for pred, kind in (("bars", "did"), ("requires", "omitted")):
        for c in view.rows(pred, principle):
            if c.args[1] == rid and c.defeasible == "+d" and (c.args[2] in done) == (kind == "did"):
                out.append({"kind": kind, "act": c.args[2]})
    return out


def _origin(view, fired):
    """The principle's own rule under a generic violation: violation -> bars -> bar -> barred -> (this)."""
    ref = fired
    for _ in range(4):
        nxt = next((p for p in ref.premises if p.split("(")[0] in ("bars", "requires", "barred", "required")), None)
        if nxt is None:
            return ref
        proof = view.proof(nxt)
        if proof is None or proof.fired is None:
            return ref
        ref = proof.fired
    return ref
