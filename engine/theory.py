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
from engine.ground.definite import strict_model
from engine.ground.model import lit_str, sorted_lids, sorted_model
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
        model = strict_model(self.program, options.limits)
        if model is not None:
            return Solution.of_model(self.program, model, options)
        return Solution.solved(self.program, options)


class Solution:
    """The conclusions of a theory, and their proofs.

    A theory whose conclusions are its strict least model (engine.ground.definite) is
    answered from that model; it is grounded and solved in full the first time its
    ground theory, solver or a proof is asked for, which gives the same conclusions."""

    def __init__(self, g, solver, failures, options, program: ast.Program | None = None):
        self.options, self._program = options, program
        self._model: dict | None = None
        self._model_order: list = []
        self._set_full(g, solver, failures)

    @classmethod
    def solved(cls, program: ast.Program, options: Options) -> Solution:
        g = ground_program(program, options.limits, options.demand)
        solver = Solver(g, options).solve()
        return cls(g, solver, classify(solver), options, program)

    @classmethod
    def of_model(cls, program: ast.Program, model: dict, options: Options) -> Solution:
        """model: {(pred, negated, arity): rows}, from engine.ground.definite.strict_model."""
        self = cls.__new__(cls)
        self.options, self._program = options, program
        self._model, self._model_order = model, sorted_model(model)
        self._g = None
        return self

    def _set_full(self, g, solver, failures) -> None:
        self._g, self._solver, self._failures = g, solver, failures
        self._proofs = ProofBuilder(g, solver, failures)
        self._sorted: list[int] | None = None

    def _lid_order(self) -> list[int]:
        # sorted on first use: `query` reads one literal and never needs the order
        if self._sorted is None:
            self._sorted = sorted_lids(self._g.keys)
        return self._sorted

    def _full(self) -> None:
        if self._g is None:
            full = Solution.solved(self._program, self.options)  # type: ignore[arg-type]
            self._set_full(full._g, full._solver, full._failures)

    @property
    def ground(self):
        self._full()
        return self._g

    @property
    def solver(self):
        self._full()
        return self._solver

    @property
    def failures(self):
        self._full()
        return self._failures

    def _conclusion(self, lid: int) -> Conclusion:
        self._full()
        pred, negated, args = self._g.keys[lid]
        sv = self._solver
        text = self._proofs.text(lid)  # and remembered: a caller may ask for the proof of c.literal
        return Conclusion(
            literal=text, predicate=pred, negated=negated, args=args,
            definite=TAGS[sv.dtag[lid]], defeasible=DTAGS[sv.ptag[lid]], failure=self._failures[lid],
        )

    def conclusions(self):
        """Every literal of the ground theory, in a stable order."""
        if self._g is None:
            for key in self._model_order:
                yield _proved(key)
            return
        for lid in self._lid_order():
            yield self._conclusion(lid)

    def tagged(self):
        """(literal key, definite, defeasible, failure) of every conclusion, in the order
        of conclusions(), without a Conclusion object each: printing 10^6 of them."""
        if self._g is None:
            for key in self._model_order:
                yield key, "+D", "+d", None
            return
        keys, dtag, ptag, failures = self._g.keys, self._solver.dtag, self._solver.ptag, self._failures
        for lid in self._lid_order():
            yield keys[lid], TAGS[dtag[lid]], DTAGS[ptag[lid]], failures[lid]

    def conclusion_order(self) -> list[int]:
        """The literal ids in the order conclusions() yields them."""
        self._full()
        return self._lid_order()

    def conclusion_of_lid(self, lid: int) -> Conclusion:
        return self._conclusion(lid)

    def __iter__(self):
        return self.conclusions()

    def lid_of(self, literal) -> int | None:
        self._full()
        if isinstance(literal, str):
            lid = self._proofs.lid_by_text.get(literal)
            if lid is not None:
                return lid
        return self._g.index.get(_literal_key(literal))

    def lookup(self, literal) -> Conclusion:
        """The conclusion for a ground literal. A literal the theory never mentions is
        -D and -d (refuted: no rule for it)."""
        if self._g is None:
            key = _literal_key(literal)
            if key[2] in self._model.get((key[0], key[1], len(key[2])), ()):  # type: ignore[union-attr]
                return _proved(key)
        else:
            lid = self.lid_of(literal)
            if lid is not None:
                return self._conclusion(lid)
            key = _literal_key(literal)
        return Conclusion(lit_str(key), key[0], key[1], key[2], "-D", "-d", "refuted")

    def query(self, pattern) -> list[Conclusion]:
        """Conclusions matching an atom pattern with variables, e.g. `flies(X)`."""
        atom = _computed(parse_literal(pattern) if isinstance(pattern, str) else pattern)
        out = []
        if self._g is None:
            for key in self._model_order:
                if key[0] == atom.pred and key[1] == atom.negated and _matches(atom.args, key[2]):
                    out.append(_proved(key))
            return out
        # the matches first, then only they are sorted: a subsequence of the conclusion
        # order, without sorting a 10^6-literal theory to answer one literal
        keys, want_pred, want_neg = self._g.keys, atom.pred, atom.negated
        hits = [lid for lid, (pred, negated, args) in enumerate(keys)
                if pred == want_pred and negated == want_neg and _matches(atom.args, args)]
        if len(hits) > 1:
            hits = [hits[i] for i in sorted_lids([keys[lid] for lid in hits])]
        return [self._conclusion(lid) for lid in hits]

    def proof(self, literal):
        lid = self.lid_of(literal)  # grounds a theory answered from its model
        if lid is None:
            return None
        return self._proofs.proof(lid)

    def proof_of_lid(self, lid: int):
        self._full()
        return self._proofs.proof(lid)


def _proved(key) -> Conclusion:
    """A literal of the least model of a theory with nothing to attack it: +D and +d."""
    pred, negated, args = key
    return Conclusion(lit_str(key), pred, negated, args, "+D", "+d")


def _literal_key(literal) -> tuple:
    if isinstance(literal, str):
        return _ground_key(parse_literal(literal))
    if isinstance(literal, ast.Atom):
        return _ground_key(literal)
    return literal


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
