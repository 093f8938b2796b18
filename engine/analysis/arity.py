"""arity_mismatch: one predicate name used with two numbers of arguments."""
from __future__ import annotations

from engine import ast
from engine.analysis.common import error, statement_atoms, where
from engine.errors import ARITY_MISMATCH, Span
from engine.parse.decls import AnnotationDecl, InputDecl


def check_arity(program: ast.Program) -> list:
    """The first use of a name fixes its arity; every later use with another arity is
    reported there. `~p` is the same predicate as `p`; #conflict and #input entries count as uses."""
    first: dict[str, tuple[int, Span | None]] = {}
    out = []

    def use(name: str, arity: int, span, shown: str):
        if name not in first:
            first[name] = (arity, span)
            return
        arity0, span0 = first[name]
        if arity0 != arity:
            msg = f"{shown}/{arity} here, but {name}/{arity0} at {where(span0)}"
            out.append(error(ARITY_MISMATCH, msg, span))

    Rule, Atom, Naf = ast.Rule, ast.Atom, ast.Naf
    for st in program.statements:
        if type(st) is Rule:
            # the common case, inlined: a use that agrees with the first costs one lookup
            for atom in (st.head, *st.body):
                if type(atom) is Naf:
                    atom = atom.atom
                elif type(atom) is not Atom:
                    continue
                seen = first.get(atom.pred)
                if seen is None:
                    first[atom.pred] = (len(atom.args), atom.span)
                elif seen[0] != len(atom.args):
                    use(atom.pred, len(atom.args), atom.span, ("~" if atom.negated else "") + atom.pred)
            continue
        if isinstance(st, (ast.ConflictDecl, InputDecl)):
            for name, arity in st.preds:
                use(name, arity, st.span, name)
            continue
        if isinstance(st, AnnotationDecl):
            use(st.pred, len(st.slots), st.span, st.pred)
            continue
        for atom in statement_atoms(st):
            use(atom.pred, len(atom.args), atom.span, ("~" if atom.negated else "") + atom.pred)
    return out
