"""`dagov extend`: the board moves an action's due date."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_actions, parse_date, plans_argument, require_plans_dir
from dagov.cli.decided import ATOMIC, DECISION_EXIT_CODES, dry_run_option, meeting_option, plan_option, report

HELP = f"""Record the board's decision extending an action's due date: a decision in the meeting's
minutes (extend: ACTION, to: DATE) and, in the action, an extension citing the meeting.

{ATOMIC}

\b
Example:
  dagov extend R07.3 --to 2014-10-31 --meeting 2014-07-09 --reason "Abstraction over the summer."
"""

EXIT_CODES = DECISION_EXIT_CODES


def extend(
    action: str = typer.Argument(..., metavar="ACTION", autocompletion=complete_actions,
                                 help="The action whose due date moves, e.g. R07.3."),
    plans: str = plans_argument(),
    to: str = typer.Option(..., "--to", metavar="DATE", help="The new due date (YYYY-MM-DD)."),
    meeting: str = meeting_option(),
    reason: str = typer.Option(..., "--reason", help="Why the date moved, as the minutes should say it."),
    plan: str = plan_option(),
    dry_run: bool = dry_run_option(),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("ACTION", action), ("PLANS", plans), ("--to", to), ("--meeting", meeting), ("--reason", reason),
                   ("--plan", plan))
    require_plans_dir(plans)
    from dagov.edit import decisions

    report(decisions.extend(plans, action, parse_date(to, "--to"), meeting, reason, plan, dry_run), dry_run)
