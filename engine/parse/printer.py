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
    # an explicit stack of nodes and literal strings: a sum can be 10^5 terms deep
    parts: list[str] = []
    stack: list = [term]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, ast.Var):
            parts.append("_" if node.anonymous else node.name)
        elif isinstance(node, ast.Const):
            parts.append(format_const(node.value))
        elif isinstance(node, ast.Neg):
            operand = node.operand
            # `-3` would read back as the literal Const(-3), not Neg(Const(3))
            if isinstance(operand, ast.BinOp) or (
                isinstance(operand, ast.Const) and isinstance(operand.value, (int, float))
            ):
                stack.extend((")", operand, "-("))
            else:
                stack.extend((operand, "-"))
        elif isinstance(node, ast.BinOp):
            prec = _PRECEDENCE[node.op]
            left_parens = isinstance(node.left, ast.BinOp) and _PRECEDENCE[node.left.op] < prec
            # left-associative: a - (b - c) keeps its parentheses
            right_parens = isinstance(node.right, ast.BinOp) and _PRECEDENCE[node.right.op] <= prec
            stack.extend(_wrap(node.right, right_parens))
            stack.append(f" {node.op} ")
            stack.extend(_wrap(node.left, left_parens))
        else:
            raise TypeError(f"not a term: {node!r}")
    return "".join(parts)


def _wrap(term, parens: bool) -> tuple:
    """Stack entries (pushed in reverse) printing term, in parentheses if asked."""
    return (")", term, "(") if parens else (term,)


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
