"""The formats side by side: the same conversation written as an example, in markdown,
as JSON and as JSONL gives the same facts; annotation syntax; id rules."""
from __future__ import annotations

import json

import pytest

from engine.errors import SpeclogicError
from engine.transcripts import conversation_facts, fact_key, load_paths_report, load_text

EXAMPLE = """\
<!-- @facts: user_age(15) -->
<developer facts="asks(hints_only); about(math)">
Give hints only.
</developer>
<user> <!-- @facts: asks(full_solution), ~about(cooking) -->
Solve x + 1 = 2.
</user>
<comparison>
<assistant> <!-- GOOD -->
<!-- @facts: does(gives_hint) -->
What is 2 - 1?
</assistant>
<assistant> <!-- BAD[#chain_of_command]: gives it away -->
x = 1.
</assistant>
</comparison>
"""

AS_JSON = {
    "annotations": ["user_age(15)"],
    "messages": [
        {"role": "developer", "content": "Give hints only.", "annotations": "asks(hints_only); about(math)"},
        {"role": "user", "content": "Solve x + 1 = 2.", "annotations": ["asks(full_solution)", "~about(cooking)"]},
        {"role": "comparison", "candidates": [
            {"role": "assistant", "content": "What is 2 - 1?", "label": "GOOD", "annotations": ["does(gives_hint)"]},
            {"role": "assistant", "content": "x = 1.", "label": "BAD", "note": "gives it away",
             "cites": ["#chain_of_command"]},
        ]},
    ],
}


def _keys(convs):
    return [fact_key(f) for c in convs for f in conversation_facts(c) if f.head.pred != "conversation_source"]


def test_example_markdown_json_and_jsonl_agree():
    from_example = load_text(EXAMPLE, "tutor.xml")
    from_markdown = load_text(f"# T\n\n**Example**:\n\n~~~xml\n{EXAMPLE}~~~\n", "tutor.md")
    from_json = load_text(json.dumps(AS_JSON), "tutor.json")
    from_jsonl = load_text(json.dumps(AS_JSON) + "\n", "tutor.jsonl")
    assert _keys(from_example) == _keys(from_markdown) == _keys(from_json) == _keys(from_jsonl)
    facts = set(_keys(from_example))
    assert ("asks", False, ("tutor.m0", "hints_only")) in facts
    assert ("about", True, ("tutor.m1", "cooking")) in facts
    assert ("user_age", False, ("tutor", 15)) in facts
    assert ("does", False, ("tutor.c1.r1", "gives_hint")) in facts
    assert ("candidate", False, ("tutor.c1.r2", "tutor", 2, "bad")) in facts
    assert ("candidate_after", False, ("tutor.c1.r2", "tutor.m1")) in facts
    assert ("cites", False, ("tutor.c1.r2", "chain_of_command")) in facts


@pytest.mark.parametrize("doc", [
    [{"role": "user", "content": "hi"}],
    {"messages": [{"role": "user", "content": "hi"}]},
    {"turns": [{"role": "user", "content": "hi"}]},
    {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "image_url"}]}]},
    {"messages": [{"role": "human", "content": "hi"}]},
])
def test_json_shapes(doc):
    (conv,) = load_text(json.dumps(doc), "one.json")
    assert [(m.role, m.text) for m in conv.messages] == [("user", "hi")]
    assert conv.id == "one"


def test_json_list_of_conversations_and_explicit_ids():
    doc = {"conversations": [{"id": "a", "messages": [{"role": "user", "content": "x"}]},
                             {"messages": [{"role": "user", "content": "y"}]}]}
    convs = load_text(json.dumps(doc), "many.json")
    assert [c.id for c in convs] == ["a", "many.2"]  # n is the position in the file


def test_json_extra_fields_become_attributes():
    doc = [{"role": "tool", "name": "search", "tool_call_id": "c7", "content": "result"},
           {"role": "assistant", "content": None, "tool_calls": [{"id": "c8"}], "end_turn": False}]
    (conv,) = load_text(json.dumps(doc), "t.json")
    facts = set(_keys([conv]))
    assert ("tool_name", False, ("t.m0", "search")) in facts
    assert ("attr", False, ("t.m0", "tool_call_id", "c7")) in facts
    assert ("attr", False, ("t.m1", "tool_calls", '[{"id": "c8"}]')) in facts
    assert ("attr", False, ("t.m1", "end_turn", "false")) in facts


def test_settings_only_from_system_messages():
    settings = "<settings>\nunder_18: true\nlimit: 3\nratio: 0.5\nname: \"kid mode\"\n</settings>"
    doc = [{"role": "system", "content": settings}, {"role": "user", "content": settings.replace("true", "false")}]
    (conv,) = load_text(json.dumps(doc), "s.json")
    got = [k for k in _keys([conv]) if k[0] == "setting"]
    assert got == [("setting", False, ("s", "under_18", "true")), ("setting", False, ("s", "limit", 3)),
                   ("setting", False, ("s", "ratio", 0.5)), ("setting", False, ("s", "name", "kid mode"))]


def test_untrusted_spans_and_elisions():
    text = "<user>\nSummarize <untrusted>one</untrusted> and <untrusted>\ntwo\n</untrusted> [... more]\n</user>\n[...]\n"
    (conv,) = load_text(text, "u.xml")
    facts = _keys([conv])
    assert ("untrusted", False, ("u.m0", 0, "one")) in facts
    assert ("untrusted", False, ("u.m0", 1, "two")) in facts
    assert ("elided", False, ("u.m0",)) in facts
    assert ("elision", False, ("u", 1)) in facts
    assert conv.role_sequence() == ["user", "_elision"]


def test_several_conversations_in_one_example_file():
    text = ('<conversation id="first" title="a [link](#be_kind)" section="be_kind" authority="user">\n'
            "<user>\nhi\n</user>\n</conversation>\n<conversation>\n<user>\nho\n</user>\n</conversation>\n")
    convs = load_text(text, "pair.xml")
    assert [c.id for c in convs] == ["first", "pair.2"]
    facts = set(_keys(convs))
    assert ("conversation_cites", False, ("first", "be_kind")) in facts
    assert ("section_authority", False, ("first", "user")) in facts


def test_same_ids_from_two_files_are_told_apart(tmp_path):
    for d in ("v1", "v2"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "chat.xml").write_text("<user>\nhi\n</user>\n")
    convs, errors = load_paths_report([tmp_path / "v1" / "chat.xml", tmp_path / "v2" / "chat.xml"])
    assert errors == []
    assert [c.id for c in convs] == ["chat", "v2/chat"]
    assert convs[1].messages[0].id == "v2/chat.m0"


def test_a_bad_file_does_not_lose_the_others(tmp_path):
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text("<user>\nhi\n</user>\n")
    bad.write_text("<user>\nhi\n")
    convs, errors = load_paths_report([bad, tmp_path / "missing.xml", good])
    assert [c.id for c in convs] == ["good"]
    assert [e.code for e in errors] == ["transcript_unclosed_tag", "file_not_found"]


@pytest.mark.parametrize("annotation,expected", [
    ("asks(hints_only)", [("asks", False, ("E", "hints_only"))]),
    ("urgent", [("urgent", False, ("E",))]),
    ("~does(refuses)", [("does", True, ("E", "refuses"))]),
    ('about("illegal activity"), age(-3, 2.5)', [("about", False, ("E", "illegal activity")),
                                                 ("age", False, ("E", -3, 2.5))]),
    ('quote("a \\"b\\" \\\\ c\\n")', [("quote", False, ("E", 'a "b" \\ c\n'))]),
    ("a; b, c;", [("a", False, ("E",)), ("b", False, ("E",)), ("c", False, ("E",))]),
    ("s(\"1\", 1)", [("s", False, ("E", "1", 1))]),
])
def test_annotation_terms(annotation, expected):
    (conv,) = load_text(f"<user> <!-- @facts: {annotation} -->\nhi\n</user>\n", "E.xml")
    got = [k for k in _keys([conv]) if k[0] not in ("conversation", "message", "content")]
    assert got == [(p, n, ("E.m0",) + args[1:]) for p, n, args in expected]


@pytest.mark.parametrize("annotation,column", [
    ("asks(X)", 26), ("asks(_)", 26), ("asks(f(x))", 27), ("content(x)", 21), ("asks(", 26),
    ('asks("\\q")', 27), ("asks x", 26), ("true", 21), ("big(1e999)", 25),
])
def test_bad_annotations_are_coded_with_position(annotation, column):
    with pytest.raises(SpeclogicError) as info:
        load_text(f"<user> <!-- @facts: {annotation} -->\nhi\n</user>\n", "bad.xml")
    assert info.value.code == "transcript_bad_annotation"
    assert (info.value.span.line, info.value.span.column) == (1, column)


def test_a_setting_too_big_for_a_float_stays_text():
    (conv,) = load_text("<system>\n<settings>\nlimit: 1e999\nsmall: 1e-3\n</settings>\n</system>\n", "big.xml")
    assert conv.settings == [("limit", "1e999"), ("small", 0.001)]
