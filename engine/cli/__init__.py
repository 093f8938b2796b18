"""The `speclogic` command line.

Each subcommand lives in its own module and is imported only when used, so one
command's dependencies never slow down or break another.
"""
from __future__ import annotations

import gc
import importlib
import signal
import sys

import click

# command name -> "module:attribute"
COMMANDS = {
    "check": "engine.cli.check_cmd:check",
    "solve": "engine.cli.solve_cmd:solve",
    "query": "engine.cli.solve_cmd:query",
    "fmt": "engine.cli.fmt_cmd:fmt",
    "facts": "engine.transcripts.cli:facts",
    "why": "engine.cli.explain_cmd:why",
    "why-not": "engine.cli.explain_cmd:why_not",
    "conflicts": "engine.cli.explain_cmd:conflicts",
    "audit": "engine.cli.audit_cmd:audit",
    "test": "engine.cli.test_cmd:test",
    "vocab": "engine.cli.vocab_cmd:vocab",
    "what-if": "engine.cli.whatif_cmd:what_if_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx, name):
        return self._load(name)

    @staticmethod
    def _load(name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("engine"):
                return None  # that command is not built yet
            raise
        return getattr(module, attr, None)


def _rules_path(ctx, _param, value):
    """Eager, like --version: `speclogic --rules-path` needs no subcommand."""
    if not value or ctx.resilient_parsing:
        return
    from engine.resources import rules_dir

    click.echo(rules_dir())
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="speclogic")
@click.option("--rules-path", is_flag=True, expose_value=False, is_eager=True, callback=_rules_path,
              help="Print the directory of the shipped rulebase and exit.")
def main():
    """speclogic: an assistant's behaviour spec as defeasible logic."""
    # A run builds millions of small acyclic objects (AST, ground rules, counters) and
    # then exits; the cyclic collector would rescan them all, over and over, for nothing.
    gc.disable()
    # Proof trees, nested arithmetic and their JSON recurse once per level; users ask
    # for --depth up to 1000 (each level is a few frames), so lift Python's 1000.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 12000))
    # Ctrl-C stops every command within a moment, exit 130, no traceback
    if _real_stdout():
        from engine.cli.common import interrupted
        signal.signal(signal.SIGINT, interrupted)
    # `speclogic solve big.dl | head` should stop quietly, as Unix tools do
    if hasattr(signal, "SIGPIPE") and _real_stdout():
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _real_stdout() -> bool:
    """Only a process writing to a real file descriptor takes SIGPIPE's default
    (not a test harness capturing output in memory)."""
    try:
        sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True
