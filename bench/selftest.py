"""`python bench/theories.py --selftest`: are the generated theories the ones
the paper describes?  Checks rule counts against closed forms, the shape of
each family (who supports and who attacks which literal, which rule beats
which), that the three syntaxes say the same thing, and, where
tiny-datalog is installed, that an independent solver gives each goal the
tag the benchmark will demand of speclogic.  No pytest needed: it prints one
line per check and a closing 'N passed, N failed'."""
from __future__ import annotations

import time
from collections import defaultdict

import theories as T

_results = []


def check(name, ok, detail=""):
    _results.append(bool(ok))
    print("%s  %s%s" % ("ok  " if ok else "FAIL", name,
                        "" if ok or not detail else "  (%s)" % detail))


def _index(th):
    """literal -> [rules with that head]; literal is the atom, sign apart."""
    by_head = defaultdict(list)
    for rule in th.rules:
        by_head[rule[1]].append(rule)
    return by_head


def _common(th):
    labels = [r[0] for r in th.rules]
    check("%s: labels unique" % th.name, len(set(labels)) == len(labels))
    heads = {r[0]: r[1] for r in th.rules}
    ok = all(a in heads and b in heads and heads[a].lstrip("~") ==
             heads[b].lstrip("~") and heads[a] != heads[b]
             for a, b in th.superior)
    check("%s: each superiority pair orders two rules for opposite literals"
          % th.name, ok)
    known = set(th.facts) | {r[1] for r in th.rules}
    body = {a for r in th.rules for a in r[2]}
    check("%s: every body literal is a fact or has a rule" % th.name,
          body <= known, sorted(body - known)[:3])
    check("%s: goal %s is mentioned" % (th.name, th.goal),
          th.goal in known | body)


def counts():
    for n in (1, 10, 1000):
        check("chain(%d) has %d rules" % (n, n), len(T.chain(n).rules) == n)
        check("circle(%d) has %d rules" % (n, n), len(T.circle(n).rules) == n)
        lv = T.levels(n)
        check("levels(%d) has 4(n+1)+1 rules, n+1 priorities" % n,
              len(lv.rules) == 4 * (n + 1) + 1 and len(lv.superior) == n + 1)
        check("levels(%d) --no-priorities has none" % n,
              not T.levels(n, priorities=False).superior)
    for n in range(0, 8):
        expect = sum(4 ** (i + 1) for i in range(n + 1))
        check("teams(%d) has %d rules" % (n, expect),
              len(T.teams(n).rules) == expect == T.teams_rule_count(n))
    for n, k in ((1, 2), (4, 3), (6, 3), (3, 5)):
        th = T.tree(n, k)
        check("tree(%d,%d) has %d inner rules and %d leaf facts"
              % (n, k, sum(k ** i for i in range(n)), k ** n),
              len(th.rules) == sum(k ** i for i in range(n))
              and len(th.facts) == k ** n)
    for n, k in ((1, 1), (10, 4), (250, 4)):
        th = T.dag(n, k)
        check("dag(%d,%d) has kn+1 rules and k facts" % (n, k),
              len(th.rules) == k * n + 1 and len(th.facts) == k)
    check("teams(7) ~ 87k rules", T.teams_rule_count(7) == 87380)
    check("tree(10,3) ~ 29.5k rules", len(T.tree(10, 3).rules) == 29524)


def shapes():
    th = T.chain(50)
    _common(th)
    check("chain: r_i is a_{i-1} => a_i",
          all(r == ("r%d" % i, "a%d" % i, ("a%d" % (i - 1),))
              for i, r in zip(range(1, 51), th.rules)))
    th = T.circle(50)
    _common(th)
    by_head = _index(th)
    check("circle: every a_i has one rule, from a_{i-1}, no facts",
          not th.facts and all(by_head["a%d" % i][0][2] ==
                               ("a%d" % ((i - 1) % 50),) for i in range(50)))
    th = T.levels(6)
    _common(th)
    by_head, sup = _index(th), set(th.superior)
    top = 2 * 6 + 2
    ok = True
    for j in range(top + 1):
        pro, con = by_head["a%d" % j], by_head["~a%d" % j]
        ok &= len(pro) == 1 and pro[0][2] == ()
        if j < top:
            ok &= len(con) == 1 and con[0][2] == ("a%d" % (j + 1),)
            ok &= ((con[0][0], pro[0][0]) in sup) == (j % 2 == 1)
    check("levels: a_j has `=> a_j`, attacker `a_{j+1} => ~a_j`, "
          "superior exactly for odd j", ok)
    for n in (2, 4):
        th = T.teams(n)
        _common(th)
        by_head, sup = _index(th), set(th.superior)
        atoms = {r[1].lstrip("~") for r in th.rules}
        ok = True
        for a in atoms:
            pro, con = by_head[a], by_head["~" + a]
            ok &= len(pro) == 2 and len(con) == 2
            # each attacker beaten by exactly one supporter, a different one
            beaters = [[p[0] for p in pro if (p[0], c[0]) in sup] for c in con]
            ok &= all(len(b) == 1 for b in beaters)
            ok &= beaters[0] != beaters[1]
        check("teams(%d): every literal has 2 supporters and 2 attackers, "
              "each attacker beaten by a different supporter" % n, ok)
        leaves = [r for r in th.rules if not r[2]]
        check("teams(%d): the last level (%d rules) has empty bodies"
              % (n, 4 ** (n + 1)), len(leaves) == 4 ** (n + 1)
              and all(not r[2] for r in th.rules[-len(leaves):]))
    th = T.tree(4, 3)
    _common(th)
    uses = defaultdict(int)
    for r in th.rules:
        for a in r[2]:
            uses[a] += 1
    check("tree: each rule has k distinct children, each node but the root "
          "is used once", all(len(set(r[2])) == 3 for r in th.rules)
          and set(uses.values()) == {1} and "a0" not in uses)
    th = T.dag(20, 4)
    _common(th)
    check("dag: r_i body is a_{i+1}..a_{i+k}",
          all(r[2] == tuple("a%d" % j for j in range(i + 1, i + 5))
              for i, r in enumerate(th.rules)))


def syntaxes():
    th = T.levels(3)
    dl, dfl, td = th.dump("dl"), th.dump("dfl"), th.dump("td")
    n = 1 + len(th.facts) + len(th.rules) + len(th.superior)
    check("every syntax has one line per statement",
          all(s.count("\n") == n for s in (dl, dfl, td)))
    check("dl uses := and true, dfl uses => and -, td uses => and ~",
          "r0: a0 := true." in dl and "r1: ~a0 := a1." in dl
          and "r0: => a0" in dfl and "r1: a1 => -a0" in dfl and "~" not in dfl
          and "r0: => a0." in td and "r1: a1 => ~a0." in td)
    dfl = T.dag(1, 2).dump("dfl")
    check("dfl facts are `>> a`", ">> a3\n" in dfl and "r0: a1, a2 => a0" in dfl)


def _tiny_tag(th, propagating):
    from tiny_datalog.defeasible import Theory
    result = Theory.parse(th.dump("td")).conclusions(
        "propagating" if propagating else "blocking")
    lit = (th.goal, ())
    for tag, name in (("+∂", "+d"), ("−∂", "-d"), ("undecided", "undecided")):
        if lit in result[tag]:
            return name
    return "?"


def answers():
    try:
        import tiny_datalog.defeasible  # noqa: F401
    except ImportError:
        print("skip  answers: tiny-datalog is not installed")
        return
    small = [T.chain(30), T.circle(30), T.levels(10),
             T.levels(10, priorities=False), T.teams(2), T.tree(4, 3),
             T.dag(20, 4)]
    for th in small:
        for flags, want in th.expectations:
            if flags == ():
                got = _tiny_tag(th, False)
            elif flags == ("--policy", "propagating"):
                got = _tiny_tag(th, True)
            else:
                continue  # tiny-datalog has no well-founded / individual defeat
            check("tiny-datalog agrees: %s %s gives %s %s"
                  % (th.name, " ".join(flags) or "(default)", want, th.goal),
                  got == want, "got %s" % got)


def speed():
    t = time.perf_counter()
    for th in (T.chain(100000), T.teams(7), T.dag(25000, 4)):
        th.dump("dl")
    dt = time.perf_counter() - t
    check("generating and formatting ~290k rules takes %.2f s (< 10 s)" % dt,
          dt < 10)


def run_selftest() -> int:
    for part in (counts, shapes, syntaxes, answers, speed):
        part()
    passed = sum(_results)
    print("%d passed, %d failed" % (passed, len(_results) - passed))
    return 0 if passed == len(_results) else 1
