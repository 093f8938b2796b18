"""What every command shares: theory options, error reporting and exit codes.

Exit codes: 0 success, 1 a verdict disagreed (audit/test), 2 bad input (and running
out of memory, code out_of_memory), 3 internal error, 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import functools
import json
import os
import sys

import click

from engine.errors import LIMIT_EXCEEDED, OUT_OF_MEMORY, Diagnostic, SpeclogicError
from engine.ground.limits import DEFAULT_MAX_FACTS, DEFAULT_MAX_STEPS, DEFAULT_TIMEOUT, Limits
from engine.solve import Options

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def format_option(*choices: str, default: str = "text"):
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


def solver_options(func):
    """--policy, --no-team-defeat, --well-founded and the grounding limits, turned into an Options object."""

    @click.option("--policy", type=click.Choice(["blocking", "propagating"]), default="blocking",
                  show_default=True, help="Ambiguity blocking, or ambiguity propagation (through support).")
    @click.option("--no-team-defeat", is_flag=True, help="An attacker must be beaten by the very rule that proves.")
    @click.option("--well-founded", is_flag=True, help="Unfounded loops fail (-d/-D) instead of staying undecided.")
    @click.option("--max-facts", type=click.IntRange(min=1), default=DEFAULT_MAX_FACTS, show_default=True,
                  help="Stop with limit_exceeded past this many derived facts and rule instances.")
    @click.option("--max-steps", type=click.IntRange(min=1), default=DEFAULT_MAX_STEPS, show_default=True,
                  help="Stop with limit_exceeded past this many join steps while grounding.")
    @click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
                  help="Stop with limit_exceeded when grounding runs past this many seconds (0: none).")
    @functools.wraps(func)
    def wrapper(*args, policy, no_team_defeat, well_founded, max_facts, max_steps, timeout, **kwargs):
        limits = Limits(max_facts=max_facts, max_steps=max_steps, timeout=timeout)
        options = Options(policy=policy, team_defeat=not no_team_defeat, well_founded=well_founded, limits=limits)
        return func(*args, options=options, **kwargs)

    return wrapper


def report_errors(exc: SpeclogicError, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(exc.to_json(), indent=2, sort_keys=False))
    elif fmt == "jsonl":  # one line, like every other record of that format
        click.echo(json.dumps({"type": "errors", **exc.to_json()}))
    else:
        click.echo(exc.render(), err=True)


def skip_teardown() -> None:
    """End the `speclogic` process now that its output is written. Freeing a 10^5-rule
    theory object by object costs 0.15-0.25 s (6-8% of such a run) and changes nothing
    the user sees. Only the real command does this; a test harness or a program calling
    main() in-process, a profiler or coverage, goes on as usual."""
    if os.path.basename(sys.argv[0]) not in ("speclogic", "__main__.py") or "pytest" in sys.modules \
            or "click.testing" in sys.modules:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None or "cProfile" in sys.modules:
        return  # a profiler or coverage writes its report at exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # let the usual exit path report or ignore it
    os._exit(0)


def guarded(func):
    """Bad input -> rendered diagnostics and exit 2; a bug -> one line and exit 3. Never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        fmt = kwargs.get("fmt", "text")
        try:
            return func(*args, **kwargs)
        except SpeclogicError as exc:
            report_errors(exc, fmt)
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except MemoryError:
            _out_of_memory(fmt)
        except KeyboardInterrupt:  # the SIGINT handler of engine.cli exits first; this is for API callers
            interrupted()
        except RecursionError:
            # terms are walked iteratively; this is the bound for anything still nested
            # past the stack (a coded error, like out_of_memory, not a crash)
            report_errors(SpeclogicError(Diagnostic(LIMIT_EXCEEDED, "input nested too deeply: it needs a "
                                                    "deeper stack than this process has")), fmt)
            sys.exit(EXIT_BAD_INPUT)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            click.echo(f"speclogic: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _out_of_memory(fmt: str) -> None:
    """The unwinding has freed what the run held; if even the report does not fit,
    one line written without allocating much. os._exit: unwinding on through click
    with no memory to spare can spin (seen under `prlimit --as`)."""
    try:
        report_errors(SpeclogicError(Diagnostic(OUT_OF_MEMORY, "out of memory: the input needs more memory "
                                                "than this process may use")), fmt)
        sys.stdout.flush()
    except MemoryError:
        os.write(2, b"speclogic: out of memory\n")
    except Exception:  # noqa: BLE001 - a broken stdout: the exit code still tells
        pass
    os._exit(EXIT_BAD_INPUT)


def interrupted(*_signal) -> None:
    """Ctrl-C: one line, exit 130, at once. os._exit, because a long evaluation may sit
    in code that swallows KeyboardInterrupt, and a progress bar's thread would hold exit."""
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - a closed or broken stdout must not delay the exit
        pass
    if "multiprocessing" in sys.modules:  # audit --jobs: its workers go too, mid-batch
        for child in sys.modules["multiprocessing"].active_children():
            child.kill()
    if os.isatty(2):
        os.write(2, b"\x1b[?25h")  # a progress bar hides the cursor; give it back
    os.write(2, b"speclogic: interrupted\n")
    os._exit(EXIT_INTERRUPTED)


def dump_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
