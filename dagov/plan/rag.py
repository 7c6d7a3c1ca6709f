"""Red/amber/green for one action as of a date: the one place this is decided.

Files hold the plan as it stands now. To see it as of an earlier date, dagov uses
the dates the files record: an action completed after that date was still in
progress; an extension counts only from the date of the meeting that approved it.
An update may record a status change (`status: blocked` on the update that says
so); as of a date, the latest such update on or before it gives the status. Without
recorded changes, a cancellation takes effect from the action's last update (where
the owner records it), and blocked is taken as it stands now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dagov.plan.model import Action, Plan, Settings, Tree
from dagov.plan.vocabulary import AMBER, COMPLETE, GREEN, GREY, RED
from dagov.words import plural

RAG_ORDER = {RED: 0, AMBER: 1, GREEN: 2, COMPLETE: 3}
"""Worst first. Grey (cancelled) is out of every count, so it has no rank."""


class Rag(NamedTuple):
    rag: str
    reason: str
    effective_due: dt.date | None
    days_overdue: int  # 0 unless red through lateness


def status_as_of(action: Action, as_of: dt.date) -> str | None:
    """The action's status as it stood on `as_of`, as far as the files can tell."""
    completed_later = action.completed is not None and action.completed > as_of
    if action.status == COMPLETE and not completed_later:
        return COMPLETE
    recorded = [(u.date, u) for u in action.updates if u.status and u.date is not None]
    earlier = [u for date, u in recorded if date <= as_of]
    if earlier:
        status = earlier[-1].status
        return "in-progress" if status == COMPLETE and completed_later else status
    if completed_later or (recorded and action.status in ("blocked", "cancelled")):
        return "in-progress"  # the change to today's status was recorded after as_of
    if action.status == "cancelled" and action.updates:
        last = action.updates[-1].date
        if last is not None and last > as_of:
            return "in-progress"
    return action.status


def effective_due(action: Action, as_of: dt.date, meeting_dates: Mapping[str, dt.date]) -> dt.date | None:
    """The due date as it stood on `as_of`: after the last extension approved on or before then.

    An extension whose meeting has no date counts (`dagov check` reports it). The date the
    file sets now, whenever the extensions were approved, is `Action.extended_due`.
    """
    due = action.due
    for extension in action.extensions:
        if extension.to is None:
            continue
        approved = meeting_dates.get(extension.meeting or "")
        if approved is not None and approved > as_of:
            continue
        due = extension.to
    return due


def meeting_dates(plan: Plan) -> dict[str, dt.date]:
    """Meeting id -> date: an extension or a closure counts from the date of its meeting."""
    return {m.id: m.date for m in plan.meetings.values() if m.id and m.date}


def day_limits(tree: Tree) -> tuple[int, int]:
    """(amber_days, stale_days) from organisation.yaml's settings, or the defaults."""
    config = tree.organisation.config if tree.organisation else Settings()
    return config.amber, config.stale


def derive(action: Action, as_of: dt.date, amber_days: int,
           meeting_dates: Mapping[str, dt.date] | None = None) -> Rag:
    """The RAG of an action as of a date, with the reason in words (without meeting dates every extension counts)."""
    due = effective_due(action, as_of, meeting_dates or {})
    status = status_as_of(action, as_of)
    if status == COMPLETE:
        when = f" on {action.completed.isoformat()}" if action.completed else ""
        return Rag(COMPLETE, f"complete{when}", due, 0)
    if status == "cancelled":
        return Rag(GREY, "cancelled", due, 0)
    if status == "blocked":
        return Rag(RED, "red: blocked", due, max(0, (as_of - due).days) if due else 0)
    if due is None:
        return Rag(GREEN, "green: no due date", None, 0)
    days = (due - as_of).days
    if days < 0:
        return Rag(RED, f"red: due {due.isoformat()}, {plural(-days, 'day')} overdue", due, -days)
    if days == 0:
        return Rag(AMBER, f"amber: due today ({due.isoformat()})", due, 0)
    if days <= amber_days:
        return Rag(AMBER, f"amber: due {due.isoformat()}, in {plural(days, 'day')}", due, 0)
    return Rag(GREEN, f"green: due {due.isoformat()}, in {plural(days, 'day')}", due, 0)


def worst(rags: Iterable[str]) -> str | None:
    """The worst of several RAGs, ignoring grey; None when there is nothing live."""
    ranked = [r for r in rags if r in RAG_ORDER]
    if not ranked:
        return None
    return min(ranked, key=RAG_ORDER.__getitem__)


def greener(stated: str, derived: str) -> bool:
    """True when an owner's stated RAG is better than the facts support."""
    if stated not in RAG_ORDER or derived not in RAG_ORDER:
        return False
    return RAG_ORDER[stated] > RAG_ORDER[derived]
