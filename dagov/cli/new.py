"""`dagov new`: create the next recommendation, action, meeting or paper."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import typer

from dagov.cli.common import (
    HELP_OPTIONS,
    choices,
    complete_areas,
    complete_boards,
    complete_plans,
    complete_recommendations,
    complete_roles,
    fail_usage,
    parse_as_of,
    parse_date,
    plans_argument,
    require_plans_dir,
    writing,
)
from dagov.plan.vocabulary import BOARD_PAPER, KINDS

HELP = """Create the next recommendation, action, meeting or paper, pre-filled from the plan.

Ids follow on from the plan's own (R16 after R15, R03.5 after R03.4; a meeting's id is
its date). Values the plan cannot know are left empty with a '# to fill in:' comment;
`dagov check` lists every one still empty. Nothing is overwritten unless --force."""

EXIT_CODES = """Exit codes: 0 created; 1 refused (the file or plan exists, or the result would add an error
other than values still to fill in); 2 usage error (unknown plan or recommendation, bad date, an
id that is not one, a path leading out of PLANS, missing plans directory)."""

if TYPE_CHECKING:  # a type checker cannot read members made at run time
    Kind = enum.Enum
else:
    Kind = choices("Kind", KINDS, __name__)

app = typer.Typer(help=HELP, epilog=EXIT_CODES, no_args_is_help=True, rich_markup_mode=None,
                  context_settings=HELP_OPTIONS)

OWNER_HELP = "The accountable role: its id or title in organisation.yaml, or the holder's name."
AREA_HELP = "The key area it belongs to: an area id or title of the plan."
PLAN_HELP = "The plan (its folder name); needed when PLANS holds more than one active plan."
FORCE_HELP = "Replace the file if it already exists."


def _check(plans: str, plan_id: str | None, *texts: tuple[str, str | None]) -> None:
    """Check every value given (`texts`: (option, value) pairs) before taking the plans lock."""
    from dagov.edit import safepath

    safepath.texts(("PLANS", plans), *texts)
    safepath.identifier("--plan", plan_id, safepath.PLAN)
    require_plans_dir(plans)


def _load(plans: str, plan_id: str | None):
    """The plan as it is, checked, and the chosen plan in it (read under the lock; the check is what
    the new file is judged against)."""
    from dagov.check.run import check
    from dagov.plan.choice import choose_plan

    now = check(plans)
    return now, choose_plan(now.tree, plan_id)


def _write(txn, now, plans: str, rel: str, data: bytes, overwrite: bool, done: str,
           existing: bytes | None = None) -> None:
    """Check the plan with the new content against `now` (the plan as it is, checked), then write it;
    report what is left to fill in."""
    from dagov.edit import safepath

    # an id that passed its pattern can still lead out through a symbolic link
    safepath.inside(plans, rel)
    path = txn.path(rel)
    txn.add(rel, data, overwrite=overwrite, expected=existing)
    verdict = txn.judge(allow_placeholders=True, now=now)
    if not verdict.ok:
        typer.echo(f"dagov: not written: {path} would add {len(verdict.added_errors)} error(s) to the plan:", err=True)
        from dagov.textsafe import one_line

        for finding in verdict.added_errors:  # a line of the file not written would point at nothing
            typer.echo("  " + (f"{finding.severity} [{finding.rule}] {one_line(finding.message)}"
                               if finding.path == path else finding.as_text()), err=True)
        raise typer.Exit(1)
    txn.commit()
    typer.echo(done.format(path=path))
    if verdict.placeholders:
        typer.echo(f"{len(verdict.placeholders)} value(s) still to fill in (`dagov check` lists them until they are):")
        for finding in verdict.placeholders:
            typer.echo(f"  {finding.path}:{finding.line}: {finding.message}")


@app.command("recommendation", epilog=EXIT_CODES)
def recommendation(
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP, autocompletion=complete_plans),
    id: str = typer.Option(None, "--id", metavar="ID", help="The recommendation's id (default: the next free one, e.g. R16 after R15)."),
    title: str = typer.Option(None, "--title", help="A short title."),
    kind: Kind = typer.Option(None, "--kind", help="What the report called it [default: recommendation]."),
    text: str = typer.Option(None, "--text", help="The recommendation as the report wrote it and the plan accepted it."),
    timescale: str = typer.Option(None, "--timescale", help="The timescale as the report wrote it, e.g. 'within three months'."),
    area: str = typer.Option(None, "--area", metavar="AREA", help=AREA_HELP, autocompletion=complete_areas),
    owner: str = typer.Option(None, "--owner", metavar="ROLE", help=OWNER_HELP, autocompletion=complete_roles),
    due: str = typer.Option(None, "--due", metavar="DATE", help="When it is due (YYYY-MM-DD)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Create recommendations/<next id>.yaml with every field and a first action."""
    from dagov.edit import safepath

    safepath.identifier("--id", id, safepath.RECOMMENDATION)
    _check(plans, plan, ("--title", title), ("--text", text), ("--timescale", timescale), ("--area", area), ("--owner", owner))
    due_date = parse_date(due, "--due") if due else None
    from dagov.edit.new import new_recommendation
    from dagov.plan.lookup import area_id, role_id

    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        new = new_recommendation(plans, chosen, id, title, area_id(chosen, "--area", area, plans),
                                 role_id(now.tree, "--owner", owner), due_date,
                                 kind=kind.value if kind else None, text=text, timescale=timescale)
        _write(txn, now, plans, new.rel, new.data, force, "created {path}")


@app.command("action", epilog=EXIT_CODES)
def action(
    recommendation: str = typer.Argument(..., metavar="RECOMMENDATION", help="The recommendation to add the action to, e.g. R03.",
                                  autocompletion=complete_recommendations),
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP, autocompletion=complete_plans),
    title: str = typer.Option(None, "--title", help="What will be done."),
    owner: str = typer.Option(None, "--owner", metavar="ROLE", help=OWNER_HELP, autocompletion=complete_roles),
    due: str = typer.Option(None, "--due", metavar="DATE", help="When it is due (YYYY-MM-DD)."),
) -> None:
    """Append the next action to a recommendation's file, editing nothing else.

    The id follows on from the recommendation's actions: R03.5 after R03.4."""
    from dagov.edit import safepath

    safepath.identifier("RECOMMENDATION", recommendation, safepath.RECOMMENDATION)
    _check(plans, plan, ("--title", title), ("--owner", owner))
    due_date = parse_date(due, "--due") if due else None
    from dagov.plan.lookup import role_id

    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        _add_action(txn, now, plans, chosen, recommendation, title, role_id(now.tree, "--owner", owner), due_date)


def _add_action(txn, now, plans: str, chosen, recommendation: str, title, owner, due_date) -> None:
    import os

    from dagov.edit.new import new_action

    rec = chosen.recommendations.get(recommendation)
    if rec is None:
        from dagov.edit.update import refuse_unreadable
        from dagov.words import did_you_mean

        refuse_unreadable(now.tree, [chosen], recommendation)
        raise fail_usage(f"plan {chosen.id} has no recommendation '{recommendation}'"
                         f"{did_you_mean(recommendation, chosen.recommendations)}")
    path = rec.pos.path
    from dagov.edit.transaction import read_for_edit

    before = read_for_edit(path)
    action_id, after = new_action(before, path, recommendation, [a.id for a in rec.actions if a.id],
                                  title, owner, due_date)
    _write(txn, now, plans, os.path.relpath(path, plans).replace(os.sep, "/"), after, True,
           f"added action {action_id} to {{path}}", existing=before)


@app.command("meeting", epilog=EXIT_CODES)
def meeting(
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP, autocompletion=complete_plans),
    date: str = typer.Option(None, "--date", metavar="DATE", help="The meeting's date (YYYY-MM-DD; default today); also its id."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Create meetings/<date>.yaml: the board's members present, standard agenda items, and every
    board action still open listed in action_log for review."""
    _check(plans, plan, ("--date", date))
    day = parse_as_of(None) if date is None else parse_date(date, "--date")
    from dagov.edit.new import new_meeting

    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        new = new_meeting(plans, now.tree, chosen, day)
        _write(txn, now, plans, new.rel, new.data, force, "created {path}")


@app.command("paper", epilog=EXIT_CODES)
def paper(
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP, autocompletion=complete_plans),
    date: str = typer.Option(None, "--date", metavar="DATE", help="The paper's date (YYYY-MM-DD; default today)."),
    to: str = typer.Option(None, "--to", metavar="BOARD", help="The board it goes to (default: the plan's reports_to, else its board).",
                          autocompletion=complete_boards),
    from_: str = typer.Option(None, "--from", metavar="ROLE", help="The role it comes from, by id or title "
                              "(default: the plan's owner).", autocompletion=complete_roles),
    template: str = typer.Option(BOARD_PAPER, "--template", metavar="NAME", help="The template it is rendered with."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Create papers/<board initials>-<date>.yaml with the standard sections: Purpose, Background,
    Response to the report, Action plan (progress by area) and Recommendation."""
    from dagov.edit import safepath

    # the board's initials and the template name become file names
    safepath.identifier("--to", to, safepath.BOARD)
    safepath.identifier("--template", template, safepath.TEMPLATE)
    _check(plans, plan, ("--date", date), ("--from", from_))
    day = parse_as_of(None) if date is None else parse_date(date, "--date")
    from dagov.edit.new import new_paper
    from dagov.plan.lookup import role_id

    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        new = new_paper(plans, chosen, day, to, role_id(now.tree, "--from", from_), template)
        _write(txn, now, plans, new.rel, new.data, force, "created {path}")


@app.command("plan", epilog=EXIT_CODES)
def plan(
    plan_id: str = typer.Argument(..., metavar="ID", help="The new plan's id, also its folder's name, e.g. vaw-2015."),
    plans: str = plans_argument(),
    title: str = typer.Option(..., "--title", help="The plan's title."),
    board: str = typer.Option(..., "--board", metavar="BOARD", help="The board that oversees it (a board id from organisation.yaml)."),
    owner: str = typer.Option(..., "--owner", metavar="ROLE", help="The role accountable for the whole plan."),
    lead: str = typer.Option(..., "--lead", metavar="ROLE", help="The role that runs it day to day."),
    start: str = typer.Option(..., "--start", metavar="DATE", help="When it starts (YYYY-MM-DD)."),
    end: str = typer.Option(None, "--end", metavar="DATE", help="When it is due to end (YYYY-MM-DD)."),
    reports_to: str = typer.Option(None, "--reports-to", metavar="BOARD", help="The board it reports up to."),
    source_title: str = typer.Option(None, "--source-title", help="The inspection report it answers."),
    publisher: str = typer.Option(None, "--publisher", help="Who published the report, e.g. HMIC."),
    published: str = typer.Option(None, "--published", metavar="DATE", help="When the report was published (YYYY-MM-DD)."),
    area: list[str] = typer.Option(None, "--area", metavar="TITLE",
                                   help="A key area recommendations are grouped into; repeat (default: Leadership, "
                                        "Business processes, Training, Partnerships)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the files and write nothing."),
) -> None:
    """Add a plan to a repository that has one already: plans/<ID>/plan.yaml and its folders
    (recommendations/, meetings/, papers/). The report's details left out are left to fill in."""
    from dagov.edit import safepath

    safepath.identifier("ID", plan_id, safepath.PLAN)
    safepath.identifier("--board", board, safepath.BOARD)
    safepath.identifier("--reports-to", reports_to, safepath.BOARD)
    _check(plans, None, ("--title", title), ("--owner", owner), ("--lead", lead), ("--start", start), ("--end", end),
           ("--source-title", source_title), ("--publisher", publisher), ("--published", published))
    for title_of_area in area or ():
        safepath.texts(("--area", title_of_area))
    from dagov.cli.common import diff
    from dagov.cli.decided import refuse_if_errors
    from dagov.edit.init import DEFAULT_AREAS
    from dagov.edit.plans import PlanRequest, new_plan
    from dagov.edit.update import Edit

    request = PlanRequest(plan_id, title, board, owner, lead, parse_date(start, "--start"),
                          parse_date(end, "--end") if end else None, reports_to, source_title, publisher,
                          parse_date(published, "--published") if published else None,
                          tuple(area) if area else DEFAULT_AREAS)
    files, verdict = new_plan(plans, request, dry_run)
    import os

    where = os.path.join(plans, plan_id)
    refuse_if_errors(verdict, f"not written: {where} would add {{count}} error(s) to the plan")
    if dry_run:
        for new in files:
            typer.echo(diff(Edit(new.rel, os.path.join(plans, new.rel), b"", new.data, [])), nl=False)
        typer.echo(f"(dry run: {where} not created)")
        return
    typer.echo(f"created {where}: " + ", ".join(os.path.join(where, rel.split('/', 1)[1]) for rel in
                                                   (f.rel for f in files)))
    if verdict.placeholders:
        typer.echo(f"{len(verdict.placeholders)} value(s) still to fill in (`dagov check` lists them until they are):")
        for finding in verdict.placeholders:
            typer.echo(f"  {finding.path}:{finding.line}: {finding.message}")


@app.command("role", epilog=EXIT_CODES)
def role(
    id: str = typer.Argument(..., metavar="ID", help="The role's id: lower-case letters, digits and hyphens, e.g. head-of-custody."),
    plans: str = plans_argument(),
    title: str = typer.Option(..., "--title", help="The post's title, e.g. 'Head of Custody'."),
    holder: str = typer.Option(None, "--holder", metavar="NAME", help="Who holds the post now."),
) -> None:
    """Add a role (a post that owns work) at the end of the roles in organisation.yaml, editing nothing else.

    Owners are posts, not people: give the person as --holder, and when they move on change
    the holder, not the owners."""
    from dagov.edit import safepath
    from dagov.plan.format import ID as ID_PATTERN  # not at the top: shell completion must not load YAML

    safepath.identifier("ID", id, safepath.IdKind("role id", ID_PATTERN, "use lower-case letters, digits and hyphens, "
                                                                           "e.g. head-of-custody"))
    _check(plans, None, ("--title", title), ("--holder", holder))
    from dagov.edit.entries import new_role

    with writing(plans) as txn:
        now, _ = _load_tree(plans)
        entry = new_role(plans, now.tree, id, title, holder)
        _write(txn, now, plans, entry.rel, entry.after, True, f"added role {id} to {{path}}", existing=entry.before)


@app.command("area", epilog=EXIT_CODES)
def area(
    id: str = typer.Argument(..., metavar="ID", help="The key area's id: lower-case letters, digits and hyphens, e.g. victim-care."),
    plans: str = plans_argument(),
    plan: str = typer.Option(None, "--plan", metavar="ID", help=PLAN_HELP, autocompletion=complete_plans),
    title: str = typer.Option(..., "--title", help="The area's title, e.g. 'Victim care'."),
) -> None:
    """Add a key area at the end of the areas in the plan's plan.yaml, editing nothing else."""
    from dagov.edit import safepath
    from dagov.plan.format import ID as ID_PATTERN  # not at the top: shell completion must not load YAML

    safepath.identifier("ID", id, safepath.IdKind("area id", ID_PATTERN, "use lower-case letters, digits and hyphens, "
                                                                           "e.g. victim-care"))
    _check(plans, plan, ("--title", title))
    from dagov.edit.entries import new_area

    with writing(plans) as txn:
        now, chosen = _load(plans, plan)
        entry = new_area(plans, chosen, id, title)
        _write(txn, now, plans, entry.rel, entry.after, True, f"added area {id} to {{path}}", existing=entry.before)


def _load_tree(plans: str):
    """The plans as they are, checked (a role belongs to no one plan)."""
    from dagov.check.run import check

    return check(plans), None
