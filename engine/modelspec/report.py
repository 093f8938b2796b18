"""Audit reports for people: one block per conversation, then a summary table.

Plain text unless a terminal asks for rich; both are deterministic for a given
input. JSON and JSONL come from AuditReport.to_json / ConversationAudit.to_json
(docs/audit.md).
"""
from __future__ import annotations

import json

from engine.modelspec.tally import COUNTS

SUMMARY_COLUMNS = ("conversation", "instr", "followed", "overridden", "replies", "compliant", "violating",
                   "unjudged", "agree", "disagree", "reviewer")
_FLIPS_SHOWN = 3
CHAPTER_COLUMNS = ("chapter", "conversations", "replies", "agree", "disagree", "unjudged", "unresolved", "agreement")
_LABEL = {"good": "GOOD", "bad": "BAD", "ok": "OK", "unlabeled": "-"}


def _where(ref: dict | None) -> str:
    return f"{ref['file']}:{ref['line']}" if ref and ref.get("file") else "?"


def _decision_line(d: dict) -> str:
    why = f": {d['because']}" if d["because"] else ""
    sup = d["superiority"]
    return f"{d['winner']} beat {d['loser']}{why}  [{sup['file']}:{sup['line']}]"


def conversation_text(conv) -> list[str]:
    lines = [f"{conv.id}  ({conv.file}:{conv.line})" + (f"  {conv.title}" if conv.title else "")]
    if conv.instructions:
        lines.append("  instructions")
    for ins in conv.instructions:
        asks = ", ".join(ins.get("demands") or ins["asks"])
        head = f"    {ins['id']:<18} {ins['role']:<9} {ins['status']:<10} asks {asks}"
        if ins.get("asks_overridden") and ins["status"] == "overridden":
            head += f" (overridden: {', '.join(ins['asks_overridden'])})"
        by = ins.get("overridden_by")
        if by and by["kind"] == "instruction":
            head += f"; overridden by {by['id']} ({by['role']})"
        elif by and by["kind"] == "principle":
            head += f"; overridden by the principle {by['principle']}"
        if ins["status"] == "undecided" and ins.get("failure"):
            head += f" ({ins['failure']})"
        lines.append(head)
        if ins["status"] == "overridden" and ins.get("rule"):
            lines.append(f"      rule {ins['rule']['label']}  [{_where(ins['rule'])}]")
        for d in ins["decided_by"]:
            lines.append(f"      {_decision_line(d)}")
    if conv.candidates:
        lines.append("  replies")
    for cand in conv.candidates:
        mark = "  " if cand["agreement"] != "disagree" else "!!"
        extra = f" ({cand['reason']})" if cand.get("reason") else ""
        by_reviewer = f"  by reviewer: {cand['reviewer_verdict']}" if cand.get("reviewer_verdict") else ""
        sens = cand.get("sensitivity")
        fragile = "  fragile" if sens and sens["fragile"] else ""
        lines.append(f"  {mark}{cand['id']:<18} {_LABEL.get(cand['label'], cand['label']):<5} "
                     f"{cand['verdict']}{extra}  {cand['agreement']}{by_reviewer}{fragile}")
        if sens:
            flips = sens["flips"]
            shown = flips[:_FLIPS_SHOWN]
            for f in shown:
                lines.append(f"      {cand['verdict']}; {f['verdict']} if {' and '.join(f['edits'])}")
            if len(flips) > len(shown):
                lines.append(f"      ... {len(flips) - len(shown)} more changes flip it (--format json lists all)")
            if not flips:
                lines.append(f"      no change of one or two annotations flips it ({sens['searched']} tried"
                             + (", search cut short)" if sens["cut_short"] else ")"))
            elif sens["cut_short"]:
                lines.append("      (pair search cut short)")
        for d in cand.get("decided_by", []):
            lines.append(f"      {_decision_line(d)}")
        for v in cand["violations"]:
            origin = v["because_of"] or v["rule"]
            what = "did" if v["kind"] == "did" else "left undone"
            acts = ", ".join(f"{'did' if a['kind'] == 'did' else 'left undone'} {a['act']}" for a in v["acts"])
            lines.append(f"      violates {v['principle']} ({v['level']}): {acts or what + ' ' + str(v['act'])}; "
                         f"by {origin['label']}  [{_where(origin)}]")
            for d in v["decided_by"]:
                lines.append(f"        {_decision_line(d)}")
    for c in conv.unresolved:
        lines.append(f"  unresolved: {c.first.label} ({c.literal}) vs {c.second.label} ({c.opposite}): "
                     "no superiority settles it, so neither side holds; add a precedence clause")
    return lines


def _sensitive(report) -> bool:
    return report.tally.sensitive


def summary_columns(report) -> tuple:
    return SUMMARY_COLUMNS + (("fragile",) if _sensitive(report) else ())


def summary_rows(report) -> list[tuple]:
    extra = _sensitive(report)
    rows = []
    for row in report.tally.rows:
        c = dict(zip(COUNTS, row.counts))
        rows.append((row.id, c["followed"] + c["overridden"] + c["undecided"], c["followed"], c["overridden"],
                     row.replies, c["compliant"], c["violating"], c["unjudged"], c["agree"], c["disagree"],
                     c["by_reviewer"]) + ((c["fragile"],) if extra else ()))
    s = report.summary()
    rows.append(("TOTAL", s["followed"] + s["overridden"] + s["undecided"], s["followed"], s["overridden"],
                 s["compliant"] + s["violating"] + s["unjudged"], s["compliant"], s["violating"], s["unjudged"],
                 s["agree"], s["disagree"], s["by_reviewer"]) + ((s["fragile"],) if extra else ()))
    return rows


def chapter_rows(report) -> list[tuple]:
    chapters = report.chapters()
    rows = []
    for name, c in chapters.items():
        rows.append((name, c["conversations"], c["replies"], c["agree"], c["disagree"], c["unjudged"], c["unresolved"],
                     "-" if c["agreement"] is None else f"{c['agreement']:.1f}%"))
    tot = {k: sum(c[k] for c in chapters.values()) for k in ("conversations", "replies", "agree", "disagree",
                                                               "unjudged", "unresolved")}
    judged = tot["agree"] + tot["disagree"] + tot["unjudged"]
    rows.append(("TOTAL", tot["conversations"], tot["replies"], tot["agree"], tot["disagree"], tot["unjudged"],
                 tot["unresolved"], f"{100.0 * tot['agree'] / judged:.1f}%" if judged else "-"))
    return rows


def _table(columns, data_rows) -> list[str]:
    rows = [columns] + [tuple(str(x) for x in r) for r in data_rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    out = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        out.append("  ".join(cells).rstrip())
        if n == 0 or n == len(rows) - 2:
            out.append("  ".join("-" * w for w in widths))
    return out


def summary_text(report) -> list[str]:
    out = _table(summary_columns(report), summary_rows(report))
    if len(report.chapters()) > 1:
        out += [""] + _table(CHAPTER_COLUMNS, chapter_rows(report))
    out.append(verdict_line(report))
    return out


def verdict_line(report) -> str:
    s = report.summary()
    return (f"{s['conversations']} conversations in {s['files']} files ({s['bad_files']} bad); "
            f"{s['agree']} agree, {s['disagree']} disagree, {s['unjudged']} unjudged, {s['unlabeled']} unlabeled")


def summary_rich(report, console) -> None:
    from rich.table import Table

    table = Table(title=f"speclogic audit (profile {report.profile})")
    for n, col in enumerate(summary_columns(report)):
        table.add_column(col, justify="left" if n == 0 else "right")
    rows = summary_rows(report)
    for n, row in enumerate(rows):
        style = "bold" if n == len(rows) - 1 else ("red" if row[-1] else None)
        table.add_row(*[str(x) for x in row], style=style, end_section=(n == len(rows) - 2))
    console.print(table)
    if len(report.chapters()) > 1:
        chapters = Table(title="per chapter")
        for n, col in enumerate(CHAPTER_COLUMNS):
            chapters.add_column(col, justify="left" if n == 0 else "right")
        crows = chapter_rows(report)
        for n, row in enumerate(crows):
            chapters.add_row(*[str(x) for x in row], style="bold" if n == len(crows) - 1 else None,
                             end_section=(n == len(crows) - 2))
        console.print(chapters)
    console.print(verdict_line(report))


def jsonl_lines(report, version: int, conversations=None) -> list[str]:
    """A record per conversation (all, or those given), per error, then one summary record
    over every conversation audited: a reader of the stream knows it is complete."""
    shown = report.conversations if conversations is None else conversations
    out = [jsonl_conversation(conv, report.profile, version) for conv in shown]
    out += jsonl_errors(report, version)
    out.append(jsonl_summary(report, version))
    return out


def jsonl_conversation(conv, profile: str, version: int) -> str:
    return json.dumps({"version": version, "type": "conversation", "profile": profile,
                       "conversation": conv.to_json()}, ensure_ascii=False, sort_keys=True)


def jsonl_errors(report, version: int) -> list[str]:
    return [json.dumps({"version": version, "type": "error", "error": err}, ensure_ascii=False, sort_keys=True)
            for err in report.error_json()]


def jsonl_summary(report, version: int) -> str:
    return json.dumps({"version": version, "type": "summary", "profile": report.profile,
                       "policy": report.policy, "rules": report.rules, "summary": report.summary(),
                       "chapters": report.chapters()}, ensure_ascii=False, sort_keys=True)
