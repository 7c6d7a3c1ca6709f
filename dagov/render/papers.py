"""A paper ready for its template: header, numbered sections, generated blocks.

People write a paper's prose in `papers/<id>.yaml`; this module numbers its sections,
generates the blocks it includes from the plan as of the paper's date, and hands the
lot to the paper's template. `progress_paper` makes the monthly progress report of a
plan without a paper file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from dagov.plan.model import Paper, Plan, Section, Tree
from dagov.plan.people import organisation_of
from dagov.plan.vocabulary import DISCLOSABLE, NOT_DISCLOSABLE, PROGRESS_REPORT
from dagov.render.blocks import BlockContext, render_block
from dagov.render.templating import MARKDOWN_SUFFIX, Templates, british_date
from dagov.report.figures import plan_figures

PROGRESS_SECTIONS = (
    ("Progress by key area", "progress-by-area"),
    ("Exceptions", "exceptions"),
    ("Closures", "closures"),
    ("Due dates moved", "extensions"),
    ("Changes since the last meeting", "changes-since-last-meeting"),
    ("Board meetings in the period", "meetings"),
    ("Progress over time", "status-chart"),
    ("Timeline", "timeline"),
)


@dataclass(frozen=True)
class Paragraph:
    number: str
    """"2.3": the section's number, a dot, the paragraph's place in it."""
    text: str


@dataclass(frozen=True)
class SectionView:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    include: str | None
    block: Markup | None


@dataclass(frozen=True)
class Header:
    organisation: str
    to: str
    from_: str
    from_holder: str | None
    date: dt.date
    subject: str
    marking: str
    disclosable: bool


def previous_meeting(plan: Plan, board: str | None, before: dt.date) -> dt.date | None:
    """The date of the last meeting of `board` recorded in the plan before `before`."""
    dates = [m.date for m in plan.meetings_by_date if m.board == board and m.date is not None and m.date < before]
    return dates[-1] if dates else None


def period_start(plan: Plan, paper: Paper, as_of: dt.date) -> dt.date:
    """Where the paper's period starts: its `since`, else the board's previous meeting, else the plan's start."""
    return paper.since or previous_meeting(plan, paper.to, as_of) or plan.start or as_of


def progress_paper(tree: Tree, plan: Plan, as_of: dt.date) -> Paper:
    """The monthly progress report of a plan to its board, as a paper with every block and no prose."""
    sections = tuple(Section(title, (), include) for title, include in PROGRESS_SECTIONS)
    title = plan.title or plan.id or "Action plan"
    return Paper(id=f"progress-{plan.id}-{as_of.isoformat()}", template=PROGRESS_REPORT, to=plan.board,
                 from_=plan.lead, date=as_of, subject=f"{title}: progress report, {british_date(as_of, 'month')}",
                 classification=None, foi=DISCLOSABLE, since=None, sections=sections)


def template_name(paper: Paper) -> str:
    return f"{paper.template}{MARKDOWN_SUFFIX}"


CHANGES_BLOCK = "changes-since-last-meeting"


def includes(paper: Paper, block: str) -> bool:
    """Whether a section of `paper` includes `block` (the caller then works out what it needs)."""
    return any(section.include == block for section in paper.sections)


def paper_context(tree: Tree, plan: Plan, paper: Paper, as_of: dt.date, templates: Templates,
                  format: str = "markdown", changes: str | None = None) -> dict:
    """Everything a paper template receives (documented in docs/templates.md); `changes` is the
    Markdown of the changes block, when the paper includes it."""
    organisation = organisation_of(tree)
    figures = plan_figures(tree, plan, as_of)
    since = period_start(plan, paper, as_of)
    ctx = BlockContext(tree, plan, figures, since, templates, format, changes)
    sections = tuple(_section(ctx, number, section) for number, section in enumerate(paper.sections, start=1))
    board = organisation.boards.get(paper.to or "")
    author = organisation.roles.get(paper.from_ or "")
    header = Header(
        organisation=organisation.name or "",
        to=(board.title if board and board.title else paper.to) or "",
        from_=ctx.role(paper.from_),
        from_holder=author.holder if author else None,
        date=paper.date or as_of,
        subject=paper.subject or "",
        marking=paper.classification or organisation.config.marking,
        disclosable=paper.foi != NOT_DISCLOSABLE,
    )
    return {**ctx.template_context(), "paper": paper, "header": header, "sections": sections}


def _section(ctx: BlockContext, number: int, section: Section) -> SectionView:
    paragraphs = tuple(Paragraph(Markup(f"{number}.{i}"), text) for i, text in enumerate(section.paragraphs, start=1))
    block = render_block(section.include, ctx) if section.include else None
    return SectionView(number, section.title or "", paragraphs, section.include, block)
