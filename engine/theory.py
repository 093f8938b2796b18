"""The Python API: load a theory, solve it, look up conclusions and their proofs.

    from engine.theory import Theory
    sol = Theory.from_string("bird(tweety). r1: flies(X) := bird(X).").solve()
    sol.lookup("flies(tweety)").defeasible   # '+d'
    sol.proof("flies(tweety)").fired.label   # 'r1'
"""
from __future__ import annotations

from dataclasses import dataclass

from engine import ast
from engine.errors import BAD_QUERY, Diagnostic, SpeclogicError
from engine.ground import ground_program
from engine.ground.model import lit_sort_key, lit_str
from engine.parse import load_files, parse_literal, parse_text
from engine.proof import DTAGS, TAGS, ProofBuilder
from engine.solve import Options, Solver
from engine.solve.outcome import classify


@dataclass(frozen=True)
class Conclusion:
    literal: str
    predicate: str
    negated: bool
    args: tuple
    definite: str     # +D, -D or undecided
    defeasible: str   # +d, -d or undecided
    failure: str | None = None  # refuted / ambiguous, on -d only

    def to_json(self) -> dict:
        out = {
            "literal": self.literal, "predicate": self.predicate, "negated": self.negated,
            "args": list(self.args), "definite": self.definite, "defeasible": self.defeasible,
        }
        if self.failure:
            out["failure"] = self.failure
        return out


class Theory:
    def __init__(self, program: ast.Program, check: bool = True, lint: bool = False):
        """check: refuse a theory with errors (SpeclogicError); lint: also collect warnings."""
        self.program = program
        self.warnings = []
        if check:
            from engine.analysis import assert_valid  # imported late: analysis is optional for check=False

            self.warnings = assert_valid(program, warnings=lint)

    @classmethod
    def from_files(cls, paths, check: bool = True, lint: bool = False) -> Theory:
        return cls(load_files(list(paths)), check, lint)

    @classmethod
    def from_string(cls, text: str, filename: str = "<string>", check: bool = True, lint: bool = False) -> Theory:
        return cls(parse_text(text, filename), check, lint)

    def solve(self, options: Options | None = None, **kwargs) -> Solution:
        options = options or Options(**kwargs)
        g = ground_program(self.program, options.limits)
        solver = Solver(g, options).solve()
        return Solution(g, solver, classify(solver), options)


class Solution:
    def __init__(self, g, solver, failures, options):
        self.ground, self.solver, self.failures, self.options = g, solver, failures, options
        self._proofs = ProofBuilder(g, solver, failures)
        self._order = sorted(range(len(g.keys)), key=lambda i: lit_sort_key(g.keys[i]))

    def _conclusion(self, lid: int) -> Conclusion:
        pred, negated, args = self.ground.keys[lid]
        sv = self.solver
        return Conclusion(
            literal=lit_str((pred, negated, args)), predicate=pred, negated=negated, args=args,
            definite=TAGS[sv.dtag[lid]], defeasible=DTAGS[sv.ptag[lid]], failure=self.failures[lid],
        )

    def conclusions(self):
        """Every literal of the ground theory, in a stable order."""
        for lid in self._order:
            yield self._conclusion(lid)

    def conclusion_order(self) -> list[int]:
        """The literal ids in the order conclusions() yields them."""
        return self._order

    def conclusion_of_lid(self, lid: int) -> Conclusion:
        return self._conclusion(lid)

    def __iter__(self):
        return self.conclusions()

    def lid_of(self, literal) -> int | None:
        if isinstance(literal, str):
            lid = self._proofs.lid_by_text.get(literal)
            if lid is not None:
                return lid
            atom = parse_literal(literal)
            key = _ground_key(atom)
        elif isinstance(literal, ast.Atom):
            key = _ground_key(literal)
        else:
            key = literal
        return self.ground.index.get(key)

    def lookup(self, literal) -> Conclusion:
        """The conclusion for a ground literal. A literal the theory never mentions is
        -D and -d (refuted: no rule for it)."""
        lid = self.lid_of(literal)
        if lid is not None:
            return self._conclusion(lid)
        atom = parse_literal(literal) if isinstance(literal, str) else literal
        key = _ground_key(atom) if isinstance(atom, ast.Atom) else atom
        return Conclusion(lit_str(key), key[0], key[1], key[2], "-D", "-d", "refuted")

    def query(self, pattern) -> list[Conclusion]:
        """Conclusions matching an atom pattern with variables, e.g. `flies(X)`."""
        atom = _computed(parse_literal(pattern) if isinstance(pattern, str) else pattern)
        out = []
        for lid in self._order:
            pred, negated, args = self.ground.keys[lid]
            if pred == atom.pred and negated == atom.negated and _matches(atom.args, args):
                out.append(self._conclusion(lid))
        return out

    def proof(self, literal):
        lid = self.lid_of(literal)
        if lid is None:
            return None
        return self._proofs.proof(lid)

    def proof_of_lid(self, lid: int):
        return self._proofs.proof(lid)


def _ground_key(atom: ast.Atom) -> tuple:
    args = []
    for t in _computed(atom).args:
        if not isinstance(t, ast.Const):
            raise SpeclogicError(Diagnostic(BAD_QUERY, f"expected a ground literal, found {t}", t.span or atom.span))
        args.append(t.value)
    return (atom.pred, atom.negated, tuple(args))


def _computed(atom: ast.Atom) -> ast.Atom:
    """`n(a1, 1 + 1)` asks about n(a1, 2): arithmetic without variables is computed."""
    from engine.ground.evaluate import value

    args = tuple(
        ast.Const(value(t, {}), t.span) if isinstance(t, (ast.BinOp, ast.Neg)) and not ast.term_vars(t) else t
        for t in atom.args
    )
    return ast.Atom(atom.pred, args, atom.negated, atom.span)


def _matches(pattern_args, args) -> bool:
    if len(pattern_args) != len(args):
        return False
    env = {}
    for t, v in zip(pattern_args, args):
        if isinstance(t, ast.Const):
            if t.value != v or type(t.value) is not type(v):
                if not (isinstance(t.value, (int, float)) and isinstance(v, (int, float)) and t.value == v):
                    return False
        elif isinstance(t, ast.Var):
            if t.anonymous:
                continue
            if t.name in env and env[t.name] != v:
                return False
            env[t.name] = v
        else:
            return False
    return True
