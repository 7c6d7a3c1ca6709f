"""`dagov show ID`: one recommendation, action, meeting, board action or role in full.

Finds what an id names (in every plan; `plan/ID` picks one plan) and lays it out as
report blocks (dagov.report.layout), with its figures from dagov.report.figures and every board
decision, minute and action-log entry that mentions it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dagov.errors import UsageError
from dagov.plan.model import (
    Action,
    Attendee,
    BoardAction,
    Evidence,
    Measure,
    Meeting,
    Plan,
    Recommendation,
    Role,
    Tree,
    Update,
)
from dagov.plan.people import tree_on
from dagov.report.figures import SUPERSEDED, PlanFigures, owners_report, plan_figures
from dagov.report.layout import Block, Column, Heading, Line, ReportSection, Table
from dagov.report.show_outcomes import measure_section, recommendation_outcome_blocks
from dagov.report.status import NO_DATE, date_text, progress_text
from dagov.words import close_matches, natural_key, suggestion


class UnknownId(UsageError):
    """An id that names nothing (or lies in a file that could not be read)."""

    def __init__(self, wanted: str, known: list[str], broken: str | None = None):
        self.wanted = wanted
        self.broken = broken
        super().__init__(_unknown_id(wanted, known, broken))


def _unknown_id(wanted: str, known: list[str], broken: str | None) -> str:
    if broken:
        return (f"'{wanted}' would be in {broken}, which has errors and could not be read; "
                "run 'dagov check' and fix it first")
    hint = suggestion(close_matches(wanted, known), "give a recommendation (R03), action (R03.2), meeting "
                      "(2014-06-11), board action (SB-01) or role id")
    return f"nothing has the id '{wanted}'; {hint}"


Thing = TypeVar("Thing", Recommendation, Action, Meeting, BoardAction, Role, Measure)


@dataclass(frozen=True)
class Found(Generic[Thing]):
    """What `dagov show` found for a name: its kind, its plan, the thing itself and, for a board action, its meeting."""

    kind: str  # recommendation, action, meeting, board action, role
    plan: Plan | None
    thing: Thing
    meeting: Meeting | None = None
    """The meeting that raised a board action."""

    @property
    def id(self) -> str:
        """The id it was found by: a thing without one cannot be found."""
        if self.thing.id is None:
            raise TypeError(f"a {self.kind} without an id")
        return self.thing.id

    @property
    def home(self) -> Plan:
        """The plan it is in: everything but a role is found in one."""
        if self.plan is None:
            raise TypeError(f"a {self.kind} is not in a plan")
        return self.plan

    @property
    def raised_at(self) -> Meeting:
        """The meeting that raised a board action."""
        if self.meeting is None:
            raise TypeError(f"a {self.kind} is not raised at a meeting")
        return self.meeting


def _plans(tree: Tree) -> list[Plan]:
    """Every plan, current ones first, whether or not it had started by the as-of date."""
    return sorted(tree.plans.values(), key=lambda p: (p.status == SUPERSEDED, natural_key(p.id)))


def _in_plan(plan: Plan, wanted: str) -> Iterator[Found[Any]]:
    # A file whose id is not text (id: [R07], id: null) is kept under its file name with no id:
    # it names nothing, and find() reports the file as broken.
    if getattr(plan.recommendations.get(wanted), "id", None) == wanted:
        yield Found("recommendation", plan, plan.recommendations[wanted])
    if wanted in plan.actions:
        yield Found("action", plan, plan.actions[wanted][1])
    if getattr(plan.meetings.get(wanted), "id", None) == wanted:
        yield Found("meeting", plan, plan.meetings[wanted])
    for meeting in plan.meetings_by_date:
        for board_action in meeting.actions:
            if board_action.id == wanted:
                yield Found("board action", plan, board_action, meeting)
    if getattr(plan.measures.get(wanted), "id", None) == wanted:
        yield Found("measure", plan, plan.measures[wanted])


def find(tree: Tree, wanted: str) -> list[Found[Any]]:
    """Everything `wanted` names: plain `R03`, or `da-2014/R03` for one plan. Raises UnknownId."""
    plan_id, _, local = wanted.rpartition("/")
    plans = [p for p in _plans(tree) if not plan_id or p.id == plan_id]
    found = [f for plan in plans for f in _in_plan(plan, local)]
    roles = tree.organisation.roles if tree.organisation else {}
    if not plan_id and local in roles:
        found.append(Found("role", None, roles[local]))
    if not found:
        stem = local.split(".", 1)[0]
        broken = next((f"{plan.folder}/{kind}/{stem}.yaml" for plan in plans for kind in ("recommendations", "meetings")
                       if _broken(plan, kind, local) and _file_exists(tree, plan, kind, stem)), None)
        raise UnknownId(wanted, sorted(known_ids(tree, qualified=bool(plan_id))), broken)
    return found


def _broken(plan: Plan, kind: str, local: str) -> bool:
    """The file `local` (R07.1: R07) would be in could not be read, or has an id that is not its name
    (not text, or another id), or, for an action, an action without a usable id."""
    stem = local.split(".", 1)[0]
    item = (plan.recommendations if kind == "recommendations" else plan.meetings).get(stem)
    if stem in plan.unreadable or getattr(item, "id", None) != stem:
        return True
    return "." in local and any(action.id is None for action in getattr(item, "actions", ()))


def _file_exists(tree: Tree, plan: Plan, kind: str, stem: str) -> bool:
    import os

    # lexists: a pipe or a link out of the tree is a file the loader found and refused
    return os.path.lexists(os.path.join(tree.root, plan.folder, kind, f"{stem}.yaml"))


def known_ids(tree: Tree, qualified: bool = False) -> set[str]:
    """Every id `show` knows; `plan/id` forms when `qualified`."""
    ids = set() if qualified or not tree.organisation else set(tree.organisation.roles)
    for plan in tree.plans.values():
        local = {*plan.recommendations, *plan.actions, *plan.meetings, *plan.measures,
                 *(a.id for m in plan.meetings.values() for a in m.actions if a.id)}
        ids.update(f"{plan.id}/{x}" for x in local) if qualified else ids.update(local)
    return ids


# --- mentions in meetings --------------------------------------------------------


def _mention_pattern(wanted: str) -> re.Pattern[str]:
    # R03 is mentioned by "R03" and "R03." at the end of a sentence, not by "R03.2" or "R030".
    return re.compile(rf"(?<![\w.-]){re.escape(wanted)}(?![\w-]|\.\w)")


def mentions(tree: Tree, wanted: str) -> list[tuple[dt.date | None, str, str]]:
    """(meeting date, where, what) for every decision, minute, board action and review naming `wanted`."""
    pattern = _mention_pattern(wanted)
    seen = []
    for plan in _plans(tree):
        for meeting in plan.meetings_by_date:
            where = f"{meeting.id}"
            for decision in meeting.decisions:
                if wanted in (decision.close, decision.extend) or pattern.search(decision.text or ""):
                    seen.append((meeting.date, f"{where} decision {decision.id}", decision.text or ""))
            for item in meeting.items:
                if pattern.search(item.minutes or "") or pattern.search(item.title or ""):
                    seen.append((meeting.date, f"{where} minutes: {item.title}", item.minutes or ""))
            for board_action in meeting.actions:
                if board_action.id != wanted and pattern.search(board_action.text or ""):
                    seen.append((meeting.date, f"{where} board action {board_action.id}", board_action.text or ""))
            for review in meeting.action_log:
                if review.action == wanted:
                    seen.append((meeting.date, f"{where} action log: {review.status}", review.note or ""))
    return sorted(seen, key=lambda m: (m[0] or dt.date.min, m[1]))


def _flat(text: str) -> str:
    return " ".join(text.split())


def mention_blocks(tree: Tree, wanted: str) -> list[Block]:
    found = mentions(tree, wanted)
    if not found:
        return [Heading("Board decisions and minutes", 2), Line(f"No meeting mentions {wanted}.")]
    return [Heading(f"Board decisions and minutes ({len(found)})", 2),
            *(Line(f"{where}: {_flat(text)}") for _, where, text in found)]


# --- one section per kind ----------------------------------------------------------


def _role(tree: Tree, role_id: str | None) -> str:
    role = tree.organisation.roles.get(role_id or "") if tree.organisation else None
    if role is None:
        return role_id or NO_DATE
    who = ", ".join(x for x in (role.title, role.holder or "no holder") if x)
    return f"{role_id} ({who})"


def _evidence(items: tuple[Evidence, ...]) -> list[Block]:
    return [Line(f"Evidence: {e.title} ({e.link})") for e in items]


def _updates(updates: tuple[Update, ...], as_of: dt.date) -> list[Block]:
    if not updates:
        return [Line("Updates: none")]
    blocks: list[Block] = [Heading(f"Updates ({len(updates)})", 2)]
    for u in updates:
        rag = f", {u.rag}" if u.rag else ""
        later = " [after the as-of date]" if u.date and u.date > as_of else ""
        blocks.append(Line(f"{date_text(u.date)} {u.by or '?'}{rag}: {_flat(u.note or '')}{later}"))
    return blocks


def _figures(tree: Tree, plan: Plan, as_of: dt.date) -> PlanFigures:
    return plan_figures(tree, plan, as_of)


def recommendation_section(tree: Tree, found: Found[Recommendation], as_of: dt.date) -> ReportSection:
    plan, rec = found.home, found.thing
    figures = next(r for r in _figures(tree, plan, as_of).recommendations if r.recommendation is rec)
    area = plan.areas.get(rec.area or "")
    blocks: list[Block] = [
        Heading(f"{(rec.kind or 'recommendation').capitalize().replace('-', ' ')} {rec.id} ({plan.id})"),
        Line(f"Title: {rec.title}"),
        Line(f"Area: {area.title if area else '?'} ({rec.area})"),
        Line(f"Owner: {_role(tree, rec.owner)}"),
        Line(f"Timescale: {rec.timescale or NO_DATE}; due {date_text(rec.due)}"),
        Line(f"Status as of {as_of.isoformat()}: {figures.status}"),
        Line(f"RAG: {figures.rag} ({figures.reason})"),
        Line(f"Progress: {progress_text(figures, bar=False)}"
             + ("; all complete, ready to propose for closure" if figures.proposed_for_closure else "")),
        *recommendation_outcome_blocks(tree, plan, figures, as_of),
    ]
    if rec.closed is not None:
        meeting = plan.meetings.get(rec.closed.meeting or "")
        blocks.append(Line(f"Closed at meeting {rec.closed.meeting}"
                           + (f" on {meeting.date.isoformat()}" if meeting and meeting.date else "")))
        blocks += _evidence(rec.closed.evidence)
    blocks.append(Line(f"Text: {_flat(rec.text or '')}"))
    if figures.actions:
        blocks.append(Table(f"Actions ({len(figures.actions)})",
                            (Column("ID"), Column("Owner"), Column("Due"), Column("Status"), Column("RAG"),
                             Column("Title", shrink=True)),
                            tuple((a.id or "?", a.owner or NO_DATE, date_text(a.effective_due), a.status or "?",
                                   a.rag, a.title or "") for a in figures.actions)))
    return ReportSection(tuple(blocks + mention_blocks(tree, found.id)))


def action_section(tree: Tree, found: Found[Action], as_of: dt.date) -> ReportSection:
    plan, action = found.home, found.thing
    rec = plan.actions[found.id][0]
    figures = next(a for a in _figures(tree, plan, as_of).actions if a.action is action)
    blocks: list[Block] = [
        Heading(f"Action {action.id} ({plan.id})"),
        Line(f"Title: {action.title}"),
        Line(f"Recommendation: {rec.id} {rec.title}"),
        Line(f"Owner: {_role(tree, action.owner)}"),
        Line(f"Due: {date_text(action.due)}"
             + (f"; effective due {date_text(figures.effective_due)}" if figures.effective_due != action.due else "")),
        Line(f"Status as of {as_of.isoformat()}: {figures.status}"
             + (f" (completed {action.completed.isoformat()})" if action.completed else "")),
        Line(f"RAG: {figures.reason}"),
    ]
    if figures.stated_rag:
        blocks.append(Line(f"Owner's RAG: {figures.stated_rag}"
                           + (" - greener than the derived RAG" if figures.rag_disagrees else "")))
    blocks.append(Line(f"Last update: {date_text(figures.last_update)}" + ("; stale" if figures.stale else "")))
    if action.partners:
        blocks.append(Line(f"Partners: {', '.join(action.partners)}"))
    if action.carried_from:
        blocks.append(Line(f"Carried from: {action.carried_from}"))
    if figures.carried_to:
        blocks.append(Line(f"Carried to: {figures.carried_to}"))
    for ext in action.extensions:
        meeting = plan.meetings.get(ext.meeting or "")
        when = meeting.date.isoformat() if meeting and meeting.date else "?"
        blocks.append(Line(f"Extension: to {date_text(ext.to)}, approved at {ext.meeting} ({when}): "
                           f"{_flat(ext.reason or '')}"))
    blocks += _evidence(action.evidence) or [Line("Evidence: none")]
    blocks += _updates(action.updates, as_of)
    return ReportSection(tuple(blocks + mention_blocks(tree, found.id)))


def _attendees(attendees: Iterable[Attendee]) -> str:
    names = []
    for a in attendees:
        names.append(a.role if a.role and not a.name else
                     f"{a.name}" + (f" ({a.organisation})" if a.organisation else ""))
    return ", ".join(names) or "none"


def meeting_section(tree: Tree, found: Found[Meeting], as_of: dt.date) -> ReportSection:
    plan, meeting = found.home, found.thing
    board = tree.organisation.boards.get(meeting.board or "") if tree.organisation else None
    blocks: list[Block] = [
        Heading(f"Meeting {meeting.id} ({plan.id})"),
        Line(f"Board: {board.title if board and board.title else meeting.board}"),
        Line(f"Date: {date_text(meeting.date)}; venue: {meeting.venue or NO_DATE}"),
        Line(f"Chair: {_role(tree, meeting.chair)}"),
        Line(f"Present: {_attendees(meeting.present)}"),
        Line(f"Apologies: {_attendees(meeting.apologies)}"),
        Line("Minutes: " + (f"approved at meeting {meeting.approved_at}" if meeting.approved else "draft")),
    ]
    for item in meeting.items:
        blocks += [Heading(f"Item: {item.title}", 2), Line(_flat(item.minutes or ""))]
    if meeting.decisions:
        blocks.append(Heading(f"Decisions ({len(meeting.decisions)})", 2))
        for d in meeting.decisions:
            what = (f" [closes {d.close}]" if d.close else "") + (
                f" [extends {d.extend} to {date_text(d.to)}]" if d.extend else "") + (
                f" [cancels {d.cancel}]" if d.cancel else "") + (
                f" [approves the minutes of {d.approve_minutes}]" if d.approve_minutes else "")
            blocks.append(Line(f"{d.id}: {_flat(d.text or '')}{what}"))
    if meeting.actions:
        blocks.append(Table(f"Board actions raised ({len(meeting.actions)})",
                            (Column("ID"), Column("Owner"), Column("Due"), Column("Text", shrink=True)),
                            tuple((a.id or "?", a.owner or NO_DATE, date_text(a.due), _flat(a.text or ""))
                                  for a in meeting.actions)))
    if meeting.action_log:
        blocks.append(Table(f"Action log ({len(meeting.action_log)})",
                            (Column("Action"), Column("Status"), Column("Note", shrink=True)),
                            tuple((r.action or "?", r.status or "?", _flat(r.note or "")) for r in meeting.action_log)))
    return ReportSection(tuple(blocks))


def board_action_section(tree: Tree, found: Found[BoardAction], as_of: dt.date) -> ReportSection:
    action = found.thing
    blocks: list[Block] = [
        Heading(f"Board action {action.id} ({found.home.id})"),
        Line(f"Raised at: meeting {found.raised_at.id}"),
        Line(f"Text: {_flat(action.text or '')}"),
        Line(f"Owner: {_role(tree, action.owner)}"),
        Line(f"Due: {date_text(action.due)}"),
    ]
    return ReportSection(tuple(blocks + mention_blocks(tree, found.id)))


def role_section(tree: Tree, found: Found[Role], as_of: dt.date) -> ReportSection:
    role = found.thing
    owner = next(o for o in owners_report(tree, as_of) if o.role_id == role.id)
    boards = tree.organisation.boards.values() if tree.organisation else ()
    chairs = [b.id for b in boards if b.chair == role.id]
    member = [b.id for b in boards if role.id in b.members]
    blocks: list[Block] = [
        Heading(f"Role {role.id}"),
        Line(f"Title: {role.title or NO_DATE}"),
        Line(f"Holder: {role.holder or 'none (vacant)'}"),
        *([Line("Held by: " + "; ".join(f"{h.name} from {date_text(h.from_)}" + (f" to {date_text(h.to)}" if h.to else "")
                                        for h in role.holders))] if role.holders else []),
        Line(f"Chairs: {', '.join(chairs) or 'none'}; member of: {', '.join(member) or 'none'}"),
        Line(f"As of {as_of.isoformat()}: owns {len(owner.recommendations)} recommendations and "
             f"{len(owner.actions)} actions; {len(owner.outstanding)} actions to do, {owner.overdue} overdue, "
             f"{owner.at_risk} due soon, {owner.blocked} blocked"),
    ]
    rows = [(r.id or "?", r.plan_id or "", "recommendation", date_text(r.due), r.rag, r.title or "")
            for r in owner.recommendations]
    rows += [(a.id or "?", a.plan_id or "", "action", date_text(a.effective_due), a.rag, a.title or "")
             for a in owner.actions]
    if rows:
        blocks.append(Table(f"Owns ({len(rows)})", (Column("ID"), Column("Plan"), Column("Kind"), Column("Due"),
                                                    Column("RAG"), Column("Title", shrink=True)), tuple(rows)))
    return ReportSection(tuple(blocks))


SECTIONS: dict[str, Callable[[Tree, Found[Any], dt.date], ReportSection]] = {
    "recommendation": recommendation_section,
    "action": action_section,
    "meeting": meeting_section,
    "board action": board_action_section,
    "role": role_section,
    "measure": lambda tree, found, as_of: measure_section(tree, found.home, found.thing, as_of),
}


def describe(tree: Tree, wanted: str, as_of: dt.date) -> list[ReportSection]:
    """Report blocks for everything `wanted` names, with the post holders of `as_of`. Raises UnknownId."""
    tree = tree_on(tree, as_of)
    return [SECTIONS[f.kind](tree, f, as_of) for f in find(tree, wanted)]
