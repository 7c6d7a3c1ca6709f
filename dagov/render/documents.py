"""Rendering documents: a paper, the monthly progress report, minutes, an agenda, the action log.

Each function takes the loaded tree and returns the document as text, Markdown or
HTML; nothing here reads the clock or writes a file (the CLI does that).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from dagov.errors import UsageError
from dagov.plan.audience import INTERNAL
from dagov.plan.choice import plan_named
from dagov.plan.model import Meeting, Paper, Plan, Tree
from dagov.plan.people import organisation_of, tree_on
from dagov.render import minutes as minutesmod  # minutes() below renders them
from dagov.render import papers
from dagov.render.templating import Templates, british_date
from dagov.report.source import current_colophon

FORMATS = ("markdown", "html")

DRAFT = "DRAFT: not for circulation; rendered from plan files with errors (see dagov check)"
"""The mark of a document rendered with --draft, at the top and bottom of it (of every printed page in HTML)."""


def _finish(markdown: str, format: str, title: str, marking: str, templates: Templates, reference: str,
            draft: bool = False) -> str:
    """The document in its format; `reference` is printed at the foot of every HTML page, and a
    document rendered with --draft says DRAFT at the top and bottom (of every printed page in HTML)."""
    if format == "html":
        from dagov.render import html

        return html.page(markdown, title, marking, templates, reference, DRAFT if draft else None)
    if draft:
        return f"**{DRAFT}**\n\n{markdown.rstrip(chr(10))}\n\n**{DRAFT}**\n"
    return markdown


def paper(tree: Tree, plan: Plan, paper: Paper, as_of: dt.date, templates: Templates,
          format: str = "markdown", changes: str | None = None, audience: str | None = None, *,
          draft: bool = False, colophon: str | None = None) -> str:
    """A paper with its blocks generated as of `as_of` (give the paper's date to reproduce it as sent);
    `changes` is the Markdown of its changes-since-last-meeting block, read from git by the caller;
    `audience` public or internal (default from the paper's `foi`, see dagov.plan.audience);
    `colophon` where the figures come from (dagov.history.recorded; default: the current files)."""
    tree = tree_on(tree, paper.date or as_of)
    context = papers.paper_context(tree, plan, paper, as_of, templates, format, changes, audience)
    context["colophon"] = colophon or current_colophon(as_of)
    markdown = templates.render(papers.template_name(paper), context)
    header = context["header"]
    return _finish(markdown, format, header.subject, header.marking, templates, paper.id or header.subject, draft)


def progress_report(tree: Tree, plan: Plan, as_of: dt.date, templates: Templates, format: str = "markdown",
                    changes: str | None = None, *, draft: bool = False, colophon: str | None = None) -> str:
    """The monthly progress report of `plan` to its board as of a date, without a paper file: for the
    board, so internal (it has no FOI decision of its own)."""
    return paper(tree, plan, papers.progress_paper(tree, plan, as_of), as_of, templates, format, changes, INTERNAL,
                 draft=draft, colophon=colophon)


def minutes(tree: Tree, plan: Plan, meeting: Meeting, templates: Templates, format: str = "markdown", *,
            draft: bool = False, colophon: str | None = None) -> str:
    if meeting.date:
        tree = tree_on(tree, meeting.date)
    context = minutesmod.minutes_context(tree, plan, meeting) | {"format": format}
    if meeting.date:
        context["colophon"] = colophon or current_colophon(meeting.date)
    markdown = templates.render(minutesmod.MINUTES_TEMPLATE, context)
    title = f"{context['board_title']}: minutes of {british_date(meeting.date)}"
    return _finish(markdown, format, title, context["marking"], templates, f"{title} ({meeting.id})", draft)


def agenda(tree: Tree, plan: Plan, meeting: Meeting, templates: Templates, format: str = "markdown",
           as_of: dt.date | None = None, *, draft: bool = False, colophon: str | None = None) -> str:
    """The agenda and papers pack of a meeting, from the plan as of the day before it (or `as_of`),
    naming the post holders of the meeting's date."""
    from dagov.render import agenda as agendamod  # agenda() is this function

    if meeting.date:
        tree = tree_on(tree, meeting.date)
    context = agendamod.agenda_context(tree, plan, meeting, as_of) | {"format": format}
    if meeting.date:
        context["colophon"] = colophon or current_colophon(as_of or meeting.date - dt.timedelta(days=1))
    markdown = templates.render(agendamod.AGENDA_TEMPLATE, context)
    title = f"{context['board_title']}: agenda for {british_date(meeting.date)}"
    return _finish(markdown, format, title, context["marking"], templates, f"{title} ({meeting.id})", draft)


def action_log(tree: Tree, board: str, as_of: dt.date, templates: Templates, format: str = "markdown", *,
               draft: bool = False, colophon: str | None = None) -> str:
    tree = tree_on(tree, as_of)
    context = minutesmod.action_log_context(tree, board, as_of) | {"format": format,
                                                                    "colophon": colophon or current_colophon(as_of)}
    markdown = templates.render(minutesmod.ACTION_LOG_TEMPLATE, context)
    title = f"{context['board_title']}: action log at {british_date(as_of)}"
    return _finish(markdown, format, title, organisation_of(tree).config.marking, templates, title, draft)


# --- choosing what to render ----------------------------------------------------------


class NotFound(UsageError):
    """The paper, plan, meeting or board asked for is not there; the message says what is."""


def _unknown(kind: str, value: str, known) -> NotFound:
    from dagov.report.figures import no_such

    return NotFound(no_such(kind, value, known))


def locate_paper(path: str | os.PathLike) -> tuple[str, str]:
    """(plans directory, plan folder) of a paper file, which must be <plans>/<plan>/papers/<id>.yaml.

    The path is resolved first, so `papers/x.yaml` given inside a plan folder, `./x.yaml`
    inside papers/ and `plans/a/../a/papers/x.yaml` all find the same plans directory;
    it is shown relative to the working directory, as the user would type it."""
    file = Path(os.path.realpath(path))
    if file.parent.name != "papers" or file.suffix != ".yaml":
        raise NotFound(f"{path} is not a paper file; papers live in <plans>/<plan>/papers/<id>.yaml")
    plans = file.parent.parent.parent
    if not (plans / "organisation.yaml").is_file():
        raise NotFound(f"{path} is not in a plans directory: {_relative(plans)} has no organisation.yaml; papers "
                       "live in <plans>/<plan>/papers/<id>.yaml")
    return _relative(plans), file.parent.parent.name


def _relative(path: Path) -> str:
    return os.path.relpath(path)


def find_paper(tree: Tree, plan_folder: str, path: str | os.PathLike) -> tuple[Plan, Paper]:
    plan = tree.plans.get(plan_folder)
    if plan is None:
        raise NotFound(f"{_relative(Path(os.path.realpath(path)).parent.parent)} has no plan.yaml, so {path} is not "
                       "part of a plan")
    wanted = Path(path).resolve()
    for item in plan.papers.values():
        if Path(item.pos.path).resolve() == wanted:
            return plan, item
    raise NotFound(f"{path} could not be read as a paper; run dagov check to see why")


def find_meeting(tree: Tree, meeting_id: str, plan_id: str | None) -> tuple[Plan, Meeting]:
    plans = [plan_named(tree, plan_id)] if plan_id is not None else list(tree.plans.values())
    found = [(plan, plan.meetings[meeting_id]) for plan in plans if meeting_id in plan.meetings]
    if len(found) == 1:
        return found[0]
    if found:
        raise NotFound(f"meeting {meeting_id} is in plans {', '.join(sorted(p.id or '' for p, _ in found))}; "
                       "choose one with --plan")
    raise _unknown("meeting", meeting_id, (m for plan in plans for m in plan.meetings))


def choose_board(tree: Tree, board_id: str | None) -> str:
    """The board asked for, or the only board whose meetings are recorded."""
    boards = organisation_of(tree).boards
    if board_id is not None:
        if board_id not in boards:
            raise _unknown("board", board_id, boards)
        return board_id
    meeting = sorted({m.board for plan in tree.plans.values() for m in plan.meetings.values() if m.board})
    if len(meeting) == 1:
        return meeting[0]
    raise NotFound(f"meetings of {len(meeting)} boards are recorded; choose one with --board "
                   f"(boards: {', '.join(sorted(boards)) or 'none'})")
