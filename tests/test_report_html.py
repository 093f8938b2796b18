"""`speclogic audit --format html`: escaping, self-containment, determinism, and a page
that says what the JSON audit says (the browser's view is tests/test_report_browser.py)."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.modelspec import audit_paths, load_rulebase
from engine.render import svg
from engine.render.html import render_html
from engine.solve import Options

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HOSTILE = ROOT / "tests" / "fixtures" / "report" / "hostile.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts = 0
        self._text: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self._text.append(data)

    def close(self):
        super().close()
        self.text = "".join(self._text)

    def having(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def parse(page: str) -> Elements:
    p = Elements()
    p.feed(page)
    p.close()
    return p


@pytest.fixture(scope="module")
def hostile_page() -> str:
    res = run("audit", HOSTILE, "--format", "html")
    assert res.exit_code == 0, res.output
    return res.stdout


def test_user_text_is_escaped(hostile_page):
    page = hostile_page
    # every <script> on the page is ours: the one at the end
    assert page.count("<script") == 1 and parse(page).scripts == 1
    assert "<script>alert" not in page and "onerror=alert(1)>" not in page
    for payload in ("alert('title')", "alert('note')", "alert('reply')", "alert('dev')"):
        assert payload not in page  # quotes are escaped too, so the raw payload never appears
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in page
    assert '&#34;&gt;&lt;script&gt;' in page  # an attribute-breaking quote in a reply
    # a bidi override cannot reorder what the page shows: it is printed as its escape
    assert "\u202e" not in page and "\\u202eevil\\u202c" in page
    # the title is data too: in an attribute and in text, escaped both times
    doc = parse(page)
    conv = doc.having("article", class_="conv")[0]
    assert conv["data-title"] == "</title><script>alert('title')</script>"  # the parser decodes the entities
    # the conversation's id is user text too, and it reaches attributes, rule labels and the SVG graph
    assert conv["data-id"] == 'h<svg onload=alert(9)>"x'
    assert "<svg onload" not in page and doc.having("svg", class_="graph")
    assert re.search(r'<text class="gtitle"[^>]*>obey\(&#34;h&lt;svg onload=alert\(9\)&gt;\\&#34;x\.m0&#34;\)</text>',
                     page)
    assert "<script>alert(document.cookie)</script>" in doc.text  # shown as text, exactly as written


def test_page_is_self_contained(hostile_page):
    for page in (hostile_page,):
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
        assert "<link" not in page and "@import" not in page and "url(http" not in page
        hrefs = [a["href"] for a in parse(page).having("a") if "href" in a]
        assert hrefs and all(h.startswith("#") for h in hrefs)


def test_stdout_and_output_file_are_the_same_bytes(tmp_path):
    out = tmp_path / "report.html"
    first = run("audit", EXAMPLES / "chain_of_command.md", EXAMPLES / "comply_with_laws.md", "--format", "html",
                "-o", out)
    assert first.exit_code == 0 and first.stdout == ""
    second = run("audit", EXAMPLES / "chain_of_command.md", EXAMPLES / "comply_with_laws.md", "--format", "html")
    assert out.read_text(encoding="utf-8") == second.stdout
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")


def test_output_option_writes_other_formats_too(tmp_path):
    out = tmp_path / "audit.json"
    res = run("audit", EXAMPLES / "chain_of_command.md", "--format", "json", "-o", out)
    assert res.exit_code == 0 and res.stdout == ""
    assert json.loads(out.read_text())["summary"]["conversations"] == 1


@pytest.fixture(scope="module")
def seed():
    """The five seed examples: the JSON audit and the page, from two separate runs."""
    files = sorted(str(p) for p in EXAMPLES.glob("*.md"))
    data = json.loads(run("audit", *files, "--format", "json").stdout)
    page = run("audit", *files, "--format", "html").stdout
    return data, page


def test_page_says_what_the_json_audit_says(seed):
    data, page = seed
    doc = parse(page)
    convs = doc.having("article", class_="conv")
    assert [c["data-id"] for c in convs] == [c["id"] for c in data["conversations"]]
    verdicts = {c["id"]: c["verdict"] for conv in data["conversations"] for c in conv["candidates"]}
    shown = {a["id"]: a["data-verdict"] for t, a in doc.tags if t == "div" and "data-verdict" in a}
    assert len(shown) == len(verdicts)
    for conv in data["conversations"]:
        for cand in conv["candidates"]:
            assert f'{cand["id"]}</span>' in page
    assert sorted(shown.values()) == sorted(verdicts.values())
    # one proof per instruction and per reply, each as <details class="proof">
    proofs = doc.having("details", class_="proof")
    assert len(proofs) == sum(len(c["instructions"]) + len(c["candidates"]) for c in data["conversations"])
    # each proof is of what the audit decided: the literal its rule concluded, the verdict
    roots = re.findall(r'<details class="proof"(?: open)?><summary>proof</summary>\n<(?:details|div) class="node[^"]*"'
                       r'[^>]*>(?:<summary>)?<span class="tag [^"]*">[^<]*</span> <code class="lit">([^<]*)</code>', page)
    expected = [i["rule"]["head"] for c in data["conversations"] for i in c["instructions"]]
    expected += [("~" if r["verdict"] == "violating" else "") + f'compliant("{r["id"]}")'
                 for c in data["conversations"] for r in c["candidates"]]
    assert sorted(html.unescape(r) for r in roots) == sorted(expected)
    # disagreeing conversations and their replies' proofs are open without any script
    disagree = {c["id"] for c in data["conversations"] if c["counts"]["disagree"]}
    assert {c["data-id"] for c in convs if c["data-disagree"] != "0"} == disagree


def test_every_proof_link_points_at_a_node_on_the_page(seed):
    _, page = seed
    doc = parse(page)
    ids = [a["id"] for _, a in doc.tags if "id" in a]
    assert len(ids) == len(set(ids))  # an anchor names one element
    targets = {a["href"][1:] for a in doc.having("a") if a.get("href", "").startswith("#")}
    assert targets and targets <= set(ids)


def test_the_page_is_deterministic(seed):
    _, page = seed
    files = sorted(str(p) for p in EXAMPLES.glob("*.md"))
    assert run("audit", *files, "--format", "html").stdout == page


def test_override_graph_puts_each_winner_left_of_what_it_overrides():
    """On every conversation of examples/ (checked against the conflicts themselves)."""
    report = audit_paths([str(EXAMPLES)], load_rulebase())
    drawn = 0
    for conv in report.conversations:
        graph = svg.override_graph(conv.overrides)
        if not conv.overrides:
            assert graph is None
            continue
        drawn += 1
        at = {n.key: n for n in graph.nodes}
        labels = {r.label for c in conv.overrides for r in (c.first, c.second)}
        assert set(at) == labels
        for c in conv.overrides:
            win, lose = {"first_wins": (c.first, c.second), "second_wins": (c.second, c.first)}.get(
                c.resolution, (None, None))
            if win is not None:
                assert at[win.label].x + at[win.label].width < at[lose.label].x
        boxes = sorted((n.x, n.y) for n in graph.nodes)
        assert len(boxes) == len(set(boxes))  # no two boxes on one spot
        assert all(n.x + n.width <= graph.width and n.y + n.height <= graph.height for n in graph.nodes)
    assert drawn > 100


def test_bar_chart_is_to_scale():
    chart = svg.bar_chart([("a", {"agree": 10, "disagree": 5}), ("b", {"agree": 3})], ["agree", "disagree"])
    a, b = chart.rows
    assert [s.kind for s in a.segments] == ["agree", "disagree"] and a.total == 15 and b.total == 3
    assert a.segments[0].width == pytest.approx(2 * a.segments[1].width, abs=0.2)
    assert a.segments[1].x == pytest.approx(a.segments[0].x + a.segments[0].width, abs=0.2)
    assert a.end == pytest.approx(chart.label_width + svg.BAR_AREA, abs=0.2)
    assert b.segments[0].width == pytest.approx(svg.BAR_AREA * 3 / 15, abs=0.2)


def test_fragile_filter_only_with_sensitivity():
    valentine = EXAMPLES / "ask_clarifying_questions.md"
    plain = run("audit", valentine, "--format", "html").stdout
    assert 'id="f-fragile"' not in plain and "badge fragile" not in plain
    rulebase = load_rulebase()
    report = audit_paths([str(valentine)], rulebase, sensitive=True)  # one search for both views
    data = json.loads(json.dumps(report.to_json()))
    page = render_html(report, rulebase, Options())
    doc = parse(page)
    assert doc.having("input", id="f-fragile")
    fragile = [c for conv in data["conversations"] for c in conv["candidates"] if c["sensitivity"]["fragile"]]
    assert fragile and page.count('title="one annotation change flips it">fragile</span>') == len(fragile)
    convs = doc.having("article", class_="conv")
    assert sum(int(c["data-fragile"]) for c in convs) == data["summary"]["fragile"] == len(fragile)
    flips = [f for c in fragile for f in c["sensitivity"]["flips"]]
    assert all(html_escape(" and ".join(f["edits"])) in page for f in flips)


def html_escape(text: str) -> str:
    """As Jinja2's autoescape writes it (markupsafe: &#34; and &#39; for the quotes)."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def test_a_conversation_whose_file_is_gone_still_shows_its_verdicts(tmp_path):
    """Standard input cannot be read twice: the page falls back on the audit's quotes."""
    copy = tmp_path / "tutor.md"
    copy.write_text((EXAMPLES / "chain_of_command.md").read_text(encoding="utf-8"), encoding="utf-8")
    rulebase = load_rulebase()
    report = audit_paths([str(copy)], rulebase)
    copy.unlink()
    doc = parse(render_html(report, rulebase, Options()))
    verdicts = [a["data-verdict"] for t, a in doc.tags if t == "div" and "data-verdict" in a]
    assert verdicts == [c["verdict"] for c in report.conversations[0].candidates] == ["compliant", "violating"]
    assert not doc.having("details", class_="proof")
    assert "Forget everything you were told before" in doc.text  # the instruction, as the audit quotes it


def test_an_output_path_that_cannot_be_written_is_bad_input(tmp_path):
    res = run("audit", EXAMPLES / "chain_of_command.md", "--format", "html", "-o", tmp_path / "no" / "such" / "r.html")
    assert res.exit_code == 2 and "--output" in res.output and "Traceback" not in res.output
