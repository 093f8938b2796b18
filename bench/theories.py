#!/usr/bin/env python3
"""Scalable benchmark theories for defeasible logic.

The families follow Maher, Rock, Antoniou, Billington and Miller (2001),
"Efficient defeasible reasoning systems": chain, circle, levels, teams,
tree and dag.  Each generator returns a `Theory` (plain lists of strings,
cheap to build at 10^5 rules) that can be written in three syntaxes:

  dl   speclogic's own syntax      r1: a1 := a0.    ~a0    % comment
  dfl  SPINdle's syntax            r1: a0 => a1     -a0    # comment
  td   tiny-datalog-defeasible     r1: a0 => a1.    ~a0    % comment

A literal is a string; a leading "~" marks strong negation.  Every theory
names a `goal` literal and the tag speclogic must give it under each set of
solver flags (`expectations`), so the runner can check answers, not only
time them.

CLI:  python bench/theories.py FAMILY N [K] [--format dl|dfl|td]
                               [--no-priorities] [-o FILE|-]
      python bench/theories.py --selftest
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"
FORMATS = {"dl": "dl", "dfl": "dfl", "td": "tdl"}  # format -> file extension


@dataclass
class Theory:
    family: str
    params: tuple
    facts: list = field(default_factory=list)      # literal strings
    rules: list = field(default_factory=list)      # (label, head, body tuple)
    superior: list = field(default_factory=list)   # (stronger, weaker) labels
    goal: str = "a0"
    # (solver flags, expected defeasible tag of goal: "+d" | "-d" | "undecided")
    expectations: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return "%s(%s)" % (self.family, ",".join(map(str, self.params)))

    @property
    def stem(self) -> str:
        return "-".join([self.family] + [str(p) for p in self.params])

    def dump(self, fmt: str) -> str:
        return _WRITERS[fmt](self)

    def write(self, fmt: str, directory: Path = OUT_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / ("%s.%s" % (self.stem, FORMATS[fmt]))
        path.write_text(self.dump(fmt))
        return path


# -- the families ------------------------------------------------------------

def chain(n: int) -> Theory:
    """Fact a0 and r_i: a_{i-1} => a_i; the goal is the far end a_n."""
    th = Theory("chain", (n,), facts=["a0"], goal="a%d" % n,
                expectations=[((), "+d")])
    th.rules = [("r%d" % i, "a%d" % i, ("a%d" % (i - 1),))
                for i in range(1, n + 1)]
    return th


def circle(n: int) -> Theory:
    """r_i: a_i => a_{(i+1) mod n}; nothing starts the loop."""
    th = Theory("circle", (n,), goal="a0",
                expectations=[((), "undecided"), (("--well-founded",), "-d")])
    th.rules = [("r%d" % i, "a%d" % ((i + 1) % n), ("a%d" % i,))
                for i in range(n)]
    return th


def levels(n: int, priorities: bool = True) -> Theory:
    """A cascade of disputed conclusions: each a_j is supported by `=> a_j`
    and attacked by `a_{j+1} => ~a_j`; for odd j the attack is superior.
    Even literals come out +d, odd ones -d; without the priorities, ambiguity
    blocking still gives +d a0 and propagation does not."""
    th = Theory("levels" if priorities else "levels-nopri", (n,), goal="a0")
    rules, sup = [("r0", "a0", ())], []
    for i in range(n + 1):
        b = 4 * i + 1
        even, odd = 2 * i, 2 * i + 1
        rules.append(("r%d" % b, "~a%d" % even, ("a%d" % odd,)))
        rules.append(("r%d" % (b + 1), "a%d" % odd, ()))
        rules.append(("r%d" % (b + 2), "~a%d" % odd, ("a%d" % (odd + 1),)))
        rules.append(("r%d" % (b + 3), "a%d" % (odd + 1), ()))
        if priorities:
            sup.append(("r%d" % (b + 2), "r%d" % (b + 1)))
    th.rules, th.superior = rules, sup
    th.expectations = [((), "+d"), (("--policy", "propagating"),
                                    "+d" if priorities else "-d")]
    return th


def teams(n: int) -> Theory:
    """Levels 0..n; level i has 4^(i+1) rules.  Rule r_m has head a_{m div 4}
    (negated when m mod 4 >= 2) and body a_{m+1} (empty on the last level), and
    in each group of four r_4x > r_4x+2, r_4x+1 > r_4x+3: every literal has two
    supporters and two attackers, each attacker beaten by one supporter, so
    only team defeat proves it."""
    th = Theory("teams", (n,), goal="a0",
                expectations=[((), "+d"), (("--no-team-defeat",), "-d")])
    total = teams_rule_count(n)
    last = total - 4 ** (n + 1)   # first rule of the last level
    rules, sup = [], []
    for m in range(total):
        x, j = divmod(m, 4)
        head = ("a%d" if j < 2 else "~a%d") % x
        rules.append(("r%d" % m, head, ("a%d" % (m + 1),) if m < last else ()))
        if j < 2:
            sup.append(("r%d" % m, "r%d" % (m + 2)))
    th.rules, th.superior = rules, sup
    return th


def tree(n: int, k: int) -> Theory:
    """Complete k-ary tree of depth n, numbered like a heap (children of a_i
    are a_{ki+1}..a_{ki+k}); inner nodes are rules over their children,
    leaves are facts."""
    th = Theory("tree", (n, k), goal="a0", expectations=[((), "+d")])
    inner = (k ** n - 1) // (k - 1)
    th.rules = [("r%d" % i, "a%d" % i,
                 tuple("a%d" % c for c in range(k * i + 1, k * i + k + 1)))
                for i in range(inner)]
    th.facts = ["a%d" % i for i in range(inner, inner + k ** n)]
    return th


def dag(n: int, k: int) -> Theory:
    """Facts a_{kn+1}..a_{kn+k}; r_i: a_{i+1},...,a_{i+k} => a_i, i=0..kn."""
    th = Theory("dag", (n, k), goal="a0", expectations=[((), "+d")])
    th.facts = ["a%d" % i for i in range(k * n + 1, k * n + k + 1)]
    th.rules = [("r%d" % i, "a%d" % i,
                 tuple("a%d" % j for j in range(i + 1, i + k + 1)))
                for i in range(k * n + 1)]
    return th


def teams_rule_count(n: int) -> int:
    return (4 ** (n + 2) - 4) // 3


FAMILIES = {"chain": chain, "circle": circle, "levels": levels,
            "teams": teams, "tree": tree, "dag": dag}
TWO_PARAMS = {"tree", "dag"}


def make(family: str, n: int, k: int | None = None,
         priorities: bool = True) -> Theory:
    if family not in FAMILIES:
        raise ValueError("unknown family %r (one of %s)"
                         % (family, ", ".join(FAMILIES)))
    if family in TWO_PARAMS:
        return FAMILIES[family](n, 3 if k is None else k)
    if family == "levels":
        return levels(n, priorities)
    return FAMILIES[family](n)


# -- writers -----------------------------------------------------------------

def _header(th: Theory, mark: str) -> str:
    return "%s %s: %d rules, %d facts, %d superiority pairs; goal %s\n" % (
        mark, th.name, len(th.rules), len(th.facts), len(th.superior), th.goal)


def _dl(th: Theory) -> str:
    parts = [_header(th, "%")]
    parts += ["%s.\n" % f for f in th.facts]
    parts += ["%s: %s := %s.\n" % (l, h, ", ".join(b) if b else "true")
              for l, h, b in th.rules]
    parts += ["%s > %s.\n" % p for p in th.superior]
    return "".join(parts)


def _neg_dash(lit: str) -> str:
    return "-" + lit[1:] if lit[0] == "~" else lit


def _dfl(th: Theory) -> str:
    parts = [_header(th, "#")]
    parts += [">> %s\n" % _neg_dash(f) for f in th.facts]
    parts += ["%s: %s=> %s\n" % (l, "".join(_neg_dash(a) + ", " for a in b)[:-2]
                                 + " " if b else "", _neg_dash(h))
              for l, h, b in th.rules]
    parts += ["%s > %s\n" % p for p in th.superior]
    return "".join(parts)


def _td(th: Theory) -> str:
    parts = [_header(th, "%")]
    parts += ["%s.\n" % f for f in th.facts]
    parts += ["%s: %s=> %s.\n" % (l, ", ".join(b) + " " if b else "", h)
              for l, h, b in th.rules]
    parts += ["%s > %s.\n" % p for p in th.superior]
    return "".join(parts)


_WRITERS = {"dl": _dl, "dfl": _dfl, "td": _td}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("family", nargs="?", choices=sorted(FAMILIES))
    ap.add_argument("n", nargs="?", type=int)
    ap.add_argument("k", nargs="?", type=int, help="branching (tree, dag; default 3)")
    ap.add_argument("--format", choices=sorted(_WRITERS), default="dl")
    ap.add_argument("--no-priorities", action="store_true",
                    help="levels only: leave out the superiority relation")
    ap.add_argument("-o", "--output", help="file to write, '-' for stdout "
                    "(default bench/out/FAMILY-N[-K].EXT)")
    ap.add_argument("--selftest", action="store_true",
                    help="check rule counts, structure and expected answers")
    args = ap.parse_args(argv)
    if args.selftest:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from selftest import run_selftest
        return run_selftest()
    if args.family is None or args.n is None:
        ap.error("FAMILY and N are required (or --selftest)")
    if args.no_priorities and args.family != "levels":
        ap.error("--no-priorities applies to levels only")
    th = make(args.family, args.n, args.k, priorities=not args.no_priorities)
    if args.output == "-":
        sys.stdout.write(th.dump(args.format))
        return 0
    if args.output:
        path = Path(args.output)
        path.write_text(th.dump(args.format))
    else:
        path = th.write(args.format)
    print("%s: %d rules, %d facts, %d superiority pairs -> %s"
          % (th.name, len(th.rules), len(th.facts), len(th.superior), path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
