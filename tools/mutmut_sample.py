"""A fixed random sample of mutmut's mutants, and its score (docs/testing.md, "Measured score").

    python tools/mutmut_sample.py generate   # mutmut's generation step only: writes mutants/
    mutmut run --max-children 1 $(python tools/mutmut_sample.py names --seed 17 --size 150)
    python tools/mutmut_sample.py score --seed 17 --size 150

The sample is drawn per source file, each file getting its share of `size` (largest
remainder), from mutmut's own records in mutants/**/*.py.meta; the same seed, size and
mutants give the same sample. The score counts timeouts as kills and leaves out the
mutants no selected test reaches ("no tests") or that were not run.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255}  # mutmut 3.8 exit codes: killed, or timed out
SURVIVED = {0}


def mutants_by_file(root: Path) -> dict[str, list[str]]:
    out = {}
    for meta in sorted(root.glob("**/*.py.meta")):
        names = sorted(json.loads(meta.read_text())["exit_code_by_key"])
        if names:
            out[str(meta.relative_to(root))[: -len(".meta")]] = names
    return out


def sample(by_file: dict[str, list[str]], size: int, seed: int) -> dict[str, list[str]]:
    total = sum(len(v) for v in by_file.values())
    shares = {f: size * len(v) / total for f, v in by_file.items()}
    quota = {f: int(s) for f, s in shares.items()}
    for f in sorted(shares, key=lambda f: (-(shares[f] - quota[f]), f))[: size - sum(quota.values())]:
        quota[f] += 1
    rng = random.Random(seed)
    return {f: sorted(rng.sample(by_file[f], quota[f])) for f in sorted(by_file)}


def score(picked: dict[str, list[str]], root: Path) -> None:
    codes = {}
    for f in picked:
        codes.update(json.loads((root / (f + ".meta")).read_text())["exit_code_by_key"])
    rows = []
    for part in sorted({f.split("/")[1] for f in picked}) + ["all"]:
        names = [n for f, ns in picked.items() if part in ("all", f.split("/")[1]) for n in ns]
        c = Counter("killed" if codes[n] in KILLED else "survived" if codes[n] in SURVIVED
                    else "not run" if codes[n] is None else "other" for n in names)
        checked = c["killed"] + c["survived"]
        pct = f"{100 * c['killed'] / checked:.1f}%" if checked else "-"
        rows.append(f"{part}: sampled {len(names)}, checked {checked}, killed {c['killed']}, score {pct}"
                    f" (not run {c['not run']}, other {c['other']})")
    print("\n".join(rows))
    for n in sorted(n for ns in picked.values() for n in ns if codes[n] in SURVIVED):
        print("survived:", n)


def generate() -> None:
    """mutmut 3.8's own generation step, without running any test (mutmut has no command for it)."""
    from mutmut.__main__ import (
        copy_also_copy_files,
        copy_src_dir,
        create_mutants,
        set_mutant_under_test,
        setup_source_paths,
        store_lines_covered_by_tests,
    )

    set_mutant_under_test("mutant_generation")
    Path("mutants").mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    store_lines_covered_by_tests()
    print(create_mutants(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["generate", "names", "score"])
    ap.add_argument("--seed", type=int)
    ap.add_argument("--size", type=int)
    ap.add_argument("--mutants", default="mutants", help="mutmut's output directory")
    args = ap.parse_args()
    if args.what == "generate":
        return generate()
    if args.seed is None or args.size is None:
        ap.error("names and score need --seed and --size")
    root = Path(args.mutants)
    picked = sample(mutants_by_file(root), args.size, args.seed)
    if args.what == "names":
        print("\n".join(n for ns in picked.values() for n in ns))
    else:
        score(picked, root)


if __name__ == "__main__":
    main()
