"""The benchmark's tables, as aligned text or as markdown."""
from __future__ import annotations

TARGET_SPINDLE = 0.5    # at most half SPINdle's wall time at ~10^5 rules
NEAR_1E5 = (80000, 200000)
MILLION = (30.0, 1500.0)  # chain(10^6): seconds, peak MB
TARGET_SCALE = 12.0     # 10x the rules may cost at most 12x the time
TARGET_SPEEDUP = 100.0  # over tiny-datalog at ~4x10^3 rules
NEAR_4K = (3000, 6000)  # rule counts that count as "about 4x10^3"

HEAD = ["family", "size", "rules", "facts", "speclogic s", "cpu s", "µs/rule",
        "×cpu per 10×rules", "peak MB", "goal tag", "solve-all s", "tiny s",
        "tiny/speclogic (cpu)"]


def _secs(c):
    if c is None:
        return ""
    if c["status"] == "ok":
        return "%.3f" % c["seconds"]
    if c["status"] == "timeout":
        return "timeout (>%.0f)" % c["seconds"]
    if c["status"].startswith("WRONG"):
        return "%.3f WRONG" % c["seconds"]
    return "ERROR"


def _speedup(row):
    s, t = row.get("speclogic"), row.get("tiny")
    if not s or not t or s["status"] != "ok":
        return ""
    if t["status"] == "ok":
        ratio = t["cpu_seconds"] / s["cpu_seconds"]
        return ("%.0f×" if ratio >= 10 else "%.1f×") % ratio
    if t["status"] == "timeout":
        return ">%.0f×" % (t["seconds"] / s["seconds"])
    return ""


def table_rows(rows):
    out = []
    for r in rows:
        s = r.get("speclogic")
        us = "%.1f" % (s["seconds"] / r["rules"] * 1e6) if s and \
            s["status"] == "ok" else ""
        scale = ""
        if "per_10x" in r:
            scale = "%.1f%s" % (r["per_10x"], " MISS" if r["per_10x"] >
                                TARGET_SCALE else "")
        t = r.get("tiny")
        tag = s["tag"] if s else ("tiny: %s" % t["tag"] if t else "")
        if s and s["status"].startswith("WRONG"):
            tag = "WRONG: %s (want %s)" % (s["tag"], r["expect"])
        if t and t["status"].startswith("WRONG"):
            tag += " / tiny WRONG: %s" % t["tag"]
        out.append([r["family"], ",".join(map(str, r["params"])),
                    str(r["rules"]), str(r["facts"]), _secs(s),
                    "%.3f" % s["cpu_seconds"] if s else "", us, scale,
                    "%.0f" % s["max_rss_mb"] if s else "", tag,
                    _secs(r.get("solve_all")), _secs(t), _speedup(r)])
    return out


def targets(rows):
    lines = []
    for r in rows:
        if r.get("per_10x", 0) > TARGET_SCALE:
            lines.append("MISS scaling: %s costs %.1f× the CPU time per 10× rules "
                         "(vs %s; target ≤ %.0f×)" % (r["name"], r["per_10x"],
                                                       r["per_10x_from"],
                                                       TARGET_SCALE))
        lo, hi = NEAR_4K
        sp = _speedup(r)
        if sp and lo <= r["rules"] <= hi:
            value = r["tiny"]["cpu_seconds"] / r["speclogic"]["cpu_seconds"]
            ok = value >= TARGET_SPEEDUP
            lines.append("%s speedup over tiny-datalog at %s (%d rules): %s "
                         "(target ≥ %.0f×)" % ("met " if ok else "MISS",
                                               r["name"], r["rules"], sp,
                                               TARGET_SPEEDUP))
        for key in ("speclogic", "tiny", "solve_all"):
            c = r.get(key)
            if c and c["status"] not in ("ok",):
                lines.append("%s %s %s: %s" % (
                    "!!" if c["status"] != "timeout" else "--", key,
                    r["name"], c["status"]))
    return lines


SPINDLE_HEAD = ["theory", "rules", "speclogic query s", "speclogic solve s",
                "speclogic MB", "SPINdle s", "SPINdle MB", "query ÷ SPINdle",
                "solve ÷ SPINdle", "answers"]


def _ratio(ours, theirs):
    if not ours or not theirs or ours.get("status") != "ok":
        return ""
    if theirs["status"] == "ok" or theirs["status"].startswith("WRONG"):
        return "%.2f" % (ours["seconds"] / theirs["seconds"])
    if theirs["status"] == "timeout":
        return "< %.3f" % (ours["seconds"] / theirs["seconds"])
    return ""


def spindle_rows(rows):
    out = []
    for r in rows:
        sp = r.get("spindle")
        if sp is None:
            continue
        q, s = r.get("speclogic"), r.get("solve_all")
        if sp["status"] == "skipped":
            theirs, mb, answers = "not run (%s)" % sp["why"], "", ""
        else:
            theirs = _secs(sp) if not sp["status"].startswith("WRONG") else \
                "%.3f" % sp["seconds"]
            mb = "%.0f" % sp["max_rss_mb"] if sp["status"] != "timeout" else ""
            answers = ""
            if sp.get("compared"):
                answers = ("agree on %d literals" % sp["compared"]
                           if not sp.get("n_wrong") else
                           "%d of %d DISAGREE, e.g. %s" % (
                               sp["n_wrong"], sp["compared"], sp["wrong"][0]))
        out.append([r["name"], str(r["rules"]), _secs(q), _secs(s),
                    "%.0f" % max(c["max_rss_mb"] for c in (q, s) if c)
                    if q or s else "", theirs, mb, _ratio(q, sp),
                    _ratio(s, sp), answers])
    return out


def spindle_targets(rows, info):
    lines = []
    if "spindle" in info and not str(info["spindle"]).endswith(".jar"):
        return ["SPINdle: %s" % info["spindle"]]
    for r in rows:
        sp, s, q = r.get("spindle"), r.get("solve_all"), r.get("speclogic")
        lo, hi = NEAR_1E5
        if sp and lo <= r["rules"] <= hi and sp["status"] != "skipped":
            for what, c in (("query", q), ("solve", s)):
                ratio = _ratio(c, sp)
                if not ratio:
                    continue
                value = float(ratio.lstrip("< "))
                lines.append("%s %s ÷ SPINdle at %s: %s (target ≤ %.1f)" % (
                    "met " if value <= TARGET_SPINDLE else "MISS", what,
                    r["name"], ratio, TARGET_SPINDLE))
        if r["rules"] >= 10 ** 6 and q:
            ok = q["status"] == "ok" and q["seconds"] < MILLION[0] \
                and q["max_rss_mb"] < MILLION[1]
            lines.append("%s %s: %.1f s, %.0f MB (target < %.0f s and < %.0f "
                         "MB)" % ("met " if ok else "MISS", r["name"],
                                  q["seconds"], q["max_rss_mb"], *MILLION))
    return lines


def _grid(head, body, markdown):
    if markdown:
        lines = ["| " + " | ".join(head) + " |",
                 "|" + "|".join("---" for _ in head) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                  for row in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h)
              for i, h in enumerate(head)]
    fmt = "  ".join("%%-%ds" % w for w in widths)
    return "\n".join([fmt % tuple(head), fmt % tuple("-" * w for w in widths)]
                     + [fmt % tuple(row) for row in body]).rstrip()


def render(rows, checks, info, markdown=False):
    parts = []
    floor = info.get("startup_seconds")
    parts.append("machine: %s CPUs, Python %s, %s, %s; speclogic at %s; "
                 "load average %s before, %s after%s" % (
                     info["nproc"], info["python"], info["platform"],
                     info["date"], info.get("commit", "?"),
                     info.get("load_before", "?"), info.get("load_after", "?"),
                     "; `speclogic --help` start-up %.3f s" % floor
                     if floor else ""))
    if info.get("bytecode"):
        parts[-1] += "; speclogic's bytecode %s" % info["bytecode"]
    parts.append("")
    parts.append(_grid(HEAD, table_rows(rows), markdown))
    if checks:
        parts.append("")
        parts.append("Other solver options (goal tag):")
        parts.append("")
        parts.append(_grid(
            ["theory", "input", "flags", "command", "goal", "want", "got", "s",
             "status"],
            [[c["theory"], c["input"], c["flags"], c["command"], c["goal"],
              c["expect"],
              c["tag"], "%.3f" % c["seconds"], c["status"]] for c in checks],
            markdown))
    side = spindle_rows(rows)
    if side:
        parts.append("")
        parts.append("Side by side with SPINdle 2.2.2 (whole process, wall "
                     "clock, same run; SPINdle at %s):" % info.get("spindle"))
        parts.append("")
        parts.append(_grid(SPINDLE_HEAD, side, markdown))
    lines = targets(rows) + spindle_targets(rows, info)
    lines += ["!! check %s %s: %s" % (c["theory"], c["flags"], c["status"])
              for c in checks if c["status"] != "ok"]
    if lines:
        parts.append("")
        parts += [("- " if markdown else "") + l for l in lines]
    return "\n".join(parts)


TARGET_SUPERIORITY = 12.0   # 2*10^3 -> 2*10^4 instances
TARGET_CLINGO = 3.0


def _plain(c):
    if c.get("status") == "ok":
        return "%.3f" % c["seconds"]
    if c.get("status") == "timeout":
        return "timeout (>%.0f)" % c["seconds"]
    return c.get("status", "")[:60]


def render_extras(extras, markdown=False):
    parts, notes = [], []
    sup = extras.get("superiority")
    if sup:
        body = []
        for i, r in enumerate(sup):
            grow = ""
            if i and r["status"] == "ok" and sup[i - 1]["status"] == "ok":
                g = r["seconds"] / sup[i - 1]["seconds"]
                grow = "%.1f×" % g
                notes.append("%s superiority %d -> %d instances: %.1f× the time "
                             "(target ≤ %.0f×)" % (
                                 "met " if g <= TARGET_SUPERIORITY else "MISS",
                                 sup[i - 1]["n"], r["n"], g, TARGET_SUPERIORITY))
            body.append([str(r["n"]), str(r["statements"]), _plain(r),
                         "%.0f" % r["max_rss_mb"], r["tag"], grow])
        parts += ["", "Superiority over n instances per label "
                  "(`r1: a := q(_X). r2: ~a := s(_Y). r1 > r2.`, n facts each; "
                  "`query a`):", "",
                  _grid(["n", "statements", "s", "peak MB", "tag of a",
                         "× previous"], body, markdown)]
    wf = extras.get("wellfounded")
    if wf:
        body = []
        for i, r in enumerate(wf):
            per = ""
            if i and r["status"] == "ok" and wf[i - 1]["status"] == "ok":
                per = "%.1f×" % (r["seconds"] / wf[i - 1]["seconds"])
            body.append([str(r["links"]), str(r["rules"]), _plain(r),
                         "%.0f" % r["max_rss_mb"], str(r["rounds"]),
                         r["tag"], "%.0f" % (r["seconds"] / r["links"] * 1e6)
                         if r["status"] == "ok" else "", per])
        parts += ["", "--well-founded on a chain of n loops (7 rules per link; "
                  "`query p_n --well-founded`, want -d):", "",
                  _grid(["links", "rules", "s", "peak MB", "rounds", "tag",
                         "µs/link", "× previous"], body, markdown)]
        notes += ["!! wellfounded %d links: %s" % (r["links"], r["status"])
                  for r in wf if r["status"] != "ok"]
    cl = extras.get("clingo")
    if cl:
        body = []
        for r in cl:
            s, c = r["speclogic"], r["clingo"]
            ratio = ""
            if s.get("status") == "ok" and c.get("status") == "ok":
                value = s["seconds"] / c["seconds"]
                ratio = "%.1f" % value
                notes.append("%s speclogic ÷ clingo on %s: %.1f (target ≤ %.0f)"
                             % ("met " if value <= TARGET_CLINGO else "MISS",
                                r["program"], value, TARGET_CLINGO))
            counts = ", ".join("%s %d" % kv for kv in sorted(
                r.get("counts", {}).items()))
            same = "" if "same" not in r else "same" if r["same"] else \
                "DIFFERENT (clingo: %s)" % r["clingo_counts"]
            if "same" in r and not r["same"]:
                notes.append("!! clingo counts differ on %s" % r["program"])
            body.append([r["program"], str(r["facts"]), counts, _plain(s),
                         "%.0f" % s["max_rss_mb"] if "max_rss_mb" in s else "",
                         _plain(c),
                         "%.0f" % c["max_rss_mb"] if "max_rss_mb" in c else "",
                         ratio, same])
        parts += ["", "Plain Datalog against clingo (`speclogic solve --format "
                  "json` and `python -m clingo`, both printing every tuple):",
                  "", _grid(["program", "facts", "derived tuples", "speclogic s",
                             "speclogic MB", "clingo s", "clingo MB",
                             "speclogic ÷ clingo", "answers"], body, markdown)]
    if notes:
        parts.append("")
        parts += [("- " if markdown else "") + n for n in notes]
    return "\n".join(parts)
