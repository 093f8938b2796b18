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

from engine.errors import SUPERIORITY_CYCLE, Diagnostic, SpeclogicError


class SuperiorityIndex:
    """`(r, s) in index` / `index.get((r, s))`: does rule r beat rule s, and by which
    superiority instance (an index into GroundTheory.superiority)."""

    def __init__(self, g):
        # Most labels name one group (one rule instance, in a generated theory): the build
        # keeps a group's members as a tuple and a label's groups as one id, and makes a
        # list or a dict only for the rare label or group with several, so a 10^6-rule
        # theory does not hold 10^6 one-element lists and key tuples at its peak.
        group_of: list[int] = []                   # rid -> group
        members: list = []                         # group -> its rid (one rule) or a list of rids
        head: list[int] = []                       # group -> head lid
        first: dict = {}                           # label -> its first group
        more: dict = {}                            # label -> {head: group}, for labels of several heads
        for rule in g.rules:
            label, h, rid = rule.label, rule.head, rule.id
            gid = first.get(label)
            if gid is None:
                gid = first[label] = len(members)
                members.append(rid)
                head.append(h)
            else:
                if head[gid] != h:
                    heads = more.get(label)
                    if heads is None:
                        heads = more[label] = {head[gid]: gid}
                    found = heads.get(h)
                    if found is None:
                        gid = heads[h] = len(members)
                        members.append(rid)
                        head.append(h)
                        group_of.append(gid)
                        continue
                    gid = found
                m = members[gid]
                if type(m) is int:
                    members[gid] = [m, rid]
                else:
                    m.append(rid)
            group_of.append(gid)
        if len(members) == len(group_of):
            # every group is one rule, and group i is rule i (groups open in rule order)
            group_of = range(len(members))
            members = _Singletons(len(members))
        else:
            for gid, m in enumerate(members):
                members[gid] = (m,) if type(m) is int else tuple(m)
        self.group_of, self.members, self.head = group_of, members, head
        self.edges: dict[tuple[int, int], int] = {}  # (superior group, inferior group) -> instance
        if g.superiority:
            heads_of_label = {label: list(more[label].items()) if label in more else [(head[gid], gid)]
                              for label, gid in first.items()}
            for idx, inst in enumerate(g.superiority):
                inferior = heads_of_label.get(inst.inferior)
                if not inferior:
                    continue
                inf_by_head = dict(inferior)
                for h, gsup in heads_of_label.get(inst.superior, ()):
                    for ckey in g.complements_of_key(g.keys[h]):
                        clid = g.index.get(ckey)
                        ginf = inf_by_head.get(clid) if clid is not None else None
                        if ginf is not None:
                            self.edges.setdefault((gsup, ginf), idx)
        n = len(members)
        # group -> groups beating it / groups it beats; the shared () for the many with none
        self.superiors: list = [()] * n
        self.inferiors: list = [()] * n
        for (a, b) in sorted(self.edges):
            if not self.inferiors[a]:
                self.inferiors[a] = []
            self.inferiors[a].append(b)
            if not self.superiors[b]:
                self.superiors[b] = []
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


class _Singletons:
    """The members of groups that are each one rule, group i being rule i: (i,) made on
    reading, where a list would hold a one-element tuple per rule (10^6 of them)."""

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[int]:
        return (range(self.n)[i],)

    def __iter__(self):
        return ((i,) for i in range(self.n))


def link_superiority(g) -> None:
    """Turn label-level superiority into the group relation the solver reads as g.beats;
    a superiority between rules that never attack each other changes nothing."""
    g.beats = SuperiorityIndex(g)
    if g.beats:
        g.beats.refuse_cycles(g)
