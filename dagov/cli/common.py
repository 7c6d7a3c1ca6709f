"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import sys
from pathlib import Path

import typer

PLANS_HELP = "The plans directory (holding organisation.yaml and one folder per plan)."

USAGE_ERROR = 2


def choices(name: str, values: tuple[str, ...], module: str) -> type[enum.Enum]:
    """A typer choice (a str Enum) whose values are `values`, in order, e.g. the vocabulary's ACTION_STATUSES.

    Built from dagov.plan.vocabulary rather than written out, so an option cannot offer a value the
    format refuses, or miss one it accepts; typer shows and matches the values, never the member names.
    """
    return enum.Enum(name, [(value.replace("-", "_"), value) for value in values], type=str, module=module)  # type: ignore[return-value]


def plans_argument(default: str = "plans"):
    return typer.Argument(default, help=PLANS_HELP, show_default=True)


def fail_usage(message: str) -> "typer.Exit":
    from dagov.textsafe import one_line

    typer.echo(f"dagov: {one_line(message)}", err=True)  # it may quote a file name or id from a file
    return typer.Exit(USAGE_ERROR)


@contextlib.contextmanager
def writing(plans, **options):
    """A WriteTransaction on the plans directory (lock, judge once, all or nothing); a refusal,
    a busy lock or an OS error becomes one line and exit 1."""
    from dagov.edit.transaction import RefusedError, WriteTransaction

    if not options.get("create"):
        require_plans_dir(plans)
    try:
        with WriteTransaction(plans, **options) as txn:
            yield txn
    except RefusedError as err:
        typer.echo(f"dagov: {err}", err=True)
        raise typer.Exit(1) from None


def require_plans_dir(plans: str) -> None:
    path = Path(plans)
    if not path.exists():
        here = " (this folder holds organisation.yaml: use '.')" if Path("organisation.yaml").is_file() else ""
        raise fail_usage(f"plans directory '{plans}' not found; give the path to the folder holding "
                         f"organisation.yaml{here}")
    if not path.is_dir():
        raise fail_usage(f"'{plans}' is a file, not a plans directory; give the folder holding organisation.yaml")
    if (path / "plan.yaml").is_file() and not (path / "organisation.yaml").is_file():
        parent = os.path.dirname(os.path.normpath(plans)) or "."
        raise fail_usage(f"'{plans}' is one plan's folder; give the plans directory above it, which holds "
                         f"organisation.yaml: '{parent}'")


def parse_as_of(value: str | None) -> dt.date:
    """--as-of as a date; today when not given (the only place dagov reads the clock)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail_usage(f"--as-of '{value}' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-12") from None


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def parse_date(value: str, option: str) -> dt.date:
    """A date option given as YYYY-MM-DD, or a usage error naming the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from dagov.edit.safepath import shown  # a date becomes a file name: quote it as the path checks do

        raise fail_usage(f"{option} '{shown(value)}' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-12") from None


def complete_ids(incomplete: str) -> list[str]:
    """Shell completion of recommendation and action ids (imported only when the shell asks)."""
    from dagov.cli.completion import complete_ids as complete

    return complete(incomplete)


@contextlib.contextmanager
def unsafe_values():
    """Inside this block, a value dagov.edit.safepath refuses to make a path of is a usage error (exit 2)."""
    from dagov.edit.safepath import UnsafePath

    try:
        yield
    except UnsafePath as err:
        raise fail_usage(str(err)) from None
