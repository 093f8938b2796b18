"""Superiority between rule instances, kept at the level of label groups.

A superiority instance relates two label instances; every rule instance with the
superior label beats every rule instance with the inferior label whose head
conflicts with its own. Rule instances sharing a label and a head are one
*group*: they are beaten by, and beat, exactly the same rules. Storing the
relation between groups instead of between rule instances keeps it linear in
the theory: `r1: a := q(_X). r2: ~a := s(_Y). r1 > r2.` over n facts each is
one edge between two groups of n rules, not n^2 pairs.
"""
from __future__ import annotations

from collections import defaultdict

from engine.errors import SUPERIORITY_CYCLE, Diagnostic, SpeclogicError


class SuperiorityIndex:
    """`(r, s) in index` / `index.get((r, s))`: does rule r beat rule s, and by which
    superiority instance (an index into GroundTheory.superiority)."""

    def __init__(self, g):
        self.group_of: list[int] = []          # rid -> group
        self.members: list[list[int]] = []     # group -> rids, ascending
        self.head: list[int] = []              # group -> head lid
        key_to_group: dict = {}
        for rule in g.rules:
            key = (rule.label, rule.head)
            gid = key_to_group.get(key)
            if gid is None:
                gid = key_to_group[key] = len(self.members)
                self.members.append([])
                self.head.append(rule.head)
            self.group_of.append(gid)
            self.members[gid].append(rule.id)
        self.edges: dict[tuple[int, int], int] = {}  # (superior group, inferior group) -> instance
        heads_of_label = defaultdict(list)
        for (label, head), gid in key_to_group.items():
            heads_of_label[label].append((head, gid))
        for idx, inst in enumerate(g.superiority):
            inferior = heads_of_label.get(inst.inferior)
            if not inferior:
                continue
            inf_by_head = dict(inferior)
            for head, gsup in heads_of_label.get(inst.superior, ()):
                for ckey in g.complements_of_key(g.keys[head]):
                    clid = g.index.get(ckey)
                    ginf = inf_by_head.get(clid) if clid is not None else None
                    if ginf is not None:
                        self.edges.setdefault((gsup, ginf), idx)
        n = len(self.members)
        self.superiors: list[list[int]] = [[] for _ in range(n)]  # group -> groups beating it
        self.inferiors: list[list[int]] = [[] for _ in range(n)]  # group -> groups it beats
        for (a, b) in sorted(self.edges):
            self.inferiors[a].append(b)
            self.superiors[b].append(a)

    def get(self, pair, default=None):
        r, s = pair
        return self.edges.get((self.group_of[r], self.group_of[s]), default)

    def __contains__(self, pair) -> bool:
        return self.get(pair) is not None

    def __bool__(self) -> bool:
        return bool(self.edges)

    def __len__(self) -> int:
        """Number of rule-instance pairs the relation stands for (computed, never stored)."""
        return sum(len(self.members[a]) * len(self.members[b]) for a, b in self.edges)

    def beats(self, r: int, s: int) -> bool:
        return (self.group_of[r], self.group_of[s]) in self.edges

    def superior_rules(self, s: int):
        """Every rule instance beating s, ascending (for explanations: O(their number))."""
        return sorted(r for h in self.superiors[self.group_of[s]] for r in self.members[h])

    def refuse_cycles(self, g) -> None:
        """Superiority must be acyclic among rules that attack each other. Static analysis
        catches cycles of unconditional clauses; conditional clauses can close a cycle only
        on the facts at hand (e.g. `r1 > r2 :- m. r2 > r1 :- m.`), which would let both
        sides of a conflict win. A cycle of rule instances is exactly a cycle of groups
        (every member of a group beats every member of the groups below it)."""
        state = {}  # 1 on the DFS path, 2 finished
        for root in range(len(self.members)):
            if root in state or not self.inferiors[root]:
                continue
            path, stack = [root], [iter(self.inferiors[root])]
            state[root] = 1
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    state[path.pop()] = 2
                    stack.pop()
                    continue
                if state.get(nxt) == 1:
                    self._cycle_error(g, path[path.index(nxt):] + [nxt])
                if nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(self.inferiors[nxt]))

    def _cycle_error(self, g, cycle: list) -> None:
        labels = " > ".join(g.rules[self.members[x][0]].label_text for x in cycle)
        clauses = [g.superiority[self.edges[(a, b)]].source for a, b in zip(cycle, cycle[1:])]
        where = "; ".join(f"{c} ({c.span})" if c.span else str(c) for c in clauses)
        raise SpeclogicError(Diagnostic(
            SUPERIORITY_CYCLE,
            f"superiority cycle on these facts: {labels} (from {where}); "
            "superiority must be acyclic, or both sides of a conflict could win",
            clauses[0].span,
        ))


def link_superiority(g) -> None:
    """Turn label-level superiority into the group relation the solver reads as g.beats;
    a superiority between rules that never attack each other changes nothing."""
    g.beats = SuperiorityIndex(g)
    if g.beats:
        g.beats.refuse_cycles(g)
