"""How much each verdict rests on each annotation: the smallest annotation changes that
flip a judged reply between compliant and violating.

The search is bounded. Single changes: removing any annotation of the conversation, and
adding any declared term with closed arguments (asks named in the conversation count as
closed for `ask` slots) to the reply or to the message it answers. Pairs of changes are
tried only for replies no single change flips, and at most `pair_budget` pairs per
conversation; a search that hit the budget says so (`cut_short`). Variants are solved
in batches through the ordinary audit (engine/modelspec/audit.py), so a flip is exactly
what the audit would report for the edited transcript.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from engine.modelspec.admission import inadmissible
from engine.modelspec.audit import BATCH, ConversationAudit, solve_batch
from engine.modelspec.whatif import Edit, apply_edits
from engine.transcripts.model import Conversation
from engine.vocab.check import entity_kind
from engine.vocab.model import ASK, ASK_NAME, REVIEWER

PAIR_BUDGET = 200
FLIPPABLE = ("compliant", "violating")


@dataclass
class Flip:
    edits: tuple[Edit, ...]
    verdict: str

    def to_json(self) -> dict:
        return {"edits": [str(e) for e in self.edits], "verdict": self.verdict}

    def __str__(self) -> str:
        return f"{self.verdict} if {' and '.join(str(e) for e in self.edits)}"


@dataclass
class Sensitivity:
    reply: str
    verdict: str
    flips: list[Flip] = field(default_factory=list)
    searched: int = 0
    cut_short: bool = False

    @property
    def fragile(self) -> bool:
        return any(len(f.edits) == 1 for f in self.flips)

    def to_json(self) -> dict:
        return {"fragile": self.fragile, "flips": [f.to_json() for f in self.flips], "searched": self.searched,
                "cut_short": self.cut_short}


def _asks(conv: Conversation) -> list[str]:
    out = []
    for m in conv.messages:
        for a in m.annotations:
            if a.pred in ("asks", "embedded_asks") and a.args:
                out.append(str(a.args[0]))
    return sorted(set(out))


def _choices(vocab, kind: str, asks: list[str]) -> list[tuple[str, tuple]]:
    out = []
    for term in sorted(vocab.terms.values(), key=lambda t: t.pred):
        if term.entity != kind or any(d == ASK_NAME for d in term.slots):
            continue
        combos: list[tuple] = [()]
        for domain in term.slots:
            values = asks if domain == ASK else vocab.values(domain) if vocab.is_closed(domain) else None
            if values is None:
                combos = []
                break
            combos = [c + (v,) for c in combos for v in values]
        out.extend((term.pred, c) for c in combos)
    return out


def single_edits(conv: Conversation, vocab) -> list[Edit]:
    """Every single change the search tries on `conv`, in a fixed order."""
    edits: list[Edit] = []
    entities: list = [conv, *conv.messages, *conv.candidates]
    for ent in entities:
        for a in ent.annotations:
            if a.pred != REVIEWER:
                edits.append(Edit("remove", ent.id, a.pred, tuple(a.args), a.negated))
    asks = _asks(conv)
    targets = [conv.id] + sorted({c.after for c in conv.candidates if c.after}) + [c.id for c in conv.candidates]
    for target in targets:
        ent = conv.entity(target)
        assert ent is not None, "targets are ids of the conversation's own entities"
        have = {(a.pred, tuple(a.args)) for a in ent.annotations}
        for pred, args in _choices(vocab, entity_kind(ent), asks):
            if (pred, args) not in have:
                edits.append(Edit("add", target, pred, args))
    return list(dict.fromkeys(edits))


def _verdicts(rulebase, variants: list[tuple[tuple[Edit, ...], Conversation]], options):
    """(edits, {candidate position key: verdict}) per admissible variant."""
    admissible = [(edits, c) for edits, c in variants if not inadmissible(c, rulebase)]
    out = []
    for start in range(0, len(admissible), BATCH):
        chunk = admissible[start:start + BATCH]
        _, audits = solve_batch(rulebase, [c for _, c in chunk], options)
        for (edits, _), audit in zip(chunk, audits):
            out.append((edits, [c["verdict"] for c in audit.candidates]))
    return out


def sensitivity(rulebase, conv: Conversation, base: ConversationAudit, options=None,
                pair_budget: int = PAIR_BUDGET) -> list[Sensitivity]:
    judged = [(i, c) for i, c in enumerate(base.candidates) if c["verdict"] in FLIPPABLE]
    if not judged:
        return []
    singles = single_edits(conv, rulebase.vocabulary)

    def variants(edit_sets):
        return [(edits, apply_edits(conv, list(edits), f"{conv.id}~{n}")) for n, edits in enumerate(edit_sets)]

    results = {i: Sensitivity(c["id"], c["verdict"], searched=len(singles)) for i, c in judged}
    for edits, verdicts in _verdicts(rulebase, variants([(e,) for e in singles]), options):
        for i, c in judged:
            if verdicts[i] in FLIPPABLE and verdicts[i] != c["verdict"]:
                results[i].flips.append(Flip(edits, verdicts[i]))
    sturdy = [i for i, _ in judged if not results[i].fragile]
    if sturdy:
        pairs = list(combinations(singles, 2))
        cut = len(pairs) > pair_budget
        pairs = [p for p in pairs if p[0].entity != p[1].entity or p[0].pred != p[1].pred][:pair_budget]
        for edits, verdicts in _verdicts(rulebase, variants(pairs), options):
            for i in sturdy:
                c = base.candidates[i]
                if verdicts[i] in FLIPPABLE and verdicts[i] != c["verdict"]:
                    results[i].flips.append(Flip(edits, verdicts[i]))
        for i in sturdy:
            results[i].searched += len(pairs)
            results[i].cut_short = cut
    return [results[i] for i, _ in judged]
