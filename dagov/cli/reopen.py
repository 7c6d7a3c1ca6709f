"""`dagov reopen`: the board reopens a closed recommendation."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_recommendations, plans_argument, require_plans_dir
from dagov.cli.decided import ATOMIC, DECISION_EXIT_CODES, dry_run_option, meeting_option, plan_option, report

HELP = f"""Record the board's decision reopening a closed recommendation (a re-inspection found it not
embedded, say): a decision in the meeting's minutes (reopen: REC) and, in the recommendation,
status: open, with the closure it had kept under reopened: with the meeting and the reason.

{ATOMIC}

\b
Example:
  dagov reopen R05 --meeting 2014-11-12 --reason "The DASH audit shows the new process is not embedded."
"""

EXIT_CODES = DECISION_EXIT_CODES


def reopen(
    recommendation: str = typer.Argument(..., metavar="REC", autocompletion=complete_recommendations,
                                         help="The closed recommendation to reopen, e.g. R05."),
    plans: str = plans_argument(),
    meeting: str = meeting_option(),
    reason: str = typer.Option(..., "--reason", help="Why it is reopened, as the minutes should say it."),
    plan: str = plan_option(),
    dry_run: bool = dry_run_option(),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("REC", recommendation), ("PLANS", plans), ("--meeting", meeting), ("--reason", reason),
                   ("--plan", plan))
    require_plans_dir(plans)
    from dagov.edit import decisions

    report(decisions.reopen(plans, recommendation, meeting, reason, plan, dry_run), dry_run)
