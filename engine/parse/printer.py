"""Canonical `.dl` text for AST nodes: what `speclogic fmt` writes and the solver prints.

The law this module keeps: parsing the printed text of a program gives the same
program again (spans, generated label names and anonymous-variable numbers aside:
those depend on where things sit in the file). Parentheses are added exactly where
precedence or the `-3` versus `-(3)` distinction needs them.
"""
from __future__ import annotations

from engine import ast
from engine.parse.decls import AnnotationDecl, InputDecl, ValueDecl

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def format_const(value) -> str:
    return ast.format_value(value)


def format_term(term: ast.Term) -> str:
    if isinstance(term, ast.Var):
        return "_" if term.anonymous else term.name
    if isinstance(term, ast.Const):
        return format_const(term.value)
    if isinstance(term, ast.Neg):
        operand = term.operand
        # `-3` would read back as the literal Const(-3), not Neg(Const(3))
        needs_parens = isinstance(operand, ast.BinOp) or (
            isinstance(operand, ast.Const) and isinstance(operand.value, (int, float))
        )
        inner = format_term(operand)
        return f"-({inner})" if needs_parens else f"-{inner}"
    if isinstance(term, ast.BinOp):
        prec = _PRECEDENCE[term.op]
        left = format_term(term.left)
        right = format_term(term.right)
        if isinstance(term.left, ast.BinOp) and _PRECEDENCE[term.left.op] < prec:
            left = f"({left})"
        if isinstance(term.right, ast.BinOp) and _PRECEDENCE[term.right.op] <= prec:
            right = f"({right})"  # left-associative: a - (b - c) keeps its parentheses
        return f"{left} {term.op} {right}"
    raise TypeError(f"not a term: {term!r}")


def _args(args: tuple) -> str:
    return "(" + ", ".join(format_term(a) for a in args) + ")" if args else ""


def format_atom(atom: ast.Atom) -> str:
    return f"{'~' if atom.negated else ''}{atom.pred}{_args(atom.args)}"


def format_label(label: ast.Label) -> str:
    return f"{label.name}{_args(label.args)}"


def format_item(item: ast.BodyItem) -> str:
    if isinstance(item, ast.Atom):
        return format_atom(item)
    if isinstance(item, ast.Naf):
        return f"not {format_atom(item.atom)}"
    if isinstance(item, ast.Compare):
        return f"{format_term(item.left)} {item.op} {format_term(item.right)}"
    raise TypeError(f"not a body item: {item!r}")


def format_body(body: tuple) -> str:
    return ", ".join(format_item(i) for i in body) if body else "true"


WIDTH = 100  # longer statements break after the arrow, body indented by four spaces


def format_statement(st: ast.Statement) -> str:
    if isinstance(st, ast.Rule):
        prefix = "" if st.generated_label else f"{format_label(st.label)}: "
        if st.is_fact:
            return f"{prefix}{format_atom(st.head)}."
        return _wrapped(f"{prefix}{format_atom(st.head)} {ast.ARROWS[st.kind]}", st.body)
    if isinstance(st, ast.Superiority):
        head = f"{format_label(st.superior)} > {format_label(st.inferior)}"
        return f"{head}." if not st.body else _wrapped(f"{head} :-", st.body)
    if isinstance(st, (AnnotationDecl, ValueDecl)):
        one_line = str(st)
        # a declaration that does not fit puts its gloss and its example on lines of their own
        return one_line if len(one_line) <= WIDTH else "\n    ".join(st.parts())
    if isinstance(st, (ast.ConflictDecl, InputDecl)):
        return str(st)
    raise TypeError(f"not a statement: {st!r}")


def _wrapped(head: str, body: tuple) -> str:
    """`head body.` on one line when it fits in WIDTH; otherwise the body goes on
    indented lines, filled greedily, breaking only between body items."""
    one_line = f"{head} {format_body(body)}."
    if len(one_line) <= WIDTH or not body:
        return one_line
    items = [format_item(i) for i in body]
    lines, current = [], "    "
    for k, item in enumerate(items):
        piece = item + ("," if k < len(items) - 1 else ".")
        if current.strip() and len(current) + 1 + len(piece) > WIDTH:
            lines.append(current.rstrip())
            current = "    "
        current += ("" if not current.strip() else " ") + piece
    lines.append(current.rstrip())
    return head + "\n" + "\n".join(lines)


def format_program(program: ast.Program) -> str:
    """One statement per line, in program order, ending with a newline (empty program: "")."""
    return "".join(format_statement(st) + "\n" for st in program.statements)
