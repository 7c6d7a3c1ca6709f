"""Options and printing shared by the report commands (status, owners, show)."""

from __future__ import annotations

import enum

import typer

from dagov.cli.common import require_plans_dir
from dagov.words import plural


class ReportFormat(str, enum.Enum):
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
    """The tree to report from: as committed at the end of `date` with --recorded (saying so on
    stderr, and saying so when history does not reach it), else the current one."""
    if not recorded:
        return tree
    from dagov.history.recorded import recorded_tree

    then, source = recorded_tree(plans, date)
    typer.echo(f"dagov: {source.note}", err=True)
    return then or tree


def load_for_report(plans: str, show_progress: bool = True):
    """(tree, number of errors), for reporting. Files with errors are reported as far as they
    could be read; the command then says so (see `warn_incomplete`) and exits 1.
    `show_progress`: a progress line on a terminal if loading is slow (never for JSON)."""
    require_plans_dir(plans)
    from dagov.check.run import check
    from dagov.cli.loading import LoadingIndicator

    # Every rule of `dagov check`, not only those that can make figures wrong: a report exits 1
    # exactly when check would (a protective-marking or personal-data error included), so a CI
    # job or a user never sees a report pass on files that check fails.
    with LoadingIndicator(enabled=None if show_progress else False) as indicator:
        result = check(plans, on_files_read=indicator)
    tree, errors = result.tree, result.errors
    if errors:
        typer.echo(f"dagov: {plural(errors, 'error')} in the plan files: the figures cover only "
                   f"what could be read and may be wrong; run 'dagov check {plans}' and fix them (exit code 1)",
                   err=True)
    return tree, errors


def warn_incomplete(errors: int, plans: str, format: ReportFormat | None = None) -> None:
    """A banner above a text or Markdown report built from plan files with errors (JSON readers get exit 1)."""
    if errors and format is not ReportFormat.json:
        typer.echo(f"WARNING: {plural(errors, 'error')} in the plan files; these figures cover only what could be read. "
                   f"Run 'dagov check {plans}'.\n")


def exit_if_incomplete(errors: int) -> None:
    if errors:
        raise typer.Exit(1)


def print_report(sections, format: ReportFormat) -> None:
    from dagov.cli.common import use_colour
    from dagov.report import layout

    if format is ReportFormat.markdown:
        typer.echo(layout.as_markdown(sections), nl=False)
    elif use_colour():
        from dagov.cli.terminal import print_sections

        print_sections(sections)
    else:
        typer.echo(layout.as_text(sections), nl=False)
