"""`dagov supersede` as a library: a successor plan that carries the open work forward, in one transaction.

For each open recommendation of the old plan, the new plan gets a recommendation (the same id,
or the one `--as` gives; several old ones may become one) holding the old one's still-open
actions, each with `carried_from: <old plan>/<action>` and an update saying where it came from.
In the old plan, each carried action is cancelled with an update saying where it went, each open
recommendation becomes `superseded`, and the plan `superseded` by the new one. The old files
are edited in place (comments kept); nothing is written unless all of it passes `check`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from dagov.edit.decisions import CannotDecide, DecisionRefused, Outcome, edited, long_date, sentence
from dagov.edit.new import NewFile
from dagov.edit.plans import PlanRequest, plan_folder, yaml_file
from dagov.edit.transaction import read_for_edit
from dagov.edit.update import Edit, UpdateRequest, edit_action
from dagov.plan.choice import plan_named
from dagov.plan.model import Action, Plan, Recommendation, Tree
from dagov.plan.vocabulary import DONE_STATUSES
from dagov.words import did_you_mean, plural


@dataclass(frozen=True)
class Succession:
    """What `dagov supersede` is asked: the old plan, and the new plan's id, title and start."""

    old: str
    new: str
    title: str
    start: dt.date
    end: dt.date | None = None
    board: str | None = None
    source_title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    renamed: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    """(old recommendation id, its id in the new plan): --as R05=L02."""


def parse_renaming(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise CannotDecide(f"--as {text!r} needs the old recommendation's id and its id in the new plan: --as R05=L02")
    return old.strip(), new.strip()


def carried_note(old: Plan, action: Action) -> str:
    return f"Carried from {old.folder}/{action.id}."


def superseded_note(new_id: str, action_id: str) -> str:
    return f"Plan superseded - carried forward to {new_id} as {action_id}."


def open_actions(rec: Recommendation) -> list[Action]:
    return [a for a in rec.actions if a.id and a.status not in DONE_STATUSES]


def _groups(old: Plan, renamed: dict[str, str]) -> dict[str, list[Recommendation]]:
    """New recommendation id -> the open recommendations of the old plan it continues, in the old plan's order."""
    from dagov.words import natural_key

    opened = [r for r in sorted(old.recommendations.values(), key=lambda r: natural_key(r.id)) if r.status == "open"]
    for old_id in renamed:
        if old_id not in old.recommendations:
            raise CannotDecide(f"--as names '{old_id}', which is not a recommendation of plan {old.id}"
                               f"{did_you_mean(old_id, old.recommendations)}")
        if old.recommendations[old_id].status != "open":
            raise CannotDecide(f"--as names {old_id}, which is {old.recommendations[old_id].status}; only open "
                               "recommendations are carried forward")
    groups: dict[str, list[Recommendation]] = {}
    for rec in opened:
        groups.setdefault(renamed.get(rec.id or "", rec.id or ""), []).append(rec)
    return groups


def _new_recommendation(plans, old: Plan, new_plan: str, new_id: str, recs: list[Recommendation], start: dt.date,
                        lead: str) -> tuple[NewFile, dict[str, str]]:
    """The new recommendation's file, and old action id -> new action id for its carried actions."""
    first = recs[0]
    actions: list[dict] = []
    moved: dict[str, str] = {}
    for rec in recs:
        for action in open_actions(rec):
            action_id = f"{new_id}.{len(actions) + 1}"
            moved[action.id or ""] = action_id
            item: dict = {"id": action_id, "title": action.title, "carried_from": f"{old.folder}/{action.id}",
                          "owner": action.owner, "due": action.extended_due, "status": action.status,
                          "updates": [{"date": start, "by": lead, "note": carried_note(old, action)}]}
            actions.append({k: v for k, v in item.items() if v is not None})
    mapping = {
        "id": new_id,
        "kind": first.kind,
        "title": first.title,
        "text": first.text,
        "area": first.area,
        "owner": first.owner,
        "timescale": first.timescale,
        "due": first.due,
        "status": "open",
        "actions": actions,
    }
    comment = f"Continues {', '.join(f'{old.folder}/{r.id}' for r in recs)}, superseded on {long_date(start)}."
    rel = f"{new_plan}/recommendations/{new_id}.yaml"
    new = yaml_file(plans, rel, "recommendation", {k: v for k, v in mapping.items() if v is not None},
                    frozenset({"actions"}), frozenset({"actions"}), comments=(comment,))
    return new, moved


def _old_recommendation(plans, rec: Recommendation, request: Succession, moved: dict[str, str],
                        lead: str) -> Edit:
    """The old recommendation file: each carried action cancelled with an update saying where it went, and
    the recommendation superseded."""
    path = rec.pos.path
    before = data = read_for_edit(path)
    summary = []
    for action in open_actions(rec):
        latest = max((u.date for u in action.updates if u.date is not None), default=None)
        if latest is not None and latest > request.start:
            raise DecisionRefused(f"action {action.id} has an update of {latest.isoformat()}, after the new plan's "
                                  f"start {request.start.isoformat()}; the plan is superseded on the day the new one "
                                  "starts, so give --start on or after that date; nothing was written")
        note = superseded_note(request.new, moved[action.id or ""])
        data, _ = edit_action(data, path, action.id or "", action, UpdateRequest(request.start, "cancelled", note, lead))
        summary.append(f"{action.id} carried forward to {request.new} as {moved[action.id or '']} (cancelled here)")
    after = edited(data, path, lambda doc: doc.set_scalar(doc.root, "status", "superseded"))
    summary.append("status: open -> superseded")
    return Edit(os.path.relpath(path, plans).replace(os.sep, "/"), path, before, after, summary)


def _old_plan(plans, old: Plan, new_id: str) -> Edit:
    path = old.pos.path
    before = read_for_edit(path)

    def change(doc) -> None:
        doc.set_scalar(doc.root, "status", "superseded")
        doc.set_scalar(doc.root, "superseded_by", new_id, after="end" if doc.get(doc.root, "end") else "start")

    return Edit(os.path.relpath(path, plans).replace(os.sep, "/"), path, before, edited(before, path, change),
                [f"status: {old.status} -> superseded", f"superseded_by: {new_id}"])


def plan_succession(plans: str | os.PathLike, tree: Tree, request: Succession) -> tuple[list[Edit], str]:
    """Every file supersede writes (new files have empty `before`), and a sentence saying what was done."""
    old = plan_named(tree, request.old)
    if old.status != "active":
        raise DecisionRefused(f"plan {old.id} is {old.status}; only an active plan can be superseded; nothing was written")
    if old.start is not None and request.start <= old.start:
        raise CannotDecide(f"--start {request.start.isoformat()} is not after plan {old.id}'s start "
                           f"{old.start.isoformat()}; the new plan starts when it replaces the old one")
    lead = old.lead or old.owner or ""
    renamed = dict(request.renamed)
    groups = _groups(old, renamed)
    carried = sum(len(open_actions(r)) for recs in groups.values() for r in recs)
    source = old.source
    summary = (f"Replaces {old.id} ({old.title}) from {long_date(request.start)}, carrying forward its "
               f"{plural(len(groups), 'open recommendation')} and {plural(carried, 'action')} still open; "
               f"each carried action names the one it continues (carried_from).")
    new_request = PlanRequest(
        id=request.new, title=request.title, board=request.board or old.board or "", owner=old.owner or "",
        lead=lead, start=request.start, end=request.end, reports_to=old.reports_to,
        source_title=request.source_title or (source.title if source else None),
        publisher=request.publisher or (source.publisher if source else None),
        published=request.published or (source.published if source else None), summary=sentence(summary))
    areas = {area_id: {"title": area.title} for area_id, area in old.areas.items()}
    new_files = plan_folder(plans, tree, new_request, areas)
    edits = [Edit(f.rel, os.path.join(os.fspath(plans), *f.rel.split("/")), b"", f.data,
                  [f"new plan {request.new}"] if f.rel.endswith("plan.yaml") else []) for f in new_files]
    old_edits: list[Edit] = []
    for new_id, recs in groups.items():
        new_file, moved = _new_recommendation(plans, old, request.new, new_id, recs, request.start, lead)
        what = ", ".join(f"{old.folder}/{r.id}" for r in recs)
        edits.append(Edit(new_file.rel, os.path.join(os.fspath(plans), *new_file.rel.split("/")), b"", new_file.data,
                          [f"new recommendation continuing {what}, with {plural(len(moved), 'carried action')}"
                           if moved else f"new recommendation continuing {what}, with no action: none was still "
                           "open; add the actions still needed, or have the board close it before superseding"]))
        old_edits += [_old_recommendation(plans, rec, request, moved, lead) for rec in recs]
    old_edits.append(_old_plan(plans, old, request.new))
    return edits + old_edits, (f"plan {old.id} superseded by {request.new}: {plural(len(groups), 'recommendation')} "
                               f"and {plural(carried, 'action')} carried forward")


def supersede(plans: str | os.PathLike, request: Succession, dry_run: bool = False) -> Outcome:
    """`dagov supersede` end to end, in one transaction (see dagov.edit.decisions.decide)."""
    from dagov.edit.decisions import decide

    return decide(plans, lambda tree: plan_succession(plans, tree, request), dry_run)
