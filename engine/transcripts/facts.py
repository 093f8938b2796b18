"""Conversations -> speclogic facts (the schema is docs/facts.md), and their printing.

A fact is `engine.ast.Rule(kind=STRICT, body=())` over constants. Ids, content and
notes are string constants; roles, labels and section ids are identifiers. The
order is the conversation's own (conversation facts, then each item in order), so
the same input always gives the same bytes. A fact stated twice (two equal
annotations, two `[...]` in a row) is kept once.
"""
from __future__ import annotations

from engine import ast
from engine.transcripts.model import UNLABELED, Annotation, Comparison, Conversation, Elision, Message, Value

# Facts that carry the answer key (labels, notes, cited sections, the title) or the
# example's place in the spec, and the reviewer's overruling: a rulebase judging the
# conversation is never given them (`blind`), so its verdicts cannot depend on them.
ANSWER_KEY = frozenset({"conversation_title", "conversation_cites", "example_section", "section_authority",
                        "section_tag", "candidate_note", "cites", "reviewer_verdict"})


def conversation_facts(conv: Conversation, blind: bool = False) -> list[ast.Rule]:
    """The facts of `conv`; with `blind`, without the answer key, and with every
    candidate's label read as `unlabeled`."""
    out: list[tuple[str, tuple, bool]] = []

    def add(pred: str, *args, negated: bool = False) -> None:
        if blind and pred in ANSWER_KEY:
            return
        if blind and pred == "candidate":
            args = (*args[:3], UNLABELED)
        out.append((pred, args, negated))

    cid = conv.id
    add("conversation", cid)
    if conv.title:
        add("conversation_title", cid, conv.title)
    add("conversation_source", cid, f"{conv.span.file}:{conv.span.line}")
    for cited in conv.title_cites:
        add("conversation_cites", cid, cited)
    if conv.section:
        add("example_section", cid, conv.section)
    if conv.authority:
        add("section_authority", cid, conv.authority)
    for tag in conv.tags:
        add("section_tag", cid, tag)
    for key, value in conv.settings:
        add("setting", cid, key, value)
    _annotations(add, cid, conv.annotations)
    for item in conv.items:
        if isinstance(item, Elision):
            add("elision", cid, item.index)
        elif isinstance(item, Comparison):
            add("comparison", item.id, cid, item.index)
            _annotations(add, item.id, item.annotations)
            for cand in item.candidates:
                add("candidate", cand.id, cid, cand.index, cand.label)
                add("candidate_of", cand.id, item.id, cand.position)
                if cand.after:
                    add("candidate_after", cand.id, cand.after)
                if cand.note:
                    add("candidate_note", cand.id, cand.note)
                for cited in cand.cites:
                    add("cites", cand.id, cited)
                _message_facts(add, cand)
        else:
            add("message", item.id, cid, item.index, item.role)
            _message_facts(add, item)
    unique = list(dict.fromkeys((p, tuple((type(a), a) for a in args), n) for p, args, n in out))
    return [_rule(cid, k, pred, tuple(a for _, a in args), negated)
            for k, (pred, args, negated) in enumerate(unique, start=1)]


def _message_facts(add, msg: Message) -> None:
    add("content", msg.id, msg.text)
    for key, value in msg.attrs.items():
        add("attr", msg.id, key, value)
    if msg.role == "tool" and "name" in msg.attrs:
        add("tool_name", msg.id, msg.attrs["name"])
    for n, text in enumerate(msg.untrusted):
        add("untrusted", msg.id, n, text)
    if msg.elided:
        add("elided", msg.id)
    _annotations(add, msg.id, msg.annotations)


def _annotations(add, entity: str, annotations: list[Annotation]) -> None:
    for a in annotations:
        add(a.pred, entity, *a.args, negated=a.negated)


def _rule(cid: str, n: int, pred: str, args: tuple, negated: bool) -> ast.Rule:
    atom = ast.Atom(pred, tuple(ast.Const(a) for a in args), negated)
    return ast.Rule(ast.Label(f"{cid}#{n}"), ast.STRICT, atom, (), generated_label=True)


def fact_key(rule: ast.Rule) -> tuple[str, bool, tuple]:
    """What a fact says, without its label or span: for comparing fact sets."""
    return (rule.head.pred, rule.head.negated, tuple(_constant(a) for a in rule.head.args))


def render_fact(rule: ast.Rule) -> str:
    head = rule.head
    sign = "~" if head.negated else ""
    if not head.args:
        return f"{sign}{head.pred}."
    return f"{sign}{head.pred}({', '.join(ast.format_value(_constant(a)) for a in head.args)})."


def _constant(term: ast.Term) -> Value:
    """A fact's argument, which is ground: a constant."""
    if not isinstance(term, ast.Const):
        raise TypeError(f"not a fact: argument {ast.term_text(term)} is not a constant")
    return term.value


def render_dl(facts) -> str:
    """`pred(args).` lines; duplicates dropped; a set or frozenset is sorted first."""
    if isinstance(facts, (set, frozenset)):
        facts = sorted(facts, key=lambda r: _sort_key(fact_key(r)))
    seen: set = set()
    lines = []
    for rule in facts:
        key = fact_key(rule)
        if key not in seen:
            seen.add(key)
            lines.append(render_fact(rule))
    return "".join(line + "\n" for line in lines)


def _sort_key(key):
    pred, negated, args = key
    return (pred, negated, tuple((type(a).__name__, a) for a in args))


def facts_json(facts) -> list[dict]:
    return [
        {"predicate": r.head.pred, "negated": r.head.negated, "args": [a.value for a in r.head.args]}
        for r in facts
    ]
