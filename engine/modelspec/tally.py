"""The running totals of an audit: what its summary table and chapter table need.

A streamed audit hands each conversation on as soon as it is decided and keeps
only this: one small row per conversation (the summary table lists them) and the
per-chapter sums, so memory no longer holds every conversation's verdicts and
proofs. AuditReport.summary() and chapters() read the same totals.
"""
from __future__ import annotations

from dataclasses import dataclass, field

COUNTS = ("followed", "overridden", "undecided", "compliant", "violating", "unjudged",
          "agree", "disagree", "unlabeled", "by_reviewer", "fragile")
_CHAPTER_COUNTS = ("agree", "disagree", "unjudged", "unlabeled", "by_reviewer")


@dataclass(frozen=True)
class ConversationRow:
    """One conversation's line of the summary table."""
    id: str
    counts: tuple[int, ...]   # in COUNTS order
    replies: int

    def count(self, name: str) -> int:
        return self.counts[COUNTS.index(name)]


@dataclass
class Tally:
    rows: list[ConversationRow] = field(default_factory=list)
    chapter_rows: dict[str, dict] = field(default_factory=dict)
    sensitive: bool = False   # some reply carries a sensitivity search (the table gains "fragile")

    def add(self, conv) -> None:
        """Count one ConversationAudit."""
        c = conv.counts()
        self.rows.append(ConversationRow(conv.id, tuple(c[k] for k in COUNTS), len(conv.candidates)))
        self.sensitive = self.sensitive or any("sensitivity" in cand for cand in conv.candidates)
        row = self.chapter_rows.setdefault(conv.chapter, {"conversations": 0, "replies": 0, "agree": 0,
                                                          "disagree": 0, "unjudged": 0, "unlabeled": 0,
                                                          "by_reviewer": 0, "unresolved": 0})
        row["conversations"] += 1
        row["replies"] += len(conv.candidates)
        for k in _CHAPTER_COUNTS:
            row[k] += c[k]
        row["unresolved"] += len(conv.unresolved)

    @property
    def disagreements(self) -> int:
        return sum(r.count("disagree") for r in self.rows)

    def summary(self, files: int, bad_files: int) -> dict:
        total = {"files": files, "bad_files": bad_files, "conversations": len(self.rows)}
        for i, k in enumerate(COUNTS):
            total[k] = sum(r.counts[i] for r in self.rows)
        return total

    def chapters(self) -> dict[str, dict]:
        """Per chapter (the folder of the files): conversations, replies and agreement."""
        out = {}
        for name, row in sorted(self.chapter_rows.items()):
            row = dict(row)
            judged = row["agree"] + row["disagree"] + row["unjudged"]
            row["agreement"] = round(100.0 * row["agree"] / judged, 1) if judged else None
            out[name] = row
        return out
