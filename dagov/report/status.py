"""`dagov status` and `dagov owners` as report blocks (see dagov.report.layout), from dagov.report.figures figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dagov.plan.model import Tree
from dagov.plan.people import tree_on
from dagov.plan.vocabulary import GREY, RAGS
from dagov.report import outcomes
from dagov.report.figures import (
    ActionFigures,
    AreaFigures,
    OwnerFigures,
    PlanFigures,
    RecommendationFigures,
    not_started,
)
from dagov.report.layout import Block, Column, Heading, Line, ReportSection, Table
from dagov.words import natural_key

BAR_WIDTH = 20
NO_DATE = "-"


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else NO_DATE


def progress_bar(complete: int, live: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * complete / live) if live else 0
    percent = f"{round(100 * complete / live)}%" if live else "no live actions"
    return f"{'█' * filled}{'░' * (width - filled)} {complete}/{live} actions complete ({percent})"


def rag_counts_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]} {k}" for k in RAGS]
    if counts.get(GREY):
        parts.append(f"{counts[GREY]} cancelled")
    return ", ".join(parts)


def status_counts_text(counts: dict[str, int], proposed: int) -> str:
    text = ", ".join(f"{n} {status}" for status, n in counts.items())
    return text + (f" ({proposed} ready to close)" if proposed else "")


def _role_text(tree: Tree, role_id: str | None) -> str:
    role = tree.organisation.roles.get(role_id or "") if tree.organisation else None
    if role_id is None:
        return NO_DATE
    if role is None or not role.holder:
        return role_id
    return f"{role_id} ({role.holder})"


def _board_text(tree: Tree, board_id: str | None) -> str:
    board = tree.organisation.boards.get(board_id or "") if tree.organisation else None
    return board.title if board and board.title else (board_id or NO_DATE)


REC_COLUMNS = (Column("ID"), Column("Title", shrink=True), Column("Owner"), Column("Due"),
               Column("Done", right=True), Column("RAG"))


def progress_text(figures: PlanFigures | AreaFigures | RecommendationFigures, bar: bool = True) -> str:
    """"65/65 actions complete (100%)", or, when work was carried into a later plan, counted as not done:
    "65/77 actions complete (84%); 12 actions carried to da-2014-2016, not done here"."""
    if not figures.carried_away:
        return progress_bar(figures.complete, figures.live) if bar else f"{figures.complete}/{figures.live} actions complete"
    text = (progress_bar(figures.complete, figures.planned) if bar
            else f"{figures.complete}/{figures.planned} actions complete")
    return f"{text}; {figures.carried_note}"


def _done(r: RecommendationFigures) -> str:
    return f"{r.complete}/{r.planned}" if r.planned else NO_DATE


def _rec_row(r: RecommendationFigures) -> tuple[str, ...]:
    done = _done(r)
    return (r.id or "?", r.title or "", r.owner or NO_DATE, date_text(r.due), done, r.rag)


def _action_table(title: str, actions: tuple[ActionFigures, ...], extra: tuple[Column, ...],
                  cells: Callable[[ActionFigures], tuple[str, ...]]) -> Table | Line:
    """An exceptions table: action id, owner, due date, what is specific to it, then the title."""
    if not actions:
        return Line(f"{title}: none")
    columns = (Column("Action"), Column("Owner"), Column("Due"), *extra, Column("Title", shrink=True))
    rows = tuple((a.id or "?", a.owner or NO_DATE, date_text(a.effective_due), *cells(a), a.title or "")
                 for a in actions)
    return Table(f"{title} ({len(actions)})", columns, rows)


def _days_until(a: ActionFigures, as_of: dt.date) -> str:
    if a.effective_due is None:  # never: an action without a due date is not due soon
        return NO_DATE
    days = (a.effective_due - as_of).days
    return "today" if days == 0 else f"{days}d"


def plan_section(tree: Tree, p: PlanFigures) -> ReportSection:
    plan = p.plan
    state = p.status or "?"
    if p.superseded and plan.superseded_by:
        state += f" by {plan.superseded_by}"
    filters = ", ".join(f"{k} {v}" for k, v in (("area", p.area_filter), ("owner", p.owner_filter)) if v)
    blocks: list[Block] = [
        Heading(f"{plan.title or plan.id} ({plan.id}, {state})"),
        Line(f"As of {p.as_of.isoformat()}. Board: {_board_text(tree, plan.board)}. "
             f"Lead: {_role_text(tree, plan.lead)}." + (f" Only {filters}." if filters else "")),
        Line(f"Progress: {progress_text(p)}"),
        Line(f"Actions: {rag_counts_text(p.action_counts)}"),
        Line(f"Recommendations: {status_counts_text(p.recommendation_counts, len(p.proposed_closures))}"),
    ]
    for area in p.areas:
        title = f"{area.title or area.area_id} ({area.area_id}): "
        carried = f", {len(area.carried_away)} carried" if area.carried_away else ""
        summary = (f"{area.complete}/{area.planned} actions complete{carried}, {area.rag}" if area.planned
                   else "no live actions")
        if not area.recommendations:
            blocks.append(Line(title + "no recommendations"))
            continue
        blocks.append(Table(title + summary, REC_COLUMNS, tuple(_rec_row(r) for r in area.recommendations)))
    blocks.append(Heading("Exceptions", level=2))
    blocks += [
        _action_table("Overdue", p.overdue, (Column("Late", right=True),), lambda a: (f"{a.days_overdue}d",)),
        _action_table(f"Due in the next {p.amber_days} days", p.due_soon, (Column("In", right=True),),
                      lambda a: (_days_until(a, p.as_of),)),
        _action_table("Blocked", p.blocked, (), lambda a: ()),
        _action_table(f"No update for over {p.stale_days} days", p.stale, (Column("Updated"),),
                      lambda a: (date_text(a.last_update),)),
        _action_table("Owner RAG greener than derived", p.disagreements, (Column("Stated"), Column("RAG")),
                      lambda a: (a.stated_rag or "", a.rag)),
    ]
    if p.proposed_closures:
        blocks.append(Table(f"Proposed for closure: all actions complete ({len(p.proposed_closures)})",
                            (Column("ID"), Column("Owner"), Column("Done", right=True), Column("Title", shrink=True)),
                            tuple((r.id or "?", r.owner or NO_DATE, f"{r.complete}/{r.live}", r.title or "")
                                  for r in p.proposed_closures)))
    else:
        blocks.append(Line("Proposed for closure: none"))
    held = [r for r in p.recommendations if r.held_back]
    if held:
        blocks.append(Table(f"Held back: all actions complete, success not yet shown ({len(held)})",
                            (Column("ID"), Column("Not met", shrink=True)),
                            tuple((r.id or "?", "; ".join(outcomes.criterion_text(c) for c in r.criteria if not c.met))
                                  for r in held)))
    if p.carried:
        blocks.append(Table(f"Carried from an earlier plan ({len(p.carried)})",
                            (Column("Action"), Column("From"), Column("RAG"), Column("Title", shrink=True)),
                            tuple((a.id or "?", a.carried_from or "", a.rag, a.title or "") for a in p.carried)))
    blocks += outcome_blocks(p)
    return ReportSection(tuple(blocks), dim=p.superseded)


MEASURE_COLUMNS = (Column("ID"), Column("Measure", shrink=True), Column("Latest"), Column("Change"),
                   Column("Base", right=True), Column("Target"), Column("Outcome"))


def _measure_row(m: outcomes.MeasureFigures) -> tuple[str, ...]:
    measure, latest = m.measure, m.latest
    unit = measure.unit
    baseline, target = measure.baseline, measure.target
    value = (f"{outcomes.number(latest.value, unit)}{'p' if latest.entry.provisional else ''} {latest.period}"
             if latest else NO_DATE)
    return (m.id or "?", m.title or "", value, outcomes.change_text(m),
            outcomes.number(baseline.value, unit) if baseline else NO_DATE,
            f"{outcomes.number(target.value, unit)} by {date_text(target.by)}" if target else NO_DATE, m.rag)


def outcome_blocks(p: PlanFigures) -> list[Block]:
    """The Outcomes section: each measure as of the date, then the board's latest judgement of each recommendation."""
    if not p.measures:
        return []
    blocks: list[Block] = [
        Heading("Outcomes", level=2),
        Table(f"Measures ({len(p.measures)}), values known by {p.as_of.isoformat()}", MEASURE_COLUMNS,
              tuple(_measure_row(m) for m in p.measures)),
    ]
    if any(m.latest is not None and m.latest.entry.provisional for m in p.measures):
        blocks.append(Line("p: provisional figure."))
    judged = [r for r in p.recommendations if r.judgement is not None]
    if judged:
        blocks.append(Table(f"The board's latest judgement ({len(judged)})",
                            (Column("ID"), Column("Meeting"), Column("Judgement"), Column("Actions RAG"),
                             Column("Success")),
                            tuple(_judgement_row(r) for r in judged)))
    return blocks


def _judgement_row(r: RecommendationFigures) -> tuple[str, ...]:
    judgement = r.judgement
    success = ("met" if r.outcomes_met else "not met") if r.criteria else NO_DATE
    if judgement is None:  # never: only judged recommendations are listed
        return (r.id or "?", NO_DATE, NO_DATE, r.rag, success)
    return (r.id or "?", judgement.meeting.id or "?", judgement.assessment.judgement or "?", r.rag, success)


def nothing_started_text(tree: Tree, as_of: dt.date) -> str:
    """Why a report as of `as_of` holds no plan: none exists, or none had started (each one's start)."""
    later = not_started(tree, as_of)
    if not later:
        return "No plans found."
    starts = ", ".join(f"{p.id} starts {date_text(p.start)}" for p in later)
    return f"No plan had started by {as_of.isoformat()}: {starts}."


def status_sections(tree: Tree, plans: list[PlanFigures], as_of: dt.date) -> list[ReportSection]:
    tree = tree_on(tree, as_of)
    if not plans:
        return [ReportSection((Line(nothing_started_text(tree, as_of)),))]
    return [plan_section(tree, p) for p in plans]


# --- owners -----------------------------------------------------------------------

OWNER_COLUMNS = (Column("Role"), Column("Recs", right=True), Column("Acts", right=True), Column("Open", right=True),
                 Column("Late", right=True), Column("Risk", right=True), Column("Blkd", right=True),
                 Column("Holder", shrink=True))


def _holder(o: OwnerFigures) -> str:
    if o.role is None:
        return "(not in organisation.yaml)"
    return o.holder or "(vacant)"


def owners_sections(owners: list[OwnerFigures], as_of: dt.date) -> list[ReportSection]:
    rows = tuple((o.role_id, str(len(o.recommendations)), str(len(o.actions)), str(len(o.outstanding)),
                  str(o.overdue), str(o.at_risk), str(o.blocked), _holder(o)) for o in owners)
    nothing = [o.role_id for o in owners if o.owns_nothing]
    vacant = [o.role_id for o in owners if o.role is not None and not o.holder]
    blocks: list[Block] = [
        Heading(f"Owners as of {as_of.isoformat()}"),
        Line("Recs: recommendations owned; Acts: actions owned; Open: actions still to do; "
             "Late: overdue; Risk: due soon (amber); Blkd: blocked."),
        Table(f"Roles ({len(owners)})", OWNER_COLUMNS, rows),
        Line("Own nothing: " + (", ".join(nothing) or "none")),
        Line(f"Vacant on {as_of.isoformat()}: " + (", ".join(vacant) or "none")),
    ]
    sections = [ReportSection(tuple(blocks))]
    for o in owners:
        detail = owner_detail(o)
        if detail:
            sections.append(ReportSection(tuple(detail)))
    return sections


def owner_detail(o: OwnerFigures) -> list[Block]:
    """What a role must still deliver: its open recommendations and outstanding actions."""
    open_recs = [r for r in o.recommendations if r.status == "open"]
    if not open_recs and not o.outstanding:
        return []
    who = ", ".join(x for x in (o.title, o.holder) if x)
    rows = [(r.id or "?", r.plan_id or "", date_text(r.due), r.rag, r.title or "") for r in open_recs]
    rows += [(a.id or "?", a.plan_id or "", date_text(a.effective_due), a.rag, a.title or "")
             for a in sorted(o.outstanding, key=lambda a: (a.effective_due or dt.date.max, natural_key(a.id)))]
    return [
        Heading(f"{o.role_id}" + (f": {who}" if who else ""), level=2),
        Table(f"Open recommendations ({len(open_recs)}) and actions to do ({len(o.outstanding)})",
              (Column("ID"), Column("Plan"), Column("Due"), Column("RAG"), Column("Title", shrink=True)),
              tuple(rows)),
    ]
