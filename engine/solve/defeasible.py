"""The defeasible solver: linear-time propagation over a ground theory.

Each literal and rule keeps counters (Maher 2001: occurrence lists and counts);
an event -- a literal gets a tag, a rule becomes applicable or discarded -- is
handled once and touches only the rules and literals linked to it. Nothing is
recomputed in passes, except the unfounded-set step of --well-founded, which
runs only when propagation has stalled.

Tags: dtag (+D/-D), ptag (+d/-d), stag (support, +S/-S, only under
ambiguity propagation). 1 = proved, -1 = refuted, 0 = neither (undecided).
"""
from __future__ import annotations

from engine.ast import DEFEATER, STRICT
from engine.ground.model import GroundTheory
from engine.ground.superiority import SuperiorityIndex
from engine.solve.options import PROPAGATING, Options
from engine.solve.unfounded import well_founded

OPEN, NEUTRAL, BEATEN = 0, 1, 2
# literal events on the work stack: lid * 4 + kind
PLUS, MINUS, SPLUS, SMINUS = 0, 1, 2, 3


# the propagation's own counters; the explanations read only the tags, the rule states
# (app, disc, supported, unsupported, sfail) and the links
_COUNTERS = ("unproved", "sup_alive", "sup_app", "att_open", "att_state", "gbeaten", "gssa",
             "att_total", "act_total", "gbo", "gab", "gwin", "gnf", "win_bucket", "fail_bucket",
             "fails", "sunsupp", "gsthreat", "gsfail", "salive")


class Solver:
    def __init__(self, g: GroundTheory, options: Options = Options()):
        self.g, self.opt = g, options
        self.ap = options.policy == PROPAGATING
        n, m = len(g.keys), len(g.rules)
        self.n, self.m = n, m
        rules = g.rules
        self.head = [r.head for r in rules]
        self.body = [r.body for r in rules]
        self.is_sup = [r.kind != DEFEATER for r in rules]
        if g.conflicts:
            self.comp: list = [[g.index[k] for k in g.complements_of_key(key) if k in g.index] for key in g.keys]
        else:  # the common case, kept cheap: the only complement of p(..) is ~p(..)
            get, none = g.index.get, ()
            self.comp = [
                none if (c := get((p, not neg, a))) is None else (c,) for (p, neg, a) in g.keys
            ]
        self.supporters, self.occurs, self.strict_for = _links(rules, n)
        # Superiority is read per group of rules sharing a label and a head (they are beaten
        # by, and beat, the same rules), so one clause over many instances costs their number.
        sup = g.beats if isinstance(g.beats, SuperiorityIndex) else SuperiorityIndex(g)
        self.sup = sup
        self._comp_pos = {}
        self.grp, self.members, self.ghead = sup.group_of, sup.members, sup.head
        # (group, i): i is the position of one group's head among the other's complements
        self.g_sup = [[(h, self._pos(b, h)) for h in hs] if hs else () for b, hs in enumerate(sup.superiors)]
        self.g_inf = [[(b, self._pos(b, h)) for b in bs] if bs else () for h, bs in enumerate(sup.inferiors)]

        self.dtag = [0] * n
        self.ptag = [0] * n
        self.stag = [0] * n
        self.reason: list[tuple | None] = [None] * n      # why the +d/-d tag was given
        self.order = []               # lids in the order they got +d/-d
        self.app = [False] * m
        self.disc = [False] * m
        self.supported = [False] * m  # AP: every premise +S
        self.unsupported = [False] * m
        self.unproved = [len(b) for b in self.body]
        self.stack = []
        self._by_head: list[list[int]] | None = None
        self.wf_rounds = 0

    # ------------------------------------------------------------------ public
    def rules_with_head(self, lid: int) -> list[int]:
        """Every rule (any kind) concluding `lid`; built on first use, for explanations."""
        if self._by_head is None:
            by_head = [[] for _ in range(self.n)]
            for r in range(self.m):
                by_head[self.head[r]].append(r)
            self._by_head = by_head
        return self._by_head[lid]

    def _pos(self, b: int, h: int) -> int:
        """Where group h's head stands among the complements of group b's head."""
        cs = self.comp[self.ghead[b]]
        if len(cs) == 1:
            return 0
        pos = self._comp_pos.get(self.ghead[b])
        if pos is None:
            pos = self._comp_pos[self.ghead[b]] = {c: i for i, c in enumerate(cs)}
        return pos[self.ghead[h]]

    def beats(self, r: int, s: int) -> bool:
        return self.sup.beats(r, s)

    def superiors(self, s: int) -> list[int]:
        """Rule instances beating s (for explanations and tests; O(their number))."""
        return self.sup.superior_rules(s)

    def inferior_count(self, r: int) -> int:
        return sum(len(self.members[b]) for b in self.sup.inferiors[self.grp[r]])

    def solve(self):
        self._definite()
        self._init_counters()
        self._seed()
        self._run()
        if self.opt.well_founded:
            self.wf_rounds = well_founded(self)
        for name in _COUNTERS:  # nothing reads them once every tag is settled
            self.__dict__.pop(name, None)
        return self

    # ------------------------------------------------------------------ +D / -D
    def _definite(self):
        g, dtag = self.g, self.dtag
        for lid in g.definite:
            dtag[lid] = 1
        alive = [len(x) for x in self.strict_for]
        failed = [False] * self.m
        todo = [q for q in range(self.n) if dtag[q] == 0 and alive[q] == 0]
        for q in todo:
            dtag[q] = -1
        while todo:
            q = todo.pop()
            for r in self.occurs[q]:
                if self.g.rules[r].kind == STRICT and not failed[r]:
                    failed[r] = True
                    h = self.head[r]
                    alive[h] -= 1
                    if alive[h] == 0 and dtag[h] == 0:
                        dtag[h] = -1
                        todo.append(h)
        if self.opt.well_founded:
            for q in range(self.n):
                if dtag[q] == 0:
                    dtag[q] = -1

    # ------------------------------------------------------------------ setup
    def _init_counters(self):
        n, m, head, comp, members, is_sup = self.n, self.m, self.head, self.comp, self.members, self.is_sup
        ng = len(members)
        self.sup_alive = [len(s) for s in self.supporters]
        self.sup_app = [0] * n
        self.att_open = [0] * n
        self.att_state = [None] * m
        att_open = self.att_open
        for s in range(m):
            cs = comp[head[s]]
            if cs:
                self.att_state[s] = [OPEN] * len(cs)
                for q in cs:
                    att_open[q] += 1
        n_sup = [sum(1 for r in rs if is_sup[r]) for rs in members]
        # per group and complement position: is it beaten (team defeat), and how many
        # superior supporters concluding that complement are not discarded
        # the shared () for a head without complements: nothing indexes it
        self.gbeaten = [[False] * len(cs) if (cs := comp[h]) else () for h in self.ghead]
        self.gssa = [[0] * len(cs) if (cs := comp[h]) else () for h in self.ghead]
        for b in range(ng):
            for h, i in self.g_sup[b]:
                self.gssa[b][i] += n_sup[h]
        self.comp_minus_d = [all(self.dtag[c] == -1 for c in comp[q]) for q in range(n)]
        if not self.opt.team_defeat:
            self.att_total = list(self.att_open)  # attackers not neutralized
            self.act_total = [0] * n  # active attackers
            # per group: attackers it beats not yet neutralized / already active
            self.gbo = [sum(len(members[b]) for b in self.sup.inferiors[h]) for h in range(ng)]
            self.gab = [0] * ng
            self.gwin = [set() for _ in range(ng)]   # applicable, not failed supporters
            self.gnf = [{r for r in rs if is_sup[r]} for rs in members]  # supporters not failed
            self.failed = [False] * m
            self.fails = [0] * n
            self.win_bucket = [dict() for _ in range(n)]   # gbo -> groups with a gwin member
            self.fail_bucket = [dict() for _ in range(n)]  # gab -> groups with a gnf member
            for h in range(ng):
                if self.gnf[h]:
                    self.fail_bucket[self.ghead[h]].setdefault(0, set()).add(h)
        if self.ap:
            self.sunsupp = [len(b) for b in self.body]
            self.gsthreat = [sum(len(members[h]) for h in self.sup.superiors[b]) for b in range(ng)]
            self.gsfail = [False] * ng
            self.sfail = [False] * m
            self.salive = [len(s) for s in self.supporters]

    def _seed(self):
        dtag, comp = self.dtag, self.comp
        for q in range(self.n):
            if dtag[q] == 1:
                self._prove(q, ("definite",))
            elif any(dtag[c] == 1 for c in comp[q]):
                self._refute(q, ("strict_complement", next(c for c in comp[q] if dtag[c] == 1)))
            elif not self.supporters[q]:
                self._refute(q, ("no_rule",))
            if self.ap:
                if dtag[q] == 1:
                    self._sprove(q)
                elif not self.supporters[q]:
                    self._srefute(q)
        for r in range(self.m):
            if not self.body[r]:
                self._applicable(r)
                if self.ap:
                    self._supported(r)

    # ------------------------------------------------------------------ tagging
    def _prove(self, q, why):
        if self.ptag[q] == 0:
            self.ptag[q] = 1
            self.reason[q] = why
            self.order.append(q)
            self.stack.append(q * 4 + PLUS)

    def _refute(self, q, why):
        if self.ptag[q] == 0 and self.dtag[q] == -1:
            self.ptag[q] = -1
            self.reason[q] = why
            self.order.append(q)
            self.stack.append(q * 4 + MINUS)

    def _sprove(self, q):
        if self.stag[q] == 0:
            self.stag[q] = 1
            self.stack.append(q * 4 + SPLUS)

    def _srefute(self, q):
        if self.stag[q] == 0 and self.dtag[q] == -1:
            self.stag[q] = -1
            self.stack.append(q * 4 + SMINUS)

    def _run(self):
        stack, occurs = self.stack, self.occurs
        unproved, disc = self.unproved, self.disc
        while stack:
            ev = stack.pop()
            q, kind = ev >> 2, ev & 3
            if kind == PLUS:
                for r in occurs[q]:
                    unproved[r] -= 1
                    if unproved[r] == 0 and not disc[r]:
                        self._applicable(r)
            elif kind == MINUS:
                for r in occurs[q]:
                    if not disc[r]:
                        self._discarded(r)
            elif kind == SPLUS:
                for r in occurs[q]:
                    self.sunsupp[r] -= 1
                    if self.sunsupp[r] == 0 and not self.unsupported[r]:
                        self._supported(r)
            else:
                for r in occurs[q]:
                    if not self.unsupported[r] and not self.supported[r]:
                        self._unsupported(r)

    # ------------------------------------------------------------------ rule events
    def _applicable(self, r):
        if self.app[r]:
            return
        self.app[r] = True
        h = self.head[r]
        if self.is_sup[r]:
            self.sup_app[h] += 1
            if self.opt.team_defeat:
                for b, i in self.g_inf[self.grp[r]]:
                    if not self.gbeaten[b][i]:  # the first applicable superior beats the group
                        self.gbeaten[b][i] = True
                        for s in self.members[b]:
                            if self.att_state[s][i] == OPEN:
                                self.att_state[s][i] = BEATEN
                                self.att_open[h] -= 1
                self._check_plus(h)
            else:
                self._nt_applicable(r, h)
        if self.ap:
            for b, _ in self.g_inf[self.grp[r]]:
                if not self.gsfail[b]:
                    self.gsfail[b] = True
                    for t in self.members[b]:
                        if self.is_sup[t]:
                            self._sfail(t)
        else:
            self._activate(r)

    def _discarded(self, r):
        self.disc[r] = True
        h = self.head[r]
        if self.is_sup[r]:
            self.sup_alive[h] -= 1
            if self.sup_alive[h] == 0:
                self._refute(h, ("no_support",))
            if self.opt.team_defeat:
                for b, i in self.g_inf[self.grp[r]]:
                    self.gssa[b][i] -= 1
                    if self.gssa[b][i] == 0 and not self.gbeaten[b][i]:
                        for s in self.members[b]:
                            if self._active(s) and self.att_state[s][i] == OPEN:
                                self._refute(h, ("attacked", s))
                                break
            else:
                self._nt_fail(r, h)
        if self.ap:
            for b, _ in self.g_inf[self.grp[r]]:
                self.gsthreat[b] -= 1
                if self.gsthreat[b] == 0:
                    for t in self.members[b]:
                        if self.is_sup[t] and self.supported[t] and not self.sfail[t]:
                            self._sprove(self.head[t])
                            break
        else:
            self._neutralize(r)

    def _supported(self, r):
        if self.supported[r]:
            return
        self.supported[r] = True
        if self.is_sup[r] and self.gsthreat[self.grp[r]] == 0 and not self.sfail[r]:
            self._sprove(self.head[r])
        self._activate(r)

    def _unsupported(self, r):
        self.unsupported[r] = True
        if self.is_sup[r]:
            self._sfail(r)
        self._neutralize(r)

    def _sfail(self, r):
        if not self.sfail[r]:
            self.sfail[r] = True
            h = self.head[r]
            self.salive[h] -= 1
            if self.salive[h] == 0:
                self._srefute(h)

    def _active(self, s):
        return self.supported[s] if self.ap else self.app[s]

    # ------------------------------------------------------------------ attacks
    def _activate(self, s):
        """s can now attack: applicable (blocking) or supported (propagating)."""
        cs = self.comp[self.head[s]]
        if self.opt.team_defeat:
            ssa = self.gssa[self.grp[s]]
            for i, q in enumerate(cs):
                if self.att_state[s][i] == OPEN and ssa[i] == 0:
                    self._refute(q, ("attacked", s))
        else:
            for q in cs:
                self._nt_attacker_active(s, q)

    def _neutralize(self, s):
        """s can no longer attack: discarded (blocking) or unsupported (propagating)."""
        cs = self.comp[self.head[s]]
        for i, q in enumerate(cs):
            if self.att_state[s][i] == OPEN:
                self.att_state[s][i] = NEUTRAL
                self.att_open[q] -= 1
                if self.opt.team_defeat:
                    self._check_plus(q)
                else:
                    self._nt_attacker_gone(s, q)

    def _check_plus(self, q):
        if self.ptag[q] == 0 and self.sup_app[q] and self.att_open[q] == 0 and self.comp_minus_d[q]:
            self._prove(q, ("fired",))

    # ------------------------------------------------------------------ without team defeat
    # A supporter r wins when it is applicable and every attacker not beaten by r
    # itself is neutralized: att_total[q] == gbo[group of r]. Buckets of groups keyed
    # by those counts find the winners (and the losers) in O(1) per event.
    def _nt_applicable(self, r, q):
        if self.failed[r]:
            return
        h = self.grp[r]
        if self.gbo[h] == self.att_total[q] and self.comp_minus_d[q]:
            self._prove(q, ("fired", r))
        if not self.gwin[h]:
            self.win_bucket[q].setdefault(self.gbo[h], set()).add(h)
        self.gwin[h].add(r)

    def _nt_attacker_gone(self, s, q):
        ghead, bucket = self.ghead, self.win_bucket[q]
        for h, _ in self.g_sup[self.grp[s]]:
            if ghead[h] == q:
                b = self.gbo[h]
                if self.gwin[h]:
                    bucket[b].discard(h)
                    bucket.setdefault(b - 1, set()).add(h)
                self.gbo[h] = b - 1
        self.att_total[q] -= 1
        winners = bucket.get(self.att_total[q])
        if winners and self.comp_minus_d[q] and self.ptag[q] == 0:
            self._prove(q, ("fired", min(min(self.gwin[h]) for h in winners)))

    def _nt_attacker_active(self, s, q):
        ghead, bucket = self.ghead, self.fail_bucket[q]
        for h, _ in self.g_sup[self.grp[s]]:
            if ghead[h] == q and self.gnf[h]:
                b = self.gab[h]
                bucket[b].discard(h)
                bucket.setdefault(b + 1, set()).add(h)
                self.gab[h] = b + 1
        old = self.act_total[q]
        self.act_total[q] = old + 1
        for h in sorted(bucket.pop(old, ())):
            for r in sorted(self.gnf[h]):
                self._nt_mark_failed(r, q)

    def _nt_fail(self, r, q):
        if not self.failed[r]:
            self._nt_mark_failed(r, q)

    def _nt_mark_failed(self, r, q):
        self.failed[r] = True
        h = self.grp[r]
        self.gnf[h].discard(r)
        if not self.gnf[h]:
            self.fail_bucket[q].get(self.gab[h], set()).discard(h)
        if r in self.gwin[h]:
            self.gwin[h].discard(r)
            if not self.gwin[h]:
                self.win_bucket[q].get(self.gbo[h], set()).discard(h)
        self.fails[q] += 1
        if self.fails[q] == len(self.supporters[q]):
            self._refute(q, ("no_support",) if all(self.disc[t] for t in self.supporters[q]) else ("all_attacked",))


def _links(rules, n: int) -> tuple[list, list, list]:
    """Per literal: the rules supporting it (not defeaters), the rules whose body it
    occurs in, and its strict rules, each a tuple in rule order. Most literals of a large
    theory have none or one of each: they get the shared () or a one-element tuple
    (48 bytes, where a list costs 88), and a list is made only for the second entry."""
    supporters: list = [()] * n
    occurs: list = [()] * n
    strict_for: list = [()] * n
    for r in rules:
        rid, kind, h = r.id, r.kind, r.head
        if kind != DEFEATER:
            x = supporters[h]
            if not x:
                supporters[h] = (rid,)
            else:
                _add(supporters, h, rid)
            if kind == STRICT:
                _add(strict_for, h, rid)
        for b in r.body:
            x = occurs[b]
            if not x:
                occurs[b] = (rid,)
            else:
                _add(occurs, b, rid)
    for links in (supporters, occurs, strict_for):
        for i, x in enumerate(links):
            if type(x) is list:
                links[i] = tuple(x)
    return supporters, occurs, strict_for


def _add(links: list, i: int, rid: int) -> None:
    x = links[i]
    if not x:
        links[i] = (rid,)
    elif type(x) is tuple:
        links[i] = [*x, rid]
    else:
        x.append(rid)
