"""`dagov update`: record progress on an action, editing its file in place."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import typer

from dagov.cli.common import (
    choices,
    complete_actions,
    complete_plans,
    complete_roles,
    fail_usage,
    parse_as_of,
    parse_date,
    plans_argument,
    require_plans_dir,
)
from dagov.plan.vocabulary import ACTION_STATUSES, RAGS

HELP = """Record progress on an action: append a dated update, set its status (a complete
action gets its completed date), add evidence. ACTION_ID is the action's id, e.g. R03.2.

The recommendation file is edited in place: only the lines for this change are added or
changed; comments, blank lines, quoting and the order of fields stay exactly as they were.
The result is checked before anything is written: if the change would add an error to
the plan, nothing is written. The file is replaced atomically, under the plans lock.

Examples:
  dagov update R03.2 --note "Half the courses delivered." --rag amber
  dagov update R03.2 --status complete --evidence "Attendance report=evidence/R03.2.pdf"
"""

EXIT_CODES = """Exit codes: 0 recorded (or shown, with --dry-run); 1 refused (the change would make the
plan invalid, or the file cannot be edited safely; nothing written); 2 usage error (unknown
action, bad option value, missing plans directory)."""


if TYPE_CHECKING:  # a type checker cannot read members made at run time
    Status = enum.Enum
    Rag = enum.Enum
else:
    Status = choices("Status", ACTION_STATUSES, __name__)
    Rag = choices("Rag", RAGS, __name__)


def update(
    action_id: str = typer.Argument(..., metavar="ACTION_ID", help="The action's id, e.g. R03.2.",
                                   autocompletion=complete_actions),
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help="The plan holding the action (needed only when several plans use the id).",
                             autocompletion=complete_plans),
    status: Status = typer.Option(None, "--status", help="The action's new status."),
    note: str = typer.Option(None, "--note", help="What has happened: appended as a dated update."),
    by: str = typer.Option(None, "--by", metavar="ROLE", help="The role giving the update, by id or title "
                           "(default: the action's owner).", autocompletion=complete_roles),
    rag: Rag = typer.Option(None, "--rag", help="The owner's own RAG assessment, recorded with the update."),
    public: bool = typer.Option(False, "--public", help="The note may be published on the public website (dagov "
                                "publish); updates are internal without it."),
    evidence: list[str] = typer.Option(None, "--evidence", metavar="TITLE=LINK",
                                       help="Evidence to add, as title=link; repeat for several."),
    completed: str = typer.Option(None, "--completed", metavar="DATE",
                                  help="When it was completed (YYYY-MM-DD); implies --status complete. "
                                       "Default with --status complete: the update's date."),
    date: str = typer.Option(None, "--date", metavar="DATE", help="The update's date (YYYY-MM-DD; default today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the change as a diff and write nothing."),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("ACTION_ID", action_id), ("PLANS", plans), ("--plan", plan), ("--note", note), ("--by", by),
                   ("--evidence", evidence), ("--completed", completed), ("--date", date))
    require_plans_dir(plans)
    if (by or rag or public) and not note:
        raise fail_usage("--by, --rag and --public describe an update; add --note with what has happened")
    if not (status or note or evidence or completed):
        raise fail_usage("nothing to record; give --note, --status, --evidence or --completed")
    from dagov.edit import update as lib  # this command function is called update

    pairs = tuple(lib.parse_evidence(e) for e in evidence or ())
    request = lib.UpdateRequest(
        date=parse_as_of(date) if date is None else parse_date(date, "--date"),
        status=status.value if status else None, note=note, by=by, rag=rag.value if rag else None,
        completed=parse_date(completed, "--completed") if completed else None, evidence=pairs, public=public)
    # UnsafePath too, when the recommendation file, or a folder above it, is a link leading out
    edit, verdict = lib.record(plans, action_id, request, plan, dry_run)
    if not verdict.ok:
        typer.echo(f"dagov: not recorded: the change would add {len(verdict.added_errors)} error(s) to the plan; "
                   f"{edit.path} is unchanged:", err=True)
        for finding in verdict.added_errors:
            typer.echo("  " + finding.as_text(), err=True)
        raise typer.Exit(1)
    if dry_run:
        from dagov.cli.common import diff

        typer.echo(diff(edit), nl=False)
        typer.echo(f"(dry run: {edit.path} not changed)")
        return
    typer.echo(f"{action_id} updated in {edit.path}:")
    for line in edit.summary:
        typer.echo(f"  {line}")
