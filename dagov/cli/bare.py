"""The parts of the command line that need no typer, and `dagov check` run without it.

`dagov check` runs at every commit (pre-commit) and in every CI job, mostly as `dagov check`,
`dagov check plans` or `dagov check --format github plans`. Importing typer and building the
command take about 55 ms: a quarter of a check whose files are all in the parse cache, and
a third of one on a small plans directory. `check_without_typer` runs such a check itself
when its arguments and surroundings leave typer nothing to judge, and otherwise answers
None, and the typer app runs the command: every option it does not know here, a usage
error (a missing plans directory...), a terminal, a stream that is not UTF-8, shell
completion. Both ways run `report_check` with the same messages, so they print the same
bytes and exit with the same code (tests/cli/test_check_without_typer.py runs every case
both ways and compares them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dagov.check.run import CheckResult
    from dagov.errors import DagovError

USAGE_ERROR = 2

CHECK_FORMATS = ("text", "json", "github", "codequality")

Echo = Callable[..., None]
"""Writes text to stdout, or stderr with err=True, ending it with a newline unless nl=False: typer.echo's signature."""


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def plans_dir_problem(plans: str) -> str | None:
    """Why `plans` is not a plans directory one can check (a usage error), or None when it is one."""
    path = Path(plans)
    if not path.exists():
        here = " (this folder holds organisation.yaml: use '.')" if Path("organisation.yaml").is_file() else ""
        return (f"plans directory '{plans}' not found; give the path to the folder holding "
                f"organisation.yaml{here}")
    if not path.is_dir():
        return f"'{plans}' is a file, not a plans directory; give the folder holding organisation.yaml"
    if (path / "plan.yaml").is_file() and not (path / "organisation.yaml").is_file():
        parent = os.path.dirname(os.path.normpath(plans)) or "."
        return (f"'{plans}' is one plan's folder; give the plans directory above it, which holds "
                f"organisation.yaml: '{parent}'")
    return None


def error_line(err: DagovError) -> str:
    """What the terminal shows for a library error: `dagov: <message>` (a usage error on one line, as any)."""
    from dagov.textsafe import one_line

    return f"dagov: {one_line(err.message) if err.exit_code == USAGE_ERROR else err.message}"


def report_check(plans: str, format: str, strict: bool, echo: Echo,
                 add_summary: Callable[[str], None] | None = None) -> int:
    """`dagov check` on `plans`, a plans directory: the findings in `format` (one of CHECK_FORMATS)
    printed by `echo`, the job summary given to `add_summary`; the exit code."""
    from dagov.check import run
    from dagov.cli.loading import LoadingIndicator

    with LoadingIndicator(enabled=None if format == "text" else False) as indicator:
        result = run.check(plans, on_files_read=indicator)
    if add_summary is not None:
        add_summary(run.as_summary(result))
    if format == "json":
        echo(run.as_json(result.findings), nl=False)
    elif format == "github":
        echo(run.as_github(result.findings), nl=False)
        echo(run.summary(result), err=True)
    elif format == "codequality":
        echo(run.as_codequality(result.findings), nl=False)
        echo(run.summary(result), err=True)
    elif use_colour():
        _print_rich(result)
    else:
        echo(run.as_text(result.findings) + run.summary(result))
    return 1 if result.failed(strict) else 0


def _print_rich(result: CheckResult) -> None:
    from rich.console import Console
    from rich.text import Text

    from dagov.check.run import summary
    from dagov.textsafe import one_line

    console = Console(highlight=False, soft_wrap=True)
    for f in result.findings:
        line = Text()
        line.append(f"{one_line(f.path)}:{f.line}:{f.col}:", style="bold")
        line.append(f" {f.severity}", style="red" if f.severity == "error" else "yellow")
        line.append(f" [{f.rule}]", style="dim")
        line.append(f" {one_line(f.message)}")
        console.print(line)
    console.print(Text(summary(result), style="bold red" if result.errors else "bold green"))


def check_arguments(args: list[str]) -> tuple[str, str, bool] | None:
    """(plans, format, strict) when `args` are `check` with at most PLANS, --format (-f) and --strict,
    written as typer reads them alike; None for anything else (typer judges it)."""
    if not args or args[0] != "check":
        return None
    plans: str | None = None
    format, strict = "text", False
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--strict":
            strict = True
        elif arg in ("--format", "-f"):
            format = next(rest, "")
            if format not in CHECK_FORMATS:
                return None
        elif arg.startswith("--format="):
            format = arg.removeprefix("--format=")
            if format not in CHECK_FORMATS:
                return None
        elif arg.startswith("-") or not arg or plans is not None:
            return None  # an option typer must judge (--help, --summary, -fjson, --), or a second PLANS
        else:
            plans = arg
    return plans if plans is not None else "plans", format, strict


def _is_utf8(stream: Any) -> bool:
    """UTF-8 by any of its usual names (another name, or another encoding: typer's own stream handling)."""
    encoding = getattr(stream, "encoding", None)
    return isinstance(encoding, str) and encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def _echo(text: str = "", nl: bool = True, err: bool = False) -> None:
    """typer.echo on a UTF-8 stream that is not a terminal: the text, a newline, flushed."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def check_without_typer(args: list[str]) -> int | None:
    """Run `dagov check` without importing typer when typer would do exactly this; its exit code, or
    None when typer must run it (see the module's docstring)."""
    from dagov.errors import DagovError

    parsed = check_arguments(args)
    if parsed is None or any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        return None
    plans, format, strict = parsed
    if not (_is_utf8(sys.stdout) and _is_utf8(sys.stderr)) or sys.stdout.isatty() or sys.stderr.isatty():
        return None  # a terminal gets colour and a progress line; another encoding, typer's own stream handling
    if plans_dir_problem(plans) is not None:
        return None  # typer says what is wrong, as a usage error
    try:
        return report_check(plans, format, strict, _echo)
    except DagovError as err:
        _echo(error_line(err), err=True)
        return err.exit_code
    except KeyboardInterrupt:
        return 130  # as typer: no message
    except BrokenPipeError:  # `dagov check | head -1`: as typer, exit 1 and no complaint at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
