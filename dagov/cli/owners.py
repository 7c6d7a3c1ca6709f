"""`dagov owners`: who owns what, and how much of it is late or at risk."""

from __future__ import annotations

import typer

from dagov.cli.common import parse_as_of, plans_argument
from dagov.cli.reporting import (
    ReportFormat,
    as_of_option,
    as_recorded,
    exit_if_incomplete,
    format_option,
    load_for_report,
    print_report,
    recorded_option,
    warn_incomplete,
)

HELP = """Accountability as of a date: per role in organisation.yaml (then any owner the
plans name that it does not define), how many recommendations and actions it owns,
how many actions are still to do, overdue, due soon (at risk) or blocked; the roles
that own nothing and the roles with no holder; then, per role, its open
recommendations and the actions it must still deliver. Plan files are only read, never written."""


def owners(
    plans: str = plans_argument(),
    as_of: str = as_of_option(),
    format: ReportFormat = format_option(),
    recorded: bool = recorded_option(),
) -> None:
    from dagov.report.figures import owners_report, to_json

    date = parse_as_of(as_of)
    tree, errors = load_for_report(plans)
    tree = as_recorded(plans, tree, date, recorded)
    figures = owners_report(tree, date)
    if format is ReportFormat.json:
        typer.echo(to_json(date, owners=figures), nl=False)
    else:
        from dagov.report.status import owners_sections

        warn_incomplete(errors, plans, format)
        print_report(owners_sections(figures, date), format)
    exit_if_incomplete(errors)
