"""`dagov render`: board papers, the monthly progress report, minutes, agendas and the action log."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path, PurePath

import typer

from dagov.cli.common import (
    HELP_OPTIONS,
    complete_boards,
    complete_meetings,
    complete_paper_files,
    complete_plans,
    fail_usage,
    parse_as_of,
    plans_argument,
    require_plans_dir,
)

EXIT_CODES = """Exit codes: 0 rendered; 1 refused (the plans have errors, a template is wrong, or the
output file exists without --force); 2 usage error (unknown option, missing file or folder,
unknown plan, meeting or board)."""

HELP = """Render board papers, the monthly progress report, meeting minutes, a meeting's agenda
and papers pack, and the board's action log as Markdown, a self-contained HTML page or an A4 PDF,
from Jinja2 templates.

Figures are those of `dagov status` for the same date. Built-in templates can be
overridden by files of the same name in the templates/ folder beside the plans
directory, or in --templates DIR (see docs/templates.md). Output goes to standard output unless -o is given."""

app = typer.Typer(help=HELP + "\n\n" + EXIT_CODES, no_args_is_help=True, rich_markup_mode=None,
                  context_settings=HELP_OPTIONS)


class Format(str, enum.Enum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"

    @property
    def rendered(self) -> str:
        """The format the document is rendered in: a PDF is the HTML page, printed."""
        return "html" if self is Format.pdf else self.value


class Audience(str, enum.Enum):
    public = "public"
    internal = "internal"


def _out():
    return typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of standard output "
                        "(atomically; refuses to overwrite an existing file unless --force).")


def _force():
    return typer.Option(False, "--force", help="Overwrite the -o file if it exists.")


def _format():
    return typer.Option(Format.markdown, "--format", "-f",
                        help="markdown (GitHub-flavoured, with Mermaid charts), html (one self-contained "
                             "page with drawn charts, printable on A4, with the protective marking on every page) "
                             "or pdf (that page printed on A4; needs -o and pip install 'dagov[pdf]').")


def _draft():
    return typer.Option(False, "--draft", help="Render even when files the document reads have errors, with DRAFT "
                        "at the top and bottom of every page (errors in other files never stop a document).")


def _templates():
    return typer.Option(None, "--templates", metavar="DIR", help="A folder of templates that override the built-in ones by "
                        "name (default: templates/ beside the plans directory, if it exists).")


def _as_of(what: str):
    return typer.Option(None, "--as-of", metavar="DATE", help=f"Figures as they stood on this date (YYYY-MM-DD); default {what}.")


def load_checked(plans: str, done: str):
    """The checked tree; refuse (exit 1), saying nothing was `done`, when the plans have any error
    (a website is made of every plan's public files, so every file counts)."""
    from dagov.check import run

    result = run.check(plans)
    # A paper's missing template changes no figure, and --templates may hold it.
    errors = [f for f in result.findings if f.severity == "error" and f.rule != "unknown-template"]
    if errors:
        shown = "".join(f.as_text() + "\n" for f in errors[:10])
        more = f"... and {len(errors) - 10} more\n" if len(errors) > 10 else ""
        verb = {"rendered": "render", "published": "publish"}.get(done, done)
        typer.echo(f"{shown}{more}dagov: {run.summary(result)}; nothing was {done} because figures from "
                   f"files with errors could be wrong. Fix them (dagov check {plans}) and {verb} again.", err=True)
        raise typer.Exit(1)
    return result.tree


def _checked(plans: str):
    """The plans read and checked once; whether their errors matter depends on the document (see _judge)."""
    from dagov.check import run

    return run.check(plans)


def _judge(result, reads, draft: bool, document: str) -> None:
    """Refuse (exit 1) when a file `document` reads (`reads`, a dagov.render.reads.Reads) has an error,
    since figures from it could be wrong, unless --draft; say which errors elsewhere were left aside."""
    from dagov.check import run
    from dagov.textsafe import one_line
    from dagov.words import plural

    # A paper's missing template changes no figure, and --templates may hold it: rendering that paper says so.
    errors = [f for f in result.findings if f.severity == "error" and f.rule != "unknown-template"]
    blocking = [f for f in errors if f.path in reads]
    aside = reads.left_aside(f.path for f in errors)
    if aside:
        named = ", ".join(one_line(p) for p in aside[:3]) + (f" and {len(aside) - 3} more" if len(aside) > 3 else "")
        typer.echo(f"dagov: {plural(len(errors) - len(blocking), 'error')} in {plural(len(aside), 'file')} this "
                   f"{document} does not read ({named}) left aside; dagov check {result.tree.root} lists them", err=True)
    if not blocking:
        return
    shown = "".join(f.as_text() + "\n" for f in blocking[:10])
    more = f"... and {len(blocking) - 10} more\n" if len(blocking) > 10 else ""
    if draft:
        typer.echo(f"{shown}{more}dagov: rendered as a DRAFT with {plural(len(blocking), 'error')} in the files it "
                   "reads: its figures could be wrong, and every page is marked DRAFT", err=True)
        return
    summary = run.summary(result) if not aside else f"{plural(len(blocking), 'error')} in the files this {document} reads"
    typer.echo(f"{shown}{more}dagov: {summary}; nothing was rendered because figures from files with errors "
               f"could be wrong. Fix them (dagov check {result.tree.root}) and render again, or add --draft for a "
               "copy marked DRAFT on every page.", err=True)
    raise typer.Exit(1)


def _to_fill_in(finding, meeting_id: str, plan: str | None) -> bool:
    """An empty or missing value in the file of meeting `meeting_id` (of `plan`, when given)."""
    path = PurePath(finding.path)
    return (finding.rule == "missing-field" and path.stem == meeting_id and path.parent.name == "meetings"
            and (plan is None or path.parent.parent.name == plan))


def _templates_for(folder: str | None, output: str | None, plans: str, format: Format = Format.markdown):
    """The templates to render with, after checking --templates, -o and that a PDF can be made
    (before any slow work)."""
    from dagov.edit import safepath
    from dagov.render.templating import Templates

    if format is Format.pdf:
        if output is None:
            raise fail_usage("--format pdf writes a file: give -o FILE, e.g. -o paper.pdf")
        from dagov.render import pdf

        pdf.check_available()
    if folder is not None:
        safepath.existing_folder("--templates", folder, ".md.j2 templates")
    if output is not None:
        safepath.output_file("-o", output)
    return Templates.find(folder, plans)


def _prepare(plans: str, templates: str | None, output: str | None, format: Format):
    """Usage checks first (cheap), then the checked plans: (check result, templates)."""
    require_plans_dir(plans)
    chosen = _templates_for(templates, output, plans, format)
    return _checked(plans), chosen


def _emit(produce, output: str | None, force: bool, plans, format: Format = Format.markdown) -> None:
    """Run `produce()` and print or write what it returns (as a PDF for --format pdf).

    An -o file inside the plans directory is written under its lock, like any other writer."""
    from dagov.edit import output as out  # `output` is the -o argument here
    from dagov.textsafe import printable

    # A paper is for a terminal or a browser: control characters from plan files (a YAML
    # "\e" escape) are shown as escapes, never passed on (see dagov.textsafe).
    text = printable(produce())
    if output is None:
        typer.echo(text, nl=False)
        return
    data: str | bytes = text
    if format is Format.pdf:
        from dagov.render import pdf

        data = pdf.html_to_pdf(text)
    try:
        out.write_new(output, data, force, plans)
    except (FileNotFoundError, IsADirectoryError):  # its folder went, or a folder came, since the check
        from dagov.edit import safepath

        safepath.output_file("-o", output)  # say it as the check does
        raise fail_usage(f"-o {output} could not be written: its folder changed while dagov was working; "
                         "run the command again") from None
    typer.echo(f"dagov: wrote {output}", err=True)


def _recorded_option():
    return typer.Option(False, "--recorded", help="Figures from the plans as committed in git at the end of the "
                        "date (see docs/history.md); the document's colophon says which source it used.")


def _source(tree, plans: str, day, recorded: bool):
    """(tree, colophon): the plans as committed at the end of `day` when `recorded` and history reaches
    it, else the current tree; the colophon line says which (dagov.history.recorded)."""
    from dagov.history.recorded import current, recorded_tree

    if not recorded:
        return tree, current(day).colophon
    then, source = recorded_tree(plans, day)
    return (then or tree), source.colophon


def paper_text(tree, root: str, plan, item, when, chosen, format: str, audience: str | None, current: bool,
               draft: bool = False):
    """(the rendered paper, its Source). The paper's own words are today's file (an issued copy
    freezes them); its figures are the plan as recorded on its date when the history holds it,
    unless `current`."""
    from dagov.history.recorded import current as current_source
    from dagov.history.recorded import recorded_tree
    from dagov.render import documents

    then, source = (None, current_source(when)) if current else recorded_tree(root, when, newer_only=True)
    plan_then = then.plans.get(plan.folder) if then is not None else None
    if then is None or plan_then is None:  # (a plan folder added after the paper's date)
        then, plan_then, source = tree, plan, current_source(when, source.reason)
    text = documents.paper(then, plan_then, item, when, chosen, format, _changes(tree, plan, item, when), audience,
                           draft=draft, colophon=source.colophon)
    return text, source


def _issued_copy(item, format: str, paper_file: str) -> str:
    from dagov.plan.issued import copy_path

    path = copy_path(item, format)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except OSError:
        raise fail_usage(f"{paper_file} was issued on {item.issued.date}, but it has no issued {format} copy "
                         f"({path}); give --rerender to render it afresh") from None


def _changes(tree, plan, paper, as_of) -> str | None:
    """The changes-since-last-meeting block of `paper`, read from git here, at the command line,
    and handed to rendering (which never reads history); None when the paper does not include it."""
    from dagov.history.report import changes_block
    from dagov.render import papers

    if not papers.includes(paper, papers.CHANGES_BLOCK):
        return None
    return changes_block(tree.root, plan.folder, as_of, papers.period_start(plan, paper, as_of))


@app.command("paper", epilog=EXIT_CODES)
def paper(
    paper_file: str = typer.Argument(..., metavar="FILE", help="The paper file, e.g. plans/da-2014/papers/bcb-2014-06-12.yaml.",
                                     autocompletion=complete_paper_files),
    output: str | None = _out(),
    force: bool = _force(),
    as_of: str | None = _as_of("the paper's date, so a paper renders as it did on its day"),
    format: Format = _format(),
    templates: str | None = _templates(),
    audience: Audience | None = typer.Option(
        None, "--audience", help="public leaves out the sections marked 'audience: internal' and the blocks and parts "
        "of blocks that quote updates or question owners (the paper says what it left out); internal prints "
        "everything (default: public for a paper with 'foi: disclosable', else internal)."),
    current: bool = typer.Option(False, "--current", help="Figures reconstructed from the current files, even where "
                                 "the git history holds the plans as recorded on the paper's date (the default "
                                 "when it does, so later commits and edits never change an old paper)."),
    rerender: bool = typer.Option(False, "--rerender", help="For an issued paper: render it afresh instead of "
                                  "printing its issued copy (papers/issued/)."),
    draft: bool = _draft(),
) -> None:
    """Render a board paper: its header, numbered sections and paragraphs, and the blocks it
    includes (progress by area, exceptions, charts ...) generated from the plan as of its date."""
    from dagov.render import documents, reads

    if not Path(paper_file).is_file():
        raise fail_usage(f"paper file '{paper_file}' not found; give the path of a paper, "
                         "e.g. plans/da-2014/papers/bcb-2014-06-12.yaml")
    date = parse_as_of(as_of) if as_of is not None else None
    root, folder = documents.locate_paper(paper_file)
    chosen = _templates_for(templates, output, root, format)
    result = _checked(root)
    tree = result.tree
    _judge(result, reads.of_paper(tree, folder, paper_file, date), draft, "paper")
    plan, item = documents.find_paper(tree, folder, paper_file)

    def produce() -> str:
        if item.issued is not None and not (rerender or current or date or audience):
            return _issued_copy(item, format.rendered, paper_file)
        when = date or item.date
        if when is None:  # only with --draft: a paper without a date is an error, refused without it
            raise fail_usage(f"{paper_file} has no date; give one with --as-of")
        return paper_text(tree, root, plan, item, when, chosen, format.rendered,
                          audience.value if audience else None, current, draft=draft)[0]

    _emit(produce, output, force, tree.root, format)


@app.command("progress", epilog=EXIT_CODES)
def progress_report(
    plans: str = plans_argument(),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="The plan to report on (default: the only active plan).",
                                    autocompletion=complete_plans),
    as_of: str | None = _as_of("today"),
    output: str | None = _out(),
    force: bool = _force(),
    format: Format = _format(),
    templates: str | None = _templates(),
    recorded: bool = _recorded_option(),
    draft: bool = _draft(),
) -> None:
    """Render the monthly progress report of a plan to the board that oversees it, as of a date,
    without a paper file: figures at a glance, then every block (progress by area, exceptions,
    closures, extensions, meetings, charts)."""
    from dagov.plan.choice import choose_plan
    from dagov.render import documents, papers, reads

    date = parse_as_of(as_of)
    result, chosen = _prepare(plans, templates, output, format)
    tree = result.tree
    _judge(result, reads.of_progress(tree, plan, date), draft, "report")
    chosen_plan = choose_plan(tree, plan)

    def produce() -> str:
        changes = _changes(tree, chosen_plan, papers.progress_paper(tree, chosen_plan, date), date)
        then, colophon = _source(tree, plans, date, recorded)
        return documents.progress_report(then, then.plans.get(chosen_plan.folder, chosen_plan), date, chosen,
                                         format.rendered, changes, draft=draft, colophon=colophon)

    _emit(produce, output, force, tree.root, format)


@app.command("minutes", epilog=EXIT_CODES)
def minutes(
    meeting_id: str = typer.Argument(..., metavar="ID", help="The meeting's id (its file name without .yaml), e.g. 2014-06-11.",
                                     autocompletion=complete_meetings),
    plans: str = plans_argument(),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="The plan whose meeting it is, when several plans have one "
                                    "with this id.", autocompletion=complete_plans),
    output: str | None = _out(),
    force: bool = _force(),
    format: Format = _format(),
    templates: str | None = _templates(),
    recorded: bool = _recorded_option(),
    draft: bool = _draft(),
) -> None:
    """Render the minutes of a board meeting: board, date, venue, chair, present, apologies,
    review of the action log, each item with its minutes, decisions and actions arising."""
    from dagov.render import documents, reads

    result, chosen = _prepare(plans, templates, output, format)
    tree = result.tree
    _judge(result, reads.of_minutes(tree, meeting_id, plan), draft, "document")
    owner, meeting = documents.find_meeting(tree, meeting_id, plan)

    def produce() -> str:
        if not recorded or meeting.date is None:
            return documents.minutes(tree, owner, meeting, chosen, format.rendered, draft=draft)
        then, colophon = _source(tree, plans, meeting.date, recorded)
        owner_then = then.plans.get(owner.folder)
        meeting_then = owner_then.meetings.get(meeting.id or "") if owner_then else None
        if owner_then is None or meeting_then is None:  # recorded later than its date
            return documents.minutes(tree, owner, meeting, chosen, format.rendered, draft=draft)
        return documents.minutes(then, owner_then, meeting_then, chosen, format.rendered, draft=draft,
                                 colophon=colophon)

    _emit(produce, output, force, tree.root, format)


@app.command("agenda", epilog=EXIT_CODES)
def agenda(
    meeting_id: str = typer.Argument(..., metavar="ID", help="The meeting's id (its file name without .yaml), e.g. 2014-11-12.",
                                     autocompletion=complete_meetings),
    plans: str = plans_argument(),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="The plan whose meeting it is, when several plans have one "
                                    "with this id."),
    as_of: str | None = _as_of("the day before the meeting, so nothing it decided is in the figures yet"),
    output: str | None = _out(),
    force: bool = _force(),
    format: Format = _format(),
    templates: str | None = _templates(),
    draft: bool = _draft(),
    recorded: bool = _recorded_option(),
) -> None:
    """Render the agenda and papers pack of a board meeting, from the plan as it stood when the
    meeting opened: apologies, the previous minutes for approval, the board's open action log,
    progress and papers, recommendations ready for closure with their evidence, extension
    requests and overdue actions, blocked and stale actions, and the decisions needed.

    The meeting's own file may still have values to fill in (a file made by `dagov new meeting`
    before the meeting): they are named on standard error, and the agenda is rendered."""
    import dataclasses

    from dagov.render import documents, reads

    date = parse_as_of(as_of) if as_of is not None else None
    result, chosen = _prepare(plans, templates, output, format)
    unfinished = [f for f in result.findings if _to_fill_in(f, meeting_id, plan)]
    if unfinished:
        typer.echo(f"dagov: {unfinished[0].path} still has {len(unfinished)} value(s) to fill in, its minutes "
                   "among them; the agenda does not depend on them", err=True)
        result = dataclasses.replace(result, findings=[f for f in result.findings if f not in unfinished])
    tree = result.tree
    _judge(result, reads.of_agenda(tree, meeting_id, plan, date), draft, "agenda")

    def produce() -> str:
        owner, meeting = documents.find_meeting(tree, meeting_id, plan)
        if not recorded or meeting.date is None:
            return documents.agenda(tree, owner, meeting, chosen, format.rendered, date, draft=draft)
        # The meeting's own file is today's (it is often written after the day the figures are from).
        then, colophon = _source(tree, plans, date or meeting.date - dt.timedelta(days=1), recorded)
        return documents.agenda(then, then.plans.get(owner.folder, owner), meeting, chosen, format.rendered, date,
                                draft=draft, colophon=colophon)

    _emit(produce, output, force, tree.root, format)


@app.command("action-log", epilog=EXIT_CODES)
def action_log(
    plans: str = plans_argument(),
    board: str | None = typer.Option(None, "--board", metavar="ID", help="The board (default: the only board with meetings "
                                     "recorded).", autocompletion=complete_boards),
    as_of: str | None = _as_of("today"),
    output: str | None = _out(),
    force: bool = _force(),
    format: Format = _format(),
    templates: str | None = _templates(),
    recorded: bool = _recorded_option(),
    draft: bool = _draft(),
) -> None:
    """Render a board's action log across all its meetings (and plans): each action's id, the
    meeting that raised it, text, owner, due date, status from its latest review, and when it
    was discharged."""
    from dagov.render import documents, reads

    date = parse_as_of(as_of)
    result, chosen = _prepare(plans, templates, output, format)
    tree = result.tree
    _judge(result, reads.of_action_log(tree, board, date), draft, "action log")

    def produce() -> str:
        then, colophon = _source(tree, plans, date, recorded)
        return documents.action_log(then, documents.choose_board(then, board), date, chosen, format.rendered,
                                    draft=draft, colophon=colophon)

    _emit(produce, output, force, tree.root, format)
