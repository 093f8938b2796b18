"""Lint for clauses that are well-formed but can never do anything.

* `#conflict p/1, q/2.`: predicates of different arities never attack each other
  (conflicts pair equal arguments), and a predicate listed twice adds nothing.
* `r1 > r2 :- d.` with `d` concluded only by defeasible rules: superiority
  conditions are read in the strict layer, so the clause never holds.
"""
from __future__ import annotations

from engine import ast
from engine.analysis.common import warning, where
from engine.parse.decls import input_keys

CONFLICT_NEVER_APPLIES = "conflict_never_applies"
SUPERIORITY_CONDITION_NOT_STRICT = "superiority_condition_not_strict"


def check_conflict_decls(program: ast.Program) -> list:
    out = []
    for decl in program.conflicts:
        seen: dict[str, int] = {}
        for name, arity in decl.preds:
            if name in seen and seen[name] == arity:
                out.append(warning(CONFLICT_NEVER_APPLIES, f"{name}/{arity} is listed twice in this #conflict", decl.span))
            elif name in seen:
                out.append(warning(CONFLICT_NEVER_APPLIES, f"{name}/{seen[name]} and {name}/{arity}: one predicate "
                                   "cannot have two arities", decl.span))
            seen.setdefault(name, arity)
        arities = {arity for _, arity in decl.preds}
        if len(arities) > 1:
            listed = ", ".join(f"{p}/{n}" for p, n in decl.preds)
            out.append(warning(CONFLICT_NEVER_APPLIES, f"#conflict {listed}: predicates attack each other on equal "
                               "arguments, so only those of the same arity ever conflict", decl.span))
    return out


def check_superiority_conditions(program: ast.Program) -> list:
    strict = {(r.head.pred, len(r.head.args)) for r in program.rules if r.kind == ast.STRICT}
    strict |= input_keys(program)
    defeasible_only = {}
    for r in program.rules:
        key = (r.head.pred, len(r.head.args))
        if r.kind != ast.STRICT and key not in strict:
            defeasible_only.setdefault(key, r)
    out = []
    for sup in program.superiorities:
        for item in sup.body:
            atom = item.atom if isinstance(item, ast.Naf) else item
            if not isinstance(atom, ast.Atom):
                continue
            rule = defeasible_only.get((atom.pred, len(atom.args)))
            if rule is not None:
                out.append(warning(
                    SUPERIORITY_CONDITION_NOT_STRICT,
                    f"{atom.pred}/{len(atom.args)} is concluded only by defeasible rules (e.g. {rule.label} at "
                    f"{where(rule.span)}), but superiority conditions are read in the strict layer: "
                    f"this clause never holds{' (so `not` always does)' if isinstance(item, ast.Naf) else ''}; "
                    "derive the condition with strict rules (:-)",
                    atom.span,
                ))
    return out
