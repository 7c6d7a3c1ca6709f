"""The agenda and papers pack of a board meeting, ready for its template (issue 13).

Built from the plan as it stood when the meeting opened: its figures are as of the day
before the meeting, so nothing the meeting itself decided (a closure, an extension, the
approval of the last minutes) is in effect yet, and rendering the agenda of a past meeting
gives the pack the board had in front of it. The figures are `dagov status`'s for that
date (dagov.report.figures), so the agenda and the progress report agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagov.plan.model import Action, Board, Evidence, Extension, Meeting, Paper, Plan, Tree
from dagov.render.minutes import BoardActionView, action_log, board_meetings, meeting_context
from dagov.render.templating import british_date
from dagov.report.figures import ActionFigures, PlanFigures, RecommendationFigures, plan_figures
from dagov.report.status import progress_text
from dagov.words import natural_key

AGENDA_TEMPLATE = "agenda.md.j2"


@dataclass(frozen=True)
class ReadyToClose:
    """A recommendation whose live actions are all complete, with the evidence the board will weigh."""

    figures: RecommendationFigures
    evidence: tuple[tuple[str | None, Evidence], ...]
    """(action id, evidence) of each complete action; the recommendation's own closure evidence has id None."""


@dataclass(frozen=True)
class ExtensionRequest:
    """An action whose due date this meeting is asked to move (an extension citing the meeting)."""

    figures: ActionFigures
    extension: Extension
    moved_from: dt.date | None


@dataclass(frozen=True)
class Decision:
    """A decision the board is asked to make, in words."""

    text: str
    ref: str | None = None


def _evidence(rec: RecommendationFigures) -> tuple[tuple[str | None, Evidence], ...]:
    found: list[tuple[str | None, Evidence]] = []
    closed = rec.recommendation.closed
    if closed is not None:
        found += [(None, e) for e in closed.evidence]
    for action in rec.actions:
        if action.rag == "complete":
            found += [(action.id, e) for e in action.action.evidence]
    return tuple(found)


def _requests(plan: Plan, meeting: Meeting, figures: PlanFigures) -> list[ExtensionRequest]:
    """Extensions citing this meeting: what the meeting is asked to approve."""
    by_id = {a.id: a for a in figures.actions}
    requests = []
    for rec in sorted(plan.recommendations.values(), key=lambda r: natural_key(r.id)):
        for action in rec.actions:
            for i, extension in enumerate(action.extensions):
                if extension.meeting == meeting.id and action.id in by_id:
                    requests.append(ExtensionRequest(by_id[action.id], extension, _due_before(action, i)))
    return requests


def _due_before(action: Action, index: int) -> dt.date | None:
    earlier = [e.to for e in action.extensions[:index] if e.to]
    return earlier[-1] if earlier else action.due


def _papers(plan: Plan, meeting: Meeting, previous: Meeting | None) -> list[Paper]:
    """The plan's papers to this board dated since the previous meeting, up to this one."""
    start = previous.date if previous and previous.date else dt.date.min
    end = meeting.date or dt.date.max
    return sorted((p for p in plan.papers.values()
                   if p.to == meeting.board and p.date and start < p.date <= end),
                  key=lambda p: (p.date, natural_key(p.id)))


def _decisions(previous: Meeting | None, minutes_for_approval: bool, ready: list[ReadyToClose],
               requests: list[ExtensionRequest], overdue: list[ActionFigures], blocked: tuple[ActionFigures, ...],
               due_log: list[BoardActionView]) -> list[Decision]:
    needed: list[Decision] = []
    if previous is not None and minutes_for_approval:
        needed.append(Decision(f"Approve the minutes of the meeting of {british_date(previous.date)}.", previous.id))
    needed += [Decision(f"Close recommendation {r.figures.id}: every live action is complete.", r.figures.id)
               for r in ready]
    needed += [Decision(f"Move the due date of action {r.figures.id} from {british_date(r.moved_from)} to "
                        f"{british_date(r.extension.to)}, or refuse.", r.figures.id) for r in requests]
    needed += [Decision(f"Action {a.id} is {a.days_overdue} days overdue: extend it, or hold its owner to the date.",
                        a.id) for a in overdue]
    needed += [Decision(f"Action {a.id} is blocked: agree how it is unblocked, or cancel it.", a.id) for a in blocked]
    needed += [Decision(f"Board action {e.id} was due by {british_date(e.action.due)}: discharge it, or carry it "
                        "forward.", e.id) for e in due_log]
    return needed


def agenda_context(tree: Tree, plan: Plan, meeting: Meeting, as_of: dt.date | None = None) -> dict:
    """Everything the agenda template receives (documented in docs/templates.md).

    `as_of` is the day before the meeting unless given."""
    context = meeting_context(tree, plan, meeting)
    board: Board | None = context["board"]
    # (A meeting without a date is an error, and rendering refuses plans with errors.)
    eve = meeting.date - dt.timedelta(days=1) if meeting.date else dt.date.min
    when = as_of if as_of is not None else eve
    meetings = board_meetings(tree, meeting.board)
    earlier = [m for m in meetings if meeting.date and m.date and m.date < meeting.date]
    previous = earlier[-1] if earlier else None
    for_approval = previous is not None and (not previous.approved or previous.approved_at == meeting.id)
    figures = plan_figures(tree, plan, when)
    requests = _requests(plan, meeting, figures)
    asked = {r.figures.id for r in requests}
    overdue = [a for a in figures.overdue if a.id not in asked]
    ready = [ReadyToClose(r, _evidence(r)) for r in figures.proposed_closures]
    log = [e for e in action_log(tree, meeting.board, when) if e.status != "discharged"]
    due_log = [e for e in log if e.action.due and meeting.date and e.action.due <= meeting.date]
    return context | {
        "as_of": when,
        "quorum": board.quorum if board else None,
        "previous": previous,
        "minutes_for_approval": for_approval,
        "papers": _papers(plan, meeting, previous),
        "figures": figures,
        "progress": progress_text(figures, bar=False),
        "action_log": log,
        "ready": ready,
        "extension_requests": requests,
        "overdue": overdue,
        "blocked": figures.blocked,
        "stale": figures.stale,
        "decisions": _decisions(previous, for_approval, ready, requests, overdue, figures.blocked, due_log),
    }
