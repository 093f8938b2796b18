"""unstratified_negation: recursion through `not`.

The dependency graph has one node per predicate (name/arity; `p` and `~p` are one
node, since their conclusions attack each other) and an edge from each rule's head
to each body predicate, for every rule kind, marked negative under `not`. A strongly
connected component that contains a negative edge has no stratification.
"""
from __future__ import annotations

from engine import ast
from engine.analysis.common import error
from engine.errors import UNSTRATIFIED_NEGATION
from engine.graph import strongly_connected


def check_stratification(program: ast.Program) -> list:
    # Only a cycle through a `not` edge is an error: without one there is nothing to
    # find, and the component search over 10^5 predicates is most of this pass.
    Naf = ast.Naf
    if not any(type(item) is Naf for rule in program.rules for item in rule.body):
        return []
    edges: dict[tuple, dict[tuple, ast.Naf | None]] = {}  # head -> body pred -> first `not` item (or None)
    nodes: list[tuple] = []
    seen: set[tuple] = set()

    def node(key):
        if key not in seen:
            seen.add(key)
            nodes.append(key)
        return key

    for rule in program.rules:
        head = node(rule.head.key)
        out_edges = edges.setdefault(head, {})
        for item in rule.body:
            if isinstance(item, ast.Naf):
                target = node(item.atom.key)
                if out_edges.get(target) is None:
                    out_edges[target] = item
            elif isinstance(item, ast.Atom):
                out_edges.setdefault(node(item.key), None)

    components = strongly_connected(nodes, lambda n: edges.get(n, {}).keys())
    out = []
    for comp in components:
        members = set(comp)
        negatives = [
            (src, dst, item)
            for src in comp
            for dst, item in edges.get(src, {}).items()
            if item is not None and dst in members
        ]
        if not negatives:
            continue
        src, dst, item = min(negatives, key=lambda e: _pos(e[2]))
        path = _path(dst, src, edges, members)
        text = _show_cycle(src, dst, path, edges)
        out.append(error(UNSTRATIFIED_NEGATION, f"recursion through negation: {text}", item.span))
    return out


def _pos(item):
    s = item.span
    return (s.file, s.line, s.column) if s else ("", 0, 0)


def _path(start, goal, edges, members) -> list[tuple]:
    """Shortest path start -> goal inside the component (breadth-first)."""
    parents = {start: None}
    frontier = [start]
    while frontier and goal not in parents:
        nxt = []
        for n in frontier:
            for m in edges.get(n, {}):
                if m in members and m not in parents:
                    parents[m] = n
                    nxt.append(m)
        frontier = nxt
    path = [goal]
    while path[-1] != start:
        path.append(parents[path[-1]])
    return list(reversed(path))


def _show_cycle(src, dst, path, edges) -> str:
    """`p -> not q -> p`: src, then the negative step to dst, then dst back to src."""
    parts = [src[0], f"not {dst[0]}"]  # for `p :- not p` (dst == src) the path adds nothing
    for prev, nxt in zip(path, path[1:]):
        parts.append(f"not {nxt[0]}" if edges[prev][nxt] is not None else nxt[0])
    return " -> ".join(parts)
