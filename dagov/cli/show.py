"""`dagov show ID`: one thing in full."""

from __future__ import annotations

import enum

import typer

from dagov.cli.common import complete_ids, parse_as_of, plans_argument
from dagov.cli.reporting import as_of_option, exit_if_incomplete, load_for_report, warn_incomplete

HELP = """Show one recommendation (R03), action (R03.2), meeting (2014-06-11), board action
(SB-01) or role (head-ict) in full: its text, owner, dates and extensions, status and RAG
as of a date with the reason ("red: due 2014-05-31, 12 days overdue"), updates in order,
evidence, carried-from and carried-to links, and every board decision, minute and
action-log entry that mentions it. An id used in several plans is shown once per plan
(current plans first); write PLAN/ID, e.g. da-2014/R03, for one. Plan files are only read, never written.

An id that names nothing is a usage error (exit 2); the message suggests close matches."""


class ShowFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"


def show(
    id: str = typer.Argument(..., help="The id to show, or PLAN/ID for one plan's.", metavar="ID",
                             autocompletion=complete_ids),
    plans: str = plans_argument(),
    as_of: str = as_of_option(),
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f",
                                      help="text: colour on a terminal, plain when piped or NO_COLOR is set; "
                                           "markdown: GitHub-flavoured Markdown."),
    recorded: bool = typer.Option(False, "--recorded", help="With --as-of: from the plans as committed at the end "
                                  "of that day (see dagov status --help)."),
) -> None:
    from dagov.cli.reporting import ReportFormat, as_recorded, print_report

    date = parse_as_of(as_of)
    tree, errors = load_for_report(plans)
    tree = as_recorded(plans, tree, date, recorded)
    from dagov.report.show import describe

    sections = describe(tree, id, date)
    warn_incomplete(errors, plans)
    print_report(sections, ReportFormat(format.value))
    exit_if_incomplete(errors)
