"""What decided a conclusion: the superiority clauses met on the way down its proof.

A verdict is decided where two rules met and one was preferred. Walking a proof
from the conclusion through the premises of the rule that fired (and through the
failed premises of attackers and supporters that did not get through) collects
each such meeting: which rule instance won, which lost, the superiority clause
that preferred it and the ground premises that made the clause hold, read out
in words where the premises say why ("developer outranks user").
"""
from __future__ import annotations

from engine.ast import format_value

MAX_DEPTH = 10
_THROUGH = ("discarded", "missing_premise", "unsupported")


def key(pred: str, *args, negated: bool = False) -> tuple:
    return (pred, negated, tuple(args))


def literal_text(pred: str, *args, negated: bool = False) -> str:
    inner = ", ".join(format_value(a) for a in args)
    return f"{'~' if negated else ''}{pred}({inner})" if args else f"{'~' if negated else ''}{pred}"


def rule_json(ref) -> dict | None:
    if ref is None:
        return None
    return {"label": ref.label, "head": ref.head, "source": ref.source, "file": ref.file, "line": ref.line,
            "premises": list(ref.premises)}


def decisions(sol, literal, max_depth: int = MAX_DEPTH) -> list[dict]:
    """Superiority decisions under `literal` (a string or a ground key), outermost first."""
    out: list[dict] = []
    _visit(sol, literal, 0, max_depth, out, set(), set())
    return out


def _visit(sol, lit, depth: int, max_depth: int, out: list, seen_lits: set, seen_pairs: set) -> None:
    # a module function, not a closure: a recursive closure is a reference cycle, and it
    # would keep each batch's whole solution alive until the cyclic collector ran
    if depth > max_depth or lit in seen_lits:
        return
    seen_lits.add(lit)
    proof = sol.proof(lit)
    if proof is None or proof.reason in ("fact", "strict"):
        return
    for fate in list(proof.attackers) + list(proof.supporters):
        if fate.superiority is not None and fate.by is not None:
            pair = (fate.by.label, fate.rule.label)
            if pair not in seen_pairs:
                seen_pairs.add(pair)
                out.append(_decision(proof.literal, fate))
        if fate.premise and fate.outcome in _THROUGH:
            _visit(sol, fate.premise, depth + 1, max_depth, out, seen_lits, seen_pairs)
    if proof.fired is not None and proof.reason == "defeasible":
        for premise in proof.fired.premises:
            _visit(sol, premise, depth + 1, max_depth, out, seen_lits, seen_pairs)


def _decision(at: str, fate) -> dict:
    sup = fate.superiority
    return {
        "at": at,
        "winner": fate.by.label,
        "loser": fate.rule.label,
        "loser_head": fate.rule.head,
        "outcome": fate.outcome,
        "superiority": {"superior": sup.superior, "inferior": sup.inferior, "clause": sup.clause,
                        "file": sup.file, "line": sup.line, "premises": list(sup.premises)},
        "because": because(sup.premises),
    }


def because(premises) -> str:
    """The premises of a superiority clause in words, where they say why."""
    words = []
    for text in premises:
        name, _, rest = text.partition("(")
        args = [a.strip().strip('"') for a in rest.rstrip(")").split(",")] if rest else []
        if name == "level_above" and len(args) == 2:
            words.append(f"{args[0]} outranks {args[1]}")
        elif name == "at_or_above" and len(args) == 2:
            words.append(f"{args[0]} is at or above {args[1]}")
        elif name == "later" and len(args) == 2:
            words.append(f"{args[0]} comes later than {args[1]}")
    return "; ".join(words)
