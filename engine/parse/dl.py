"""The `.dl` front end: text -> engine.ast.Program.

A file is read by the fast paths first (engine.parse.fast_dl: whole lines, then
tokens); whatever they leave, and every syntax error, goes to Lark
(engine.parse.dl_builder), which is imported only then: most runs never load it.
"""
from __future__ import annotations

from dataclasses import replace

from engine import ast
from engine.parse.fast_dl import fast_parse_dl
from engine.parse.perf import gc_paused


def parse_dl(text: str, filename: str = "<string>", full_spans: bool = False) -> ast.Program:
    return parse_dl_with_comments(text, filename, full_spans)[0]


def parse_dl_with_comments(text: str, filename: str = "<string>", full_spans: bool = False) -> tuple[ast.Program, list]:
    """The program and its comment tokens (line, column, value), in source order.
    full_spans: a span for every node even in a file large enough for compact spans."""
    with gc_paused():
        fast = fast_parse_dl(text, filename, full_spans)
    if fast is not None:
        statements, comments, unlabelled_lines = fast
    else:
        from engine.parse.dl_builder import parse_with_lark

        statements, comments, unlabelled_lines = parse_with_lark(text, filename)
    statements = _disambiguate_generated_labels(statements, unlabelled_lines)
    return ast.Program(statements, {filename: text}), comments


def _disambiguate_generated_labels(statements, unlabelled_lines: dict[int, int]):
    crowded = {line for line, n in unlabelled_lines.items() if n > 1}
    if not crowded:
        return statements
    out = []
    for st in statements:
        if isinstance(st, ast.Rule) and st.generated_label and st.span and st.span.line in crowded:
            name = f"{st.label.name}:{st.span.column}"
            st = replace(st, label=replace(st.label, name=name))
        out.append(st)
    return out


def parse_dl_literal(text: str, filename: str = "<query>") -> ast.Atom:
    """One literal such as `flies(X)` or `~flies(opus)`; raises syntax_error diagnostics."""
    # the literal read as a fact by the fast path (the same atom, spans included), so a
    # query does not load Lark; anything else, and every error, is Lark's
    fast = fast_parse_dl(text if text.rstrip().endswith(".") else text + ".", filename, full_spans=True)
    if fast is not None and len(fast[0]) == 1:
        st = fast[0][0]
        if type(st) is ast.Rule and st.generated_label and st.kind == ast.STRICT and not st.body:
            return st.head
    from engine.parse.dl_builder import parse_literal_with_lark

    return parse_literal_with_lark(text, filename)
