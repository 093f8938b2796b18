"""Checks of the annotation vocabulary (`#annotation`, `#value`) against the rules.

A rulebase that declares a vocabulary is a contract with its annotators: every
predicate its rules read from outside is declared (or `#input`, for the
transcript's own facts), every declared term is read by some rule, and no rule
reads the answer key (a candidate's label, note or cited sections, the example's
title or section). A declaration-free program (a plain theory) is not checked here.
"""
from __future__ import annotations

from engine import ast
from engine.analysis.common import body_atoms, body_of, error, pred_name, warning, where
from engine.errors import (
    BAD_DECLARATION,
    PRINCIPLE_WITHOUT_LEVEL,
    READS_ANSWER_KEY,
    TERM_UNUSED,
    UNDECLARED_ANNOTATION,
    Span,
)
from engine.parse.decls import ENTITY_KINDS, annotation_decls, input_keys, value_decls
from engine.vocab.model import FIXED_DOMAINS

LABEL_ARG = ("candidate", 4, 3)  # candidate(R, C, Index, Label): the label is argument 3


def check_declarations(program: ast.Program) -> list:
    decls = annotation_decls(program)
    values = value_decls(program)
    out = []
    seen: dict[str, Span | None] = {}
    used_domains = set()
    for d in decls:
        if d.pred in seen:
            out.append(error(BAD_DECLARATION, f"{d.pred} is declared twice (first at {where(seen[d.pred])})", d.span))
            continue
        seen[d.pred] = d.span
        if not d.slots or d.slots[0] not in ENTITY_KINDS:
            out.append(error(BAD_DECLARATION, f"the first slot of #annotation {d.pred} names what it is written on: "
                             f"one of {', '.join(ENTITY_KINDS)}", d.span))
            continue
        for slot in d.slots[1:]:
            if slot in ENTITY_KINDS:
                out.append(error(BAD_DECLARATION, f"slot '{slot}' of {d.pred}: only the first slot names an entity; "
                                 "refer to an ask with 'ask', or use 'open'", d.span))
            used_domains.add(slot)
    declared: dict[tuple[str, str], Span | None] = {}
    by_domain: dict[str, set[str]] = {}
    for v in values:
        if (v.domain, v.value) in declared:
            out.append(error(BAD_DECLARATION, f"#value {v.domain} {v.value} is declared twice (first at "
                             f"{where(declared[(v.domain, v.value)])})", v.span))
        declared.setdefault((v.domain, v.value), v.span)
        by_domain.setdefault(v.domain, set()).add(v.value)
        if v.domain in FIXED_DOMAINS:
            out.append(error(BAD_DECLARATION, f"'{v.domain}' is an open domain: it takes no #value", v.span))
        elif decls and v.domain not in used_domains:
            out.append(warning(TERM_UNUSED, f"no #annotation has a slot of domain '{v.domain}'", v.span))
    rejected_by: dict[tuple[str, str], str] = {}
    for v in values:
        for synonym in v.rejects:
            other = rejected_by.setdefault((v.domain, synonym), v.value)
            if other != v.value:
                out.append(error(BAD_DECLARATION, f"{synonym} is rejected in favour of both {other} and {v.value}; "
                                 "a rejected word must point to one term", v.span))
            if synonym in by_domain.get(v.domain, ()):
                out.append(error(BAD_DECLARATION, f"{synonym} is a declared {v.domain} value; it cannot also be "
                                 f"rejected in favour of {v.value}", v.span))
    for d in decls:
        for slot in d.slots[1:]:
            if slot not in FIXED_DOMAINS and slot not in ENTITY_KINDS and slot not in by_domain:
                out.append(error(BAD_DECLARATION, f"slot '{slot}' of {d.pred} is closed but no #value {slot} ... "
                                 "declares its constants (or write 'open')", d.span))
    if decls:
        out.extend(_undeclared_inputs(program))
        out.extend(_answer_key(program))
        out.extend(_principles(program))
    return out


def _undeclared_inputs(program: ast.Program) -> list:
    defined = {r.head.key for r in program.rules} | input_keys(program)
    defined_names = {k[0] for k in defined}
    out, reported = [], set()
    for st in program.statements:
        for atom, _ in body_atoms(body_of(st)):
            if atom.key in defined or atom.pred in defined_names or atom.key in reported:
                continue
            reported.add(atom.key)
            out.append(error(UNDECLARED_ANNOTATION,
                             f"{pred_name(atom.key)} is read here but no rule concludes it and no #annotation "
                             "declares it", atom.span,
                             [f"declare it: #annotation {atom.pred}(message, ...) \"gloss\" \"example\" {{#section}}.",
                              "or, for a fact the transcript itself supplies, #input "
                              f"{pred_name(atom.key)}."]))
    return out


def _answer_key(program: ast.Program) -> list:
    # imported here: the transcripts package is not loaded for a theory that has none
    from engine.transcripts.facts import ANSWER_KEY

    out = []
    for st in program.statements:
        for atom, _ in body_atoms(body_of(st)):
            if atom.pred in ANSWER_KEY:
                out.append(error(READS_ANSWER_KEY, f"{pred_name(atom.key)} is the example's answer key or its place "
                                 "in the spec; rules judge what the messages say, never the labels", atom.span))
            pred, arity, at = LABEL_ARG
            if atom.pred == pred and len(atom.args) == arity and not isinstance(atom.args[at], ast.Var):
                out.append(error(READS_ANSWER_KEY, "candidate/4 read with a fixed label: the label is for the "
                                 "audit's final comparison, never for the rules (write _)", atom.span))
    return out


def _principles(program: ast.Program) -> list:
    """Each principle needs a level in the loaded profile, or no instruction is weighed
    against it and its verdicts are wrong without a word."""
    facts = [r for r in program.rules if r.is_fact]
    levels = {r.head.args[0].value for r in facts if r.head.pred == "principle_level" and len(r.head.args) == 2
              and isinstance(r.head.args[0], ast.Const)}
    if not levels:
        return []  # no profile loaded: nothing to hold the principles against
    out = []
    for r in facts:
        if r.head.pred == "principle" and len(r.head.args) == 2 and isinstance(r.head.args[0], ast.Const):
            name = r.head.args[0].value
            if name not in levels:
                out.append(error(PRINCIPLE_WITHOUT_LEVEL, f"principle {name} has no principle_level in the loaded "
                                 "profile, so no instruction can be weighed against it", r.span,
                                 [f"add principle_level({name}, LEVEL). to each profile (rules/profiles/*.dl)"]))
    return out


def check_unused_terms(program: ast.Program) -> list:
    """Declared terms no rule reads: an annotation of them changes nothing."""
    decls = annotation_decls(program)
    if not decls:
        return []
    read = {atom.pred for st in program.statements for atom, _ in body_atoms(body_of(st))}
    constants = set()
    for st in program.statements:
        atoms = list(body_atoms(body_of(st)))
        if isinstance(st, ast.Rule):
            atoms.append((st.head, False))
        for atom, _ in atoms:
            constants.update(_constants(atom.args))
    out = [warning(TERM_UNUSED, f"#annotation {d.pred}: no rule reads {d.pred}/{len(d.slots)}", d.span)
           for d in decls if d.pred not in read]
    out += [warning(TERM_UNUSED, f"#value {v.domain} {v.value}: no rule mentions {v.value}", v.span)
            for v in value_decls(program) if v.value not in constants]
    return out


def _constants(terms) -> set:
    return {t.value for term in terms for t in ast.subterms(term) if isinstance(t, ast.Const)}
