"""`dagov status`: where each plan stands as of a date."""

from __future__ import annotations

import typer

from dagov.cli import bare
from dagov.cli.common import complete_areas, complete_plans, complete_roles, parse_as_of, plans_argument, require_plans_dir
from dagov.cli.reporting import ReportFormat, as_of_option, format_option, recorded_option

HELP = """Report progress as of a date: per plan, a header (title, board, lead, progress bar,
actions by RAG, recommendations by status), a table per key area (id, title, owner,
due, actions done, RAG), then the exceptions a board cares about: overdue actions (most
overdue first), actions due soon, blocked, stale (no update for over 35 days), owner
RAGs greener than the facts, and recommendations whose actions are all complete but
which are still open. Superseded plans come last.

RAG rules and the JSON shape are in docs/reports.md. Plan files are only read, never written.

An unknown --plan, --area or --owner is a usage error (exit 2), with close matches."""


def status(
    plans: str = plans_argument(),
    as_of: str = as_of_option(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help="Only this plan (by id); reported even if it starts after --as-of.",
                              autocompletion=complete_plans),
    area: str = typer.Option(None, "--area", metavar="ID", help="Only recommendations in this key area (by id or title).",
                              autocompletion=complete_areas),
    owner: str = typer.Option(None, "--owner", metavar="ROLE", help="Only what this role (by id or title) owns: its recommendations, "
                                                    "and its actions in the action lists and counts.", autocompletion=complete_roles),
    format: ReportFormat = format_option(),
    recorded: bool = recorded_option(),
) -> None:
    date = parse_as_of(as_of)
    require_plans_dir(plans)
    code = bare.report_status(bare.StatusRequest(plans, date, format.value, plan, area, owner, recorded), typer.echo)
    if code:
        raise typer.Exit(code)
