"""`dagov update` as a library: record progress on one action, changing only the lines that must change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field

from dagov.edit.textedit import EditError, YamlEdit
from dagov.edit.transaction import RefusedError, Verdict, WriteTransaction, read_for_edit
from dagov.errors import UsageError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.choice import plan_named
from dagov.plan.findings import Finding
from dagov.plan.lookup import role_id
from dagov.plan.model import Action, Tree
from dagov.words import did_you_mean


class CannotRecord(UsageError):
    """The update asked for names no action (or plan, or role), names several, or records nothing;
    the message says what to give instead."""


class InUnreadableFile(UsageError):
    """The id asked for would be in a file that could not be read: 'no such id' would mislead."""


@dataclass(frozen=True)
class UpdateRequest:
    """What `dagov update` is asked to record on an action. `date` is the update's date (the caller's --date, or today)."""

    date: dt.date
    status: str | None = None
    note: str | None = None
    by: str | None = None
    rag: str | None = None
    completed: dt.date | None = None
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    public: bool = False
    """The update's note may be published on the public website (`dagov publish`)."""


@dataclass(frozen=True)
class Edit:
    """One plan file as an update would leave it, with a line per change made."""

    rel: str
    """The file's path relative to the plans directory."""
    path: str
    before: bytes
    after: bytes
    summary: list[str]


def parse_evidence(text: str) -> tuple[str, str]:
    """TITLE=LINK; the first '=' splits, so links may carry query strings."""
    title, sep, link = text.partition("=")
    if not sep or not title.strip() or not link.strip():
        raise CannotRecord(f"--evidence {text!r} needs a title and a link: --evidence \"Training report=evidence/R03.pdf\"")
    return title.strip(), link.strip()


def refuse_unreadable(tree: Tree, plans: list, wanted: str) -> None:
    """InUnreadableFile if `wanted` would be in a file that could not be read."""
    from dagov.plan.load import unreadable_file

    broken = unreadable_file(tree, plans, wanted.split(".", 1)[0])
    if broken is not None:
        raise InUnreadableFile(f"'{wanted}' would be in {os.path.join(tree.root, *broken.split('/'))}, which could not be "
                         f"read; run 'dagov check {tree.root}' and fix it first; nothing was written")


def find_action(tree: Tree, action_id: str, plan_id: str | None) -> tuple[str, Action]:
    """(path of the recommendation file, action); CannotRecord saying what to do when not found or ambiguous."""
    plans = list(tree.plans.values()) if plan_id is None else [plan_named(tree, plan_id)]
    hits = [(p, p.actions[action_id]) for p in plans if action_id in p.actions]
    recs = [p.recommendations[action_id] for p in plans if action_id in p.recommendations]
    if not hits and recs:
        actions = ", ".join(a.id for a in recs[0].actions if a.id) or "none yet"
        raise CannotRecord(f"'{action_id}' is a recommendation; dagov update records progress on one of its actions "
                         f"({actions}); add an action with 'dagov new action {action_id}'")
    if not hits:
        refuse_unreadable(tree, plans, action_id)
        known = sorted(a for p in plans for a in p.actions)
        raise CannotRecord(f"there is no action '{action_id}'{did_you_mean(action_id, known)}; "
                         "give the id as it is written in its recommendation file, e.g. R03.2")
    if len(hits) > 1:
        raise CannotRecord(f"action '{action_id}' is in several plans ({', '.join(p.id or p.folder for p, _ in hits)}); "
                         "say which with --plan")
    _, (rec, action) = hits[0]
    return rec.pos.path, action


def resolve(request: UpdateRequest, action: Action) -> UpdateRequest:
    """Fill the defaults: an update is by the action's owner; complete means completed on the update's date."""
    status = request.status
    if request.completed is not None and status is None:
        status = "complete"
    completed = request.completed
    if status == "complete" and completed is None and action.status != "complete":
        completed = request.date
    by = request.by or (action.owner if request.note else None)
    return UpdateRequest(request.date, status, request.note, by, request.rag, completed, request.evidence, request.public)


def edit_action(data: bytes, path: str, action_id: str, action: Action, request: UpdateRequest) -> tuple[bytes, list[str]]:
    """The file's new bytes with `request` recorded on the action, and a line per change."""
    try:
        doc = YamlEdit(data, path)
    except Exception as err:  # the loader read it, so this is unexpected; say so plainly
        raise RefusedError(f"{path} could not be read for editing ({err}); nothing was written") from None
    node = doc.find_in_list(doc.root, "actions", "id", action_id)
    if node is None:
        raise RefusedError(f"action {action_id} is not written as an entry of 'actions:' in {path}; nothing was written")
    latest = max((u.date for u in action.updates if u.date is not None), default=None)
    if request.note and latest is not None and request.date < latest:
        raise RefusedError(f"action {action_id} already has an update of {latest.isoformat()}; updates are kept oldest "
                           f"first, so an update of {request.date.isoformat()} cannot be added after it: give "
                           f"--date {latest.isoformat()} or later; nothing was written")
    summary: list[str] = []
    try:
        if request.status and request.status != action.status:
            doc.set_scalar(node, "status", request.status)
            summary.append(f"status: {action.status} -> {request.status}")
        if request.completed is not None:
            doc.set_scalar(node, "completed", request.completed, after="status")
            summary.append(f"completed: {request.completed.isoformat()}")
        elif request.status and request.status != "complete" and action.completed is not None:
            doc.delete_key(node, "completed")
            summary.append(f"completed date {action.completed.isoformat()} removed (no longer complete)")
        if request.evidence:
            # one call for all: a list dagov creates here must be created once
            doc.append_to_list(node, "evidence", *({"title": title, "link": link} for title, link in request.evidence),
                               before="updates")
            summary.extend(f"evidence added: {title} ({link})" for title, link in request.evidence)
        if request.note:
            update: dict[str, object] = {"date": request.date, "by": request.by, "note": request.note}
            if request.rag:
                update["rag"] = request.rag
            if request.public:
                update["public"] = True
            if request.status and request.status not in (action.status, "complete"):
                # dates the change, so reports as of an earlier date still see the old status;
                # a completion is dated by `completed:` already
                update["status"] = request.status
            doc.append_to_list(node, "updates", update)
            summary.append(f"update of {request.date.isoformat()} by {request.by} added"
                           + (" (public: shown on the published website)" if request.public else ""))
        return doc.result(), summary
    except EditError as err:
        raise RefusedError(f"{err}; nothing was written") from None


def verify_edit(after: bytes, path: str, action_id: str, action: Action, request: UpdateRequest) -> None:
    """Read the edited file back and make sure it says what was meant, and nothing else changed in the action."""
    from dagov.plan.load import read_document

    findings: list[Finding] = []
    rec = read_document(path, after, fmt.RECOMMENDATION, findings)
    new = next((a for a in rec.actions if a.id == action_id), None) if rec else None
    expected_updates = action.updates
    problems = []
    if new is None:
        problems.append("the action cannot be found after the edit")
    else:
        if request.status and new.status != request.status:
            problems.append(f"status reads {new.status!r}")
        if request.completed and new.completed != request.completed:
            problems.append(f"completed reads {new.completed}")
        if len(new.evidence) != len(action.evidence) + len(request.evidence):
            problems.append("the evidence list did not grow as expected")
        if request.note:
            last = new.updates[-1] if new.updates else None
            if len(new.updates) != len(expected_updates) + 1 or last is None or \
                    (last.date, last.by, last.note, last.rag, bool(last.public)) != \
                    (request.date, request.by, request.note, request.rag, request.public):
                problems.append("the new update does not read back as written")
        if (new.title, new.owner, new.due, new.extensions) != (action.title, action.owner, action.due, action.extensions):
            problems.append("other fields of the action changed")
    if problems:
        raise RefusedError(f"dagov could not edit {path} safely ({'; '.join(problems)}); nothing was written. "
                           "Please report this, with the file")


def plan_edit(tree: Tree, plans: str | os.PathLike, action_id: str, request: UpdateRequest,
              plan_id: str | None = None) -> Edit:
    """Work out the edit (nothing is written). Raises CannotRecord for bad requests, RefusedError for unsafe ones."""
    path, action = find_action(tree, action_id, plan_id)
    if request.by is not None and tree.organisation:  # by id, title or holder, as every option naming a role
        request = dataclasses.replace(request, by=role_id(tree, "--by", request.by))
    request = resolve(request, action)
    before = read_for_edit(path)
    after, summary = edit_action(before, path, action_id, action, request)
    if not summary:
        raise CannotRecord(f"nothing to record: action {action_id} is already {action.status}; "
                         "give --note, --evidence or a different --status")
    verify_edit(after, path, action_id, action, request)
    rel = os.path.relpath(path, plans).replace(os.sep, "/")
    return Edit(rel, path, before, after, summary)


def record(plans: str | os.PathLike, action_id: str, request: UpdateRequest, plan_id: str | None = None,
           dry_run: bool = False) -> tuple[Edit, Verdict]:
    """`dagov update` end to end: under the plans lock, read the plan, work out the edit, judge it,
    and write it unless it would add errors (or `dry_run`). CannotRecord / RefusedError as plan_edit;
    safepath.UnsafePath when the file, or a folder above it, is a symbolic link leading out."""
    from dagov.check.run import check
    from dagov.edit import safepath

    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        edit = plan_edit(now.tree, plans, action_id, request, plan_id)
        safepath.inside(plans, edit.rel)
        txn.add(edit.rel, edit.after, expected=edit.before)
        verdict = txn.judge(now=now)
        if verdict.ok and not dry_run:
            txn.commit()
    return edit, verdict
