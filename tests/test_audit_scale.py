"""Audits at scale: streamed output, JSONL corpora read a record at a time, `--jobs N`
giving the same bytes as one process, and Ctrl-C stopping workers and all.
(Speed and memory are measured in bench/audit_scaling.py and bench/audit_jobs.py.)"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DERIVED = ROOT.parent / "shared" / "model_spec" / "derived" / "examples_2025-12-18.jsonl"
SPECLOGIC = shutil.which("speclogic", path=str(Path(sys.executable).parent)) or shutil.which("speclogic")
needs_script = pytest.mark.skipif(SPECLOGIC is None or os.name != "posix", reason="needs the speclogic script, POSIX")

sys.path.insert(0, str(ROOT / "bench"))
from corpus import record, write_corpus  # noqa: E402


def speclogic(*args, **kwargs):
    return subprocess.run([SPECLOGIC, *map(str, args)], capture_output=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory):
    """The shipped examples, a bad file and a JSONL file with one bad record among good ones."""
    tmp = tmp_path_factory.mktemp("mixed")
    (tmp / "broken.md").write_text("**Example**: x\n\n```xml\n<user>unclosed\n```\n")
    write_corpus(5, tmp / "five.jsonl")
    lines = (tmp / "five.jsonl").read_text().splitlines()
    lines[2] = "{not json"
    (tmp / "five.jsonl").write_text("\n".join(lines) + "\n")
    return [EXAMPLES, tmp]


@needs_script
@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "mermaid"])
def test_jobs_give_the_same_bytes(mixed_inputs, fmt):
    one = speclogic("audit", *mixed_inputs, "--format", fmt)
    two = speclogic("audit", *mixed_inputs, "--format", fmt, "--jobs", "2")
    assert one.returncode == two.returncode == 2  # the bad file and the bad record
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert len(one.stdout) > 10_000


def test_a_bad_jsonl_record_is_its_own_error(mixed_inputs):
    from engine.modelspec import audit_paths, load_rulebase

    report = audit_paths([mixed_inputs[1] / "five.jsonl"], load_rulebase())
    assert len(report.conversations) == 4  # the four good records are audited
    [err] = report.errors
    assert err.code == "transcript_bad_json" and err.span.line == 3
    assert "{not json" in err.render()  # the caret points into the record's own line


def test_streamed_reading_equals_whole_file_reading(tmp_path):
    """Same conversations, ids and facts as load_paths_report, with CRLF, a BOM, blank lines,
    ids repeated across files, and the Model Spec's own derived JSONL when present."""
    from engine.modelspec.files import transcript_files
    from engine.transcripts.facts import conversation_facts
    from engine.transcripts.loader import load_paths_report
    from engine.transcripts.stream import iter_paths

    write_corpus(7, tmp_path / "a.jsonl")
    text = (tmp_path / "a.jsonl").read_text()
    (tmp_path / "b.jsonl").write_bytes(("\ufeff" + text.replace("\n", "\r\n\r\n")).encode())
    single = json.loads(text.splitlines()[0])
    for key in ("id", "section_id"):  # no id of its own: named after its file
        single.pop(key, None)
    (tmp_path / "one.jsonl").write_text(json.dumps(single) + "\n")
    paths = [tmp_path] + ([DERIVED] if DERIVED.exists() else [])
    files, _ = transcript_files(paths)
    whole, errors = load_paths_report(files)
    streamed = list(iter_paths(files))
    assert not errors and all(not isinstance(c, Exception) for c in streamed)
    assert [c.id for c in streamed] == [c.id for c in whole]
    assert "one" in [c.id for c in streamed]  # a file with one unnamed conversation is named after the file
    assert len({c.id for c in streamed}) == len(streamed)
    for a, b in zip(whole, streamed):
        assert conversation_facts(a) == conversation_facts(b)


def test_corpus_records_read_back_as_the_examples():
    """bench/corpus.py's JSONL records give the examples' facts (the bench audits real annotations)."""
    from engine.modelspec.files import transcript_files
    from engine.transcripts.facts import conversation_facts, fact_key
    from engine.transcripts.jsonfmt import parse_jsonl
    from engine.transcripts.loader import load_paths_report

    files, _ = transcript_files([EXAMPLES])
    convs, _ = load_paths_report(files)
    text = "\n".join(json.dumps(record(c)) for c in convs)
    back = parse_jsonl(text, "corpus.jsonl")
    for a, b in zip(convs, back):
        b.id = a.id
        from engine.transcripts.model import assign_ids

        assign_ids(b, a.id)
        keep = lambda conv: sorted(k for k in map(fact_key, conversation_facts(conv))  # noqa: E731
                                   if k[0] != "conversation_source")
        assert keep(a) == keep(b), a.id


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_corpus(3000, path)
    return path


@needs_script
def test_results_are_written_as_they_are_decided(corpus):
    proc = subprocess.Popen([SPECLOGIC, "audit", str(corpus), "--format", "jsonl"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        first = json.loads(proc.stdout.readline())
        assert first["type"] == "conversation"
        assert proc.poll() is None  # the first batch is out while the corpus is still being audited
    finally:
        proc.kill()
        proc.wait()


@needs_script
def test_sigint_stops_jobs_at_once(corpus):
    """Ctrl-C goes to the whole foreground process group, workers included: the audit exits
    130 with one line, no worker prints a traceback, and no worker outlives it."""
    proc = subprocess.Popen([SPECLOGIC, "audit", str(corpus), "--jobs", "2", "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(4.0)  # workers started and solving
    if proc.poll() is not None:
        pytest.skip("the audit ended before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)  # a generous bound: it takes well under a second
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("speclogic did not stop on SIGINT")
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"interrupted" in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # someone of the audit's group still alive?
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("a worker outlived the interrupted audit")
