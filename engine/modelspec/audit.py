"""Audit conversations against the rulebase: instructions followed or overridden,
candidate replies compliant or violating, and agreement with their labels.

Each conversation is solved on its own over the rulebase parsed once (its facts
appended to a copy of the statement list), so one conversation's facts never
reach another's conclusions and memory stays flat over thousands of files.
The predicate contract the audit reads is in docs/modelspec.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import SpeclogicError
from engine.ast import format_value
from engine.modelspec.decisions import decisions, key, rule_json
from engine.modelspec.files import transcript_files
from engine.solve import Options
from engine.theory import Theory
from engine.transcripts.facts import conversation_facts
from engine.transcripts.loader import load_paths_report

AUDIT_VERSION = 1
EXPECTED = {"good": "compliant", "ok": "compliant", "bad": "violating"}
_QUOTE_LIMIT = 160


@dataclass
class ConversationAudit:
    id: str
    file: str
    line: int
    title: str | None
    instructions: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)

    def counts(self) -> dict:
        out = {"followed": 0, "overridden": 0, "undecided": 0,
               "compliant": 0, "violating": 0, "unjudged": 0,
               "agree": 0, "disagree": 0, "unlabeled": 0}
        for ins in self.instructions:
            out[ins["status"]] += 1
        for cand in self.candidates:
            out[cand["verdict"]] += 1
            if cand["agreement"] in ("agree", "disagree", "unlabeled"):
                out[cand["agreement"]] += 1
        return out

    @property
    def disagreements(self) -> int:
        return sum(1 for c in self.candidates if c["agreement"] == "disagree")

    def to_json(self) -> dict:
        return {"id": self.id, "file": self.file, "line": self.line, "title": self.title,
                "instructions": self.instructions, "candidates": self.candidates, "counts": self.counts()}


@dataclass
class AuditReport:
    conversations: list[ConversationAudit]
    errors: list[SpeclogicError]
    files: list[str]
    profile: str
    rules: str
    policy: str

    @property
    def disagreements(self) -> int:
        return sum(c.disagreements for c in self.conversations)

    def summary(self) -> dict:
        total = {"files": len(self.files), "bad_files": len(self.errors), "conversations": len(self.conversations)}
        for conv in self.conversations:
            for k, v in conv.counts().items():
                total[k] = total.get(k, 0) + v
        for k in ("followed", "overridden", "undecided", "compliant", "violating", "unjudged",
                  "agree", "disagree", "unlabeled"):
            total.setdefault(k, 0)
        return total

    def error_json(self) -> list[dict]:
        return [d.to_json() for e in self.errors for d in e.diagnostics]

    def to_json(self) -> dict:
        return {"version": AUDIT_VERSION, "profile": self.profile, "rules": self.rules, "policy": self.policy,
                "conversations": [c.to_json() for c in self.conversations],
                "summary": self.summary(), "errors": self.error_json()}


def audit_paths(paths, rulebase, options: Options | None = None, progress=None) -> AuditReport:
    """Walk `paths` (files and directories), audit every conversation that parses,
    and keep every bad file's error; `progress(done, total)` is called per conversation."""
    options = options or Options()
    files, missing = transcript_files(paths)
    conversations, errors = load_paths_report(files)
    audits = []
    for n, conv in enumerate(conversations, start=1):
        audits.append(audit_conversation(rulebase, conv, options))
        if progress is not None:
            progress(n, len(conversations))
    return AuditReport(audits, missing + errors, [str(f) for f in files], rulebase.profile,
                       rulebase.directory, options.policy)


def audit_conversation(rulebase, conv, options: Options | None = None) -> ConversationAudit:
    program = rulebase.fresh_program()
    program.statements.extend(conversation_facts(conv))
    sol = Theory(program, check=False).solve(options or Options())
    out = ConversationAudit(conv.id, conv.span.file, conv.span.line, conv.title)
    roles = {m.id: m.role for m in conv.messages}
    texts = {m.id: m.text for m in conv.messages}
    for msg in conv.messages:
        if _definite(sol, key("instruction", msg.id)):
            out.instructions.append(_instruction(sol, msg, roles, texts))
    for cand in conv.candidates:
        out.candidates.append(_candidate(sol, cand))
    return out


def _definite(sol, k) -> bool:
    return sol.lookup(k).definite == "+D"


def _proved(sol, k) -> bool:
    return sol.lookup(k).defeasible == "+d"


def _pattern(pred: str, first) -> str:
    """`pred(first, X)`: the second argument left open."""
    return f"{pred}({format_value(first)}, X)"


def _args_of(sol, pred: str, first) -> list:
    return [c.args[1] for c in sol.query(_pattern(pred, first)) if c.definite == "+D"]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT - 1] + "…"


def _instruction(sol, msg, roles, texts) -> dict:
    follow, overridden = key("follow", msg.id), key("follow", msg.id, negated=True)
    authority = _args_of(sol, "authority", msg.id)
    entry = {"id": msg.id, "role": msg.role, "authority": authority[0] if authority else None,
             "asks": sorted(map(str, _args_of(sol, "asks", msg.id))), "quote": _quote(msg.text)}
    if _proved(sol, follow):
        entry["status"], target = "followed", follow
    elif _proved(sol, overridden):
        entry["status"], target = "overridden", overridden
    else:
        entry["status"], target = "undecided", follow
        entry["failure"] = sol.lookup(follow).failure
    proof = sol.proof(target)
    entry["rule"] = rule_json(proof.fired) if proof is not None else None
    if entry["status"] == "overridden" and proof is not None and proof.fired is not None:
        entry["overridden_by"] = _overrider(proof.fired, roles, texts)
    entry["decided_by"] = decisions(sol, target)
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


def _candidate(sol, cand) -> dict:
    rid = cand.id
    entry = {"id": rid, "comparison": cand.comparison_id, "position": cand.position, "label": cand.label,
             "note": cand.note, "quote": _quote(cand.text), "does": sorted(map(str, _args_of(sol, "does", rid)))}
    judged = _definite(sol, key("judged", rid))
    if _proved(sol, key("compliant", rid, negated=True)):
        entry["verdict"] = "violating"
    elif _proved(sol, key("compliant", rid)):
        entry["verdict"] = "compliant"
    else:
        entry["verdict"] = "unjudged"
        entry["reason"] = "not annotated" if not judged else (sol.lookup(key("compliant", rid)).failure or "undecided")
    expected = EXPECTED.get(cand.label)
    entry["expected"] = expected
    if expected is None:
        entry["agreement"] = "unlabeled"
    elif entry["verdict"] == "unjudged":
        entry["agreement"] = "unjudged"
    else:
        entry["agreement"] = "agree" if entry["verdict"] == expected else "disagree"
    entry["violations"] = [_violation(sol, c) for c in sol.query(_pattern("violates", rid))
                           if c.defeasible == "+d"]
    if entry["verdict"] == "compliant":
        # what kept it compliant: e.g. the default to ask first beat the objective to deliver
        entry["decided_by"] = decisions(sol, key("compliant", rid))
    return entry


def _violation(sol, conclusion) -> dict:
    principle = conclusion.args[1]
    proof = sol.proof(conclusion.literal)
    fired = proof.fired
    act, kind = fired.bindings.get("X"), {"violation": "did", "omission": "omitted"}.get(fired.label.split("(")[0])
    return {"principle": principle, "kind": kind or "did", "act": act, "acts": _acts(sol, conclusion.args[0], principle),
            "rule": rule_json(fired),
            "because_of": rule_json(_origin(sol, fired)), "decided_by": decisions(sol, conclusion.literal)}


def _acts(sol, rid, principle) -> list[dict]:
    """Every act behind one violation: what the reply did that P bars, what P required and it left undone."""
    done = {c.args[1] for c in sol.query(_pattern("done", rid)) if c.definite == "+D"}
    out = []
    for pred, kind in (("bars", "did"), ("requires", "omitted")):
        for c in sol.query(f"{pred}({format_value(principle)}, {format_value(rid)}, X)"):
            if c.defeasible == "+d" and (c.args[2] in done) == (kind == "did"):
                out.append({"kind": kind, "act": c.args[2]})
    return out


def _origin(sol, fired):
    """The principle's own rule under a generic violation: violation -> bars -> bar -> barred -> (this)."""
    ref = fired
    for _ in range(4):
        nxt = next((p for p in ref.premises if p.split("(")[0] in ("bars", "requires", "barred", "required")), None)
        if nxt is None:
            return ref
        proof = sol.proof(nxt)
        if proof is None or proof.fired is None:
            return ref
        ref = proof.fired
    return ref
