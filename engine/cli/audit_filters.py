"""`audit --only`, `--conversation` and `--fail-on`: what an audit shows and when it fails.

- `--conversation ID` (repeatable) chooses what is audited: only those conversations
  are solved, so the summary and the exit status are theirs; an id that no file holds
  is bad input (unknown_conversation, exit 2; the others still run).
- `--only disagree|fragile|unjudged` (repeatable) chooses what is shown: the
  conversations with at least one such reply, each in full. The summary, the chapter
  table, JSON's `summary` and the exit status still count every conversation audited,
  so a filtered view never hides a failure. `--only fragile` turns on --sensitivity.
- `--fail-on disagree` (default): exit 1 when a verdict disagrees with its label;
  `unjudged`: also when any reply is left unjudged, labelled or not; `none`: exit 0
  whatever the verdicts (bad input still exits 2).
"""
from __future__ import annotations

import functools

import click

ONLY = ("disagree", "fragile", "unjudged")
FAIL_ON = ("disagree", "unjudged", "none")


def audit_filter_options(func):
    @click.option("--only", "only", type=click.Choice(ONLY), multiple=True,
                  help="Show only conversations with a reply that disagrees, is fragile or is unjudged "
                       "(repeatable); the summary still counts all.")
    @click.option("--conversation", "conversation_ids", multiple=True, metavar="ID",
                  help="Audit only the conversation with this id (repeatable).")
    @click.option("--fail-on", "fail_on", type=click.Choice(FAIL_ON), default="disagree", show_default=True,
                  help="Exit 1 on a disagreement (disagree), also on an unjudged reply (unjudged), or never (none).")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def _matches(cand: dict, kind: str) -> bool:
    if kind == "disagree":
        return cand["agreement"] == "disagree"
    if kind == "unjudged":
        return cand["verdict"] == "unjudged"
    return bool(cand.get("sensitivity", {}).get("fragile"))


def wanted(conv, only) -> bool:
    """Is this conversation shown? Decided per conversation, so a streamed audit can
    print it as soon as it is decided."""
    return not only or any(_matches(c, k) for c in conv.candidates for k in only)


def shown(report, only) -> list:
    """The conversations to print: all, or those with a reply of a kind in `only`."""
    return [conv for conv in report.conversations if wanted(conv, only)]


def failed(report, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    s = report.summary()
    return s["disagree"] > 0 or (fail_on == "unjudged" and s["unjudged"] > 0)
