"""What `speclogic vocab` shows: every declared term with the rules that read it, and
the principles with their sections, levels, rule labels and files.

Built from a loaded rulebase (engine.modelspec.Rulebase); rendered by
engine/vocab/render.py. The JSON shape is versioned (docs/json.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine import ast
from engine.analysis.common import body_atoms, body_of
from engine.vocab.model import FIXED_DOMAINS, REVIEWER, REVIEWER_VALUES, Term, Value

VOCAB_VERSION = 1


@dataclass(frozen=True)
class RuleRef:
    label: str  # the label's name, without arguments
    file: str
    line: int


@dataclass
class TermEntry:
    term: Term
    read_by: list[RuleRef]


@dataclass
class ValueEntry:
    value: Value
    read_by: list[RuleRef]


@dataclass
class PrincipleEntry:
    name: str
    kind: str
    section: str
    level: str | None
    rules: list[RuleRef]


@dataclass
class VocabReport:
    profile: str
    rules: str
    terms: list[TermEntry] = field(default_factory=list)
    domains: dict[str, list[ValueEntry]] = field(default_factory=dict)
    principles: list[PrincipleEntry] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "version": VOCAB_VERSION, "profile": self.profile, "rules": self.rules,
            "terms": [{"predicate": e.term.pred, "on": e.term.entity, "slots": list(e.term.slots),
                       "arity": e.term.arity, "gloss": e.term.gloss, "example": e.term.example,
                       "section": e.term.section, "read_by": _refs(e.read_by)} for e in self.terms],
            "domains": [{"name": name, "values": [
                {"value": v.value.name, "gloss": v.value.gloss, "example": v.value.example,
                 "section": v.value.section, "rejects": list(v.value.rejects), "read_by": _refs(v.read_by)}
                for v in values]} for name, values in self.domains.items()],
            "reviewer": {"predicate": REVIEWER, "on": "reply", "values": list(REVIEWER_VALUES)},
            "principles": [{"principle": p.name, "kind": p.kind, "section": p.section, "level": p.level,
                            "rules": _refs(p.rules)} for p in self.principles],
        }


def _refs(refs: list[RuleRef]) -> list[dict]:
    return [{"label": r.label, "file": r.file, "line": r.line} for r in refs]


def vocab_report(rulebase) -> VocabReport:
    program, vocab = rulebase.program, rulebase.vocabulary
    readers = _readers(program)
    mentions = _mentions(program)
    report = VocabReport(rulebase.profile, rulebase.directory)
    for term in sorted(vocab.terms.values(), key=lambda t: (t.entity, t.pred)):
        report.terms.append(TermEntry(term, readers.get(term.pred, [])))
    for domain in sorted(vocab.domains):
        if domain in FIXED_DOMAINS:
            continue
        report.domains[domain] = [ValueEntry(vocab.domains[domain][name], mentions.get(name, []))
                                  for name in vocab.values(domain)]
    report.principles = _principles(program, mentions)
    return report


def _ref(rule: ast.Rule) -> RuleRef:
    span = rule.span
    return RuleRef(rule.label.name, span.file if span else "", span.line if span else 0)


def _unique(refs: list[RuleRef]) -> list[RuleRef]:
    return sorted(set(refs), key=lambda r: (r.file, r.line, r.label))


def _readers(program: ast.Program) -> dict[str, list[RuleRef]]:
    """predicate -> labelled rules that read it in their body, also through unlabelled
    strict helpers (constrains/2 is read by demands/2, which the labelled rules read)."""
    direct: dict[str, set[RuleRef]] = {}
    through: dict[str, set[str]] = {}  # pred -> heads of unlabelled rules reading it
    for rule in program.rules:
        for atom, _ in body_atoms(body_of(rule)):
            if rule.generated_label:
                if atom.pred != rule.head.pred:
                    through.setdefault(atom.pred, set()).add(rule.head.pred)
            else:
                direct.setdefault(atom.pred, set()).add(_ref(rule))
    out: dict[str, list[RuleRef]] = {}
    for pred in set(direct) | set(through):
        seen, stack, refs = {pred}, [pred], set()
        while stack:
            p = stack.pop()
            refs |= direct.get(p, set())
            for q in through.get(p, ()):
                if q not in seen:
                    seen.add(q)
                    stack.append(q)
        out[pred] = _unique(list(refs))
    return out


def _mentions(program: ast.Program) -> dict[object, list[RuleRef]]:
    """constant -> labelled rules that mention it, in their head or body or through a fact:
    restricted_topic(comply_with_laws, illegal_activity) is read by each labelled rule that
    reads restricted_topic/2 with a variable or that constant in the constant's place."""
    readers_at: dict[str, list[tuple[ast.Atom, ast.Rule]]] = {}
    for rule in program.rules:
        if not rule.generated_label:
            for atom, _ in body_atoms(body_of(rule)):
                readers_at.setdefault(atom.pred, []).append((atom, rule))
    indirect = _readers(program)  # through unlabelled helpers: excludes/2 -> incompatible/2 -> disobey
    direct = {pred: {_ref(r) for _, r in pairs} for pred, pairs in readers_at.items()}
    out: dict[object, list[RuleRef]] = {}
    for rule in program.rules:
        if rule.is_fact:
            via = [r for r in indirect.get(rule.head.pred, []) if r not in direct.get(rule.head.pred, set())]
            for arg in rule.head.args:
                if isinstance(arg, ast.Const):
                    out.setdefault(arg.value, []).extend(via)
            for i, arg in enumerate(rule.head.args):
                if not isinstance(arg, ast.Const):
                    continue
                for atom, reader in readers_at.get(rule.head.pred, []):
                    other = atom.args[i] if i < len(atom.args) else None
                    if isinstance(other, ast.Var) or (isinstance(other, ast.Const) and other.value == arg.value):
                        out.setdefault(arg.value, []).append(_ref(reader))
            continue
        atoms = [rule.head] + [a for a, _ in body_atoms(body_of(rule))]
        if rule.generated_label:  # an unlabelled helper: its constants are read by whoever reads its head
            for atom in atoms:
                for a in atom.args:
                    if isinstance(a, ast.Const):
                        out.setdefault(a.value, []).extend(indirect.get(rule.head.pred, []))
            continue
        for atom in atoms:
            for a in atom.args:
                if isinstance(a, ast.Const):
                    out.setdefault(a.value, []).append(_ref(rule))
    return {k: _unique(v) for k, v in out.items()}


def _facts(program: ast.Program, pred: str) -> list[tuple]:
    return [tuple(a.value for a in r.head.args if isinstance(a, ast.Const)) for r in program.rules
            if r.is_fact and r.head.pred == pred and all(isinstance(a, ast.Const) for a in r.head.args)]


def _principles(program: ast.Program, mentions) -> list[PrincipleEntry]:
    sections = dict(_facts(program, "principle_section"))
    levels = dict(_facts(program, "principle_level"))
    out = []
    for name, kind in sorted(_facts(program, "principle")):
        rules = [r for r in mentions.get(name, []) if not r.file.endswith(("profiles/2024.dl", "profiles/2025.dl"))]
        out.append(PrincipleEntry(name, kind, sections.get(name, ""), levels.get(name), rules))
    return sorted(out, key=lambda p: (p.section, p.name))
