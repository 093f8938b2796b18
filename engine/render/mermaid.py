"""Mermaid diagrams: proof trees and override graphs.

Node ids are generated (n0, n1, ...) and labels quoted, so no user text can
break the diagram syntax: a label is escaped like any printed text (no CR, LF or
other control characters), then every character Mermaid gives a meaning inside a
quoted label is written as an entity code -- `"` (the end of the label), `%`
(`%%` comments and `%%{init: ...}%%` directives), `#` (entity codes themselves),
`<`, `>` and `&` (HTML in labels), the backtick (markdown strings).
"""
from __future__ import annotations

from engine.ast import escape_text
from engine.explain.why import Node

_ENTITIES = {"#": "#35;", '"': "#quot;", "%": "#37;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def _label(text: str) -> str:
    safe = "".join(_ENTITIES.get(ch, ch) for ch in escape_text(text))
    return f'"{safe}"'


class _Ids:
    def __init__(self):
        self.ids: dict[str, str] = {}

    def get(self, key: str) -> tuple[str, bool]:
        if key in self.ids:
            return self.ids[key], False
        self.ids[key] = f"n{len(self.ids)}"
        return self.ids[key], True


def tree_mermaid(root: Node) -> str:
    return trees_mermaid([root])


def trees_mermaid(roots: list[Node]) -> str:
    """One diagram for several proof trees (a pattern with several matches): Mermaid
    renders one graph per document, and shared literals are drawn once."""
    lines = ["graph TD"]
    ids = _Ids()

    def lit(n: Node) -> str:
        nid, new = ids.get("lit:" + n.literal)
        if new:
            lines.append(f"  {nid}[{_label(f'{n.defeasible} {n.literal}')}]")
        return nid

    def rule(label: str, text: str) -> str:
        rid, new = ids.get("rule:" + label)
        if new:
            lines.append(f"  {rid}([{_label(text)}])")
        return rid

    def walk(n: Node, depth=0):
        me = lit(n)
        if n.seen or n.truncated:
            return
        if n.rule:
            r = rule(n.rule.label, n.rule.label)
            lines.append(f"  {r} --> {me}")
            for p in n.premises:
                lines.append(f"  {lit(p)} --> {r}")
                walk(p, depth + 1)
        for e in n.attackers + n.supporters:
            a = rule(e.rule.label, e.rule.label)
            lines.append(f"  {a} -. {e.outcome} .-> {me}")
            if e.by is not None:
                b = rule(e.by.label, e.by.label)
                lines.append(f"  {b} == beats ==> {a}" if e.outcome in ("beaten", "defeated") else f"  {b} -. {e.outcome} .- {a}")
            if e.premise is not None:
                lines.append(f"  {lit(e.premise)} -. premise .-> {a}")
                walk(e.premise, depth + 1)

    for root in roots:
        walk(root)
    return "\n".join(lines)


def conflicts_mermaid(conflicts) -> str:
    """The override graph: an arrow from each winning rule instance to the one it overrides."""
    lines = ["graph LR"]
    _override_edges(conflicts, lines, _Ids(), "  ")
    return "\n".join(lines)


def grouped_conflicts_mermaid(groups) -> str:
    """Several override graphs in one diagram, one subgraph per (title, conflicts) group."""
    lines = ["graph LR"]
    ids = _Ids()
    for i, (title, conflicts) in enumerate(groups):
        lines.append(f"  subgraph g{i}[{_label(title)}]")
        _override_edges(conflicts, lines, ids, "    ", scope=f"g{i}:")
        lines.append("  end")
    return "\n".join(lines)


def _override_edges(conflicts, lines, ids, indent, scope=""):
    def rule(label: str, head: str) -> str:
        rid, new = ids.get(scope + label)
        if new:
            lines.append(f"{indent}{rid}[{_label(label + ': ' + head)}]")
        return rid

    for c in conflicts:
        a = rule(c.first.label, c.first.head)
        b = rule(c.second.label, c.second.head)
        if c.resolution == "first_wins":
            lines.append(f"{indent}{a} -->|overrides| {b}")
        elif c.resolution == "second_wins":
            lines.append(f"{indent}{b} -->|overrides| {a}")
        else:
            lines.append(f"{indent}{a} <-.->|unresolved| {b}")
