"""The `.dfl` front end (SPINdle's theory format): grammar/dfl.lark -> engine.ast.Program.

DFL is propositional-first: literal arguments are constants only, so `p(X)` in a
DFL file is the constant "X", never a variable. Like the `.dl` front end, the
callbacks run inside the LALR parser and no parse tree is built.
"""
from __future__ import annotations

import threading

from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from engine import ast
from engine.parse.dl_builder import SourceBuilder, span_of
from engine.parse.numbers import read_float, read_int
from engine.parse.perf import gc_paused
from engine.parse.strings import decode_string
from engine.parse.syntax_errors import DFL_WORDS, raise_syntax_error, syntax_error
from engine.resources import grammar_path

_KINDS = {"->": ast.STRICT, "=>": ast.DEFEASIBLE, "~>": ast.DEFEATER}


class DflBuilder(SourceBuilder):
    def _span(self, first, last=None):
        return span_of(self.file, first, last)

    def term(self, children):
        (tok,) = children
        span = self._span(tok)
        if tok.type == "STRING":
            return ast.Const(decode_string(tok, self.file), span)
        if tok.type == "NUMBER":
            text = tok.value
            is_int = not any(c in text for c in ".eE")
            try:
                return ast.Const(read_int(text) if is_int else read_float(text), span)
            except ValueError as exc:
                raise syntax_error(str(exc), self.file, tok.line, tok.column, len(text)) from None
        return ast.Const(tok.value, span)

    def args(self, children):
        return tuple(c for c in children if not isinstance(c, Token))

    def literal(self, children):
        neg = children[0] if children[0].type == "NEG" else None
        name = children[-1]
        return ast.Atom(name.value, (), neg is not None, self._span(neg or name, name))

    def literal_args(self, children):
        neg = children[0] if isinstance(children[0], Token) and children[0].type == "NEG" else None
        name, _lpar, args, rpar = children[-4:]
        return ast.Atom(name.value, args, neg is not None, self._span(neg or name, rpar))

    def body(self, children):
        return tuple(c for c in children if not isinstance(c, Token))

    def label_part(self, children):
        name, _colon = children
        return ast.Label(name.value, (), self._span(name))

    def _generated(self, first_span, column_suffix: bool) -> ast.Label:
        name = f"{self.stem}:{first_span.line}"
        if column_suffix:
            name += f":{first_span.column}"
        return ast.Label(name, (), first_span)

    def fact(self, children):
        label = children[0] if isinstance(children[0], ast.Label) else None
        arrow = next(c for c in children if isinstance(c, Token) and c.type == "FACT_ARROW")
        heads = [c for c in children if isinstance(c, ast.Atom)]
        rules = []
        for head in heads:
            if label is not None and len(heads) == 1:
                lab, generated = label, False
            elif label is not None:  # `f: >> a, b` labels each fact f_1, f_2...
                lab, generated = ast.Label(f"{label.name}_{len(rules) + 1}", (), label.span), False
            else:
                lab, generated = self._generated(head.span, len(heads) > 1), True
            start = label if label is not None else arrow
            rules.append(ast.Rule(lab, ast.STRICT, head, (), generated, self._span(start, head)))
        return rules

    def rule(self, children):
        label = children[0] if isinstance(children[0], ast.Label) else None
        arrow, head = children[-2], children[-1]
        body = next((c for c in children if isinstance(c, tuple)), ())
        first = label if label is not None else (body[0] if body else arrow)
        span = self._span(first, head)
        generated = label is None
        if generated:
            label = self._generated(span, False)
        return [ast.Rule(label, _KINDS[arrow.value], head, body, generated, span)]

    def superiority(self, children):
        sup, _gt, inf = children
        return [
            ast.Superiority(ast.Label(sup.value, (), self._span(sup)), ast.Label(inf.value, (), self._span(inf)), (),
                            self._span(sup, inf))
        ]

    def start(self, children):
        return [st for group in children for st in group]


_local = threading.local()


def _parser() -> tuple[Lark, DflBuilder]:
    cached = getattr(_local, "dfl", None)
    if cached is None:
        builder = DflBuilder("<string>")
        text = grammar_path("dfl.lark").read_text(encoding="utf-8")
        parser = Lark(text, parser="lalr", lexer="contextual", transformer=builder, maybe_placeholders=False)
        cached = _local.dfl = (parser, builder)
    return cached


def parse_dfl(text: str, filename: str = "<string>") -> ast.Program:
    parser, builder = _parser()
    builder.reset(filename)
    try:
        with gc_paused():
            statements: list = parser.parse(text)  # type: ignore[assignment]  # the transformer builds statements
    except UnexpectedInput as exc:
        raise_syntax_error(exc, text, filename, DFL_WORDS)
    return ast.Program(statements, {filename: text})
