"""The printer's law: parse(format_program(p)) == p for any program p, up to spans,
generated label names and anonymous-variable numbering (all three depend on where
things sit in the text). Also: fmt is idempotent and keeps comments."""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import ast
from engine.parse import parse_dl
from engine.parse.layout import format_source
from engine.parse.printer import format_program

KEYWORDS = {"not", "true"}
names = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,5}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
var_names = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,3}|_[A-Za-z0-9_]{1,3}", fullmatch=True)
strings = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
consts = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    strings,
    names,
).map(ast.Const)
variables = st.one_of(var_names.map(ast.Var), st.just(ast.Var("_#0")))
terms = st.recursive(
    st.one_of(consts, variables),
    lambda inner: st.one_of(
        st.builds(ast.BinOp, st.sampled_from("+-*/"), inner, inner),
        st.builds(ast.Neg, inner),
    ),
    max_leaves=5,
)
args = st.lists(terms, max_size=3).map(tuple)
atoms = st.builds(ast.Atom, names, args, st.booleans())
items = st.one_of(
    atoms,
    atoms.map(ast.Naf),
    st.builds(ast.Compare, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), terms, terms),
)
bodies = st.lists(items, max_size=3).map(tuple)
labels = st.builds(ast.Label, names, st.lists(terms, max_size=2).map(tuple))
rules = st.one_of(
    st.builds(ast.Rule, labels, st.sampled_from([ast.STRICT, ast.DEFEASIBLE, ast.DEFEATER]), atoms, bodies),
    st.builds(
        lambda kind, head, body: ast.Rule(ast.Label("gen"), kind, head, body, True),
        st.sampled_from([ast.STRICT, ast.DEFEASIBLE, ast.DEFEATER]),
        atoms,
        bodies,
    ),
)
statements = st.one_of(
    rules,
    st.builds(ast.Superiority, labels, labels, bodies),
    st.lists(st.tuples(names, st.integers(0, 4)), min_size=2, max_size=4).map(lambda ps: ast.ConflictDecl(tuple(ps))),
)
programs = st.lists(statements, max_size=6).map(ast.Program)


def normalize(statement):
    """Generated labels -> one placeholder; anonymous variables renumbered in text order."""
    counter = [0]

    def walk(node):
        if isinstance(node, ast.Var) and node.anonymous:
            counter[0] += 1
            return ast.Var(f"_#{counter[0]}")
        if isinstance(node, tuple):
            return tuple(walk(x) for x in node)
        if is_dataclass(node) and not isinstance(node, type):
            return replace(node, **{f.name: walk(getattr(node, f.name)) for f in fields(node) if f.name != "span"})
        return node

    if isinstance(statement, ast.Rule) and statement.generated_label:
        statement = replace(statement, label=ast.Label("<generated>"))
    return walk(statement)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_parse_of_print_is_identity(program):
    text = format_program(program)
    reparsed = parse_dl(text, "rt.dl")
    assert [normalize(s) for s in reparsed.statements] == [normalize(s) for s in program.statements]


@settings(max_examples=100, deadline=None)
@given(programs, st.lists(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=10), max_size=4))
def test_fmt_is_idempotent_and_keeps_comments(program, comments):
    lines = format_program(program).split("\n")[:-1]
    for i, comment in enumerate(comments):
        lines.insert(min(len(lines), i * 2), f"% {comment}")
    text = "\n".join(lines) + "\n"
    once = format_source(text, "f.dl")
    assert format_source(once, "f.dl") == once
    for comment in comments:
        assert f"% {comment}".rstrip() in once
    assert [normalize(s) for s in parse_dl(once, "f.dl").statements] == [normalize(s) for s in program.statements]
