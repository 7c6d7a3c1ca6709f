"""A paper ready for its template: header, numbered sections, generated blocks.

People write a paper's prose in `papers/<id>.yaml`; this module numbers its sections,
generates the blocks it includes from the plan as of the paper's date, and hands the
lot to the paper's template. `progress_paper` makes the monthly progress report of a
plan without a paper file.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace

from markupsafe import Markup

from dagov.plan import audience as audiences
from dagov.plan.model import Paper, Plan, Section, Tree
from dagov.plan.people import organisation_of
from dagov.plan.vocabulary import DISCLOSABLE, NOT_DISCLOSABLE, PROGRESS_REPORT
from dagov.render.blocks import SUMMARIES, BlockContext, Numbering, has_part, render_block, render_summary
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
    """A numbered paragraph of a board paper."""

    number: str
    """"2.3": the section's number, a dot, the paragraph's place in it."""
    text: str


@dataclass(frozen=True)
class SectionView:
    """A section as its template prints it. The block is rendered when a template first asks
    for it, in the form it asks for: whole (`block`), or as the body of a paper with annexes
    shows it (`summary`, with the detail in `annex_block` under Annex `annex`)."""

    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    include: str | None
    _ctx: BlockContext
    """Hidden from templates (the sandbox refuses names starting with '_'): what blocks are made from."""
    annex: str | None = None
    """The letter of the annex holding this section's block in full, when it has a summary."""

    def _numbered(self, prefix: str, after: int) -> BlockContext:
        return replace(self._ctx, para=Numbering(prefix, after), annex=self.annex)

    @functools.cached_property
    def block(self) -> Markup | None:
        """The whole block, its paragraphs numbered on from the section's prose."""
        if not self.include:
            return None
        return render_block(self.include, self._numbered(str(self.number), len(self.paragraphs)))

    @functools.cached_property
    def summary(self) -> Markup | None:
        """What a paper with annexes prints in the section: the block's summary, or the whole block."""
        if not self.include:
            return None
        if self.annex is None:
            return self.block
        return render_summary(self.include, self._numbered(str(self.number), len(self.paragraphs)))

    @functools.cached_property
    def annex_block(self) -> Markup | None:
        """The block in full for its annex, its paragraphs numbered A.1, A.2 ..."""
        if not self.include or self.annex is None:
            return None
        return render_block(self.include, self._numbered(self.annex, 0))


@dataclass(frozen=True)
class Header:
    """The head of a board paper: organisation, To, From, Date, subject and protective marking."""

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
                  format: str = "markdown", changes: str | None = None, audience: str | None = None) -> dict:
    """Everything a paper template receives (documented in docs/templates.md); `changes` is the
    Markdown of the changes block, when the paper includes it; `audience` public or internal
    (default: public for a paper marked `foi: disclosable`, else internal)."""
    organisation = organisation_of(tree)
    figures = plan_figures(tree, plan, as_of)
    since = period_start(plan, paper, as_of)
    audience = audience or audiences.default_audience(paper.foi)
    ctx = BlockContext(tree, plan, figures, since, templates, format, changes, audience)
    shown, left_out = for_audience(ctx, paper.sections)
    letters = iter(ANNEX_LETTERS)
    sections = tuple(SectionView(number, section.title or "", _paragraphs(number, section), section.include, ctx,
                                 next(letters) if section.include in SUMMARIES else None)
                     for number, section in shown)
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
    return {**ctx.template_context(), "paper": paper, "header": header, "sections": sections,
            "audience": audience, "left_out": left_out}


ANNEX_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"  # no O: it reads as a zero


def _paragraphs(number: int, section: Section) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(Markup(f"{number}.{i}"), text) for i, text in enumerate(section.paragraphs, start=1))


def for_audience(ctx: BlockContext, sections: tuple[Section, ...]) -> tuple[list[tuple[int, Section]], list[str]]:
    """The sections a paper for `ctx.audience` shows, with their numbers, and what it left out,
    in words (dagov.plan.audience).

    A public paper leaves out sections marked `audience: internal`, blocks internal as a
    whole (the section stays when it has prose) and the internal parts of the blocks it
    shows, naming only the parts that had something to show. Sections keep their numbers,
    so that "5.2" means the same paragraph in the board's paper and the published one."""
    numbered = list(enumerate(sections, start=1))
    if ctx.audience != audiences.PUBLIC:
        return numbered, []
    shown: list[tuple[int, Section]] = []
    left_out: list[str] = []
    for number, section in numbered:
        if section.audience == audiences.INTERNAL:
            left_out.append(f"section {number} ({section.title})")
            continue
        whole = audiences.whole_block(section.include or "")
        if whole is not None:
            left_out.append(whole.what)
            if not section.paragraphs:
                continue
            section = replace(section, include=None)
        elif section.include:
            left_out += [p.what for p in audiences.internal_parts(section.include) if has_part(p.part, ctx)]
        shown.append((number, section))
    return shown, list(dict.fromkeys(left_out))
