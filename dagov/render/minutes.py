"""Minutes of a board meeting and the board's action log, ready for their templates.

A board action is raised once, in the meeting where it arose, and reviewed at later
meetings of the same board until it is discharged. Boards outlive plans (the
Safeguarding Board's actions run on from one plan into the next), so the log is
gathered across every plan's meetings of the board.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagov.check.board_rules import absent_members
from dagov.plan.model import ActionReview, Attendee, Board, BoardAction, Decision, Meeting, Plan, Tree
from dagov.plan.people import organisation_of, person, role_title
from dagov.render.templating import british_date
from dagov.words import natural_key

MINUTES_TEMPLATE = "minutes.md.j2"
ACTION_LOG_TEMPLATE = "action-log.md.j2"

REVIEW_WORDS = {"open": "Open", "carried-forward": "Carried forward", "discharged": "Discharged"}


@dataclass(frozen=True)
class DecisionView:
    """A board decision as the minutes show it, with what it did to the plan."""

    decision: Decision
    effect: str | None
    """What the decision did to the plan, in words: "closes R01", "moves the due date of R07.3 to ..."."""


@dataclass(frozen=True)
class BoardActionView:
    """One board action and where it stands on a date."""

    action: BoardAction
    raised: Meeting
    review: ActionReview | None
    """Its latest review on or before the date, if any."""
    reviewed: Meeting | None
    discharged: Meeting | None

    @property
    def id(self) -> str | None:
        return self.action.id

    @property
    def status(self) -> str:
        return self.review.status if self.review and self.review.status else "open"

    @property
    def status_words(self) -> str:
        return REVIEW_WORDS.get(self.status, self.status)

    @property
    def note(self) -> str | None:
        return self.review.note if self.review else None


def board_meetings(tree: Tree, board: str | None, until: dt.date | None = None) -> list[Meeting]:
    """Every plan's meetings of one board, oldest first."""
    meetings = [m for plan in tree.plans.values() for m in plan.meetings.values()
                if m.board == board and m.date is not None and (until is None or m.date <= until)]
    return sorted(meetings, key=lambda m: (m.date, natural_key(m.id)))


def action_log(tree: Tree, board: str | None, as_of: dt.date) -> list[BoardActionView]:
    """The board's actions raised on or before `as_of`, each with its latest review by then."""
    meetings = board_meetings(tree, board, as_of)
    raised: dict[str, tuple[BoardAction, Meeting]] = {}
    reviews: dict[str, list[tuple[ActionReview, Meeting]]] = {}
    for meeting in meetings:
        for action in meeting.actions:
            if action.id:
                raised.setdefault(action.id, (action, meeting))
        for review in meeting.action_log:
            if review.action:
                reviews.setdefault(review.action, []).append((review, meeting))
    entries = []
    for action_id, (action, meeting) in raised.items():
        history = reviews.get(action_id, [])
        latest = history[-1] if history else (None, None)
        discharged = next((m for r, m in history if r.status == "discharged"), None)
        entries.append(BoardActionView(action, meeting, latest[0], latest[1], discharged))
    return sorted(entries, key=lambda e: (e.raised.date, natural_key(e.id)))


def _effect(decision: Decision, meetings: list[Meeting]) -> str | None:
    """What a decision did to the plan, in words (`meetings`: the board's, to name the minutes it approves)."""
    if decision.close:
        return f"closes recommendation {decision.close}"
    if decision.extend:
        to = f" to {british_date(decision.to)}" if decision.to else ""
        return f"moves the due date of {decision.extend}{to}"
    if decision.cancel:
        return f"cancels action {decision.cancel}"
    if decision.approve_minutes:
        approved = _meeting_of(meetings, decision.approve_minutes)
        return f"approves the minutes of {british_date(approved.date) if approved else decision.approve_minutes}"
    return None


def _meeting_of(meetings: list[Meeting], meeting_id: str | None) -> Meeting | None:
    return next((m for m in meetings if m.id == meeting_id), None)


def meeting_context(tree: Tree, plan: Plan, meeting: Meeting) -> dict:
    """What every document of one meeting (its minutes, its agenda) receives: who, where, which board."""
    organisation = organisation_of(tree)
    board: Board | None = organisation.boards.get(meeting.board or "")
    return {
        "organisation": organisation,
        "plan": plan,
        "meeting": meeting,
        "board": board,
        "board_title": (board.title if board and board.title else meeting.board) or "",
        "marking": organisation.config.marking,
        "chair": person(organisation, Attendee(meeting.chair)),
        "apologies": [person(organisation, a) for a in meeting.apologies],
        "role": lambda role_id: role_title(organisation, role_id),
        "format": "markdown",
    }


def minutes_context(tree: Tree, plan: Plan, meeting: Meeting) -> dict:
    """Everything the minutes template receives (documented in docs/templates.md)."""
    context = meeting_context(tree, plan, meeting)
    organisation, board = context["organisation"], context["board"]
    meetings = board_meetings(tree, meeting.board)
    later = [m for m in meetings if meeting.date and m.date and m.date > meeting.date]
    log = {e.id: e for e in action_log(tree, meeting.board, meeting.date or dt.date.max)}
    return context | {
        "present": [person(organisation, a) for a in meeting.present],
        "absent": [person(organisation, Attendee(role_id)) for role_id in absent_members(board, meeting)],
        "approved": meeting.approved,
        "approved_at": _meeting_of(meetings, meeting.approved_at) if meeting.approved else None,
        "decisions": [DecisionView(d, _effect(d, meetings)) for d in meeting.decisions],
        "reviews": [(review, log.get(review.action or "")) for review in meeting.action_log],
        "next_meeting": later[0] if later else None,
    }


def action_log_context(tree: Tree, board_id: str, as_of: dt.date) -> dict:
    """Everything the action-log template receives (documented in docs/templates.md)."""
    organisation = organisation_of(tree)
    board = organisation.boards.get(board_id)
    entries = action_log(tree, board_id, as_of)
    return {
        "organisation": organisation,
        "board": board,
        "board_title": (board.title if board and board.title else board_id),
        "marking": organisation.config.marking,
        "as_of": as_of,
        "entries": entries,
        "open": [e for e in entries if e.status != "discharged"],
        "discharged": [e for e in entries if e.status == "discharged"],
        "role": lambda role_id: role_title(organisation, role_id),
        "format": "markdown",
    }
