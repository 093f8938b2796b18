"""The HTML report of examples/ in a real browser: headless Chromium (Debian's
`chromium`; .ci/run installs it) loads the page, the test reads the DOM the browser
built (--dump-dom, after the page's script ran, or with scripts off) and saves a
screenshot. Skipped, saying why, where no chromium is installed."""
from __future__ import annotations

import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from engine.modelspec import audit_paths, load_rulebase
from engine.render.html import render_html
from engine.solve import Options

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Scripts off: headless Chromium's --dump-dom and --screenshot need scripting themselves
# (--blink-settings=scriptEnabled=false gives an empty dump), so the page's own script is
# stopped the way a browser with scripts off would never run it: a copy of the page whose
# Content-Security-Policy allows no script at all.
NO_SCRIPT = """<meta http-equiv="Content-Security-Policy" content="script-src 'none'">"""

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium)")


class Dom(HTMLParser):
    """Start tags with attributes, the <details> around each element with an id, and the
    text of the element with id `shown`."""

    VOID = {"meta", "br", "input", "img", "link", "hr", "rect", "path"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.inside: dict[str, list[dict]] = {}
        self.shown = ""
        self._in_shown = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:  # the <details> elements around it
            self.inside[a["id"]] = [d for t, d in self.stack if t == "details"]
        if a.get("id") == "shown":
            self._in_shown = True
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "span":
            self._in_shown = False

    def handle_data(self, data):
        if self._in_shown:
            self.shown += data

    def having(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def by_id(self, ident):
        return next((a for _, a in self.tags if a.get("id") == ident), None)


def dom(html_text: str) -> Dom:
    d = Dom()
    d.feed(html_text)
    d.close()
    return d


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    """The report of the whole of examples/, written once for every test here."""
    rulebase = load_rulebase()
    report = audit_paths([str(EXAMPLES)], rulebase, Options())
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(report, rulebase, Options()), encoding="utf-8")
    return report, path


def chromium(tmp_path: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=tmp_path)


def dump(tmp_path, url: str, *extra: str) -> Dom:
    res = chromium(tmp_path, "--dump-dom", *extra, url)
    assert res.returncode == 0 and "<html" in res.stdout, res.stderr[-2000:]
    return dom(res.stdout)


def test_the_browser_shows_every_conversation_and_reply(report_page, tmp_path):
    report, path = report_page
    page = dump(tmp_path, path.as_uri())
    convs = page.having("article", class_="conv")
    assert len(convs) == len(report.conversations) == report.summary()["conversations"]
    assert page.shown.strip() == str(len(report.conversations))
    assert page.by_id("filters") is not None and "hidden" not in page.by_id("filters")  # the script ran
    replies = [a for t, a in page.tags if t == "div" and "data-verdict" in a]
    assert len(replies) == sum(len(c.candidates) for c in report.conversations)
    # a verdict: the tutor's second reply gives the answer the developer forbade
    tutor = next(c for c in report.conversations if c.id == "tutor")
    r2 = next(c for c in tutor.candidates if c["id"] == "tutor.c1.r2")
    shown = [a for a in replies if a["id"].startswith(f"c{report.conversations.index(tutor)}-")]
    assert [a["data-verdict"] for a in shown] == [c["verdict"] for c in tutor.candidates]
    assert r2["verdict"] == "violating" and "violating" in [a["data-verdict"] for a in shown]
    # disagreeing replies have their proof open without any click
    disagree = sum(c.disagreements for c in report.conversations)
    assert len(page.having("details", class_="proof", open="")) == disagree > 0


def test_a_link_to_a_proof_step_opens_it(report_page, tmp_path):
    """A fragment naming a step deep in a closed proof opens every <details> around it."""
    report, path = report_page
    raw = dom(path.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(report.conversations) if c.id == "tutor")
    steps = [a["id"] for t, a in raw.tags if t == "details" and a.get("id", "").startswith(f"c{index}-p")]
    target = steps[-1]  # the last expanded step: deepest in the page's order
    assert "open" not in raw.by_id(target)
    page = dump(tmp_path, f"{path.as_uri()}#{target}")
    assert "open" in page.by_id(target)
    # and so is every <details> that holds it: the conversation, the proof, the branches
    around = page.inside[target]
    assert len(around) >= 3 and all("open" in d for d in around)
    assert not all("open" in d for d in raw.inside[target])


def test_filter_by_url_hides_the_agreeing_conversations(report_page, tmp_path):
    report, path = report_page
    page = dump(tmp_path, f"{path.as_uri()}?disagree=1")
    convs = page.having("article", class_="conv")
    visible = [c["data-id"] for c in convs if "hidden" not in c]
    assert visible == [c.id for c in report.conversations if c.disagreements]
    assert page.shown.strip() == str(len(visible))
    principle = "avoid_sycophancy"
    page = dump(tmp_path, f"{path.as_uri()}?principle={principle}")
    visible = [c for c in page.having("article", class_="conv") if "hidden" not in c]
    assert visible and all(principle in c["data-principles"].split(" ") for c in visible)
    assert len(visible) < len(report.conversations)


def test_the_page_works_with_scripts_off(report_page, tmp_path):
    report, path = report_page
    text = path.read_text(encoding="utf-8")
    assert text.count("<head>") == 1
    off = tmp_path / "no-script.html"
    off.write_text(text.replace("<head>", "<head>" + NO_SCRIPT), encoding="utf-8")
    page = dump(tmp_path, off.as_uri())
    assert "hidden" in page.by_id("filters")  # the script did not run: no filter controls that do nothing
    convs = page.having("article", class_="conv")
    assert len(convs) == len(report.conversations) and not any("hidden" in c for c in convs)
    assert page.shown.strip() == str(len(report.conversations))
    # the proof trees are there, and the open ones open, with no script at all
    assert len(page.having("details", class_="proof")) == sum(
        len(c.instructions) + len(c.candidates) for c in report.conversations)
    assert len(page.having("details", class_="proof", open="")) == sum(c.disagreements for c in report.conversations)
    assert page.having("svg", class_="graph") and page.having("svg", class_="chart")
    # and the page draws with no script
    shot = tmp_path / "no-script.png"
    res = chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", off.as_uri())
    assert res.returncode == 0 and shot.read_bytes()[:4] == b"\x89PNG"


def test_screenshot(report_page, tmp_path):
    _, path = report_page
    shot = tmp_path / "report.png"
    res = chromium(tmp_path, "--window-size=1280,1600", "--hide-scrollbars", f"--screenshot={shot}", path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1600)
    assert len(data) > 50_000  # a page of charts and text, not a blank sheet
