"""`dagov record`, `dagov assess`, `dagov import measures` and `dagov new measure`: outcomes written
through the one write transaction (dagov.edit.outcomes)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import typer

from dagov.cli.common import choices, complete_measures, fail_usage, plans_argument, require_plans_dir, writing
from dagov.plan.vocabulary import BETTER, FREQUENCIES, JUDGEMENTS, UNITS

RECORD_HELP = """Record a measure's value for one period: appended to measures/<MEASURE>.yaml, editing
nothing else (comments and layout kept). The value is checked first: a period not of the
measure's frequency, a percentage above 100 or a negative count is refused, and so is a
period already recorded unless --replace. The plan is checked with the change before
anything is written.

Examples:
  dagov record M04 --period 2014-06 --value 86 --note "Two researchers moved to the MASH."
  dagov record M05 --period 2014-12 --value 78 --provisional
  dagov record M04 --period 2014-06 --value 87 --replace"""

ASSESS_HELP = """Record the board's judgement of a recommendation's outcome in a meeting's minutes
(its `assessments:`), with what partners said. JUDGEMENT is one of: embedded, improving,
no-change, worse, too-early.

Example:
  dagov assess R12 --meeting 2014-07-09 --judgement worse \\
    --narrative "June's timeliness fell to 86%." \\
    --partner "county-council=Referrals are slower again." """

IMPORT_HELP = """Import measures' values from a spreadsheet saved as CSV, as partners send them: one row per
value, with columns measure, period and value (and note, provisional, source). Headings
are matched by name as `import csv` does (case and punctuation ignored; 'Indicator',
'Month', 'Figure' and 'Comments' are understood). Every value is checked first; if any
row cannot be imported, nothing is written and every such row is listed."""

NEW_HELP = """Create measures/<next id>.yaml (M01, M02 ...) with every field; what the plan cannot
know is left with a '# to fill in:' comment, which `dagov check` lists until it is filled."""

WRITE_EXIT_CODES = """Exit codes: 0 written (or shown, with --dry-run); 1 refused (the change would make the plan
invalid, or the file cannot be edited safely; nothing written); 2 usage error (unknown
measure, recommendation, meeting or partner, a value out of range, a period already
recorded, missing plans directory)."""

if TYPE_CHECKING:  # a type checker cannot read members made at run time
    Judgement = enum.Enum
    Unit = enum.Enum
    Better = enum.Enum
    Frequency = enum.Enum
else:
    Judgement = choices("Judgement", JUDGEMENTS, __name__)
    Unit = choices("Unit", UNITS, __name__)
    Better = choices("Better", BETTER, __name__)
    Frequency = choices("Frequency", FREQUENCIES, __name__)

PLAN_HELP = "The plan holding it (needed only when several plans use the id)."
DRY_RUN_HELP = "Show the change as a diff and write nothing."


def _refused(edits, verdict) -> None:
    typer.echo(f"dagov: not written: the change would add {len(verdict.added_errors)} error(s) to the plan; "
               f"{', '.join(e.path for e in edits)} unchanged:", err=True)
    for finding in verdict.added_errors:
        typer.echo("  " + finding.as_text(), err=True)
    raise typer.Exit(1)


def _show(edits, verdict, dry_run: bool, done: str) -> None:
    if not verdict.ok:
        _refused(edits, verdict)
    if dry_run:
        from dagov.cli.common import diff

        for edit in edits:
            typer.echo(diff(edit), nl=False)
        typer.echo(f"(dry run: {', '.join(e.path for e in edits)} not changed)")
        return
    for edit in edits:
        typer.echo(done.format(path=edit.path))
        for line in edit.summary:
            typer.echo(f"  {line}")


def record(
    measure: str = typer.Argument(..., metavar="MEASURE", help="The measure's id, e.g. M04.",
                                  autocompletion=complete_measures),
    plans: str = plans_argument(),
    period: str = typer.Option(..., "--period", metavar="PERIOD", help="The month (YYYY-MM), quarter (YYYY-Qn) or year."),
    value: str = typer.Option(..., "--value", metavar="NUMBER", help="The figure, e.g. 86 or 61.5."),
    note: str = typer.Option(None, "--note", help="What explains the figure."),
    provisional: bool = typer.Option(False, "--provisional", help="Mark the figure as provisional."),
    replace: bool = typer.Option(False, "--replace", help="Change the value of a period already recorded."),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
) -> None:
    from dagov.edit import outcomes as lib
    from dagov.edit import safepath

    safepath.texts(("MEASURE", measure), ("PLANS", plans), ("--period", period), ("--value", value), ("--note", note),
                   ("--plan", plan))
    require_plans_dir(plans)
    request = lib.ValueRequest(period, lib.parse_value(value, "--value: "), note, provisional)
    edit, verdict = lib.record(plans, measure, request, plan, replace, dry_run)
    _show([edit], verdict, dry_run, f"{measure} recorded in {{path}}:")


def assess(
    recommendation: str = typer.Argument(..., metavar="RECOMMENDATION", help="The recommendation judged, e.g. R12."),
    plans: str = plans_argument(),
    meeting: str = typer.Option(..., "--meeting", metavar="MEETING", help="The meeting whose minutes record it."),
    judgement: Judgement = typer.Option(..., "--judgement", help="The board's judgement."),
    narrative: str = typer.Option(..., "--narrative", metavar="TEXT", help="Why the board judged so."),
    partner: list[str] = typer.Option(None, "--partner", metavar="ID=VIEW",
                                      help="What a partner said, as partner-id=view; repeat for several."),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
) -> None:
    from dagov.edit import outcomes as lib
    from dagov.edit import safepath

    safepath.texts(("RECOMMENDATION", recommendation), ("PLANS", plans), ("--meeting", meeting),
                   ("--narrative", narrative), ("--partner", partner), ("--plan", plan))
    require_plans_dir(plans)
    if not narrative.strip():
        raise fail_usage("--narrative is empty; say why the board judged so")
    views = [lib.parse_partner_view(p) for p in partner or ()]
    edit, verdict = lib.assess(plans, recommendation, meeting, judgement.value, narrative.strip(), views, plan, dry_run)
    _show([edit], verdict, dry_run, "assessment recorded in {path}:")


def import_measures(
    file: str = typer.Argument(..., metavar="FILE", help="The CSV file (UTF-8, or Excel's Windows-1252)."),
    plans: str = plans_argument(),
    plan: str = typer.Option(..., "--plan", metavar="ID", help="The plan whose measures the values belong to."),
    dry_run: bool = typer.Option(False, "--dry-run", help=DRY_RUN_HELP),
) -> None:
    from dagov.edit import outcomes as lib
    from dagov.edit import safepath
    from dagov.edit.csv_import import MAX_CSV_BYTES
    from dagov.plan.files import os_reason, read_regular

    safepath.texts(("PLANS", plans), ("FILE", file))
    safepath.identifier("--plan", plan, safepath.PLAN)
    require_plans_dir(plans)
    try:  # a regular file only, size-limited: a pipe or /dev/zero must not hang or fill memory
        data = read_regular(file, MAX_CSV_BYTES)
    except OSError as err:
        raise fail_usage(f"cannot read '{file}': {os_reason(err)}") from None
    edits, verdict, notes = lib.import_measures(plans, data, plan, file, dry_run)
    for line in notes:
        typer.echo(f"note: {line}")
    _show(edits, verdict, dry_run, "values imported into {path}:")


def new_measure(
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID",
                             help="The plan (its folder name); needed when PLANS holds more than one active plan."),
    id: str = typer.Option(None, "--id", metavar="ID", help="The measure's id (default: the next free one, e.g. M07)."),
    title: str = typer.Option(None, "--title", help="A short title."),
    owner: str = typer.Option(None, "--owner", metavar="ROLE", help="The accountable role."),
    unit: Unit = typer.Option(None, "--unit", help="What the figures count."),
    better: Better = typer.Option(None, "--better", help="Whether higher or lower figures are better."),
    frequency: Frequency = typer.Option(None, "--frequency", help="How often it is counted (default monthly)."),
    source: str = typer.Option(None, "--source", metavar="SOURCE", help="A partner id, or the system's name."),
    recommendation: list[str] = typer.Option(None, "--recommendation", metavar="ID",
                                             help="A recommendation it evidences; repeat for several."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it already exists."),
) -> None:
    from dagov.cli.new import _check, _load, _write
    from dagov.edit import outcomes as lib
    from dagov.edit import safepath

    safepath.identifier("--id", id, safepath.RECOMMENDATION)
    safepath.texts(("--recommendation", recommendation))
    _check(plans, plan, ("--title", title), ("--owner", owner), ("--source", source))
    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        new = lib.new_measure(plans, chosen, id, title, owner, unit.value if unit else None,
                              better.value if better else None, frequency.value if frequency else None, source,
                              tuple(recommendation or ()))
        _write(txn, now, plans, new.rel, new.data, force, "created {path}")
