"""What the board's commands (close, extend, cancel, reopen, supersede, new plan) print: one place."""

from __future__ import annotations

import typer

from dagov.cli.common import complete_meetings, complete_plans, diff

DECISION_EXIT_CODES = """Exit codes: 0 recorded (or shown, with --dry-run); 1 refused (the plan is not in a state where
the board could decide this, or the change would add an error; nothing written); 2 usage error (unknown
recommendation, action, meeting or plan, bad option value, missing plans directory)."""

ATOMIC = """Both files (the meeting's minutes and the plan file) are edited in place in one write: only
the lines for this decision are added or changed, the result is checked before anything is
written, and if it would add an error to the plan nothing is written."""


def meeting_option():
    return typer.Option(..., "--meeting", metavar="MEETING", autocompletion=complete_meetings,
                        help="The board meeting that decided it: its id, the name of its file in meetings/ "
                             "(conventionally its date, e.g. 2014-08-13).")


def plan_option():
    return typer.Option(None, "--plan", metavar="ID", autocompletion=complete_plans,
                        help="The plan (needed only when several plans use the id).")


def dry_run_option():
    return typer.Option(False, "--dry-run", help="Show the change as a diff and write nothing.")


def report(outcome, dry_run: bool) -> None:
    """Print what was written, the diff of a dry run, or why the change was refused (exit 1)."""
    paths = ", ".join(edit.path for edit in outcome.edits)
    refuse_if_errors(outcome.verdict, "not recorded: the change would add {count} error(s) to the plan; "
                                      f"nothing was written ({paths} unchanged)")
    if dry_run:
        for edit in outcome.edits:
            typer.echo(diff(edit), nl=False)
        typer.echo(f"(dry run: {outcome.summary}; nothing written)")
        return
    typer.echo(f"{outcome.summary}:")
    for edit in outcome.edits:
        typer.echo(f"  {edit.path}")
        for line in edit.summary:
            typer.echo(f"    {line}")


def refuse_if_errors(verdict, lead: str) -> None:
    """Exit 1 listing the errors the change would add, after `lead` ({count}: how many), if there are any."""
    if verdict.ok:
        return
    typer.echo(f"dagov: {lead.format(count=len(verdict.added_errors))}:", err=True)
    for finding in verdict.added_errors:
        typer.echo("  " + finding.as_text(), err=True)
    raise typer.Exit(1)
