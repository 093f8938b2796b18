"""The audit as one self-contained HTML page (`speclogic audit --format html`).

A summary (agreement per chapter and per principle, with a bar chart), a filterable
list of conversations, and per conversation its transcript with every instruction's
status and every reply's verdict, the proof of each as nested <details>, and the
override graph as inline SVG. No external resource: CSS, script and drawings are in
the page, so it opens offline; everything but filtering works with scripts off.

The audit report keeps verdicts, not solutions; the page re-reads the transcripts and
solves them again, batch by batch as the audit did, to build the proof trees. Text
goes through Jinja2 with autoescape on, after engine.ast.escape_text has made each
line one line of visible characters (no bidi override can reorder what is shown).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from engine.ast import escape_text
from engine.explain.why import Node, TreeBuilder
from engine.modelspec.audit import BATCH, ConversationAudit, solve_batch
from engine.modelspec.decisions import key
from engine.render import svg
from engine.render.tree_text import OUTCOME_WORDS, REASON_WORDS, head_line, rule_line
from engine.transcripts.loader import load_paths_report
from engine.transcripts.model import Comparison, Elision

TREE_DEPTH = 12  # a shared builder per conversation expands each literal once; this bounds the rest
CHART_KINDS = ["agree", "disagree", "unjudged", "unlabeled"]
LABEL_WORDS = {"good": "GOOD", "bad": "BAD", "ok": "OK", "unlabeled": "unlabeled"}


@dataclass
class MessageView:
    anchor: str
    message: object                  # transcripts.model.Message
    instruction: dict | None = None  # the audit's entry, when the message instructs
    proof: Node | None = None


@dataclass
class ReplyView:
    anchor: str
    candidate: object                # transcripts.model.Candidate
    entry: dict
    proof: Node | None = None


@dataclass
class ItemView:
    kind: str                        # message / comparison / elision
    message: MessageView | None = None
    replies: list[ReplyView] = field(default_factory=list)
    text: str = ""


@dataclass
class ConversationView:
    index: int
    anchor: str
    audit: ConversationAudit
    section: str | None
    principles: list[str]
    items: list[ItemView]
    graph: svg.Graph | None
    anchors: dict[str, str]          # message or reply id -> its anchor in the transcript
    fragile: int = 0
    proof_anchors: dict[str, str] = field(default_factory=dict)  # literal -> where its proof is expanded
    expanded_at: dict[int, str] = field(default_factory=dict)    # id(node) -> anchor, on that one node

    @property
    def disagree(self) -> int:
        return self.audit.disagreements


@dataclass
class PrincipleRow:
    name: str
    conversations: int
    counts: dict[str, int]


def _lines(value) -> str:
    """Multi-line text, each line made visible by escape_text (control and format characters)."""
    return "\n".join(escape_text(line) for line in str(value).split("\n"))


def _text(value) -> str:
    return escape_text(str(value))


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("engine.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(t=_text, lines=_lines, head_line=head_line, rule_line=rule_line)
    env.globals.update(node_id=id, OUTCOME_WORDS=OUTCOME_WORDS, REASON_WORDS=REASON_WORDS, LABEL_WORDS=LABEL_WORDS)
    return env


def _asset(name: str) -> Markup:
    """Our own CSS or script, put into the page as it is (it holds no user text)."""
    return Markup(resources.files("engine.render").joinpath("templates", name).read_text(encoding="utf-8"))


def render_html(report, rulebase, options, shown=None) -> str:
    """The page; `shown` (audit --only) limits the conversation list, never the summary."""
    audits = report.conversations if shown is None else shown
    convs = _conversations(report)
    views = [_view(i, audit, convs.get(audit.id)) for i, audit in enumerate(audits)]
    _attach_proofs(views, convs, rulebase, options)
    sensitive = any("sensitivity" in c for a in report.conversations for c in a.candidates)
    chapters = report.chapters()
    chart = svg.bar_chart([(name, row) for name, row in chapters.items()], CHART_KINDS)
    principles = _principle_rows(views)
    return _environment().get_template("report.html.j2").render(
        report=report, summary=report.summary(), chapters=chapters, chart=chart, principle_rows=principles,
        principle_chart=svg.bar_chart([(p.name, p.counts) for p in principles], CHART_KINDS),
        conversations=views, sensitive=sensitive, all_principles=sorted({p for v in views for p in v.principles}),
        css=_asset("report.css"), script=_asset("report.js"))


def _conversations(report) -> dict:
    """The audited conversations, read again from their files (the report keeps only verdicts)."""
    files = [Path(f) for f in report.files if Path(f).is_file()]
    loaded, _ = load_paths_report(files)
    audited = {(a.file, a.id) for a in report.conversations}
    return {c.id: c for c in loaded if (c.span.file, c.id) in audited}


def _view(index: int, audit, conv) -> ConversationView:
    anchors: dict[str, str] = {}
    items: list[ItemView] = []
    instructions = {i["id"]: i for i in audit.instructions}
    entries = {c["id"]: c for c in audit.candidates}
    principles = set()
    for cand in audit.candidates:
        principles.update(v["principle"] for v in cand["violations"])
    if conv is not None:
        principles.update(c.lstrip("#") for c in conv.title_cites)
        if conv.section:
            principles.add(conv.section)
        for n, item in enumerate(conv.items):
            if isinstance(item, Elision):
                items.append(ItemView("elision", text=item.text))
            elif isinstance(item, Comparison):
                view = ItemView("comparison")
                for cand in item.candidates:
                    principles.update(c.lstrip("#") for c in cand.cites)
                    anchors[cand.id] = f"c{index}-i{n}-r{cand.position}"
                    if cand.id in entries:
                        view.replies.append(ReplyView(anchors[cand.id], cand, entries[cand.id]))
                items.append(view)
            else:
                anchors[item.id] = f"c{index}-i{n}"
                items.append(ItemView("message", MessageView(anchors[item.id], item, instructions.get(item.id))))
    else:
        items = _from_entries(index, audit, anchors)
    fragile = sum(1 for c in audit.candidates if c.get("sensitivity", {}).get("fragile"))
    return ConversationView(index, f"c{index}", audit, conv.section if conv else None, sorted(principles), items,
                            svg.override_graph(audit.overrides), anchors, fragile)


@dataclass
class _Quoted:
    """A message as the audit's entry quotes it, for a conversation whose file cannot be
    read again (standard input): the page still shows every status and verdict, without proofs."""
    id: str
    role: str
    text: str
    note: str | None = None
    cites: list = field(default_factory=list)
    annotations: list = field(default_factory=list)


def _from_entries(index: int, audit, anchors: dict) -> list[ItemView]:
    items = []
    for n, ins in enumerate(audit.instructions):
        anchors[ins["id"]] = f"c{index}-i{n}"
        msg = _Quoted(ins["id"], ins["role"] or "?", ins["quote"])
        items.append(ItemView("message", MessageView(anchors[ins["id"]], msg, ins)))
    if audit.candidates:
        block = ItemView("comparison")
        for n, cand in enumerate(audit.candidates):
            anchors[cand["id"]] = f"c{index}-q{n}"
            block.replies.append(ReplyView(anchors[cand["id"]], _Quoted(cand["id"], "assistant", cand["quote"],
                                                                         cand["note"]), cand))
        items.append(block)
    return items


def _targets(view: ConversationView):
    """(view to attach a proof to, its entry), instructions before the replies after them."""
    for item in view.items:
        if item.message is not None and item.message.instruction is not None:
            yield item.message, item.message.instruction
        for reply in item.replies:
            yield reply, reply.entry


def _literal(solved, target, entry):
    """What the audit decided: a reply's verdict, or the instruction's status (an ask
    refused on its own when the rest of the message is followed, as the audit reads it)."""
    if isinstance(target, ReplyView):
        return key("compliant", entry["id"], negated=entry["verdict"] == "violating")
    follow = key("follow", entry["id"])
    if entry["status"] == "overridden" and entry["asks_overridden"] and solved.lookup(follow).defeasible == "+d":
        refused = entry["asks_overridden"][0]
        for c in solved.rows("asks", entry["id"]):
            if str(c.args[1]) == refused:
                return key("heeded", entry["id"], c.args[1], negated=True)
    return key("follow", entry["id"], negated=entry["status"] == "overridden")


def _attach_proofs(views, convs, rulebase, options) -> None:
    solvable = [v for v in views if v.audit.id in convs]
    for start in range(0, len(solvable), BATCH):
        batch = solvable[start:start + BATCH]
        solved, _ = solve_batch(rulebase, [convs[v.audit.id] for v in batch], options)
        for v in batch:
            builder = TreeBuilder(solved.sol, TREE_DEPTH)  # shared: a literal is expanded once per conversation
            for target, entry in _targets(v):
                target.proof = builder.node(_literal(solved, target, entry))
                _number(target.proof, v)


def _number(node: Node, view: ConversationView) -> None:
    """Give the one node where a literal is expanded an anchor; its other appearances link there."""
    if not node.seen and not node.truncated and node.literal not in view.proof_anchors:
        view.proof_anchors[node.literal] = f"{view.anchor}-p{len(view.proof_anchors) + 1}"
        view.expanded_at[id(node)] = view.proof_anchors[node.literal]
    for p in node.premises:
        _number(p, view)
    for e in node.attackers + node.supporters:
        for p in e.superiority_premises + ([e.premise] if e.premise is not None else []):
            _number(p, view)


def _principle_rows(views) -> list[PrincipleRow]:
    """Agreement per principle: the Model Spec section each conversation illustrates."""
    rows: dict[str, PrincipleRow] = {}
    for v in views:
        name = v.section or "(no section)"
        row = rows.setdefault(name, PrincipleRow(name, 0, {k: 0 for k in CHART_KINDS}))
        row.conversations += 1
        for cand in v.audit.candidates:
            if cand["agreement"] in row.counts:
                row.counts[cand["agreement"]] += 1
    return [rows[k] for k in sorted(rows)]
