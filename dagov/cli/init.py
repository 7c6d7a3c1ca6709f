"""`dagov init`: scaffold a new governance repository."""

from __future__ import annotations

import sys

import typer

from dagov.cli.common import fail_usage, parse_as_of, parse_date, writing

HELP = """Create a new governance repository in DIR: plans/organisation.yaml with a few roles
and the board, one plan with its key areas and empty recommendations/, meetings/ and
papers/ folders, a templates/ folder, a pre-commit configuration and a GitHub Actions
workflow that run `dagov check`, and a short README. The result passes `dagov check`.

On a terminal, dagov asks for every value not given as an option (a bad answer is asked
again, saying what is wrong); in scripts, give --organisation (the rest have defaults). A folder that is not empty is refused unless
--force, and even then no existing file is replaced."""

EXIT_CODES = """Exit codes: 0 created; 1 refused (DIR is not empty, or the result would not pass
`dagov check`); 2 usage error (missing --organisation without a terminal, bad id or date)."""


def _interactive() -> bool:
    """Ask questions only when a person is at a terminal; scripts give options."""
    return sys.stdin.isatty()


def _ask(value, question: str, default=None, interactive: bool = False, read=None):
    """`value` if given as an option; else, on a terminal, the answer to `question`, asked again, with
    what is wrong, until `read(answer)` takes it (it returns (value, None), or (None, why not)); else
    `default`."""
    if value is not None or not interactive:
        return value if value is not None else default
    while True:
        # text, always: a date default would make typer parse the answer itself, as ISO only
        answer = typer.prompt(question, default=None if default is None else str(default), type=str)
        if read is None:
            return answer
        taken, problem = read(answer)
        if problem is None:
            return taken
        typer.echo(f"  {problem}; try again")


def _id(kind):
    """A reader of an id typed at the prompt: the id, or why it is none, with one made from it."""

    def read(answer: str):
        from dagov.edit import init as lib
        from dagov.edit import safepath

        answer = answer.strip()
        problem = safepath.id_problem(answer, kind)
        if problem:
            made = lib.slug(answer, "")
            hint = f" ('{made}' would do)" if made and not safepath.id_problem(made, kind) else ""
            return None, f"'{safepath.shown(answer)}' is not a valid {kind.what}: {problem}{hint}"
        return answer, None

    return read


def _text(what: str):
    def read(answer: str):
        return (answer.strip(), None) if answer.strip() else (None, f"give {what}")

    return read


def _date(answer: str):
    """A date typed at the prompt, in any form the date options take; its reading said when not ISO."""
    from dagov.plan.dates import read_date

    reading = read_date(answer.strip())
    if reading.date is None:
        return None, f"'{answer}' is {reading.problem}; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 2014-06-12"
    if answer.strip() != reading.date.isoformat():
        typer.echo(f"  read as {reading.date.isoformat()}{' (day/month/year)' if reading.day_first else ''}")
    return reading.date, None


def _areas(answer: str):
    """Key areas typed at the prompt, separated by commas; each once."""
    from dagov.edit import init as lib

    areas = tuple(a.strip() for a in answer.split(",") if a.strip())
    if not areas:
        return None, "give at least one key area, e.g. Leadership, Training"
    seen: dict[str, str] = {}
    for area in areas:
        if lib.slug(area) in seen:
            return None, f"'{seen[lib.slug(area)]}' and '{area}' would be the same area ({lib.slug(area)})"
        seen[lib.slug(area)] = area
    return areas, None


def init(
    directory: str = typer.Argument(".", metavar="DIRECTORY",
                                    help="Where to create the repository (created if missing; the folder above it must exist)."),
    organisation: str = typer.Option(None, "--organisation", metavar="NAME", help="The organisation's name, e.g. 'Wessex Vale Police'."),
    plan: str = typer.Option(None, "--plan", metavar="ID", help="The plan's id (its folder name) [default: action-plan]."),
    plan_title: str = typer.Option(None, "--plan-title", help="The plan's title [default: '<organisation> action plan']."),
    board: str = typer.Option(None, "--board", metavar="ID", help="The overseeing board's id [default: oversight-board]."),
    board_title: str = typer.Option(None, "--board-title", help="The board's name [default: from its id]."),
    report: str = typer.Option(None, "--report", help="Title of the inspection report the plan answers."),
    publisher: str = typer.Option(None, "--publisher", metavar="NAME", help="Who published the report [default: HMIC]."),
    published: str = typer.Option(None, "--published", metavar="DATE", help="When the report was published (YYYY-MM-DD) [default: the start date]."),
    start: str = typer.Option(None, "--start", metavar="DATE", help="When the plan starts (YYYY-MM-DD) [default: today]."),
    area: list[str] = typer.Option(None, "--area", metavar="TITLE",
                                   help="A key area of the plan; repeat for each [default: Leadership, Business "
                                        "processes, Training, Partnerships]."),
    force: bool = typer.Option(False, "--force", help="Write into a folder that is not empty (existing files are kept)."),
) -> None:
    from dagov.edit import init as lib  # this command function is called init
    from dagov.edit import safepath

    root = safepath.output_folder("DIR", directory, "give a folder for the new repository")
    interactive = _interactive()
    # The plan's id is a folder name and the board's is a key: both the format's id pattern (answers
    # typed at the prompt are held to it there).
    safepath.identifier("--plan", plan, safepath.PLAN)
    safepath.identifier("--board", board, safepath.BOARD)
    # On a terminal every value written is asked, in the order of the files; a bad answer is asked again.
    organisation = _ask(organisation, "Organisation name", interactive=interactive, read=_text("the organisation's name"))
    if not organisation or not organisation.strip():
        raise fail_usage("give the organisation's name with --organisation \"Wessex Vale Police\"")
    plan = _ask(plan, "Plan id (lower-case letters, digits, hyphens)", "action-plan", interactive, _id(safepath.PLAN))
    # the titles' defaults are made from other answers (by dagov.edit.init, when nobody is asked)
    plan_title = _ask(plan_title, "Plan title", f"{organisation.strip()} action plan" if interactive else None, interactive,
                      _text("the plan's title"))
    board = _ask(board, "Id of the board that oversees the plan", "oversight-board", interactive, _id(safepath.BOARD))
    board_title = _ask(board_title, "Board name", lib.title_from_id(board) if interactive else None, interactive,
                       _text("the board's name"))
    report = _ask(report, "Title of the inspection report", "Inspection report", interactive, _text("the report's title"))
    publisher = _ask(publisher, "Who published the report", "HMIC", interactive, _text("who published the report"))
    start_date = (parse_date(start, "--start") if start is not None
                  else _ask(None, "Date the plan starts", parse_as_of(None), interactive, _date))
    published_date = (parse_date(published, "--published") if published is not None
                      else _ask(None, "Date the report was published", start_date, interactive, _date))
    if area:
        areas = tuple(area)
    else:
        areas = _ask(None, "Key areas of the plan, separated by commas", ", ".join(lib.DEFAULT_AREAS), interactive,
                     _areas) if interactive else lib.DEFAULT_AREAS
    safepath.texts(("--organisation", organisation), ("--plan-title", plan_title), ("--board-title", board_title),
                   ("--report", report), ("--publisher", publisher), ("--area", area))
    answers = lib.Answers(
        organisation=organisation.strip(), start=start_date, plan=plan, plan_title=plan_title, board=board,
        board_title=board_title, report=report, publisher=publisher or "HMIC",
        published=published_date, areas=areas or lib.DEFAULT_AREAS)
    if not lib.is_empty_folder(root) and not force:
        typer.echo(f"dagov: {directory} is not empty; run `dagov init` in a new folder, or add --force to add "
                   "the missing files (existing files are never replaced)", err=True)
        raise typer.Exit(1)
    files = lib.scaffold(root, answers)
    # --force into a folder whose plans/ (say) is a symbolic link leading elsewhere
    for rel in files:
        safepath.inside(root, rel, "the folder")
    with writing(root / "plans", root=root, create=True) as txn:
        skipped = [rel for rel in files if (root / rel).exists()]
        for rel, data in files.items():
            if rel not in skipped:
                txn.add(rel, data)
        _refuse_if_invalid(root, txn.plan_changes())
        written = txn.commit()
    for path in written:
        typer.echo(f"created {path}")
    for rel in skipped:
        typer.echo(f"kept    {root / rel} (already there)")
    typer.echo(f"\nNext: cd {directory} && git init && dagov check plans")


def _refuse_if_invalid(root, changes: dict[str, bytes]) -> None:
    """`changes`: the new files in the plans directory, relative to it."""
    from dagov.check.run import check
    from dagov.edit.transaction import OverlayFiles
    from dagov.plan.files import DiskFiles
    from dagov.plan.findings import ERROR

    plans = root / "plans"
    errors = [f for f in check(plans, source=OverlayFiles(DiskFiles(plans), changes)).findings if f.severity == ERROR]
    if errors:
        typer.echo("dagov: nothing written: the new plans would not pass `dagov check`:", err=True)
        for finding in errors:
            typer.echo("  " + finding.as_text(), err=True)
        raise typer.Exit(1)
