"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os

import typer

from dagov.cli.bare import USAGE_ERROR, error_line, plans_dir_problem, use_colour  # noqa: F401 (use_colour: for every command)
from dagov.cli.summaries import HELP_OPTIONS  # noqa: F401 (here for every command group)
from dagov.errors import DagovError

PLANS_HELP = "The plans directory (holding organisation.yaml and one folder per plan)."



def choices(name: str, values: tuple[str, ...], module: str) -> type[enum.Enum]:
    """A typer choice (a str Enum) whose values are `values`, in order, e.g. the vocabulary's ACTION_STATUSES.

    Built from dagov.plan.vocabulary rather than written out, so an option cannot offer a value the
    format refuses, or miss one it accepts; typer shows and matches the values, never the member names.
    """
    return enum.Enum(name, [(value.replace("-", "_"), value) for value in values], type=str, module=module)  # type: ignore[return-value]


def plans_argument(default: str = "plans"):
    return typer.Argument(default, metavar="PLANS", help=PLANS_HELP, show_default=True)


def fail_usage(message: str) -> typer.Exit:
    from dagov.textsafe import one_line

    typer.echo(f"dagov: {one_line(message)}", err=True)  # it may quote a file name or id from a file
    return typer.Exit(USAGE_ERROR)


def reporting_errors(command):
    """`command`, with any DagovError the library raises shown as `dagov: <message>` and its exit
    code: the one place library errors meet the terminal (dagov.cli.app wraps every command in it)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DagovError as err:
            raise exit_for(err) from None

    return run


def exit_for(err: DagovError) -> typer.Exit:
    """Say `err` on stderr; the typer.Exit of its exit code. A usage error is one line, as any."""
    typer.echo(error_line(err), err=True)
    return typer.Exit(err.exit_code)


@contextlib.contextmanager
def writing(plans, **options):
    """A WriteTransaction on the plans directory (lock, judge once, all or nothing); a refusal,
    a busy lock or an OS error is a RefusedError, which ends the command with exit 1."""
    from dagov.edit.transaction import WriteTransaction

    if not options.get("create"):
        require_plans_dir(plans)
    with WriteTransaction(plans, **options) as txn:
        yield txn


def require_plans_dir(plans: str) -> None:
    problem = plans_dir_problem(plans)
    if problem is not None:
        raise fail_usage(problem)


def parse_as_of(value: str | None) -> dt.date:
    """--as-of as a date; today when not given (the only place dagov reads the clock)."""
    if value is None:
        return dt.date.today()
    return parse_date(value, "--as-of")


def parse_date(value: str, option: str) -> dt.date:
    """A date option in any form a plan file's dates are explained in (2014-06-12, 12/06/2014,
    12 June 2014), or a usage error naming the option; a form other than YYYY-MM-DD is echoed
    on stderr as the date it was read as, so a day read before the month is never a surprise."""
    from dagov.plan.dates import read_date

    reading = read_date(value)
    if reading.date is None:
        from dagov.edit.safepath import shown  # a date becomes a file name: quote it as the path checks do

        raise fail_usage(f"{option} '{shown(value)}' is {reading.problem}; write it as YYYY-MM-DD, e.g. 2014-06-12")
    if value != reading.date.isoformat():
        given = value if value.split() == [value] else f"'{value}'"
        how = " (day/month/year)" if reading.day_first else ""
        typer.echo(f"dagov: {option} {given} read as {reading.date.isoformat()}{how}", err=True)
    return reading.date


# Shell completion, for `autocompletion=` of typer: each imports dagov.cli.completion only when the shell
# asks, and reads the plans directory the command line names (a word typed before the TAB that is a
# folder holding organisation.yaml, as PLANS may come anywhere), else ./plans.

COMPLETION_WORDS = ("COMP_WORDS", "_TYPER_COMPLETE_ARGS")
"""Where typer's completion scripts put the words typed: bash's; zsh's, fish's and PowerShell's."""


def _plans_of(ctx) -> str | None:
    for variable in COMPLETION_WORDS:
        for word in os.environ.get(variable, "").split()[1:]:
            if not word.startswith("-") and os.path.isfile(os.path.join(word, "organisation.yaml")):
                return word
    plans = getattr(ctx, "params", {}).get("plans")
    return plans if isinstance(plans, str) else None


def complete_ids(ctx, incomplete: str) -> list[str]:
    """Recommendation and action ids (PLAN/ID after a slash)."""
    from dagov.cli import completion

    return completion.ids_completing(incomplete, _plans_of(ctx) or completion.DEFAULT_PLANS)


def _completer(kind: str):
    def complete(ctx, incomplete: str) -> list[str]:
        from dagov.cli import completion

        return completion.complete(kind, incomplete, _plans_of(ctx))

    complete.__name__ = complete.__qualname__ = f"complete_{kind}"
    complete.__doc__ = f"Shell completion of {kind.replace('_', ' ')}."
    return complete


complete_recommendations = _completer("recommendations")
complete_actions = _completer("actions")
complete_plans = _completer("plans")
complete_meetings = _completer("meetings")
complete_boards = _completer("boards")
complete_roles = _completer("roles")
complete_areas = _completer("areas")
complete_paper_files = _completer("papers")
complete_measures = _completer("measures")


def diff(edit) -> str:
    """The unified diff every writer's --dry-run prints for one edit (a new file diffs from /dev/null)."""
    import difflib

    before = edit.before.decode("utf-8-sig").splitlines(keepends=True)
    after = edit.after.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, edit.path if before else "/dev/null", edit.path))
