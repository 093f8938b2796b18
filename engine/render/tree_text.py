"""Proof and failure trees as indented text, for terminals and logs.

Plain characters only and no terminal-width wrapping, so the same tree prints
the same bytes everywhere. Every line is one of the tree's own: a branch
(`|- `, `` `- ``) or a quote line (`> `) under a message. User text (constants,
rule sources, file names, message text) goes through engine.ast's one escaping,
so it can neither start a line nor reach the terminal as a control sequence.
"""
from __future__ import annotations

from typing import Any

from engine.ast import escape_text, format_value
from engine.explain.why import Edge, Node
from engine.proof import RuleRef

OUTCOME_WORDS = {
    "beaten": "beaten",
    "discarded": "cannot fire",
    "unsupported": "not supported",
    "unbeaten": "unbeaten",
    "pending": "undecided",
    "missing_premise": "missing premise",
    "defeated": "defeated",
    "blocked": "blocked by an unsettled conflict",
    "blocked_by_defeater": "blocked by a defeater",
    "contradicted": "contradicted by a strict conclusion",
    "applicable": "applicable",
}

REASON_WORDS = {
    "fact": "fact",
    "strict": "strict rule",
    "defeasible": "defeasible rule",
    "no_rule": "no rule concludes it",
    "no_instance": "rules for it exist, but their premises never hold",
    "no_support": "every rule for it fails",
    "attacked": "attacked and not defended",
    "all_attacked": "every rule for it is attacked",
    "strict_complement": "its opposite is definite",
    "unfounded": "unfounded loop",
    "undecided": "undecided",
}


def rule_line(r: RuleRef) -> str:
    where = f"  [{r.file}:{r.line}]" if r.file else ""
    binds = ", ".join(f"{k} = {_short(v)}" for k, v in sorted(r.bindings.items()))
    # a parametrized label names its instance first: `obey(dev) from obey(M): ...`
    shown = r.source if r.source.startswith(f"{r.label}: ") else f"{r.label} from {r.source}"
    return f"{shown}{where}" + (f"  with {binds}" if binds else "")


def _short(v) -> str:
    text = format_value(v) if isinstance(v, (str, int, float)) and not isinstance(v, bool) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."


def head_line(n: Node) -> str:
    tag = n.defeasible
    extra = f" ({n.failure})" if n.failure else ""
    reason = REASON_WORDS.get(n.reason, n.reason)
    line = f"{tag} {n.literal}{extra}" + (f"  -- {reason}" if reason else "")
    if n.seen:
        line += "  (shown above)"
    elif n.truncated:
        line += "  (...)"
    return line


def render_tree(node: Node, short: bool = False) -> str:
    """The tree as text. `short` (why's default, on a tree built one level deep): a
    line is printed once -- a literal met again and a message quoted before are left
    out instead of being pointed back to."""
    lines: list[str] = []
    _node(node, lines, "", "", set() if short else None)
    # pieces are user text; escaping each finished line keeps any of them from
    # making a line of its own (the prefixes and quote marks are ours, and printable)
    return "\n".join(escape_text(line) for line in lines)


def _node(n: Node, out: list, first: str, rest: str, printed: set | None = None) -> None:
    out.append(first + head_line(n))
    if printed is not None:
        printed.add(n.literal)
    children: list[tuple[str, Any]] = []  # (kind, the text, quote, node or edge)
    if n.message:
        m = n.message
        who = f" ({m['role']})" if m.get("role") else ""
        if m.get("seen"):
            if printed is None:
                children.append(("text", f"message {m['id']}{who} (quoted above)"))
        else:
            children.append(("quote", (f"message {m['id']}{who}:", quote_lines(m["text"]))))
    for r in n.unmatched_rules:
        why = f"{r['missing_premise']}" if r.get("missing_premise") else "its premises never hold"
        children.append(("text", f"rule {r['source']}  [{r['file']}:{r['line']}]: no instance, {why}"))
    if n.contradicted_by:
        children.append(("text", f"contradicted: {n.contradicted_by} is definitely provable"))
    if n.rule:
        children.append(("text", "by " + rule_line(n.rule)))
        for cond in n.rule.conditions:
            children.append(("text", f"  and {cond}"))
    children += [("node", p) for p in n.premises if printed is None or p.literal not in printed]
    for e in n.supporters:
        children.append(("supporter", e))
    for e in n.attackers:
        children.append(("attacker", e))
    for i, (kind, item) in enumerate(children):
        last = i == len(children) - 1
        branch, pad = ("`- ", "   ") if last else ("|- ", "|  ")
        if kind == "text":
            out.append(rest + branch + item)
        elif kind == "quote":
            head, quoted = item
            out.append(rest + branch + head)
            out.extend(rest + pad + "> " + q for q in quoted)
        elif kind == "node":
            _node(item, out, rest + branch, rest + pad, printed)
        else:
            _edge(item, kind, out, rest + branch, rest + pad, printed)


def _edge(e: Edge, kind: str, out: list, first: str, rest: str, printed: set | None = None) -> None:
    role = "attacked by" if kind == "attacker" else "rule"
    out.append(f"{first}{role} {rule_line(e.rule)}")
    words = OUTCOME_WORDS.get(e.outcome, e.outcome)
    detail = []
    if e.by is not None:
        joiner = "with" if e.outcome == "blocked" else "by"
        detail.append(f"{words} {joiner} {e.by.label}" + (f"  [{e.by.file}:{e.by.line}]" if e.by.file else ""))
    else:
        detail.append(words)
    if e.superiority is not None:
        s = e.superiority
        detail.append(f"because {s.superior} > {s.inferior}: {s.clause}  [{s.file}:{s.line}]")
    if e.failure:
        detail[0] += f" ({e.failure})"
    items: list[tuple[str, Any]] = [("text", d) for d in detail]
    nodes = e.superiority_premises + ([e.premise] if e.premise is not None else [])
    # short form: the same premise can stand under the rule that fired and under the
    # clause that beat its attacker (or twice in one clause); it is printed the first time
    if printed is not None:
        nodes = [p for i, p in enumerate(nodes) if p.literal not in printed
                 and all(q.literal != p.literal for q in nodes[:i])]
    items += [("node", p) for p in nodes]
    for i, (k, item) in enumerate(items):
        last = i == len(items) - 1
        branch, pad = ("`- ", "   ") if last else ("|- ", "|  ")
        if k == "text":
            out.append(rest + branch + item)
        else:
            _node(item, out, rest + branch, rest + pad, printed)


def decision_line(d: dict) -> str:
    """One superiority decision (engine.modelspec.decisions) as the short form prints it."""
    why = f": {d['because']}" if d["because"] else ""
    sup = d["superiority"]
    return f"decided: {d['winner']} beat {d['loser']}{why}  [{sup['file']}:{sup['line']}]"


def quote_lines(text: str, max_lines: int = 6, width: int = 160) -> list[str]:
    """A message as quote lines: its own lines (blank ones dropped, whitespace runs
    folded), each clipped, at most `max_lines` of them; every one is escaped, so a
    quoted line cannot pose as a line of the proof."""
    folded = (" ".join(ln.split()) for ln in text.split("\n"))  # also folds \r, \t, \u2028 ...
    lines = [_clip(escape_text(ln), width) for ln in folded if ln]
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [f"... ({len(lines) - max_lines + 1} more lines)"]
    return lines or ["(empty)"]


def _clip(flat: str, width: int) -> str:
    return flat if len(flat) <= width else flat[: width - 3] + "..."
