"""The blocks a paper can include, generated from the plan as of the paper's date.

`BLOCKS` maps each block's name (the `include:` of a paper section) to a function
that takes a `BlockContext` and returns the block as Markdown. Most blocks gather
their rows here and lay them out with the template `blocks/<name>.md.j2`, which a
force may override. Every figure comes from `dagov.report.figures`, the same functions
as `dagov status`; this module only selects and orders what the figures hold.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from dagov.plan import audience, rag
from dagov.plan.model import Action, Board, Decision, Meeting, Organisation, Plan, Recommendation, Tree, Update
from dagov.plan.people import organisation_of, person, role_title
from dagov.render import mdtext, outcome_blocks, svg
from dagov.render.templating import Templates, british_date
from dagov.report.figures import CLOSED, ActionFigures, PlanFigures, action_counts_on
from dagov.words import natural_key


@dataclass(frozen=True)
class BlockContext:
    """What every block is generated from."""

    tree: Tree
    plan: Plan
    figures: PlanFigures
    since: dt.date
    templates: Templates
    format: str = "markdown"
    changes: str | None = None
    """The `changes-since-last-meeting` block's Markdown, worked out from git by the caller
    (dagov.history.report.changes_block): rendering never reads history, so a paper depends
    only on the files and what it is handed."""
    audience: str = audience.INTERNAL
    """Who the paper is for: a public paper's blocks leave out their internal parts (`shows`)."""
    para: Callable[[], Markup] = lambda: Markup("")
    """The next paragraph number of the section, e.g. `**4.2** ` (nothing outside a paper)."""
    annex: str | None = None
    """The letter of the annex that holds the block in full, when the paper's body shows its summary."""

    @property
    def as_of(self) -> dt.date:
        return self.figures.as_of

    @property
    def organisation(self) -> Organisation:
        return organisation_of(self.tree)

    def role(self, role_id: str | None) -> str:
        return role_title(self.organisation, role_id)

    def attendees(self, attendees) -> str:
        """Those at a meeting by post; guests by name and organisation."""
        return "; ".join(str(p) if p.name and not a.role else p.post
                         for a in attendees for p in [person(self.organisation, a)])

    def latest_update(self, figures: ActionFigures) -> Update | None:
        """The action's last update given on or before the report's date."""
        seen = [u for u in figures.action.updates if u.date is not None and u.date <= self.as_of]
        return max(seen, key=lambda u: u.date or dt.date.min) if seen else None

    def latest_note(self, figures: ActionFigures) -> str:
        update = self.latest_update(figures)
        return f"{update.note} ({british_date(update.date)})" if update and update.note else ""

    def shows(self, part: str) -> bool:
        """Whether the paper shows an internal part of a block (dagov.plan.audience): all of them
        in an internal paper, none in a public one."""
        return self.audience == audience.INTERNAL or part not in INTERNAL_PART_NAMES

    def template_context(self, **extra) -> dict:
        return {"figures": self.figures, "plan": self.plan, "organisation": self.organisation,
                "as_of": self.as_of, "since": self.since, "format": self.format, "role": self.role,
                "attendees": self.attendees, "latest_note": self.latest_note, "shows": self.shows,
                "para": self.para, "annex": self.annex, **extra}

    def render(self, block: str, **extra) -> Markup:
        text = self.templates.render(f"blocks/{block}.md.j2", self.template_context(**extra))
        return Markup(text.strip("\n"))


INTERNAL_PART_NAMES = frozenset(p.part for p in audience.INTERNAL_PARTS if p.part)


class Numbering:
    """Paragraph numbers of one section in sequence: prose first, then what its block numbers.

    A block template writes `{{ para() }}` where a numbered paragraph starts, and gets
    `**4.2** `; `prefix` is the section's number (or an annex's letter)."""

    def __init__(self, prefix: str, after: int = 0):
        self.prefix = prefix
        self.last = after

    def __call__(self) -> Markup:
        self.last += 1
        return Markup(f"**{self.prefix}.{self.last}** ")


# --- rows the templates lay out --------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """An action completed, with the date it was, for a paper's list of completions."""

    figures: ActionFigures
    completed: dt.date


@dataclass(frozen=True)
class ClosureRow:
    """A recommendation closed, with the meeting and decision that closed it, for a paper's table of closures."""

    recommendation: Recommendation
    meeting: Meeting | None
    decision: Decision | None


@dataclass(frozen=True)
class ExtensionRow:
    """A due date moved by the board: the action, from and to which dates, at which meeting and why."""

    action: Action
    recommendation_id: str | None
    moved_from: dt.date | None
    moved_to: dt.date
    meeting: Meeting
    decision: Decision | None
    reason: str | None


@dataclass(frozen=True)
class Milestone:
    """A board decision that shaped the plan (a closure, a due date moved), as a dated mark on its timeline chart."""

    date: dt.date
    label: str
    key: str
    """A Mermaid task id for it, unique in the chart."""
    row: str | None = None
    """The recommendation it concerns, whose bar the drawn timeline marks."""


@dataclass(frozen=True)
class CountsOnDate:
    """The plan's action counts on one date (a board meeting, or the paper's date)."""

    date: dt.date
    label: str
    counts: dict
    live: int


# --- helpers ---------------------------------------------------------------------------


def _decision(meeting: Meeting | None, **match) -> Decision | None:
    if meeting is None:
        return None
    for decision in meeting.decisions:
        if all(getattr(decision, key) == value for key, value in match.items()):
            return decision
    return None


def meetings_between(plan: Plan, board: str | None, start: dt.date | None, end: dt.date) -> list[Meeting]:
    """The plan's meetings of `board` from `start` (inclusive) to `end` (inclusive), oldest first."""
    return [m for m in plan.meetings_by_date
            if m.date is not None and (board is None or m.board == board) and (start is None or m.date >= start)
            and m.date <= end]


def completions(figures: PlanFigures, since: dt.date, area_id: str | None = None) -> list[Completion]:
    """Actions completed after `since` and on or before the figures' date."""
    rows = []
    for a in figures.actions:
        done = a.action.completed
        if a.rag == rag.COMPLETE and done is not None and since < done <= figures.as_of \
                and (area_id is None or a.area_id == area_id):
            rows.append(Completion(a, done))
    return sorted(rows, key=lambda c: (c.completed, natural_key(c.figures.id)))


def closures(ctx: BlockContext) -> list[ClosureRow]:
    """Recommendations closed on or before the figures' date, by the meeting that closed them."""
    rows = []
    for rec in ctx.figures.recommendations:
        if rec.status != CLOSED or rec.recommendation.closed is None:
            continue
        meeting = ctx.plan.meetings.get(rec.recommendation.closed.meeting or "")
        rows.append(ClosureRow(rec.recommendation, meeting, _decision(meeting, close=rec.id)))
    return sorted(rows, key=lambda c: (c.meeting.date if c.meeting and c.meeting.date else dt.date.max,
                                       natural_key(c.recommendation.id)))


def extensions(ctx: BlockContext) -> list[ExtensionRow]:
    """Due dates moved by meetings held on or before the figures' date, oldest decision first."""
    rows = []
    for a in ctx.figures.actions:
        moved_from = a.action.due
        for ext in a.action.extensions:
            meeting = ctx.plan.meetings.get(ext.meeting or "")
            if ext.to is None or meeting is None or meeting.date is None or meeting.date > ctx.as_of:
                continue
            rows.append(ExtensionRow(a.action, a.recommendation_id, moved_from, ext.to, meeting,
                                     _decision(meeting, extend=a.id), ext.reason))
            moved_from = ext.to
    return sorted(rows, key=lambda r: (r.meeting.date, natural_key(r.action.id)))


def snapshots(ctx: BlockContext) -> list[CountsOnDate]:
    """Action counts at each of the board's meetings up to the figures' date, and on that date."""
    dates = [m.date for m in meetings_between(ctx.plan, ctx.plan.board, ctx.plan.start, ctx.as_of)
             if m.date is not None and m.date != ctx.as_of]
    rows = [CountsOnDate(date, "board meeting", counts, live)
            for date, (counts, live) in zip(dates, action_counts_on(ctx.tree, ctx.plan, dates), strict=True)]
    rows.append(CountsOnDate(ctx.as_of, "this report", ctx.figures.action_counts, ctx.figures.live))
    return rows


GANTT_TAGS = {rag.COMPLETE: "done", rag.RED: "crit", rag.AMBER: "active"}


def action_span(ctx: BlockContext, a: ActionFigures) -> tuple[dt.date, dt.date] | None:
    """When a live action's bar runs: from its `start` (else its first update, else the plan's
    start) to its completion or due date; None when it has no end to draw to."""
    end = a.action.completed if a.rag == rag.COMPLETE and a.action.completed else a.effective_due
    if not a.live or end is None:
        return None
    updates = [u.date for u in a.action.updates if u.date is not None]
    start = a.action.start or (min(updates) if updates else None) or ctx.plan.start or ctx.figures.as_of
    return min(start, end), end


def gantt_tasks(ctx: BlockContext) -> list[dict]:
    """One bar per live action, grouped by area (see `action_span`)."""
    areas = []
    for area in ctx.figures.areas:
        tasks = []
        for a in area.actions:
            span = action_span(ctx, a)
            if span is not None:
                tasks.append({"figures": a, "tag": GANTT_TAGS.get(a.rag, ""), "start": span[0], "end": span[1]})
        if tasks:
            areas.append({"area": area, "tasks": tasks})
    return areas


def timeline_chart(ctx: BlockContext, milestones: list[Milestone]) -> Markup:
    """The drawn timeline's spec (see `dagov.render.svg`), as one line of JSON: one bar per
    recommendation, from its first action's start to its last action's end."""
    groups = []
    for area in ctx.figures.areas:
        bars = []
        for rec in area.recommendations:
            spans = [s for a in rec.actions if (s := action_span(ctx, a)) is not None]
            if spans:
                bars.append({"id": rec.id or "", "title": rec.title, "start": min(s[0] for s in spans), "end": max(s[1] for s in spans),
                             "rag": rec.rag})
        groups.append({"label": svg.short_label(area.title, area.area_id or ""), "bars": bars})
    decisions = [{"date": m.date, "row": m.row, "label": m.label} for m in milestones]
    spec = svg.timeline_spec(f"Recommendations by key area, as at {british_date(ctx.as_of)}", ctx.as_of, groups,
                             decisions)
    return chart_json(spec)


def chart_json(spec: dict) -> Markup:
    """A chart spec as the one line of JSON a `dagov-chart` fence holds (ASCII only: nothing to escape)."""
    return Markup(json.dumps(spec, sort_keys=True, ensure_ascii=True))


def mermaid_init(settings: dict) -> Markup:
    """A Mermaid `init` directive line (a chart's explicit colours and padding)."""
    return Markup("%%{init: " + json.dumps(settings, sort_keys=True) + "}%%")


def milestones(ctx: BlockContext) -> list[Milestone]:
    """Board decisions that shaped the plan: closures and extensions, in date order."""
    rows = [Milestone(c.meeting.date, f"{c.recommendation.id} closed", f"close-{c.recommendation.id}",
                      c.recommendation.id) for c in closures(ctx) if c.meeting and c.meeting.date]
    rows += [Milestone(e.meeting.date, f"{e.action.id} due date moved to {british_date(e.moved_to, 'short')}",
                       f"extend-{e.action.id}-{e.moved_to.isoformat()}", e.recommendation_id)
             for e in extensions(ctx) if e.meeting.date]
    return sorted(rows, key=lambda m: (m.date, natural_key(m.label)))


# --- the blocks ------------------------------------------------------------------------


def progress_by_area(ctx: BlockContext) -> Markup:
    done = {area.area_id: completions(ctx.figures, ctx.since, area.area_id) for area in ctx.figures.areas}
    return ctx.render("progress-by-area", completions=done)


def exceptions(ctx: BlockContext) -> Markup:
    return ctx.render("exceptions")


def closures_block(ctx: BlockContext) -> Markup:
    return ctx.render("closures", closures=closures(ctx))


def extensions_block(ctx: BlockContext) -> Markup:
    return ctx.render("extensions", extensions=extensions(ctx))


def meetings_block(ctx: BlockContext) -> Markup:
    board: Board | None = ctx.organisation.boards.get(ctx.plan.board or "")
    return ctx.render("meetings", meetings=meetings_between(ctx.plan, ctx.plan.board, ctx.since, ctx.as_of),
                      board=board)


GANTT_LABEL = 32
"""The longest section title (a key area's short label) the gantt gives room for."""


def gantt_init(labels: list[str] | None = None) -> Markup:
    """The gantt's `init` directive: room on the left for the longest of `labels` (the section
    titles; Mermaid's default 75 pixels cuts most area names), and the RAG colours for its bar kinds."""
    longest = max((len(label) for label in labels or []), default=10)
    padding = max(75, round(6.5 * min(longest, GANTT_LABEL)) + 16)
    colours = svg.RAG_COLOURS
    return mermaid_init({"gantt": {"leftPadding": padding}, "theme": "base", "themeVariables": {
        "taskBkgColor": colours[rag.GREEN], "taskBorderColor": colours[rag.GREEN],
        "activeTaskBkgColor": colours[rag.AMBER], "activeTaskBorderColor": colours[rag.AMBER],
        "critBkgColor": colours[rag.RED], "critBorderColor": colours[rag.RED],
        "doneTaskBkgColor": colours[rag.COMPLETE], "doneTaskBorderColor": colours[rag.COMPLETE]}})


def timeline(ctx: BlockContext) -> Markup:
    marks = milestones(ctx)
    chart = timeline_chart(ctx, marks) if ctx.format == "html" else Markup("")
    areas = gantt_tasks(ctx)
    labels = [svg.short_label(g["area"].title, g["area"].area_id or "", GANTT_LABEL) for g in areas]
    return ctx.render("timeline", areas=areas, milestones=marks, chart=chart, init=gantt_init(labels),
                      label_length=GANTT_LABEL)


def status_chart(ctx: BlockContext) -> Markup:
    counts = ctx.figures.action_counts
    slices = [key for key in svg.BREAKDOWN_ORDER if counts.get(key)]
    init = mermaid_init({"theme": "base", "themeVariables": {
        f"pie{i}": svg.RAG_COLOURS[key] for i, key in enumerate(slices, start=1)}})
    chart = chart_json(svg.rag_spec(counts, f"Actions by RAG status at {british_date(ctx.as_of)}"))
    return ctx.render("status-chart", snapshots=snapshots(ctx), slices=slices, init=init, chart=chart)


def changes_since_last_meeting(ctx: BlockContext) -> Markup:
    """What moved in the plan's git history between the paper's `since` and its date, as handed in."""
    if ctx.changes is None:
        return Markup("*(Changes since the last meeting are not available: the history was not read.)*")
    return Markup(str(ctx.para()) + ctx.changes.rstrip("\n"))


BLOCKS: dict[str, Callable[[BlockContext], Markup]] = {
    "progress-by-area": progress_by_area,
    "exceptions": exceptions,
    "closures": closures_block,
    "extensions": extensions_block,
    "meetings": meetings_block,
    "timeline": timeline,
    "status-chart": status_chart,
    "changes-since-last-meeting": changes_since_last_meeting,
    "outcomes": outcome_blocks.outcomes_block,
    "assessments": outcome_blocks.assessments_block,
}


def summary_in_annex(ctx: BlockContext, name: str) -> Markup:
    """The body's pointer to a block that is all detail: it is printed whole in its annex."""
    return ctx.render("summary/in-annex", detail=name)


def progress_by_area_summary(ctx: BlockContext) -> Markup:
    return ctx.render("summary/progress-by-area")


def exceptions_summary(ctx: BlockContext) -> Markup:
    return ctx.render("summary/exceptions")


SUMMARIES: dict[str, Callable[[BlockContext], Markup]] = {
    "progress-by-area": progress_by_area_summary,
    "exceptions": exceptions_summary,
    "timeline": lambda ctx: summary_in_annex(ctx, "timeline"),
    "changes-since-last-meeting": lambda ctx: summary_in_annex(ctx, "changes-since-last-meeting"),
}
"""Blocks whose detail a board paper moves to an annex, leaving this summary in the body
(templates `blocks/summary/<name>.md.j2`); other blocks print whole where they are."""


def render_block(name: str, ctx: BlockContext) -> Markup:
    block = BLOCKS.get(name)
    if block is None:
        return Markup(f"*(block '{mdtext.inline(name)}' is not known to this version of dagov)*")
    return block(ctx)


def render_summary(name: str, ctx: BlockContext) -> Markup:
    """The block's summary for a paper's body, or the block itself when it has none."""
    summary = SUMMARIES.get(name)
    return summary(ctx) if summary is not None else render_block(name, ctx)


def has_part(part: str, ctx: BlockContext) -> bool:
    """Whether an internal part of a block (dagov.plan.audience) has anything to show as of the date,
    so that a public paper names only what it really left out."""
    figures = ctx.figures
    present = {"disagreements": bool(figures.disagreements), "stale": bool(figures.stale),
               "blocked-updates": any(ctx.latest_note(a) for a in figures.blocked)}
    return present.get(part, True)
