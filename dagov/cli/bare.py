"""The parts of the command line that need no typer, and `dagov check` and `dagov status` run without it.

`dagov check` runs at every commit (pre-commit) and in every CI job, mostly as `dagov check`,
`dagov check plans` or `dagov check --format github plans`; `dagov status` at every board, in
scripts and CI jobs that keep its output. Importing typer and building the command take about
55 ms: a quarter of a check whose files are all in the parse cache, and a third of one on a
small plans directory. `without_typer` runs such a command itself when its arguments and
surroundings leave typer nothing to judge, and otherwise answers None, and the typer app runs
the command: every option it does not know here, a usage error (a missing plans directory, a
date not written YYYY-MM-DD...), a terminal, a stream that is not UTF-8, shell completion.
Both ways run `report_check` or `report_status` with the same messages, so they print the
same bytes and exit with the same code (tests/cli/test_check_without_typer.py and
test_status_without_typer.py run every case both ways and compare them).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from dagov.cli.app import is_utf8
from dagov.plan.classcode import CompiledOnce

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

if TYPE_CHECKING:
    from dagov.check.run import CheckResult
    from dagov.errors import DagovError
    from dagov.plan.model import Tree

USAGE_ERROR = 2

CHECK_FORMATS = ("text", "json", "github", "codequality")
REPORT_FORMATS = ("text", "json", "markdown")

Echo = Callable[..., None]
"""Writes text to stdout, or stderr with err=True, ending it with a newline unless nl=False: typer.echo's signature."""


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def plans_dir_problem(plans: str) -> str | None:
    """Why `plans` is not a plans directory one can check (a usage error), or None when it is one."""
    if not os.path.exists(plans):
        here = " (this folder holds organisation.yaml: use '.')" if os.path.isfile("organisation.yaml") else ""
        return (f"plans directory '{plans}' not found; give the path to the folder holding "
                f"organisation.yaml{here}")
    if not os.path.isdir(plans):
        return f"'{plans}' is a file, not a plans directory; give the folder holding organisation.yaml"
    if os.path.isfile(os.path.join(plans, "plan.yaml")) and not os.path.isfile(os.path.join(plans, "organisation.yaml")):
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


def read_for_report(plans: str, echo: Echo, show_progress: bool = True) -> CheckResult:
    """`dagov check`'s result on `plans`, a plans directory, for a report. Files with errors are
    reported as far as they could be read: a line on stderr says so (and `warn_incomplete` above the
    report), and the command exits 1. `show_progress`: a progress line on a terminal if loading is
    slow (never for JSON)."""
    from dagov.check.run import check
    from dagov.cli.loading import LoadingIndicator
    from dagov.words import plural

    # Every rule of `dagov check`, not only those that can make figures wrong: a report exits 1
    # exactly when check would (a protective-marking or personal-data error included), so a CI
    # job or a user never sees a report pass on files that check fails.
    with LoadingIndicator(enabled=None if show_progress else False) as indicator:
        result = check(plans, on_files_read=indicator)
    if result.errors:
        echo(f"dagov: {plural(result.errors, 'error')} in the plan files: the figures cover only "
             f"what could be read and may be wrong; run 'dagov check {plans}' and fix them (exit code 1)",
             err=True)
    return result


def tree_as_recorded(plans: str, tree: Tree, date: dt.date, recorded: bool, echo: Echo) -> Tree:
    """The tree to report from: as committed at the end of `date` with --recorded (saying so on
    stderr, and saying so when history does not reach it), else `tree`, the current one."""
    if not recorded:
        return tree
    from dagov.history.recorded import recorded_tree

    then, source = recorded_tree(plans, date)
    echo(f"dagov: {source.note}", err=True)
    return then or tree


def warn_incomplete(errors: int, plans: str, format: str, echo: Echo) -> None:
    """A banner above a text or Markdown report built from plan files with errors (JSON readers get exit 1)."""
    if errors and format != "json":
        from dagov.words import plural

        echo(f"WARNING: {plural(errors, 'error')} in the plan files; these figures cover only what could be read. "
             f"Run 'dagov check {plans}'.\n")


def print_sections(sections: list[Any], format: str, echo: Echo) -> None:
    """Report sections (dagov.report.layout) as Markdown, as tables in colour on a terminal, else as plain text."""
    if format != "markdown" and use_colour():
        from dagov.cli.terminal import print_sections as print_in_colour

        print_in_colour(sections)
    else:
        echo(sections_as(sections, format), nl=False)


def sections_as(sections: list[Any], format: str) -> str:
    """Report sections as Markdown (`format` markdown) or as plain text."""
    from dagov.report import layout

    return layout.as_markdown(sections) if format == "markdown" else layout.as_text(sections)


@dataclass(frozen=True)
class StatusRequest:
    """What `dagov status` is asked for: its arguments, read."""

    plans: str = "plans"
    as_of: dt.date | None = None
    """None: today."""
    format: str = "text"
    """One of REPORT_FORMATS."""
    plan: str | None = None
    area: str | None = None
    owner: str | None = None
    recorded: bool = False


def report_status(request: StatusRequest, echo: Echo) -> int:
    """`dagov status` as `request` asks, printed by `echo`; the exit code (1 when the plan files have errors).

    The report printed (JSON, Markdown or plain text) is kept in the parse cache under a hash of every
    file the tree was made of, the date and the options (dagov.check.run.Remembered): asked again of
    unchanged files, it is printed as it was, after every rule has run again. Not kept: a report in
    colour (rich draws it for the terminal), from the plans as recorded in git, or when some file was
    read around the cache."""
    date = request.as_of or dt.date.today()  # the clock, only when --as-of is not given
    result = read_for_report(request.plans, echo, show_progress=request.format != "json")
    tree = tree_as_recorded(request.plans, result.tree, date, request.recorded, echo)

    def figures() -> Any:
        from dagov.plan.lookup import by_title
        from dagov.report.figures import report

        role_id, area_id = by_title(tree, request.owner, request.area)  # "Head of Public Protection", "Victim care"
        return report(tree, date, plan=request.plan, area=area_id, owner=role_id)

    def sections() -> list[Any]:
        from dagov.report.status import status_sections

        return status_sections(tree, figures(), date)

    def work_out() -> str:
        from dagov.report.figures import to_json

        return to_json(date, figures()) if request.format == "json" else sections_as(sections(), request.format)

    if request.format == "text" and use_colour():  # drawn by rich for this terminal: never kept
        in_colour = sections()
        warn_incomplete(result.errors, request.plans, request.format, echo)
        print_sections(in_colour, request.format, echo)
        return 1 if result.errors else 0
    kept = not request.recorded and result.read_digest is not None  # never from git, nor a file read around the cache
    report_text = _remembered_report(request, date, result.read_digest, work_out) if kept else work_out()
    warn_incomplete(result.errors, request.plans, request.format, echo)
    echo(report_text, nl=False)
    return 1 if result.errors else 0


def _remembered_report(request: StatusRequest, date: dt.date, read_digest: bytes | None,
                       work_out: Callable[[], str]) -> str:
    from dagov.check.run import Remembered
    from dagov.plan.cache import default_cache, digest_of

    cache = default_cache()
    if cache is None or read_digest is None or not cache.use_for(request.plans):
        return work_out()
    options = repr(("status", request.format, request.plan, request.area, request.owner)).encode("utf-8", "surrogateescape")
    reports = Remembered(cache, "report", digest_of(options))  # the last date asked, for each set of options
    text = reports(date.isoformat().encode() + b"\0" + read_digest, work_out)
    reports.keep()
    return text


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
    read = _read_options(args[1:], flags={"--strict": "strict"}, values={"--format": "format", "-f": "format"})
    if read is None:
        return None
    plans, options = read
    format = options.get("format", "text")
    if format not in CHECK_FORMATS:
        return None
    return plans, format, "strict" in options


STATUS_VALUES = {"--as-of": "as_of", "--format": "format", "-f": "format", "--plan": "plan", "--area": "area",
                 "--owner": "owner"}


def status_arguments(args: list[str]) -> StatusRequest | None:
    """The StatusRequest when `args` are `status` with at most PLANS, --as-of written YYYY-MM-DD, --format
    (-f), --plan, --area, --owner and --recorded, written as typer reads them alike; None for anything
    else (typer judges it, and says how a date in another form was read)."""
    if not args or args[0] != "status":
        return None
    read = _read_options(args[1:], flags={"--recorded": "recorded"}, values=STATUS_VALUES)
    if read is None:
        return None
    plans, options = read
    if options.get("format", "text") not in REPORT_FORMATS:
        return None
    as_of = None
    if "as_of" in options:
        try:
            as_of = dt.date.fromisoformat(options["as_of"])
        except ValueError:
            return None
        if as_of.isoformat() != options["as_of"]:
            return None  # 20140612, 2014-W24-4: forms typer's --as-of reads its own way
    return StatusRequest(plans=plans, as_of=as_of, format=options.get("format", "text"), plan=options.get("plan"),
                         area=options.get("area"), owner=options.get("owner"), recorded="recorded" in options)


def _read_options(args: list[str], flags: dict[str, str], values: dict[str, str]) -> tuple[str, dict[str, Any]] | None:
    """(PLANS, {name: value, or True for a flag}) of a command's arguments after its name, when each is a
    flag in `flags`, an option in `values` (`--name VALUE` or `--name=VALUE`, a value not empty and not
    starting with '-'; given twice, the last counts, as in typer) or the one PLANS; else None."""
    plans: str | None = None
    options: dict[str, Any] = {}
    rest = iter(args)
    for arg in rest:
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in flags and not equals:
            options[flags[name]] = True
        elif name in values:
            if not equals:
                value = next(rest, "")
            if not value or value.startswith("-"):
                return None  # no value, or one typer reads its own way
            options[values[name]] = value
        elif arg.startswith("-") or not arg or plans is not None:
            return None  # an option typer must judge (--help, --summary, -fjson, --), or a second PLANS
        else:
            plans = arg
    return plans if plans is not None else "plans", options


def _echo(text: str = "", nl: bool = True, err: bool = False) -> None:
    """typer.echo on a UTF-8 stream that is not a terminal: the text, a newline, flushed."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def without_typer(args: list[str]) -> int | None:
    """Run `dagov check` or `dagov status` without importing typer when typer would do exactly this; its
    exit code, or None when typer must run it (see the module's docstring)."""
    from dagov.errors import DagovError

    run: Callable[[], int]
    if args[:1] == ["check"]:
        checking = check_arguments(args)
        if checking is None:
            return None
        plans, format, strict = checking
        run = partial(report_check, plans, format, strict, _echo)
    else:
        request = status_arguments(args)
        if request is None:
            return None
        plans = request.plans
        run = partial(report_status, request, _echo)
    if any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        return None
    if not (is_utf8(sys.stdout) and is_utf8(sys.stderr)) or sys.stdout.isatty() or sys.stderr.isatty():
        return None  # a terminal gets colour and a progress line; another encoding, typer's own stream handling
    if plans_dir_problem(plans) is not None:
        return None  # typer says what is wrong, as a usage error
    try:
        return run()
    except DagovError as err:
        _echo(error_line(err), err=True)
        return err.exit_code
    except KeyboardInterrupt:
        return 130  # as typer: no message
    except BrokenPipeError:  # `dagov check | head -1`: as typer, exit 1 and no complaint at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


_compiling.close()
