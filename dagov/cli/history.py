"""`dagov changes` and `dagov log`: the plan's history, read from git."""

from __future__ import annotations

import enum

import typer

from dagov.cli.common import complete_ids, parse_as_of, parse_date, plans_argument, require_plans_dir

CHANGES_HELP = """What moved in the plans between two points of their git history, in plan terms:
recommendations and actions added or removed, carried forward from a superseded
plan, closed or completed; status, owner and due-date changes (and whether an
approved extension moved the date); RAG changes judged as of each point's date;
new updates and evidence; new meetings, decisions and board actions.

Grouped by plan and key area, most important first (closures, completions, new
reds, moved dates). A point is a git revision (commit, branch, tag, HEAD~3), a
date (2014-06-12, 12/06/2014, 12 June 2014: the last commit on or before the end of
that day), or, for --since, 'last-meeting': the last meeting of the plans' board
before --until.
--until defaults to the working tree, uncommitted edits included.

Needs git and a clone holding the history asked for (a shallow clone may not).
Nothing is ever written."""

LOG_HELP = """The story of one recommendation or action: every commit that changed it, oldest
first, with its date, author and message, and what changed in plan terms
("status: in-progress → complete", "due: 2014-05-31 → 2014-06-30 (extension
approved at meeting 2014-06-11)"). Uncommitted edits come last. The item is
followed by its id through file renames.

ID is a recommendation (R03) or action (R03.2) id; write PLAN/ID (da-2014/R03.2)
when the id is used in more than one plan. Nothing is ever written."""

EXIT_CODES = """Exit codes: 0 success; 2 usage error (unknown option or id, bad date or revision,
missing plans directory, outside a git repository, or history missing from a shallow clone)."""


class ChangesFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class LogFormat(str, enum.Enum):
    text = "text"
    json = "json"


def changes(
    plans: str = plans_argument(),
    since: str = typer.Option(..., "--since", "-s", metavar="REV|DATE|last-meeting",
                              help="The earlier point: a git revision, a date (YYYY-MM-DD, 12/06/2014 or 12 June 2014: "
                                   "the last commit on or before that day), or last-meeting (the last meeting of the board before --until)."),
    until: str = typer.Option(None, "--until", "-u", metavar="REV|DATE", show_default="the working tree",
                              help="The later point: a git revision or a date (as for --since). Default: the working "
                                   "tree, uncommitted edits included."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", show_default="today",
                              help="The date RAGs of the working tree are judged at (commits are judged at their "
                                   "own date, dates at that date)."),
    format: ChangesFormat = typer.Option(ChangesFormat.text, "--format", "-f",
                                         help="text: for the terminal; json: for other tools; markdown: for a paper."),
) -> None:
    require_plans_dir(plans)
    from dagov.history import points, report

    result = points.changes(plans, _point(since, "--since"), None if until is None else _point(until, "--until"),
                            parse_as_of(as_of))
    layout = {ChangesFormat.text: report.changes_text, ChangesFormat.json: report.changes_json,
              ChangesFormat.markdown: report.changes_markdown}[format]
    typer.echo(layout(result), nl=False)


def _point(value: str, option: str) -> str:
    """A --since/--until point as the history layer takes it: a date in any form the other date options
    take (12/06/2014, 12 June 2014) as YYYY-MM-DD, said on stderr as they say it; a revision or
    last-meeting as given. Text shaped like a date that names no day (31/02/2014) is refused as a date."""
    from dagov.plan.dates import read_date, shaped_like_a_date

    if read_date(value).date is None and not shaped_like_a_date(value):
        return value
    return parse_date(value, option).isoformat()


def log(
    item: str = typer.Argument(..., metavar="ID", help="A recommendation (R03) or action (R03.2) id, or PLAN/ID.",
                              autocompletion=complete_ids),
    plans: str = plans_argument(),
    format: LogFormat = typer.Option(LogFormat.text, "--format", "-f", help="text: for the terminal; json: for other tools."),
) -> None:
    require_plans_dir(plans)
    from dagov.history import itemlog, report

    result = itemlog.item_log(plans, item)
    layout = report.log_json if format is LogFormat.json else report.log_text
    typer.echo(layout(result), nl=False)
