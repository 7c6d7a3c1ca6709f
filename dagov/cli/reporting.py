"""Options and printing shared by the report commands (status, owners, show)."""

from __future__ import annotations

import enum

import typer

from dagov.cli import bare
from dagov.cli.common import require_plans_dir


class ReportFormat(str, enum.Enum):
    """The report formats (dagov.cli.bare.REPORT_FORMATS, held equal by a test)."""

    text = "text"
    json = "json"
    markdown = "markdown"


FORMAT_HELP = ("text: tables (colour on a terminal, plain when piped or NO_COLOR is set); "
               "json: one document, shape in docs/reports.md; markdown: GitHub-flavoured Markdown.")
AS_OF_HELP = "Report as of this date (YYYY-MM-DD); default today."


def format_option():
    return typer.Option(ReportFormat.text, "--format", "-f", help=FORMAT_HELP)


def as_of_option():
    return typer.Option(None, "--as-of", help=AS_OF_HELP, metavar="DATE")


RECORDED_HELP = ("With --as-of: the figures from the plans as committed in git at the end of that day, so "
                 "later commits and working-tree edits do not change them; where the history does not reach "
                 "the date, the current files are used and dagov says so.")


def recorded_option():
    return typer.Option(False, "--recorded", help=RECORDED_HELP)


def as_recorded(plans: str, tree, date, recorded: bool):
    """The tree to report from: as committed at the end of `date` with --recorded, else the current one
    (dagov.cli.bare.tree_as_recorded)."""
    return bare.tree_as_recorded(plans, tree, date, recorded, typer.echo)


def load_for_report(plans: str, show_progress: bool = True):
    """(tree, number of errors), for reporting, or a usage error when `plans` is no plans directory
    (dagov.cli.bare.read_for_report)."""
    require_plans_dir(plans)
    result = bare.read_for_report(plans, typer.echo, show_progress)
    return result.tree, result.errors


def warn_incomplete(errors: int, plans: str, format: ReportFormat | None = None) -> None:
    """A banner above a text or Markdown report built from plan files with errors (JSON readers get exit 1)."""
    bare.warn_incomplete(errors, plans, (format or ReportFormat.text).value, typer.echo)


def exit_if_incomplete(errors: int) -> None:
    if errors:
        raise typer.Exit(1)


def print_report(sections, format: ReportFormat) -> None:
    bare.print_sections(sections, format.value, typer.echo)
