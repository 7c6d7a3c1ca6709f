"""The rules that hold the files to the board's decisions (issue 13).

A board decides; the files record it. These rules find a decision whose effect was
never recorded (an extension, the approval of minutes), an effect no decision made
(a cancellation, approved minutes), a superseded plan that still has open work of its
own, and meetings that were not quorate or that a member missed without apologies.
They are listed in dagov.check.rules.RULES with the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.model import Action, Board, Decision, Meeting, Plan, Recommendation, Tree
from dagov.plan.vocabulary import CANCELLED, OPEN, SUPERSEDED


def _meetings_of_board(tree: Tree) -> dict[tuple[str, str], Meeting]:
    """(board, meeting id) -> meeting, across every plan: boards outlive plans, and the first meeting of a new
    plan approves the minutes of the last meeting of the old one."""
    found: dict[tuple[str, str], Meeting] = {}
    for plan in tree.plans.values():
        for meeting in plan.meetings_by_date:
            if meeting.board and meeting.id:
                found.setdefault((meeting.board, meeting.id), meeting)
    return found


def _board(tree: Tree, board_id: str | None) -> Board | None:
    return tree.organisation.boards.get(board_id or "") if tree.organisation else None


def _attended(meeting: Meeting) -> set[str]:
    """Roles at the meeting: the chair, and everyone present (a guest counts for the role they hold)."""
    return {r for r in (meeting.chair, *(a.role for a in meeting.present)) if r}


def absent_members(board: Board | None, meeting: Meeting) -> list[str]:
    """Members of the board neither present (nor chairing) nor sending apologies, in the board's order."""
    if board is None:
        return []
    excused = _attended(meeting) | {a.role for a in meeting.apologies if a.role}
    return [m for m in dict.fromkeys(board.members) if m not in excused]


def members_present(board: Board, meeting: Meeting) -> int:
    return len(set(board.members) & _attended(meeting))


def _names(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


# --- decisions and what the files record ----------------------------------------------


def _decided(tree: Tree, field: str) -> Iterator[tuple[Meeting, Decision, Recommendation, Action]]:
    """Every decision whose `field` (extend, cancel) names an action of its plan, with the action."""
    for plan in tree.plans.values():
        for meeting in plan.meetings.values():
            for decision in meeting.decisions:
                found = plan.actions.get(getattr(decision, field) or "")
                if found is not None:  # an unknown action is reported by the references rule
                    yield meeting, decision, *found


def extension_recorded(tree: Tree) -> Iterator[Finding]:
    """A decision that extends an action must be matched by an extension of the action citing the meeting."""
    for meeting, decision, rec, action in _decided(tree, "extend"):
        if decision.to is None or any(e.meeting == meeting.id for e in action.extensions):
            continue  # a missing date is reported on the decision
        yield Finding.at(decision.at("extend"), "extension-not-recorded",
                         f"decision {decision.id} of meeting {meeting.id} extends action {action.id} to "
                         f"{decision.to}, but the action records no extension citing that meeting, so it "
                         f"is still judged against its old date; add to action {action.id} in "
                         f"{rec.pos.path}: extensions: - to: {decision.to}, meeting: {meeting.id}, "
                         "reason: <why the date moved>", ERROR)


def cancellations_approved(tree: Tree) -> Iterator[Finding]:
    """A cancelled action needs a decision of its plan's board that cancels it, unless it was carried
    into a later plan (the work goes on there)."""
    carried = {a.carried_from for plan in tree.plans.values() for _, a in plan.actions.values() if a.carried_from}
    for plan in tree.plans.values():
        decided = {d.cancel for m in plan.meetings.values() if m.board == plan.board for d in m.decisions if d.cancel}
        for _rec, action in plan.actions.values():
            if action.status != CANCELLED or action.id in decided or f"{plan.folder}/{action.id}" in carried:
                continue
            yield Finding.at(action.at("status"), "cancellation-not-approved",
                             f"action {action.id} is cancelled, but no decision of {plan.board} in "
                             f"{plan.folder}/meetings/ cancels it; record the board's decision with cancel: "
                             f"{action.id} in the meeting that agreed it (dagov cancel {action.id} --meeting "
                             "MEETING --reason TEXT), or set the status the action really has", WARNING)


def cancellations_recorded(tree: Tree) -> Iterator[Finding]:
    """A decision that cancels an action must be matched by the action's status (a half-made decision shows)."""
    for meeting, decision, rec, action in _decided(tree, "cancel"):
        if action.status in (CANCELLED, None):
            continue  # a missing status is reported by the loader
        yield Finding.at(decision.at("cancel"), "cancellation-not-recorded",
                         f"decision {decision.id} of meeting {meeting.id} cancels action {action.id}, but "
                         f"its status is still {action.status}; set status: cancelled in {rec.pos.path}, "
                         f"with an update dated {meeting.date or meeting.id} recording the cancellation",
                         WARNING)


def superseded_plans_closed(tree: Tree) -> Iterator[Finding]:
    """A superseded plan has no open recommendation: each was closed, or superseded with its open work carried."""
    for plan in tree.plans.values():
        if plan.status != SUPERSEDED:
            continue
        successor = plan.superseded_by or "the successor plan"
        for rec in plan.recommendations.values():
            if rec.status == OPEN:
                yield Finding.at(rec.at("status"), "open-in-superseded-plan",
                                 f"recommendation {rec.id} is still open, but plan {plan.folder} is superseded"
                                 f"{' by ' + plan.superseded_by if plan.superseded_by else ''}; set status: "
                                 f"superseded (with its open actions carried into {successor}), or "
                                 "closed with the meeting that closed it", ERROR)


# --- attendance -------------------------------------------------------------------------


def attendance(tree: Tree) -> Iterator[Finding]:
    """A meeting with fewer members present than its board's quorum; a member neither present nor excused."""
    for plan in tree.plans.values():
        for meeting in plan.meetings.values():
            board = _board(tree, meeting.board)
            if board is None:
                continue
            present = members_present(board, meeting)
            if board.quorum is not None and present < board.quorum:
                yield Finding.at(meeting.at("present"), "quorum-not-met",
                                 f"meeting {meeting.id} had {present} members of {board.id} present, fewer "
                                 f"than the board's quorum of {board.quorum}, so its decisions may not stand; if more "
                                 "members were there, add them to present:, otherwise have a quorate meeting "
                                 "ratify the decisions", WARNING)
            absent = absent_members(board, meeting)
            if absent:
                where = meeting.at("apologies") if meeting.apologies else meeting.at("present")
                were = "is" if len(absent) == 1 else "are"
                yield Finding.at(where, "member-absent",
                                 f"{_names(absent)}, of {board.id}, {were} neither present nor among the "
                                 f"apologies at meeting {meeting.id}, so the minutes list them as absent; if "
                                 "they sent apologies, add them to apologies:", WARNING)


# --- minutes and their approval -----------------------------------------------------------


def minutes_approval(tree: Tree) -> Iterator[Finding]:
    """Minutes are approved by a decision of a later meeting of the same board, and say so."""
    meetings = _meetings_of_board(tree)
    for plan in tree.plans.values():
        for meeting in plan.meetings.values():
            yield from _approvals_decided(plan, meeting, meetings)
            yield from _approval_recorded(meeting, meetings)


def _approvals_decided(plan: Plan, meeting: Meeting, meetings: dict[tuple[str, str], Meeting]) -> Iterator[Finding]:
    for decision in meeting.decisions:
        wanted = decision.approve_minutes
        if not wanted:
            continue
        minutes = meetings.get((meeting.board or "", wanted))
        if minutes is None or minutes is meeting or (minutes.date and meeting.date and minutes.date >= meeting.date):
            earlier = [m.id for (b, _), m in meetings.items()
                       if b == meeting.board and m.date and meeting.date and m.date < meeting.date and m.id]
            last = f"; the last before it was {earlier[-1]}" if earlier else ""
            why = ("there are no minutes of such a meeting" if minutes is None
                   else "those are not the minutes of an earlier meeting")
            yield Finding.at(decision.at("approve_minutes"), "unknown-minutes",
                             f"decision {decision.id} of meeting {meeting.id} approves the minutes of {wanted}, but "
                             f"{why} of {meeting.board or 'its board'}{last}; give the id of the earlier meeting whose "
                             "minutes were approved", ERROR)
        elif not (minutes.approved and minutes.approved_at == meeting.id):
            yield Finding.at(decision.at("approve_minutes"), "minutes-approval-not-recorded",
                             f"decision {decision.id} of meeting {meeting.id} approves the minutes of {minutes.id}, "
                             f"but they do not record it; set status: approved and approved_at: {meeting.id} in "
                             f"{minutes.pos.path}", WARNING)


def _approval_recorded(meeting: Meeting, meetings: dict[tuple[str, str], Meeting]) -> Iterator[Finding]:
    if meeting.approved and not meeting.approved_at:
        yield Finding.at(meeting.at("status"), "minutes-not-approved",
                         f"the minutes of meeting {meeting.id} are approved but do not say at which meeting; add "
                         "approved_at: <id of the later meeting whose decision approved them>", ERROR)
        return
    if not meeting.approved_at:
        return
    if not meeting.approved:
        yield Finding.at(meeting.at("approved_at"), "minutes-not-approved",
                         f"the minutes of meeting {meeting.id} name approved_at: {meeting.approved_at} but are not "
                         "approved; set status: approved, or remove approved_at", ERROR)
        return
    approving = meetings.get((meeting.board or "", meeting.approved_at))
    if approving is None or approving is meeting or (approving.date and meeting.date and approving.date <= meeting.date):
        yield Finding.at(meeting.at("approved_at"), "minutes-not-approved",
                         f"the minutes of meeting {meeting.id} were approved at {meeting.approved_at}, which is not "
                         f"a later meeting of {meeting.board or 'its board'}; give the id of the meeting that approved them",
                         ERROR)
    elif not any(d.approve_minutes == meeting.id for d in approving.decisions):
        yield Finding.at(meeting.at("approved_at"), "minutes-not-approved",
                         f"the minutes of meeting {meeting.id} were approved at {approving.id}, but no decision of "
                         f"that meeting approves them; add a decision with approve_minutes: {meeting.id} to "
                         f"{approving.pos.path}, or cite the right meeting", ERROR)


BOARD_RULES = (
    extension_recorded,
    cancellations_approved,
    cancellations_recorded,
    superseded_plans_closed,
    attendance,
    minutes_approval,
)
