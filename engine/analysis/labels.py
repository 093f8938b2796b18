"""Checks on rule labels and the superiority relation: duplicate_label, unknown_label,
superiority_cycle, superiority_without_conflict."""
from __future__ import annotations

from engine import ast
from engine.analysis.common import error, label_key, unify_args, warning, where
from engine.errors import DUPLICATE_LABEL, SUPERIORITY_CYCLE, UNKNOWN_LABEL

SUPERIORITY_WITHOUT_CONFLICT = "superiority_without_conflict"


def check_duplicate_labels(program: ast.Program) -> list:
    """Two rules may not share a label. Parametrized labels clash when their arguments
    unify (obey(M) and obey(N) do; prio(1) and prio(2) do not)."""
    out = []
    # label key -> its one rule so far, or a list once a second rule shares the key (most
    # keys have one rule: no list each for a large generated theory)
    by_key: dict[tuple[str, int], ast.Rule | list[ast.Rule]] = {}
    for rule in program.rules:
        label = rule.label
        key = (label.name, len(label.args))
        found = by_key.get(key)
        if found is None:
            by_key[key] = rule
            continue
        earlier: list[ast.Rule] = [found] if isinstance(found, ast.Rule) else found
        by_key[key] = earlier
        for prev in earlier:
            if not unify_args(prev.label.args, rule.label.args):
                continue
            if rule.generated_label:
                msg = (
                    f"the generated label {rule.label.name} of this unlabelled rule is also the label of the rule at "
                    f"{where(prev.span)} (two files share the name {rule.label.name.split(':')[0]!r}); label the rules"
                )
            else:
                msg = f"label {rule.label} is already used by the rule at {where(prev.span)}"
            out.append(error(DUPLICATE_LABEL, msg, rule.label.span or rule.span))
            break
        earlier.append(rule)
    return out


def check_unknown_labels(program: ast.Program) -> list:
    if not program.superiorities:
        return []  # only superiority clauses name labels
    known = {label_key(r.label) for r in program.rules if not r.generated_label}
    names = {r.label.name for r in program.rules if not r.generated_label}
    out = []
    for sup in program.superiorities:
        for label in (sup.superior, sup.inferior):
            if label_key(label) in known:
                continue
            if label.name in names:
                arities = sorted(n for name, n in known if name == label.name)
                msg = f"no rule has the label {label.name} with {len(label.args)} argument(s) (it is used with {_count(arities)})"
            else:
                msg = f"no rule has the label {label}"
            out.append(error(UNKNOWN_LABEL, msg, label.span or sup.span))
    return out


def _count(arities: list[int]) -> str:
    return " or ".join(str(a) for a in arities) + " argument(s)"


def _node(label: ast.Label) -> tuple:
    return (label.name, tuple(t.value if isinstance(t, ast.Const) else t for t in label.args))


def _show(node: tuple) -> str:
    name, args = node
    return name if not args else f"{name}({', '.join(ast.format_value(a) for a in args)})"


def check_superiority_cycles(program: ast.Program) -> list:
    """Cycles among unconditional clauses with ground labels.

    A conditional clause (`a > b :- body.`) holds only for some facts, and its labels
    usually have variables, so whether it closes a cycle depends on the data: those are
    left to the solver. An unconditional clause with variables in its labels is already
    an unsafe_variable error. What remains is an exact graph over ground label terms.
    """
    edges: dict[tuple, list[tuple[tuple, ast.Superiority]]] = {}
    for sup in program.superiorities:
        if sup.body or not all(isinstance(t, ast.Const) for t in sup.superior.args + sup.inferior.args):
            continue
        edges.setdefault(_node(sup.superior), []).append((_node(sup.inferior), sup))
    out = []
    seen_cycles: set[frozenset] = set()
    for start in sorted(edges, key=_sort_key):
        cycle = _find_cycle(start, edges)
        if cycle is None:
            continue
        nodes, clauses = cycle
        key = frozenset(id(c) for c in clauses)
        if key in seen_cycles:
            continue
        seen_cycles.add(key)
        first = min(clauses, key=lambda c: (c.span.file, c.span.line, c.span.column) if c.span else ("", 0, 0))
        text = " > ".join(_show(n) for n in nodes)
        out.append(error(SUPERIORITY_CYCLE, f"the superiority relation has a cycle: {text}", first.span))
    return out


def _sort_key(node: tuple):
    return (node[0], tuple(repr(a) for a in node[1]))


def _find_cycle(start, edges):
    """A shortest cycle through `start` (breadth-first), as (nodes incl. return to start, clauses)."""
    parents: dict[tuple, tuple] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for target, clause in edges.get(node, ()):
                if target == start:
                    path, clauses = [node], [clause]
                    while path[-1] != start:
                        prev, via = parents[path[-1]]
                        path.append(prev)
                        clauses.append(via)
                    path.reverse()
                    return path + [start], clauses
                if target not in parents and target != start:
                    parents[target] = (node, clause)
                    nxt.append(target)
        frontier = nxt
    return None


def check_superiority_relevance(program: ast.Program, conflicting) -> list:
    """`r2 > r1` between two rules whose conclusions can never conflict does nothing:
    usually a typo in a label. `conflicting(rule_a, rule_b)` decides conflict."""
    by_key: dict[tuple[str, int], list[ast.Rule]] = {}
    for rule in program.rules:
        by_key.setdefault(label_key(rule.label), []).append(rule)
    out = []
    for sup in program.superiorities:
        sups = by_key.get(label_key(sup.superior), [])
        infs = by_key.get(label_key(sup.inferior), [])
        if not sups or not infs or sup.superior == sup.inferior:
            continue  # unknown_label / superiority_cycle report those
        if any(conflicting(a, b) for a in sups for b in infs):
            continue
        msg = (
            f"{sup.superior} > {sup.inferior} has no effect: {sups[0].label} ({where(sups[0].span)}) concludes "
            f"{sups[0].head} and {infs[0].label} ({where(infs[0].span)}) concludes {infs[0].head}, which never conflict"
        )
        out.append(warning(SUPERIORITY_WITHOUT_CONFLICT, msg, sup.span))
    return out
