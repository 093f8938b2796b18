"""The Lark side of the `.dl` front end: grammar/speclogic.lark -> engine.ast.Program.

The callbacks run inside Lark's LALR parser (Lark(..., transformer=...)), so no
parse tree is ever built: that keeps 10^5-rule theories parsing in seconds.
Lark's `propagate_positions` only annotates Tree nodes, which this mode never
makes, so spans are computed here from the tokens (all punctuation that can end
a node is a named terminal for that reason). engine.parse.dl calls it only for
what the fast paths leave (and every error message), so a run that never needs it
never imports Lark.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import PurePath

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput

from engine import ast
from engine.errors import Span
from engine.parse.decls import AnnotationDecl, InputDecl, ValueDecl
from engine.parse.numbers import read_float, read_int
from engine.parse.perf import gc_paused
from engine.parse.strings import decode_string
from engine.parse.syntax_errors import DL_WORDS, raise_syntax_error, syntax_error
from engine.resources import grammar_path


def span_of(file: str, first, last=None) -> Span:
    """A span from the start of `first` to the end of `last` (tokens or nodes)."""
    last = first if last is None else last
    start = first if isinstance(first, Token) else first.span
    end = last if isinstance(last, Token) else last.span
    return Span(file, start.line, start.column, end.end_line, end.end_column)  # type: ignore[arg-type]  # lark sets positions


_KEYWORDS = frozenset({"not", "true"})


class _Compound:
    """`name` or `name(args)` before we know whether it is a label or an atom."""

    __slots__ = ("name", "args", "span")

    def __init__(self, name: str, args: tuple, span: Span):
        self.name, self.args, self.span = name, args, span


class SourceBuilder(Transformer):
    """Base of the AST builders: Lark binds a transformer's callbacks once, when the
    parser is built, so each cached parser keeps one builder and resets it per file."""

    def __init__(self, filename: str):
        super().__init__(visit_tokens=False)
        self.reset(filename)

    def reset(self, filename: str) -> None:
        self.file = filename
        self.stem = PurePath(filename).stem or filename  # for generated labels


class DlBuilder(SourceBuilder):
    """Builds AST nodes as the parser reduces; one per thread (see parser)."""

    def reset(self, filename: str) -> None:
        super().reset(filename)
        self._anon = 0
        self._last_paren = None
        self.unlabelled_lines: dict[int, int] = {}
        self.comments: list = []  # COMMENT tokens, kept for `speclogic fmt`

    def on_comment(self, token):
        self.comments.append(token)
        return token

    # ------------------------------------------------------------ terms
    def var(self, children):
        (tok,) = children
        span = span_of(self.file, tok)
        if tok.value == "_":
            self._anon += 1
            return ast.Var(f"_#{self._anon}", span)
        return ast.Var(tok.value, span)

    def ident_const(self, children):
        (tok,) = children
        return ast.Const(self._name(tok), span_of(self.file, tok))

    def int_const(self, children):
        (tok,) = children
        return ast.Const(self._number(read_int, tok), span_of(self.file, tok))

    def float_const(self, children):
        (tok,) = children
        return ast.Const(self._number(read_float, tok), span_of(self.file, tok))

    def _number(self, reader, tok):
        try:
            return reader(tok.value)
        except ValueError as exc:
            raise syntax_error(str(exc), self.file, tok.line, tok.column, len(tok.value)) from None

    def string_const(self, children):
        (tok,) = children
        return ast.Const(decode_string(tok, self.file), span_of(self.file, tok))

    def paren(self, children):
        lpar, inner, rpar = children
        node = replace(inner, span=span_of(self.file, lpar, rpar))
        self._last_paren = node  # `-(3)` stays Neg(Const(3)); only `-3` is a literal
        return node

    def neg(self, children):
        minus, operand = children
        span = span_of(self.file, minus, operand)
        if (
            isinstance(operand, ast.Const)
            and isinstance(operand.value, (int, float))
            and operand is not self._last_paren
        ):
            return ast.Const(-operand.value, span)
        return ast.Neg(operand, span)

    def binop(self, children):
        left, op, right = children
        return ast.BinOp(op.value, left, right, span_of(self.file, left, right))

    def args(self, children):
        return tuple(c for c in children if not isinstance(c, Token))

    # ------------------------------------------------------------ literals
    def _name(self, tok) -> str:
        # The lexer only reads `not`/`true` as keywords where one may stand, so a
        # misplaced keyword arrives here as a name.
        if tok.value in _KEYWORDS:
            raise syntax_error(
                f"'{tok.value}' is a keyword and cannot be used as a name here", self.file, tok.line, tok.column, len(tok)
            )
        return tok.value

    def compound(self, children):
        (tok,) = children
        return _Compound(self._name(tok), (), span_of(self.file, tok))

    def compound_args(self, children):
        name, _lpar, args, rpar = children
        return _Compound(self._name(name), args, span_of(self.file, name, rpar))

    def _atom(self, children) -> ast.Atom:
        if len(children) == 2:
            tilde, comp = children
            return ast.Atom(comp.name, comp.args, True, span_of(self.file, tilde, comp))
        (comp,) = children
        return ast.Atom(comp.name, comp.args, False, comp.span)

    head = _atom
    literal = _atom

    def naf(self, children):
        not_tok, atom = children
        return ast.Naf(atom, span_of(self.file, not_tok, atom))

    def compare(self, children):
        left, op, right = children
        return ast.Compare(op.value, left, right, span_of(self.file, left, right))

    def body(self, children):
        return tuple(c for c in children if not isinstance(c, Token))

    def empty_body(self, children):
        return ()

    def label_part(self, children):
        comp, _colon = children
        return ast.Label(comp.name, comp.args, comp.span)

    # ------------------------------------------------------------ statements
    def _end_statement(self):
        self._anon = 0

    def _make_rule(self, label, kind, head, body, dot):
        self._end_statement()
        first = label if label is not None else head
        span = span_of(self.file, first, dot)
        generated = label is None
        if generated:
            label = ast.Label(f"{self.stem}:{span.line}", (), head.span)
            self.unlabelled_lines[span.line] = self.unlabelled_lines.get(span.line, 0) + 1
        return ast.Rule(label, kind, head, body, generated, span)

    def fact(self, children):
        label = children[0] if len(children) == 3 else None
        return self._make_rule(label, ast.STRICT, children[-2], (), children[-1])

    def rule(self, children):
        label = children[0] if len(children) == 5 else None
        head, arrow, body, dot = children[-4:]
        kind = {":-": ast.STRICT, ":=": ast.DEFEASIBLE, ":^": ast.DEFEATER}[arrow.value]
        return self._make_rule(label, kind, head, body, dot)

    def superiority(self, children):
        sup, _gt, inf, dot = children
        self._end_statement()
        return ast.Superiority(
            ast.Label(sup.name, sup.args, sup.span),
            ast.Label(inf.name, inf.args, inf.span),
            (),
            span_of(self.file, sup, dot),
        )

    def cond_superiority(self, children):
        sup, _gt, inf, _arrow, body, dot = children
        self._end_statement()
        return ast.Superiority(
            ast.Label(sup.name, sup.args, sup.span),
            ast.Label(inf.name, inf.args, inf.span),
            body,
            span_of(self.file, sup, dot),
        )

    def pred_spec(self, children):
        name, _slash, arity = children
        return (name.value, int(arity.value))

    def conflict_decl(self, children):
        kw, dot = children[0], children[-1]
        preds = tuple(c for c in children[1:-1] if not isinstance(c, Token))
        self._end_statement()
        return ast.ConflictDecl(preds, span_of(self.file, kw, dot))

    def input_decl(self, children):
        kw, dot = children[0], children[-1]
        preds = tuple(c for c in children[1:-1] if not isinstance(c, Token))
        self._end_statement()
        return InputDecl(preds, span_of(self.file, kw, dot))

    def annotation_decl(self, children):
        kw, name, dot = children[0], children[1], children[-1]
        slots = tuple(t.value for t in children[2:-1] if t.type == "IDENT")
        gloss, example = (t for t in children if t.type == "STRING")
        section = next(t for t in children if t.type == "SECTION")
        self._end_statement()
        return AnnotationDecl(name.value, slots, decode_string(gloss, self.file), decode_string(example, self.file),
                              section.value[2:-1], span_of(self.file, kw, dot))

    def value_decl(self, children):
        kw, domain, value, dot = children[0], children[1], children[2], children[-1]
        gloss, example = (t for t in children if t.type == "STRING")
        section = next(t for t in children if t.type == "SECTION")
        rejects = tuple(t.value for t in children[children.index(section) + 1:-1] if t.type == "IDENT")
        self._end_statement()
        return ValueDecl(domain.value, value.value, decode_string(gloss, self.file),
                         decode_string(example, self.file), section.value[2:-1], rejects, span_of(self.file, kw, dot))

    def start(self, children):
        return list(children)

    def query(self, children):
        return children[0]


_local = threading.local()


def parser() -> tuple[Lark, DlBuilder]:
    """One compiled parser per thread. Lark binds the transformer's callbacks at
    construction, so the builder is reset for each parse instead of replaced."""
    cached = getattr(_local, "dl", None)
    if cached is None:
        text = grammar_path("speclogic.lark").read_text(encoding="utf-8")
        builder = DlBuilder("<string>")
        parser = Lark(
            text,
            parser="lalr",
            lexer="contextual",
            transformer=builder,
            maybe_placeholders=False,
            start=["start", "query"],
            lexer_callbacks={"COMMENT": builder.on_comment},
            cache=True,
        )
        cached = _local.dl = (parser, builder)
    return cached


def parse_with_lark(text: str, filename: str) -> tuple[list, list, dict]:
    """(statements, comment tokens, unlabelled lines) of a whole file."""
    lark_parser, builder = parser()
    builder.reset(filename)
    try:
        with gc_paused():
            statements = lark_parser.parse(text, start="start")
    except UnexpectedInput as exc:
        raise_syntax_error(exc, text, filename, DL_WORDS)
    return statements, list(builder.comments), builder.unlabelled_lines  # type: ignore[return-value]  # the transformer builds a list


def parse_literal_with_lark(text: str, filename: str) -> ast.Atom:
    lark_parser, builder = parser()
    builder.reset(filename)
    try:
        return lark_parser.parse(text, start="query")  # type: ignore[return-value]  # the transformer builds an Atom
    except UnexpectedInput as exc:
        raise_syntax_error(exc, text, filename, DL_WORDS)
