"""`dagov close`: the board closes a recommendation."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_recommendations, plans_argument, require_plans_dir
from dagov.cli.decided import ATOMIC, DECISION_EXIT_CODES, dry_run_option, meeting_option, plan_option, report

HELP = f"""Record the board's decision closing a recommendation: a decision in the meeting's minutes
(close: REC) and, in the recommendation, status: closed with a closed: block naming the
meeting and the evidence.

Refused while an action of the recommendation is still to do (neither complete nor
cancelled), unless --with-open-actions: the decision then says which are open.

{ATOMIC}

\b
Examples:
  dagov close R09 --meeting 2014-08-13 --evidence "Closure report R09=evidence/R09-closure.pdf"
  dagov close R09 --meeting 2014-08-13 --dry-run
"""

EXIT_CODES = DECISION_EXIT_CODES


def close(
    recommendation: str = typer.Argument(..., metavar="REC", autocompletion=complete_recommendations,
                                         help="The recommendation to close, e.g. R09."),
    plans: str = plans_argument(),
    meeting: str = meeting_option(),
    evidence: list[str] = typer.Option(None, "--evidence", metavar="TITLE=LINK",
                                       help="What shows it is met, as title=link; repeat for several."),
    text: str = typer.Option(None, "--text", help="The decision as the minutes should word it "
                                                  "(default: 'Recommendation R09 (its title) closed.')."),
    with_open_actions: bool = typer.Option(False, "--with-open-actions",
                                           help="Close it although some of its actions are still to do."),
    plan: str = plan_option(),
    dry_run: bool = dry_run_option(),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("REC", recommendation), ("PLANS", plans), ("--meeting", meeting), ("--evidence", evidence),
                   ("--text", text), ("--plan", plan))
    require_plans_dir(plans)
    from dagov.edit import decisions
    from dagov.edit.update import parse_evidence

    pairs = tuple(parse_evidence(e) for e in evidence or ())
    report(decisions.close(plans, recommendation, meeting, pairs, text, with_open_actions, plan, dry_run), dry_run)
