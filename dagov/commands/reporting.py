"""Options and printing shared by the report commands (status, owners, show)."""

from __future__ import annotations

import enum

import typer

from dagov.commands.common import require_plans_dir


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


def load_for_report(plans: str):
    """The tree, for reporting. Files with errors are reported as far as they could be read,
    with a note on stderr pointing to `dagov check`."""
    require_plans_dir(plans)
    from dagov.findings import ERROR
    from dagov.loader import load_tree

    tree, findings = load_tree(plans)
    errors = sum(1 for f in findings if f.severity == ERROR)
    if errors:
        typer.echo(f"dagov: warning: {errors} error{'s' if errors != 1 else ''} in the plan files; the figures "
                   f"cover what could be read; run 'dagov check {plans}' for details", err=True)
    return tree


def print_report(sections, format: ReportFormat) -> None:
    from dagov import layout
    from dagov.commands.common import use_colour

    if format is ReportFormat.markdown:
        typer.echo(layout.as_markdown(sections), nl=False)
    elif use_colour():
        from dagov.commands.terminal import print_sections

        print_sections(sections)
    else:
        typer.echo(layout.as_text(sections), nl=False)
