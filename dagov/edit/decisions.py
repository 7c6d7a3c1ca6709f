"""The board's decisions as commands: close, extend, cancel and reopen, each written to both files at once.

A decision is two edits: an entry in the meeting's `decisions:` and the change it makes to a
recommendation or an action. Both go through one WriteTransaction (checked first, all or
nothing), edited in place as `dagov update` edits (comments and layout kept), so the minutes
and the plan can never disagree about what the board decided.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from dagov.edit.textedit import EditError, YamlEdit
from dagov.edit.transaction import RefusedError, Verdict, WriteTransaction, read_for_edit
from dagov.edit.update import Edit, UpdateRequest, edit_action, refuse_unreadable
from dagov.errors import UsageError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.choice import plan_named
from dagov.plan.findings import Finding
from dagov.plan.model import Action, Meeting, Plan, Recommendation, Tree
from dagov.plan.vocabulary import DONE_STATUSES
from dagov.words import did_you_mean


class CannotDecide(UsageError):
    """The decision names no such recommendation, action or meeting, or one it cannot apply to;
    the message says what to give instead."""


class DecisionRefused(RefusedError):
    """The plan is not in a state where the board could decide this (exit 1); the message says how to proceed."""


@dataclass(frozen=True)
class Outcome:
    """What a command wrote (or, on a dry run or a refusal, would have written)."""

    edits: list[Edit]
    verdict: Verdict
    summary: str
    """One sentence: what was decided, e.g. 'R09 closed at meeting 2014-08-13 (decision D1)'."""


def long_date(day: dt.date) -> str:
    """13 August 2014: dates in decision texts read as the minutes write them."""
    return f"{day.day} {day:%B %Y}"


def sentence(text: str) -> str:
    """`text` on one line as a sentence: a capital first, a full stop at the end unless it has one (or a ? or !)."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


def listed(ids: list[str]) -> str:
    """R09.4, R09.5 and R09.6"""
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


# --- finding what the decision is about ---------------------------------------------------


def _plans(tree: Tree, plan_id: str | None) -> list[Plan]:
    return list(tree.plans.values()) if plan_id is None else [plan_named(tree, plan_id)]


def _one(hits: list, what: str, wanted: str) -> tuple:
    if len(hits) > 1:
        plans = ", ".join(plan.id or plan.folder for plan, *_ in hits)
        raise CannotDecide(f"{what} '{wanted}' is in several plans ({plans}); say which with --plan")
    return hits[0]


def _find(tree: Tree, wanted: str, plan_id: str | None, kind: str, ids: Callable[[Plan], dict],
          other: Callable[[Plan], dict], other_kind: str, how: str) -> tuple:
    """(plan, what `ids` holds for `wanted`); CannotDecide saying what to give when it is not there, or is
    an id of the other kind, or is in several plans."""
    plans = _plans(tree, plan_id)
    hits = [(p, ids(p)[wanted]) for p in plans if wanted in ids(p)]
    if not hits:
        refuse_unreadable(tree, plans, wanted)
        if any(wanted in other(p) for p in plans):
            raise CannotDecide(f"'{wanted}' is {other_kind}")
        known = sorted(i for p in plans for i in ids(p))
        raise CannotDecide(f"there is no {kind} '{wanted}'{did_you_mean(wanted, known)}; give the id as {how}")
    return _one(hits, kind, wanted)


def find_recommendation(tree: Tree, rec_id: str, plan_id: str | None) -> tuple[Plan, Recommendation]:
    return _find(tree, rec_id, plan_id, "recommendation", lambda p: p.recommendations, lambda p: p.actions,
                 f"an action; the board closes or reopens a recommendation: give its id, {rec_id.split('.', 1)[0]}",
                 "its file is named, e.g. R03")


def find_action(tree: Tree, action_id: str, plan_id: str | None) -> tuple[Plan, Recommendation, Action]:
    plan, (rec, action) = _find(
        tree, action_id, plan_id, "action", lambda p: p.actions, lambda p: p.recommendations,
        f"a recommendation; the board extends or cancels one of its actions: give the action's id, e.g. {action_id}.1",
        "it is written in its recommendation file, e.g. R03.2")
    return plan, rec, action


def find_meeting(plan: Plan, meeting_id: str) -> Meeting:
    meeting = plan.meetings.get(meeting_id)
    if meeting is None:
        raise CannotDecide(f"plan {plan.id} has no meeting '{meeting_id}'{did_you_mean(meeting_id, plan.meetings)}; "
                           f"give the id of a meeting in {plan.folder}/meetings/ (its file's name), or create it "
                           f"with 'dagov new meeting --date YYYY-MM-DD'")
    if meeting.date is None:
        raise DecisionRefused(f"meeting {meeting_id} has no date; add date: to {meeting.pos.path} first; "
                              "nothing was written")
    return meeting


def next_decision_id(meeting: Meeting) -> str:
    """D4 after D3: the next in the meeting's own series (D1 for a meeting with none yet)."""
    numbers = [int(m[1]) for d in meeting.decisions if d.id and (m := re.fullmatch(r"D(\d+)", d.id))]
    return f"D{max(numbers, default=0) + 1}"


def board_name(tree: Tree, plan: Plan) -> str:
    board = tree.organisation.boards.get(plan.board or "") if tree.organisation else None
    return board.title if board and board.title else "board"


# --- editing the files ----------------------------------------------------------------------


def edited(data: bytes, path: str, change: Callable[[YamlEdit], None]) -> bytes:
    """`data` (the file at `path`) with `change` made to it in place; RefusedError if it cannot be made safely."""
    try:
        doc = YamlEdit(data, path)
    except Exception as err:  # the loader read it, so this is unexpected; say so plainly
        raise RefusedError(f"{path} could not be read for editing ({err}); nothing was written") from None
    try:
        change(doc)
        return doc.result()
    except EditError as err:
        raise RefusedError(err.message) from None


def _edited(path: str, change: Callable[[YamlEdit], None]) -> tuple[bytes, bytes]:
    before = read_for_edit(path)
    return before, edited(before, path, change)


def _edit(plans: str | os.PathLike, path: str, before: bytes, after: bytes, summary: list[str]) -> Edit:
    return Edit(os.path.relpath(path, plans).replace(os.sep, "/"), path, before, after, summary)


def meeting_edit(plans: str | os.PathLike, meeting: Meeting, decision: dict) -> Edit:
    """The meeting file with `decision` appended to its decisions (the key made, above `actions:`, if missing)."""
    path = meeting.pos.path
    before, after = _edited(path, lambda doc: doc.append_to_list(doc.root, "decisions", decision, before="actions"))
    _verify_decision(path, after, meeting, decision)
    return _edit(plans, path, before, after, [f"decision {decision['id']} added: {decision['text']}"])


def _verify_decision(path: str, after: bytes, meeting: Meeting, decision: dict) -> None:
    from dagov.plan.load import read_document

    findings: list[Finding] = []
    new = read_document(path, after, fmt.MEETING, findings)
    last = new.decisions[-1] if new is not None and new.decisions else None
    wanted = {k: v for k, v in decision.items() if k not in ("id", "text")}
    if new is None or len(new.decisions) != len(meeting.decisions) + 1 or last is None or \
            (last.id, last.text) != (decision["id"], decision["text"]) or \
            any(getattr(last, key) != value for key, value in wanted.items()) or new.items != meeting.items:
        _unsafe(path)


def _unsafe(path: str) -> None:
    raise RefusedError(f"dagov could not edit {path} safely (it does not read back as written); nothing was "
                       "written. Please report this, with the file")


def _verify_recommendation(path: str, after: bytes, check: Callable[[Recommendation], bool]) -> None:
    from dagov.plan.load import read_document

    findings: list[Finding] = []
    new = read_document(path, after, fmt.RECOMMENDATION, findings)
    if new is None or not check(new):
        _unsafe(path)


# --- running one decision ----------------------------------------------------------------------


def decide(plans: str | os.PathLike, build: Callable[[Tree], tuple[list[Edit], str]], dry_run: bool = False) -> Outcome:
    """Under the plans lock: read and check the plan, work out every edit with `build`, judge them together,
    and write them all (or none: a refusal, a dry run, or a failure half way)."""
    from dagov.check.run import check
    from dagov.edit import safepath

    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        edits, summary = build(now.tree)
        for edit in edits:
            safepath.inside(plans, edit.rel)
            if edit.before:
                txn.add(edit.rel, edit.after, expected=edit.before)
            else:
                txn.add(edit.rel, edit.after)
        verdict = txn.judge(now=now)
        if verdict.ok and not dry_run:
            txn.commit()
    return Outcome(edits, verdict, summary)


def _not_yet_done(action: Action, what: str) -> None:
    if action.status in DONE_STATUSES:
        raise DecisionRefused(f"action {action.id} is already {action.status}; only an action still to do can be "
                              f"{what}; nothing was written")


def _cite(rec_or_action) -> str:
    return f"{rec_or_action.id} ({rec_or_action.title})" if rec_or_action.title else f"{rec_or_action.id}"


def close(plans: str | os.PathLike, rec_id: str, meeting_id: str, evidence: tuple[tuple[str, str], ...] = (),
          text: str | None = None, with_open_actions: bool = False, plan_id: str | None = None,
          dry_run: bool = False) -> Outcome:
    """`dagov close`: a decision closing the recommendation, and `status: closed` with `closed: {meeting, evidence}`."""

    def build(tree: Tree) -> tuple[list[Edit], str]:
        plan, rec = find_recommendation(tree, rec_id, plan_id)
        meeting = find_meeting(plan, meeting_id)
        if rec.status != "open":
            raise DecisionRefused(f"recommendation {rec_id} is {rec.status}, not open; only an open recommendation can "
                                  "be closed" + ("; to reopen it, use 'dagov reopen'" if rec.status == "closed" else "")
                                  + "; nothing was written")
        still_to_do = [a.id for a in rec.actions if a.id and a.status not in DONE_STATUSES]
        if still_to_do and not with_open_actions:
            which = f"action {still_to_do[0]} is" if len(still_to_do) == 1 else f"actions {listed(still_to_do)} are"
            raise DecisionRefused(f"recommendation {rec_id} cannot be closed: {which} not complete or cancelled; "
                                  "complete or cancel them first ('dagov update ACTION --status complete', "
                                  "'dagov cancel ACTION'), or, if the board closed it regardless, add "
                                  "--with-open-actions; nothing was written")
        words = sentence(text) if text else f"Recommendation {_cite(rec)} closed."
        if evidence and not text:
            words += f" Evidence: {'; '.join(title for title, _ in evidence)}."
        if still_to_do:
            which = f"action {still_to_do[0]} is" if len(still_to_do) == 1 else f"actions {listed(still_to_do)} are"
            words += f" Closed although {which} not complete."
        decision_id = next_decision_id(meeting)
        decision = {"id": decision_id, "text": words, "close": rec_id}
        closed: dict = {"meeting": meeting_id}
        if evidence:
            closed["evidence"] = [{"title": title, "link": link} for title, link in evidence]
        path = rec.pos.path

        def change(doc: YamlEdit) -> None:
            if doc.get(doc.root, "closed") is not None:
                raise EditError(f"{path} has a 'closed:' block although {rec_id} is open; remove it, then run the "
                                "command again")
            doc.set_scalar(doc.root, "status", "closed")
            doc.set_scalar(doc.root, "closed", closed, after="status")

        before, after = _edited(path, change)
        _verify_recommendation(path, after, lambda new: new.status == "closed" and new.closed is not None
                               and new.closed.meeting == meeting_id and len(new.closed.evidence) == len(evidence)
                               and new.actions == rec.actions)
        return [meeting_edit(plans, meeting, decision),
                _edit(plans, path, before, after, [f"status: open -> closed (meeting {meeting_id})"]
                      + [f"closure evidence: {title} ({link})" for title, link in evidence])], \
            f"{rec_id} closed at meeting {meeting_id} (decision {decision_id})"

    return decide(plans, build, dry_run)


def extend(plans: str | os.PathLike, action_id: str, to: dt.date, meeting_id: str, reason: str,
           plan_id: str | None = None, dry_run: bool = False) -> Outcome:
    """`dagov extend`: a decision extending the action to `to`, and the action's extension citing the meeting."""

    def build(tree: Tree) -> tuple[list[Edit], str]:
        plan, rec, action = find_action(tree, action_id, plan_id)
        meeting = find_meeting(plan, meeting_id)
        _not_yet_done(action, "extended")
        due = action.extended_due
        if due is not None and to <= due:
            raise CannotDecide(f"--to {to.isoformat()} is not later than action {action_id}'s due date "
                               f"{due.isoformat()}; an extension moves the due date later")
        if any(x.meeting == meeting_id for x in action.extensions):
            raise DecisionRefused(f"action {action_id} already has an extension approved at meeting {meeting_id}; "
                                  "a meeting extends an action once; nothing was written")
        decision_id = next_decision_id(meeting)
        since = f" from {long_date(due)}" if due else ""
        words = f"Due date of action {_cite(action)} extended{since} to {long_date(to)}. {sentence(reason)}"
        decision = {"id": decision_id, "text": words, "extend": action_id, "to": to}
        extension = {"to": to, "meeting": meeting_id, "reason": sentence(reason)}
        path = rec.pos.path

        def change(doc: YamlEdit) -> None:
            node = doc.find_in_list(doc.root, "actions", "id", action_id)
            if node is None:
                raise EditError(f"action {action_id} is not written as an entry of 'actions:' in {path}")
            doc.append_to_list(node, "extensions", extension)

        before, after = _edited(path, change)

        def extended(new: Recommendation) -> bool:
            mine = next((a for a in new.actions if a.id == action_id), None)
            return mine is not None and mine.extended_due == to and len(mine.extensions) == len(action.extensions) + 1 \
                and (mine.status, mine.updates, mine.due) == (action.status, action.updates, action.due)

        _verify_recommendation(path, after, extended)
        return [meeting_edit(plans, meeting, decision),
                _edit(plans, path, before, after, [f"{action_id} extended to {to.isoformat()} (meeting {meeting_id})"])], \
            f"{action_id} extended to {to.isoformat()} at meeting {meeting_id} (decision {decision_id})"

    return decide(plans, build, dry_run)


def cancel(plans: str | os.PathLike, action_id: str, meeting_id: str, reason: str, plan_id: str | None = None,
           dry_run: bool = False) -> Outcome:
    """`dagov cancel`: a decision cancelling the action, `status: cancelled`, and an update dated the meeting."""

    def build(tree: Tree) -> tuple[list[Edit], str]:
        plan, rec, action = find_action(tree, action_id, plan_id)
        meeting = find_meeting(plan, meeting_id)
        _not_yet_done(action, "cancelled")
        assert meeting.date is not None  # find_meeting refuses a meeting without one
        latest = max((u.date for u in action.updates if u.date is not None), default=None)
        if latest is not None and latest > meeting.date:
            raise DecisionRefused(f"action {action_id} has an update of {latest.isoformat()}, after meeting "
                                  f"{meeting_id}; updates are kept oldest first, so the cancellation must be decided at "
                                  "a meeting on or after that date; nothing was written")
        decision_id = next_decision_id(meeting)
        why = sentence(reason)
        decision = {"id": decision_id, "text": f"Action {_cite(action)} cancelled. {why}", "cancel": action_id}
        note = f"Cancelled by the {board_name(tree, plan)} on {long_date(meeting.date)} (decision {decision_id}). {why}"
        by = plan.lead or meeting.chair or action.owner
        path = rec.pos.path
        before = read_for_edit(path)
        after, lines = edit_action(before, path, action_id, action,
                                   UpdateRequest(meeting.date, "cancelled", note, by))

        def cancelled(new: Recommendation) -> bool:
            mine = next((a for a in new.actions if a.id == action_id), None)
            return mine is not None and mine.status == "cancelled" and len(mine.updates) == len(action.updates) + 1 \
                and mine.updates[-1].status == "cancelled" and (mine.due, mine.extensions) == (action.due, action.extensions)

        _verify_recommendation(path, after, cancelled)
        return [meeting_edit(plans, meeting, decision), _edit(plans, path, before, after, lines)], \
            f"{action_id} cancelled at meeting {meeting_id} (decision {decision_id})"

    return decide(plans, build, dry_run)


def reopen(plans: str | os.PathLike, rec_id: str, meeting_id: str, reason: str, plan_id: str | None = None,
           dry_run: bool = False) -> Outcome:
    """`dagov reopen`: a decision reopening a closed recommendation; its closure moves to `reopened:`."""

    def build(tree: Tree) -> tuple[list[Edit], str]:
        plan, rec = find_recommendation(tree, rec_id, plan_id)
        meeting = find_meeting(plan, meeting_id)
        if rec.status != "closed" or rec.closed is None:
            raise DecisionRefused(f"recommendation {rec_id} is {rec.status}, not closed; only a closed "
                                  "recommendation can be reopened; nothing was written")
        closed_at = rec.closed.meeting
        closing = plan.meetings.get(closed_at or "")
        assert meeting.date is not None  # find_meeting refuses a meeting without one
        if closing is not None and closing.date is not None and closing.date >= meeting.date:
            raise DecisionRefused(f"recommendation {rec_id} was closed at meeting {closed_at}; only a later meeting "
                                  f"can reopen it, and meeting {meeting_id} is not later; nothing was written")
        when = f", closed on {long_date(closing.date)}," if closing is not None and closing.date else ""
        decision_id = next_decision_id(meeting)
        why = sentence(reason)
        decision = {"id": decision_id, "text": f"Recommendation {_cite(rec)}{when} reopened. {why}", "reopen": rec_id}
        history: dict = {"meeting": meeting_id, "reason": why, "closed_at": closed_at}
        if rec.closed.evidence:
            history["evidence"] = [{"title": e.title, "link": e.link} for e in rec.closed.evidence]
        path = rec.pos.path

        def change(doc: YamlEdit) -> None:
            doc.set_scalar(doc.root, "status", "open")
            if doc.get(doc.root, "reopened") is None:  # the closure's place becomes its history's
                doc.replace_key(doc.root, "closed", "reopened", [history])
            else:
                doc.delete_key(doc.root, "closed")
                doc.append_to_list(doc.root, "reopened", history)

        before, after = _edited(path, change)
        _verify_recommendation(path, after, lambda new: new.status == "open" and new.closed is None
                               and len(new.reopened) == len(rec.reopened) + 1 and new.actions == rec.actions)
        return [meeting_edit(plans, meeting, decision),
                _edit(plans, path, before, after, [f"status: closed -> open (closure of meeting {closed_at} kept "
                                                   "under reopened:)"])], \
            f"{rec_id} reopened at meeting {meeting_id} (decision {decision_id})"

    return decide(plans, build, dry_run)
