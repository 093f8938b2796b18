"""Geometry for the HTML report's two drawings: a stacked bar chart and an override graph.

Only numbers and the text to show come out of here; the templates draw them
(engine/render/templates/), so every label is escaped by the one template engine.
Text width is estimated from its length (a monospace-ish 7 px per character) because
the page must lay out the same with no script and no font metrics at hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field

CHAR_W = 7.0
BAR_ROW = 22
BAR_AREA = 420
NODE_H = 42
NODE_GAP_Y = 16
LAYER_GAP_X = 70
MAX_NODE_CHARS = 44


def clip(text: str, limit: int = MAX_NODE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class Segment:
    kind: str
    count: int
    x: float
    width: float


@dataclass
class BarRow:
    label: str
    y: float
    total: int
    segments: list[Segment]
    end: float        # where the bar ends: its total is written there


@dataclass
class BarChart:
    width: float
    height: float
    label_width: float
    rows: list[BarRow]
    kinds: list[str]


def bar_chart(rows: list[tuple[str, dict[str, int]]], kinds: list[str]) -> BarChart:
    """One horizontal bar per row, its segments in the order of `kinds`, all to one scale."""
    label_w = max([len(label) for label, _ in rows] + [8]) * CHAR_W + 12
    biggest = max([sum(counts.get(k, 0) for k in kinds) for _, counts in rows] + [1])
    scale = BAR_AREA / biggest
    out = []
    for i, (label, counts) in enumerate(rows):
        x, segs = label_w, []
        for k in kinds:
            n = counts.get(k, 0)
            if n:
                segs.append(Segment(k, n, round(x, 1), round(n * scale, 1)))
                x += n * scale
        out.append(BarRow(label, i * BAR_ROW + 4, sum(counts.get(k, 0) for k in kinds), segs, round(x, 1)))
    return BarChart(round(label_w + BAR_AREA + 60, 1), len(rows) * BAR_ROW + 8, round(label_w, 1), out, kinds)


@dataclass
class GraphNode:
    key: str
    title: str        # shown: the rule instance's label, clipped
    subtitle: str     # shown: what it concludes, clipped
    tooltip: str      # the full text, as the node's <title>
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = NODE_H


@dataclass
class GraphEdge:
    kind: str         # overrides / unresolved
    path: str         # SVG path data
    label_x: float
    label_y: float


@dataclass
class Graph:
    width: float
    height: float
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


def override_graph(conflicts) -> Graph | None:
    """Rule instances in columns, each overriding rule left of the ones it overrides (the
    longest chain of overrides above a node is its column); unresolved pairs get a
    dashed arc. None when the conversation has no conflict."""
    if not conflicts:
        return None
    nodes: dict[str, GraphNode] = {}
    edges: list[tuple[str, str, str]] = []
    for c in conflicts:
        for ref in (c.first, c.second):
            if ref.label not in nodes:
                nodes[ref.label] = GraphNode(ref.label, clip(ref.label), clip(ref.head),
                                             f"{ref.label}: {ref.head}  [{ref.file}:{ref.line}]")
        if c.resolution == "first_wins":
            edges.append((c.first.label, c.second.label, "overrides"))
        elif c.resolution == "second_wins":
            edges.append((c.second.label, c.first.label, "overrides"))
        else:
            edges.append((c.first.label, c.second.label, "unresolved"))
    edges = sorted(set(edges))
    layer = {k: 0 for k in nodes}
    for _ in range(len(nodes)):  # longest path; a cycle (never expected) stops after n rounds
        changed = False
        for a, b, kind in edges:
            if kind == "overrides" and layer[b] < layer[a] + 1:
                layer[b], changed = layer[a] + 1, True
        if not changed:
            break
    columns: dict[int, list[GraphNode]] = {}
    for key in sorted(nodes):
        columns.setdefault(layer[key], []).append(nodes[key])
    # one barycentre pass: a node sits near the rules that override it, so arrows cross less
    row: dict[str, float] = {n.key: float(i) for i, n in enumerate(columns.get(0, []))}
    for col in sorted(columns)[1:]:
        def centre(n: GraphNode) -> tuple:
            above = [row[a] for a, b, kind in edges if b == n.key and a in row]
            return (sum(above) / len(above) if above else float("inf"), n.key)
        columns[col].sort(key=centre)
        row.update({n.key: float(i) for i, n in enumerate(columns[col])})
    x = 10.0
    height = 0.0
    for col in sorted(columns):
        members = columns[col]
        width = max(max(len(n.title), len(n.subtitle)) for n in members) * CHAR_W + 20
        for i, n in enumerate(members):
            n.x, n.y, n.width = x, 10.0 + i * (NODE_H + NODE_GAP_Y), width
        height = max(height, 10.0 + len(members) * (NODE_H + NODE_GAP_Y))
        x += width + LAYER_GAP_X
    graph = Graph(round(x - LAYER_GAP_X + 50, 1), round(height + 10, 1),
                  [n for col in sorted(columns) for n in columns[col]])
    for a, b, kind in edges:
        graph.edges.append(_edge(nodes[a], nodes[b], kind))
    return graph


def _edge(a: GraphNode, b: GraphNode, kind: str) -> GraphEdge:
    if b.x > a.x:  # left to right: from a's right side to b's left side
        x1, y1, x2, y2 = a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2
        mid = (x1 + x2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        return GraphEdge(kind, path, round(mid, 1), round((y1 + y2) / 2 - 4, 1))
    # same column (an unresolved pair): an arc out to the right and back
    x1, y1 = a.x + a.width, a.y + a.height / 2
    x2, y2 = b.x + b.width, b.y + b.height / 2
    bulge = max(x1, x2) + 40
    path = f"M{x1:.1f},{y1:.1f} C{bulge:.1f},{y1:.1f} {bulge:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    return GraphEdge(kind, path, round(bulge - 10, 1), round((y1 + y2) / 2, 1))
