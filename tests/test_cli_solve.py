"""The solve / query / why / why-not / conflicts commands, end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

FIX = Path(__file__).parent / "fixtures" / "theories"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def as_json(result):
    return json.loads(result.stdout)


def test_solve_json_shape_and_tags():
    res = run("solve", FIX / "tweety.dl", "--format", "json")
    assert res.exit_code == 0
    data = as_json(res)
    by_lit = {c["literal"]: c for c in data["conclusions"]}
    opus = by_lit["~flies(opus)"]
    assert opus == {"literal": "~flies(opus)", "predicate": "flies", "negated": True, "args": ["opus"],
                    "definite": "-D", "defeasible": "+d"}
    assert by_lit["flies(opus)"]["failure"] == "refuted"
    assert all(("failure" in c) == (c["defeasible"] == "-d") for c in data["conclusions"])


def test_solve_numbers_stay_numbers(tmp_path):
    f = tmp_path / "n.dl"
    f.write_text('p(1). p("1"). p(2.5). q(X) :- p(X).\n')
    data = as_json(run("solve", f, "--format", "json"))
    args = [c["args"][0] for c in data["conclusions"] if c["predicate"] == "q"]
    assert sorted(args, key=repr) == sorted([1, "1", 2.5], key=repr)


def test_solve_is_deterministic():
    a = run("solve", FIX / "nixon.dl", FIX / "tweety.dl", "--format", "json").stdout
    b = run("solve", FIX / "nixon.dl", FIX / "tweety.dl", "--format", "json").stdout
    assert a == b


@pytest.mark.parametrize("policy,tag", [("blocking", "+d"), ("propagating", "-d")])
def test_policy_switch(policy, tag):
    data = as_json(run("query", "hawk(X)", FIX / "nixon.dl", "--policy", policy, "--format", "json"))
    assert [c["defeasible"] for c in data["conclusions"]] == [tag]


def test_well_founded_switch():
    plain = as_json(run("query", "a", FIX / "loops.dl", "--format", "json"))["conclusions"][0]
    wf = as_json(run("query", "a", FIX / "loops.dl", "--well-founded", "--format", "json"))["conclusions"][0]
    assert plain["defeasible"] == "undecided" and wf["defeasible"] == "-d"


def test_team_defeat_switch():
    team = as_json(run("query", "mammal(X)", FIX / "team_defeat.dl", "--format", "json"))
    lone = as_json(run("query", "mammal(X)", FIX / "team_defeat.dl", "--no-team-defeat", "--format", "json"))
    assert team["conclusions"][0]["defeasible"] == "+d"
    assert lone["conclusions"][0]["defeasible"] == "-d"


def test_query_text_lists_matches():
    res = run("query", "flies(X)", FIX / "tweety.dl")
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 2 and "flies(opus)" in lines[0] and "flies(tweety)" in lines[1]


def test_query_unknown_ground_literal_is_refuted():
    data = as_json(run("query", "swims(tweety)", FIX / "tweety.dl", "--format", "json"))
    assert data["conclusions"][0]["defeasible"] == "-d"


def test_why_names_superiority_and_its_premises():
    data = as_json(run("why", "does(hints_only)", FIX / "conditional_superiority.dl", "--format", "json"))
    tree = data["explanations"][0]
    assert tree["defeasible"] == "+d" and tree["rule"]["label"] == "obey(dev)"
    (attack,) = tree["attackers"]
    assert attack["rule"]["label"] == "block(usr)"
    assert attack["outcome"] == "beaten" and attack["by"]["label"] == "obey(dev)"
    sup = attack["superiority"]
    assert (sup["superior"], sup["inferior"]) == ("obey(dev)", "block(usr)")
    assert set(sup["premises"]) == {"role(dev, developer)", "role(usr, user)", "outranks(developer, user)"}
    assert {p["literal"] for p in attack["superiority_premises"]} == set(sup["premises"])


def test_why_not_reports_each_supporter():
    data = as_json(run("why-not", "flies(tweety)", FIX / "defeaters.dl", "--format", "json"))
    tree = data["explanations"][0]
    assert tree["defeasible"] == "-d" and tree["failure"] == "refuted"
    (sup,) = tree["supporters"]
    assert sup["outcome"] == "blocked_by_defeater" and sup["by"]["label"] == "d1"


def test_why_not_ambiguous_names_the_rival():
    data = as_json(run("why-not", "q", FIX / "refuted_vs_ambiguous.dl", "--format", "json"))
    tree = data["explanations"][0]
    (sup,) = tree["supporters"]
    assert sup["outcome"] == "missing_premise" and sup["failure"] == "ambiguous"
    premise = sup["premise"]
    assert premise["literal"] == "p" and premise["failure"] == "ambiguous"
    assert premise["supporters"][0]["outcome"] == "blocked"
    assert premise["supporters"][0]["by"]["label"] == "r2"


def test_why_text_tree():
    res = run("why", "~flies(opus)", FIX / "tweety.dl")
    assert res.exit_code == 0
    assert "beaten by r2" in res.stdout and "because r2 > r1" in res.stdout


def test_why_mermaid():
    res = run("why", "~flies(opus)", FIX / "tweety.dl", "--format", "mermaid")
    assert res.stdout.startswith("graph TD") and "beats" in res.stdout


def test_conflicts_lists_resolution():
    data = as_json(run("conflicts", FIX / "tweety.dl", FIX / "nixon.dl", "--format", "json"))
    res = {(c["first"]["label"], c["second"]["label"]): c for c in data["conflicts"]}
    tweety = [c for c in data["conflicts"] if c["literal"].endswith("(opus)")][0]
    assert tweety["winner"] == "r2" and tweety["superiority"]["clause"] == "r2 > r1."
    nixon = [c for c in data["conflicts"] if "pacifist" in c["literal"]][0]
    assert nixon["resolution"] == "unresolved" and "winner" not in nixon
    assert res  # pairs are keyed by both labels


def test_conflicts_mermaid():
    res = run("conflicts", FIX / "tweety.dl", "--format", "mermaid")
    assert "overrides" in res.stdout


def test_bad_rule_file_exit_2_with_caret(tmp_path):
    f = tmp_path / "bad.dl"
    f.write_text("ok.\np(X :- q.\n")
    res = run("solve", f)
    assert res.exit_code == 2
    assert f"{f}:2:5: syntax_error:" in res.stderr
    assert "p(X :- q." in res.stderr and "^" in res.stderr
    assert "Traceback" not in res.output


def test_bad_input_json_errors(tmp_path):
    f = tmp_path / "bad.dl"
    f.write_text("p(.\n")
    res = run("solve", f, "--format", "json")
    assert res.exit_code == 2
    err = as_json(res)["errors"][0]
    assert err["code"] == "syntax_error" and err["line"] == 1 and err["column"] == 3


def test_missing_file_exit_2():
    res = run("solve", "/nonexistent/x.dl")
    assert res.exit_code == 2 and "file_not_found" in res.stderr


def test_bad_query_exit_2():
    res = run("query", "flies(", FIX / "tweety.dl")
    assert res.exit_code == 2 and "bad_query" in res.stderr


def test_hostile_rule_file_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    f = tmp_path / "hostile.dl"
    f.write_text(
        f'% {payload}\n'
        f'says(x, "{payload}").\n'
        f'says(y, "{{0.__class__.__mro__}}").\n'
        f'os(system). eval(exec). system("touch {marker}").\n'
        f'r1: quoted(S) := says(_, S).\n'
        f'r2: v(N) := says(N, _), os(system).\n'
    )
    res = run("solve", f, "--format", "json")
    assert res.exit_code == 0, res.output
    assert not marker.exists()
    quoted = {c["args"][0] for c in as_json(res)["conclusions"] if c["predicate"] == "quoted"}
    assert quoted == {payload, "{0.__class__.__mro__}"}


EXAMPLES = Path(__file__).parent.parent / "examples"


def test_why_over_a_transcript_quotes_messages_and_names_the_precedence():
    res = run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md", "--format", "json")
    assert res.exit_code == 0, res.output
    tree = as_json(res)["explanations"][0]
    assert tree["defeasible"] == "+d"
    assert tree["message"]["id"] == "tutor.m1" and tree["message"]["role"] == "user" and tree["message"]["text"]
    (attack,) = tree["attackers"]
    assert attack["rule"]["label"] == 'obey("tutor.m1")' and attack["outcome"] == "beaten"
    assert attack["by"]["label"] == 'override("tutor.m0", "tutor.m1")'
    assert "level_above(developer, user)" in attack["superiority"]["premises"]


def test_why_not_over_a_transcript_says_which_rule_defeated_the_instruction():
    res = run("why-not", 'follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md", "--format", "json")
    tree = as_json(res)["explanations"][0]
    assert tree["defeasible"] == "-d" and tree["failure"] == "refuted"
    (sup,) = tree["supporters"]
    assert sup["outcome"] == "defeated" and sup["by"]["label"] == 'override("tutor.m0", "tutor.m1")'
    assert sup["superiority"]["inferior"] == 'obey("tutor.m1")'


def test_profile_changes_the_stated_precedence():
    texts = {}
    for profile in ("2024", "2025"):
        res = run("why", '~heeded("shoplifting.m0", shoplifting_tips)', "--modelspec", "--profile", profile,
                  EXAMPLES / "comply_with_laws.md", "--format", "json")
        attack = as_json(res)["explanations"][0]["attackers"][0]
        texts[profile] = attack["superiority"]["premises"]
    assert texts["2024"] != texts["2025"]


def test_why_depth_limits_the_tree():
    full = run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md", "--full").stdout
    short = run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md", "--depth", "1").stdout
    assert len(short.splitlines()) < len(full.splitlines()) and "(...)" in short
    assert "(...)" not in full and "+d rank(user, 30)  -- fact" in full


@pytest.mark.parametrize("command,literal", [("why", '~follow("tutor.m1")'), ("why-not", 'follow("tutor.m1")')])
def test_why_default_is_short_and_prints_each_line_once(command, literal):
    """The default names the deciding rule, the clause that beat its attacker and the
    messages; a literal or message met again is left out rather than pointed back to."""
    short = run(command, literal, "--modelspec", EXAMPLES / "chain_of_command.md").stdout
    full = run(command, literal, "--modelspec", EXAMPLES / "chain_of_command.md", "--full").stdout
    lines = short.splitlines()
    assert len(lines) <= 20 < len(full.splitlines())
    assert "override(M, N) > obey(N)" in short and "message tutor.m1 (user):" in short
    assert "message tutor.m0 (developer):" in short  # the overriding message is quoted too
    assert "(quoted above)" not in short and "(shown above)" not in short
    body = [ln.lstrip("|` -") for ln in lines if not ln.lstrip("| ").startswith(">")]
    assert len(body) == len(set(body))
    assert lines[-1].startswith("(") and "--full" in lines[-1]
    # the short form is what --depth 1 builds; only the printing differs
    one = run(command, literal, "--modelspec", EXAMPLES / "chain_of_command.md", "--depth", "1").stdout
    assert set(lines[:-1]) <= set(one.splitlines()) and "(quoted above)" in one


def test_why_short_form_names_the_contest_below_a_verdict():
    """A verdict is decided one level up by the generic breach > presume; the short form
    also names where it was contested (the developer's instruction overriding the user's),
    once, and only in the short form."""
    short = run("why", '~compliant("tutor.c1.r2")', "--modelspec", EXAMPLES / "chain_of_command.md").stdout
    decided = [ln for ln in short.splitlines() if ln.startswith("decided: ")]
    assert decided and decided[0].startswith('decided: override("tutor.m0", "tutor.m1") beat obey("tutor.m1"): '
                                             "developer outranks user  [")
    assert len(decided) == len(set(decided))
    full = run("why", '~compliant("tutor.c1.r2")', "--modelspec", EXAMPLES / "chain_of_command.md", "--full").stdout
    assert "decided: " not in full and 'because override("tutor.m0", "tutor.m1") > obey("tutor.m1")' in full
    # a decision the one level already shows is not repeated
    follow = run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md").stdout
    assert "decided: " not in follow


def test_why_json_default_is_the_whole_tree():
    default = as_json(run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md",
                          "--format", "json"))
    full = as_json(run("why", '~follow("tutor.m1")', "--modelspec", EXAMPLES / "chain_of_command.md",
                       "--format", "json", "--full"))
    assert default == full and '"truncated"' not in json.dumps(default)


def test_bad_transcript_among_files_exit_2(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<user>unclosed\n")
    res = run("solve", FIX / "tweety.dl", bad)
    assert res.exit_code == 2 and "transcript_" in res.stderr


def test_propagation_shows_a_supported_attacker_as_unbeaten(tmp_path):
    """Under ambiguity propagation an attacker with an ambiguous premise still attacks."""
    f = tmp_path / "ap.dl"
    f.write_text("r: q := true.\ns: ~q := a.\nra: a := true.\nrna: ~a := true.\n")
    tree = as_json(run("why-not", "q", f, "--policy", "propagating", "--format", "json"))["explanations"][0]
    assert tree["failure"] == "ambiguous"
    assert [(a["rule"]["label"], a["outcome"]) for a in tree["attackers"]] == [("s", "unbeaten")]
    assert tree["supporters"][0]["outcome"] == "blocked" and tree["supporters"][0]["by"]["label"] == "s"


def test_why_not_names_rules_whose_premises_never_hold(tmp_path):
    f = tmp_path / "ni.dl"
    f.write_text("p(a).\nr: q(X) := p(X), z(X).\nz(b).\n")
    tree = as_json(run("why-not", "q(a)", f, "--format", "json"))["explanations"][0]
    assert tree["reason"] == "no_instance"
    (rule,) = tree["unmatched_rules"]
    assert rule["label"] == "r" and rule["missing_premise"] == "z(a) is -d"
    other = as_json(run("why-not", "w(a)", f, "--format", "json"))["explanations"][0]
    assert other["reason"] == "no_rule" and "unmatched_rules" not in other
