"""Fuzz speclogic in-process: mutated slices of the shipped rule files, fixtures and
transcripts, and generated valid programs, through parse, check, solve, explanations
and printing. Every input must end in a result or a coded SpeclogicError whose code
docs/errors.md documents (the CLI's exit 0/1/2); any other exception is a failure
(the CLI's exit 3), reported with the input that caused it.

    python tools/fuzz.py --count 100000 --seed 1        # the full run (docs/testing.md)
    python tools/fuzz.py --count 2000 --save-failures /tmp/fuzz

tests/test_fuzz.py runs the same harness at a small size, with hypothesis driving the
random choices.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine import explain  # noqa: E402
from engine.analysis import check  # noqa: E402
from engine.errors import ERROR, SpeclogicError  # noqa: E402
from engine.ground.limits import Limits  # noqa: E402
from engine.parse import parse_dfl, parse_dl  # noqa: E402
from engine.parse.printer import format_program  # noqa: E402
from engine.render.mermaid import trees_mermaid  # noqa: E402
from engine.render.tree_text import render_tree  # noqa: E402
from engine.solve import Options  # noqa: E402
from engine.theory import Theory  # noqa: E402
from engine.transcripts import conversation_facts, load_text, render_dl  # noqa: E402

# Small budgets: a fuzz input that grounds big is answered by limit_exceeded, quickly.
OPTIONS = Options(limits=Limits(max_facts=5_000, max_steps=50_000, timeout=5.0))
SOURCE_SUFFIXES = {".dl": "dl", ".dfl": "dfl", ".md": "transcript", ".xml": "transcript",
                   ".json": "transcript", ".jsonl": "transcript", ".txt": "transcript"}
PIECES = [
    "p", "q(X)", "~", "not ", "true", ":-", ":=", ":^", ":", ".", ",", "(", ")", ">", "<=", "!=", "=",
    "+", "-", "*", "/", "X", "_", "_P", "1", "0", "2.5", '"s"', '"\\u00e9"', "#conflict", "#input",
    "#annotation", "#value", "a/1", "%c\n", "\n", " ", "r1", "obey(M)", '"', "\\", "1e308", "-3",
    "9" * 60, "/ 0", "\x1b[2J", "\u202e", "\r", "<user>", "</user>", "## ", "[", "]", "{", "}", "@",
]


def documented_codes() -> frozenset:
    """Every code docs/errors.md lists in a table's first column."""
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return frozenset(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))


CODES = documented_codes()


@dataclass(frozen=True)
class Outcome:
    kind: str          # "ok", "coded" (a SpeclogicError) or "crash"
    detail: str = ""   # the code, or the traceback of a crash


def shipped_sources(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(kind, name, text) of every rule file, fixture and example transcript shipped."""
    out = []
    for base in ("rules", "tests/fixtures", "examples"):
        for path in sorted((root / base).rglob("*")):
            kind = SOURCE_SUFFIXES.get(path.suffix.lower())
            if kind and path.is_file():
                out.append((kind, path.name, path.read_text(encoding="utf-8", errors="replace")))
    return out


# ------------------------------------------------------------------ inputs


def mutate(text: str, rng: random.Random, window: int = 40) -> str:
    """A slice of up to `window` lines with a few random edits (byte, token, line level)."""
    lines = text.splitlines(keepends=True)
    if len(lines) > window:
        start = rng.randrange(len(lines) - window + 1)
        lines = lines[start:start + rng.randint(1, window)]
    out = "".join(lines)
    for _ in range(rng.randint(1, 4)):
        out = _edit(out, rng)
    return out


def _edit(s: str, rng: random.Random) -> str:
    n = len(s)
    i, j = sorted((rng.randint(0, n), rng.randint(0, n)))
    j = min(j, i + 30)
    op = rng.randrange(9)
    if op == 0:
        return s[:i] + s[j:]                                   # delete
    if op == 1:
        return s[:i] + rng.choice(PIECES) + s[i:]              # insert a token
    if op == 2:
        return s[:i] + s[i:j] * rng.randint(2, 4) + s[j:]      # repeat a span
    if op == 3 and n:
        return s[:i] + chr(rng.choice([rng.randint(0, 127), rng.randint(0, 0x2FFF)])) + s[i + 1:]
    if op == 4:
        lines = s.splitlines(keepends=True)
        rng.shuffle(lines)
        return "".join(lines)                                   # reorder lines
    if op == 5:
        return s[:i]                                            # truncate
    if op == 6:
        return re.sub(r"\d+", lambda m: rng.choice(["0", "-1", "9" * 40, "1.5", "1e308"]), s, count=2)
    if op == 7:
        swaps = {":-": ":=", ":=": ":^", ":^": ":-", "not ": "", "~": "", ">": "<", ",": ", not "}
        old = rng.choice(list(swaps))
        k = s.find(old, i)
        return s if k < 0 else s[:k] + swaps[old] + s[k + len(old):]
    return s[:i] + s[i:j].upper() + s[j:]                      # names become variables


PREDS = {"a": 0, "q": 1, "s": 1, "e": 2, "p": 1, "r": 2, "t": 1}
CONSTS = ["0", "1", "2", "b", '"x y"', "2.5", "-3"]
VARS = ["X", "Y", "Z"]


def generate(rng: random.Random) -> str:
    """A valid program: facts; strict, defeasible and defeater rules with `not` (stratified:
    only on facts' predicates), comparisons and arithmetic; labels, superiority (plain and
    conditional) and #conflict. Safe by construction, so `check` finds no error."""
    out = []
    base = ["q", "e", "a"]  # only facts define these: negation on them is always stratified
    for _ in range(rng.randint(1, 8)):
        pred = rng.choice(base)
        out.append(f"{_atom(pred, [rng.choice(CONSTS[:4]) for _ in range(PREDS[pred])])}.")
    labels = []
    for k in range(rng.randint(1, 7)):
        pred = rng.choice(["q", "e"])
        first = [rng.choice(VARS) for _ in range(PREDS[pred])]
        body = [_atom(pred, first)]
        bound = sorted(set(first))
        if rng.random() < 0.4:
            p2 = rng.choice(["q", "e", "s", "p"])
            args = [rng.choice(bound + CONSTS[:2]) for _ in range(PREDS[p2])]
            body.append(_atom(p2, args, neg=rng.random() < 0.3))
            bound = sorted(set(bound) | {a for a in args if a in VARS})
        if rng.random() < 0.4:
            nb = rng.choice(base)
            local = rng.choice(["_", "W", "_W"])
            body.append("not " + _atom(nb, [rng.choice(bound + [local]) for _ in range(PREDS[nb])]))
        if rng.random() < 0.4:
            v = rng.choice(bound)
            body.append(f"{v} {rng.choice(['<', '!=', '>=', '='])} {rng.choice(bound + CONSTS[:3])}")
        if rng.random() < 0.3:
            body.append(f"N = {rng.choice(bound)} {rng.choice('+-*/')} {rng.choice(['1', '2', '3'] * 6 + ['0', 'b'])}")
            bound.append("N")
        head = rng.choice(["s", "p", "r", "t"])
        hargs = [rng.choice(bound + CONSTS[:2]) for _ in range(PREDS[head])]
        kind = rng.choice([":-", ":=", ":=", ":^"])
        label = f"r{k}"
        labels.append(label)
        neg = kind != ":-" and rng.random() < 0.5
        out.append(f"{label}: {_atom(head, hargs, neg=neg)} {kind} {', '.join(body)}.")
    for _ in range(rng.randint(0, 3)):
        if len(labels) > 1:  # earlier over later only: no cycle
            a, b = sorted(rng.sample(labels, 2), key=labels.index)
            cond = rng.choice(["", " :- a", f" :- q({rng.choice(CONSTS[:3])})"])
            out.append(f"{a} > {b}{cond}.")
    if rng.random() < 0.3:
        out.append("#conflict p/1, t/1.")
    rng.shuffle(out)
    return "\n".join(out) + "\n"


def _atom(pred: str, args, neg: bool = False) -> str:
    sign = "~" if neg else ""
    return f"{sign}{pred}({', '.join(args)})" if args else f"{sign}{pred}"


# ------------------------------------------------------------------ running one input


def run_theory(text: str, name: str = "fuzz.dl", explain_some: int = 3) -> Outcome:
    try:
        program = (parse_dfl if name.endswith(".dfl") else parse_dl)(text, name)
        diagnostics = check(program)
        for d in diagnostics:
            _coded(d.code)
        errors = [d for d in diagnostics if d.severity == ERROR]
        if errors:
            return Outcome("coded", errors[0].code)
        printed = format_program(program)
        parse_dl(printed, "printed.dl")  # what fmt prints reads back
        sol = Theory(program, check=False).solve(OPTIONS)
        conclusions = list(sol.conclusions())
        trees = [explain.why(sol, c.literal, max_depth=20) for c in conclusions[:explain_some]]
        for t in trees:
            render_tree(t)
            explain.to_json(t)
        trees_mermaid(trees)
        explain.conflicts(sol)
        return Outcome("ok")
    except SpeclogicError as exc:
        _coded(exc.code)
        return Outcome("coded", exc.code)
    except RecursionError:
        return Outcome("crash", traceback.format_exc(limit=-8))
    except Exception:  # noqa: BLE001 - what the harness is looking for
        return Outcome("crash", traceback.format_exc())


def run_transcript(text: str, name: str) -> Outcome:
    try:
        facts = [f for conv in load_text(text, name) for f in conversation_facts(conv)]
        return run_theory(render_dl(facts), "facts.dl", explain_some=1)
    except SpeclogicError as exc:
        _coded(exc.code)
        return Outcome("coded", exc.code)
    except Exception:  # noqa: BLE001
        return Outcome("crash", traceback.format_exc())


class UndocumentedCode(Exception):
    pass


def _coded(code: str) -> None:
    if code not in CODES:
        raise UndocumentedCode(f"code {code!r} is not in docs/errors.md")


def run_one(kind: str, name: str, text: str) -> Outcome:
    if kind == "transcript":
        return run_transcript(text, name)
    return run_theory(text, name if kind == "dfl" else re.sub(r"\.\w+$", ".dl", name) or "fuzz.dl")


# ------------------------------------------------------------------ the script


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--generated-share", type=float, default=0.3, help="share of generated valid programs")
    ap.add_argument("--save-failures", type=Path, help="write each failing input to this directory")
    args = ap.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 12000))  # as the CLI runs
    rng = random.Random(args.seed)
    sources = shipped_sources()
    counts: dict[str, int] = {}
    failures = []
    start = time.monotonic()
    for i in range(args.count):
        if rng.random() < args.generated_share:
            kind, name, text = "dl", "gen.dl", generate(rng)
            out = run_theory(text, name)
            if out.kind == "coded" and out.detail not in ("evaluation_error", "limit_exceeded"):
                out = Outcome("crash", f"a generated valid program was refused: {out.detail}")
        else:
            kind, name, src = rng.choice(sources)
            text = mutate(src, rng, window=40 if kind != "transcript" else 10**6)
            out = run_one(kind, name, text)
        key = out.kind if out.kind != "coded" else f"coded:{out.detail}"
        counts[key] = counts.get(key, 0) + 1
        if out.kind == "crash":
            failures.append((i, kind, name, text, out.detail))
            if args.save_failures:
                args.save_failures.mkdir(parents=True, exist_ok=True)
                (args.save_failures / f"{i}-{name}").write_text(text, encoding="utf-8")
            print(f"FAILURE #{i} ({kind} {name}):\n{out.detail}", file=sys.stderr)
        if (i + 1) % 10_000 == 0:
            print(f"{i + 1} inputs, {time.monotonic() - start:.0f} s, {len(failures)} failures", file=sys.stderr)
    elapsed = time.monotonic() - start
    print(f"inputs: {args.count}  seed: {args.seed}  time: {elapsed:.1f} s  "
          f"({args.count / elapsed:.0f}/s)  failures: {len(failures)}")
    for key in sorted(counts):
        print(f"  {key:32} {counts[key]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
