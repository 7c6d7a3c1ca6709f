"""`dagov supersede`: a successor plan that carries the open work of the old one forward."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_plans, parse_date, plans_argument, require_plans_dir
from dagov.cli.decided import dry_run_option, report

HELP = """Replace a plan by a successor that carries its open work forward, in one write.

Creates the new plan's folder (plan.yaml with the old plan's owner, lead, board, source and
key areas) and, for each open recommendation, a recommendation in the new plan holding its
still-open actions, each with carried_from: <old plan>/<action>. In the old plan, each
carried action is cancelled with an update saying where it went, each open recommendation
becomes superseded, and the plan superseded_by the new one. The old files are edited in
place (comments kept); the result is checked first, and nothing is written unless all of it
passes.

Recommendations keep their ids in the new plan unless --as renames them; give several old
ids the same new id to merge them (--as R05=L02 --as R06=L02).

\b
Example:
  dagov supersede da-2014 --by da-2014-2016 --title "Domestic abuse improvement plan 2014-2016" --start 2014-09-15
"""

EXIT_CODES = """Exit codes: 0 superseded (or shown, with --dry-run); 1 refused (the plan is not active, the new
folder exists, or the result would add an error; nothing written); 2 usage error (unknown plan, board or
recommendation, bad date, missing plans directory)."""


def supersede(
    plan: str = typer.Argument(..., metavar="PLAN", autocompletion=complete_plans,
                               help="The plan being replaced (its folder name), e.g. da-2014."),
    plans: str = plans_argument(),
    by: str = typer.Option(..., "--by", metavar="NEW_ID", help="The new plan's id, also its folder's name."),
    title: str = typer.Option(..., "--title", help="The new plan's title."),
    start: str = typer.Option(..., "--start", metavar="DATE",
                              help="When the new plan starts and the old one is superseded (YYYY-MM-DD)."),
    end: str = typer.Option(None, "--end", metavar="DATE", help="When the new plan is due to end (YYYY-MM-DD)."),
    board: str = typer.Option(None, "--board", metavar="BOARD", help="The board overseeing it (default: the old plan's)."),
    source_title: str = typer.Option(None, "--source-title", help="The report it answers (default: the old plan's)."),
    publisher: str = typer.Option(None, "--publisher", help="Who published that report (default: the old plan's)."),
    published: str = typer.Option(None, "--published", metavar="DATE", help="When it was published (default: the old plan's)."),
    rename: list[str] = typer.Option(None, "--as", metavar="OLD=NEW",
                                     help="The id an open recommendation takes in the new plan, e.g. R03=L01; repeat."),
    dry_run: bool = dry_run_option(),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("PLAN", plan), ("PLANS", plans), ("--by", by), ("--title", title), ("--start", start),
                   ("--end", end), ("--board", board), ("--source-title", source_title), ("--publisher", publisher),
                   ("--published", published), ("--as", rename))
    safepath.identifier("--by", by, safepath.PLAN)
    require_plans_dir(plans)
    from dagov.edit import supersede as lib  # this command function is called supersede

    renamed = tuple(lib.parse_renaming(text) for text in rename or ())
    for _, new_id in renamed:
        safepath.identifier("--as", new_id, safepath.RECOMMENDATION)
    request = lib.Succession(plan, by, title, parse_date(start, "--start"), parse_date(end, "--end") if end else None,
                             board, source_title, publisher, parse_date(published, "--published") if published else None,
                             renamed)
    report(lib.supersede(plans, request, dry_run), dry_run)
