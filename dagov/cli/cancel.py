"""`dagov cancel`: the board cancels an action."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_actions, plans_argument, require_plans_dir
from dagov.cli.decided import ATOMIC, DECISION_EXIT_CODES, dry_run_option, meeting_option, plan_option, report

HELP = f"""Record the board's decision cancelling an action: a decision in the meeting's minutes
(cancel: ACTION) and, in the action, status: cancelled with an update dated the meeting
that says so.

{ATOMIC}

\b
Example:
  dagov cancel R06.6 --meeting 2014-08-13 --reason "Superseded by the MASH's own audit."
"""

EXIT_CODES = DECISION_EXIT_CODES


def cancel(
    action: str = typer.Argument(..., metavar="ACTION", autocompletion=complete_actions,
                                 help="The action to cancel, e.g. R06.6."),
    plans: str = plans_argument(),
    meeting: str = meeting_option(),
    reason: str = typer.Option(..., "--reason", help="Why it is cancelled, as the minutes should say it."),
    plan: str = plan_option(),
    dry_run: bool = dry_run_option(),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("ACTION", action), ("PLANS", plans), ("--meeting", meeting), ("--reason", reason),
                   ("--plan", plan))
    require_plans_dir(plans)
    from dagov.edit import decisions

    report(decisions.cancel(plans, action, meeting, reason, plan, dry_run), dry_run)
