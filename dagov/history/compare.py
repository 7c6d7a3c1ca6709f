"""What moved between two points of a plan's history, in plan terms.

Pure functions over two loaded Trees: no git, no clock, no I/O. `compare` returns
the changes grouped by plan and key area, most important first (closures,
completions, new reds, moved dates ...); `dagov.history.points` loads the trees from git
and `dagov.history.report` lays the result out as text, JSON or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from dagov.plan import rag
from dagov.plan.model import Action, Evidence, Measure, Meeting, Plan, Recommendation, Tree, Update
from dagov.report import figures
from dagov.words import natural_key, plural

KIND_RANK = {
    "closed": 0,        # a recommendation closed by the board
    "completed": 1,     # an action completed
    "new-red": 2,       # an action that turned red
    "superseded": 3,    # a plan replaced by a later one
    "extended": 4,      # a due date moved by an approved extension
    "due": 5,           # a due date edited without an approved extension
    "carried": 6,       # an action carried forward from a superseded plan
    "added": 7,
    "removed": 8,
    "status": 9,
    "rag": 10,
    "owner": 11,
    "update": 12,
    "evidence": 13,
    "edited": 14,       # titles, text, areas, partners ...
    "moved": 15,        # a file renamed
    "meeting": 16,
    "decision": 17,
    "board-action": 18,
    "assessment": 19,   # the board's judgement of a recommendation's outcome
    "value": 20,        # a measure's figure recorded or changed
    "unreadable": 21,
}

# Group keys that cannot be area ids (those start with a letter or digit).
BOARD_GROUP = "_board"
OUTCOMES_GROUP = "_outcomes"
PLAN_GROUP = "_plan"
NO_AREA = "_no-area"


@dataclass(frozen=True)
class Change:
    """One thing that moved in a plan between two points in history (an action completed, a due date moved...)."""

    plan: str
    """The plan folder."""
    group: str
    """The key area id; PLAN_GROUP for the plan itself, BOARD_GROUP for meetings."""
    subject: str
    """What changed: an action or recommendation id, a meeting id, or the plan id."""
    kind: str
    """One of KIND_RANK."""
    detail: str
    """The change in plan terms, e.g. 'status: in-progress → complete'."""
    title: str | None = None

    @property
    def rank(self) -> int:
        return KIND_RANK[self.kind]


@dataclass(frozen=True)
class Group:
    """The changes of one key area (or of the plan itself, or of its meetings), under its title."""

    key: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PlanChanges:
    """Everything that moved in one plan between two points in history, by group."""

    plan: str
    title: str | None
    groups: tuple[Group, ...]

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for g in self.groups for c in g.changes)


@dataclass(frozen=True)
class Snapshot:
    """One side of a comparison: a loaded tree and the date its RAGs are judged at."""

    tree: Tree
    date: dt.date

    @cached_property
    def carried_to(self) -> dict[str, str]:
        """The tree's carried-forward links as of the date (`figures.carried_index`), worked out once."""
        return figures.carried_index(self.tree, self.date)


# --- small helpers -------------------------------------------------------------------

def _shown(value: object) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _arrow(field: str, old: object, new: object) -> str:
    return f"{field}: {_shown(old)} → {_shown(new)}"


def _short(text: str | None, limit: int = 120) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_Item = TypeVar("_Item", Action, Recommendation)
_T = TypeVar("_T")


def _by_id(items: Iterable[_Item]) -> dict[str, _Item]:
    found: dict[str, _Item] = {}
    for item in items:
        if item.id is not None:
            found.setdefault(item.id, item)
    return found


def _new(old_items: tuple[_T, ...], new_items: tuple[_T, ...]) -> list[_T]:
    """Items of `new_items` not in `old_items` (compared by value, not by position in the file)."""
    return [item for item in new_items if item not in old_items]


# --- actions and recommendations ------------------------------------------------------


Changer = Callable[[str, str], Change]


@dataclass(frozen=True)
class Context:
    """What describing a change needs beyond the two objects."""

    plan: str
    group: str
    carried_to: dict[str, str]
    """'<plan>/<action id>' -> '<plan>/<action id>' of the action that carries it forward (after)."""

    def changer(self, item_id: str, title: str | None) -> Changer:
        """A function making the changes of one item: change(kind, detail)."""
        return lambda kind, detail: Change(self.plan, self.group, item_id, kind, detail, title)


def action_changes(ctx: Context, old: Action | None, new: Action | None) -> Iterator[Change]:
    """How one action changed, field by field, in plan terms."""
    current = new or old
    if current is None or current.id is None:
        return
    change = ctx.changer(current.id, current.title)

    if new is None:
        yield change("removed", f"action removed (it was {_shown(current.status)})")
        return
    if old is None:
        if new.carried_from:
            yield change("carried", f"carried forward from {new.carried_from} (owner {_shown(new.owner)}, "
                                    f"due {_shown(new.extended_due)}, {_shown(new.status)})")
        else:
            yield change("added", f"new action (owner {_shown(new.owner)}, due {_shown(new.extended_due)}, "
                                  f"{_shown(new.status)})")
        return
    if old.status != new.status:
        detail = _arrow("status", old.status, new.status)
        if new.status == "complete" and new.completed:
            detail += f" (completed {new.completed})"
        carried_to = ctx.carried_to.get(f"{ctx.plan}/{new.id}")
        if carried_to:
            detail += f" (carried forward to {carried_to})"
        yield change("completed" if new.status == "complete" else "status", detail)
    elif old.completed != new.completed:
        yield change("edited", _arrow("completed", old.completed, new.completed))
    yield from _due_changes(change, old, new)
    if old.owner != new.owner:
        yield change("owner", _arrow("owner", old.owner, new.owner))
    if old.title != new.title:
        yield change("edited", f"title: '{_shown(old.title)}' → '{_shown(new.title)}'")
    if old.partners != new.partners:
        yield change("edited", _arrow("partners", old.partners, new.partners))
    if old.carried_from != new.carried_from:
        yield change("carried" if new.carried_from else "edited",
                     _arrow("carried_from", old.carried_from, new.carried_from))
    yield from (change("update", detail) for detail in _update_changes(old.updates, new.updates))
    yield from (change("evidence", detail) for detail in _evidence_changes(old.evidence, new.evidence))


def _evidence_changes(old: tuple[Evidence, ...], new: tuple[Evidence, ...]) -> Iterator[str]:
    """Evidence added, removed or moved to another link; evidence is known by its title."""
    before = {e.title: e for e in old}
    after = {e.title: e for e in new}
    for title, evidence in after.items():
        if title not in before:
            yield f"evidence added: {_shown(title)}"
        elif before[title].link != evidence.link:
            yield f"evidence moved: {_shown(title)} now at {_shown(evidence.link)}"
    for title in before:
        if title not in after:
            yield f"evidence removed: {_shown(title)}"


def _update_changes(old: tuple[Update, ...], new: tuple[Update, ...]) -> Iterator[str]:
    """Updates added, edited or removed; an update is known by its date and author."""
    before = {(u.date, u.by): u for u in old}
    after = {(u.date, u.by): u for u in new}
    for key, update in after.items():
        was = before.get(key)
        if was is None:
            stated = f" ({update.rag})" if update.rag else ""
            yield f"update {_shown(update.date)} by {_shown(update.by)}{stated}: {_short(update.note)}"
        elif was != update:
            edits = [_arrow("rag", was.rag, update.rag)] if was.rag != update.rag else []
            edits += ["note reworded"] if was.note != update.note else []
            yield f"update {_shown(update.date)} by {_shown(update.by)} edited: {'; '.join(edits)}"
    for key, update in before.items():
        if key not in after:
            yield f"update {_shown(update.date)} by {_shown(update.by)} removed"


def _due_changes(change: Changer, old: Action, new: Action) -> Iterator[Change]:
    if old.extended_due == new.extended_due and old.due == new.due:
        return
    extensions = [e for e in _new(old.extensions, new.extensions) if e.to is not None]
    if extensions and old.extended_due != new.extended_due:
        last = extensions[-1]
        yield change("extended", f"due: {_shown(old.extended_due)} → {_shown(new.extended_due)} "
                                 f"(extension approved at meeting {_shown(last.meeting)})")
    elif old.extended_due != new.extended_due:
        why = "an extension was removed" if _new(new.extensions, old.extensions) else "no approved extension recorded"
        yield change("due", f"due: {_shown(old.extended_due)} → {_shown(new.extended_due)} ({why})")
    else:
        yield change("edited", f"original due date: {_shown(old.due)} → {_shown(new.due)} (an extension still applies)")


def recommendation_changes(ctx: Context, old: Recommendation | None, new: Recommendation | None) -> Iterator[Change]:
    """How one recommendation and its actions changed."""
    current = new or old
    if current is None or current.id is None:
        return
    change = ctx.changer(current.id, current.title)

    if new is None:
        yield change("removed", f"recommendation removed (it was {_shown(current.status)})")
    elif old is None:
        yield change("added", f"new {_shown(new.kind).replace('-', ' ')} (owner {_shown(new.owner)}, "
                              f"due {_shown(new.due)}, {plural(len(new.actions), 'action')})")
    else:
        if old.status != new.status:
            detail = _arrow("status", old.status, new.status)
            if new.status == "closed" and new.closed and new.closed.meeting:
                detail += f" (closed at meeting {new.closed.meeting})"
            yield change("closed" if new.status == "closed" else "status", detail)
        for field in ("due", "owner", "area", "kind"):
            if getattr(old, field) != getattr(new, field):
                yield change("owner" if field == "owner" else "due" if field == "due" else "edited",
                             _arrow(field, getattr(old, field), getattr(new, field)))
        if old.title != new.title:
            yield change("edited", f"title: '{_shown(old.title)}' → '{_shown(new.title)}'")
        if old.text != new.text:
            yield change("edited", "text reworded")
    old_actions = _by_id(old.actions) if old else {}
    new_actions = _by_id(new.actions) if new else {}
    for action_id in sorted(old_actions.keys() | new_actions.keys(), key=natural_key):
        yield from action_changes(ctx, old_actions.get(action_id), new_actions.get(action_id))


# --- RAG as of each point's date ------------------------------------------------------


def rag_changes(ctx: Context, action_id: str, before: figures.RagInputs, after: figures.RagInputs,
                old: tuple[Recommendation, Action], new: tuple[Recommendation, Action]) -> Iterator[Change]:
    """An action's RAG at the first point's date against its RAG at the second's (as `dagov status` has them)."""
    was = figures.action_figures(before, *old)
    now = figures.action_figures(after, *new)
    status_changed = old[1].status != new[1].status
    if was.rag == now.rag:
        return
    if status_changed and now.rag in (rag.COMPLETE, rag.GREY):
        return  # the status change already says it
    kind = "new-red" if now.rag == rag.RED else "rag"
    yield Change(ctx.plan, ctx.group, action_id, kind, f"RAG: {was.rag} → {now.reason}", now.title)


# --- meetings -------------------------------------------------------------------------


def meeting_changes(plan: str, old: Meeting | None, new: Meeting | None) -> Iterator[Change]:
    if new is None or new.id is None:
        return
    meeting_id = new.id

    def change(kind: str, detail: str) -> Change:
        return Change(plan, BOARD_GROUP, meeting_id, kind, detail)

    if old is None:
        yield change("meeting", f"meeting of {_shown(new.board)} on {_shown(new.date)}")
    old_decisions = {d.id: d for d in old.decisions} if old else {}
    new_ids = {d.id for d in new.decisions}
    for decision in _new(old.decisions if old else (), new.decisions):
        before = old_decisions.get(decision.id)
        if before is None:
            yield change("decision", f"decision {_shown(decision.id)}: {_short(decision.text)}")
            continue
        edits = [_arrow(name, getattr(before, name), getattr(decision, name))
                 for name in ("close", "extend", "to") if getattr(before, name) != getattr(decision, name)]
        if before.text != decision.text:
            edits.append(_arrow("text", _short(before.text, 60), _short(decision.text, 60)))
        yield change("decision", f"decision {_shown(decision.id)} changed: {'; '.join(edits)}")
    for decision_id, decision in old_decisions.items():
        if decision_id not in new_ids:
            yield change("decision", f"decision {_shown(decision_id)} removed: {_short(decision.text)}")
    for raised in _new(old.actions if old else (), new.actions):
        yield change("board-action", f"board action {_shown(raised.id)} raised (owner {_shown(raised.owner)}, "
                                     f"due {_shown(raised.due)}): {_short(raised.text)}")
    for review in _new(old.action_log if old else (), new.action_log):
        note = f": {_short(review.note)}" if review.note else ""
        yield change("board-action", f"board action {_shown(review.action)} reviewed: {_shown(review.status)}{note}")
    for judged in _new(old.assessments if old else (), new.assessments):
        yield change("assessment", f"assessment of {_shown(judged.recommendation)}: {_shown(judged.judgement)}: "
                                   f"{_short(judged.narrative)}")


def measure_changes(plan: str, old: Measure | None, new: Measure | None) -> Iterator[Change]:
    """Figures recorded, or changed, between the two points."""
    if new is None or new.id is None:
        return
    before = {v.period: v.value for v in old.values} if old else {}
    for value in new.values:
        if value.period in before and before[value.period] == value.value:
            continue
        what = "recorded" if value.period not in before else f"changed from {_shown(before[value.period])}"
        note = f" ({_short(value.note, 60)})" if value.note else ""
        yield Change(plan, OUTCOMES_GROUP, new.id, "value",
                     f"value for {_shown(value.period)} {what}: {_shown(value.value)}{note}", new.title)


# --- plans ----------------------------------------------------------------------------


def _plan_level(folder: str, old: Plan | None, new: Plan | None) -> Iterator[Change]:
    current = new or old
    if current is None:
        return
    plan_id, title = current.id or folder, current.title

    def change(kind: str, detail: str) -> Change:
        return Change(folder, PLAN_GROUP, plan_id, kind, detail, title)

    if new is None:
        yield change("removed", "plan removed")
    elif old is None:
        yield change("added", f"new plan ({plural(len(new.recommendations), 'recommendation')})")
    elif old.status != new.status:
        detail = _arrow("status", old.status, new.status)
        if new.status == "superseded":
            yield change("superseded", detail + f" (superseded by {_shown(new.superseded_by)})")
        else:
            yield change("status", detail)


def _plan_changes(folder: str, before: Snapshot, after: Snapshot) -> Iterator[Change]:
    old_plan = before.tree.plans.get(folder)
    new_plan = after.tree.plans.get(folder)
    old_inputs = figures.rag_inputs(before.tree, old_plan, before.date, carried_to=before.carried_to) if old_plan else None
    new_inputs = figures.rag_inputs(after.tree, new_plan, after.date, carried_to=after.carried_to) if new_plan else None
    yield from _plan_level(folder, old_plan, new_plan)
    old_recs = old_plan.recommendations if old_plan else {}
    new_recs = new_plan.recommendations if new_plan else {}
    unreadable = (old_plan.unreadable if old_plan else frozenset()) | (new_plan.unreadable if new_plan else frozenset())
    for rec_id in sorted(old_recs.keys() | new_recs.keys(), key=natural_key):
        old, new = old_recs.get(rec_id), new_recs.get(rec_id)
        if rec_id in unreadable and (old is None or new is None):
            continue  # the file is broken at one point: adding or removing it would be a false story
        current = new if new is not None else old_recs[rec_id]
        ctx = Context(folder, current.area or NO_AREA, after.carried_to)
        yield from recommendation_changes(ctx, old, new)
        if old is None or new is None or old_inputs is None or new_inputs is None:
            continue
        old_actions, new_actions = _by_id(old.actions), _by_id(new.actions)
        for action_id in sorted(old_actions.keys() & new_actions.keys(), key=natural_key):
            yield from rag_changes(ctx, action_id, old_inputs, new_inputs, (old, old_actions[action_id]),
                                   (new, new_actions[action_id]))
    for stem in sorted(unreadable, key=natural_key):
        yield Change(folder, PLAN_GROUP, stem, "unreadable",
                     f"file {stem}.yaml could not be read at one of the two points; run dagov check")
    old_meetings = old_plan.meetings if old_plan else {}
    new_meetings = new_plan.meetings if new_plan else {}
    for meeting in (new_plan.meetings_by_date if new_plan else ()):
        yield from meeting_changes(folder, old_meetings.get(meeting.id or ""), meeting)
    old_measures = old_plan.measures if old_plan else {}
    for measure_id, measure in sorted((new_plan.measures if new_plan else {}).items(), key=lambda kv: natural_key(kv[0])):
        yield from measure_changes(folder, old_measures.get(measure_id), measure)
    for meeting_id in sorted(old_meetings.keys() - new_meetings.keys()):
        if meeting_id in unreadable:
            continue
        gone = old_meetings[meeting_id]
        yield Change(folder, BOARD_GROUP, meeting_id, "removed",
                     f"meeting of {_shown(gone.board)} on {_shown(gone.date)} removed, with its "
                     f"{plural(len(gone.decisions), 'decision')}")


def _group_title(key: str, plan: Plan | None) -> str:
    if key == PLAN_GROUP:
        return "The plan"
    if key == BOARD_GROUP:
        return "Board meetings"
    if key == OUTCOMES_GROUP:
        return "Outcomes"
    if key == NO_AREA:
        return "No key area"
    area = plan.areas.get(key) if plan else None
    return (area.title or key) if area else key


def _grouped(folder: str, changes: list[Change], before: Tree, after: Tree) -> PlanChanges:
    plan = after.plans.get(folder) or before.plans.get(folder)
    area_order = list(plan.areas) if plan else []
    by_group: dict[str, list[Change]] = {}
    for change in changes:
        by_group.setdefault(change.group, []).append(change)

    def group_order(key: str) -> tuple:
        # The plan first, board business last, key areas by their most important change.
        if key == PLAN_GROUP:
            return (0, 0, 0, key)
        if key == BOARD_GROUP:
            return (3, 0, 0, key)
        if key == OUTCOMES_GROUP:
            return (2, 0, 0, key)
        place = area_order.index(key) if key in area_order else len(area_order)
        return (1, min(c.rank for c in by_group[key]), place, key)

    groups = []
    for key in sorted(by_group, key=group_order):
        # Each subject once, subjects by their most important change, then that subject's changes by rank.
        best: dict[str, int] = {}
        for change in by_group[key]:
            best[change.subject] = min(best.get(change.subject, change.rank), change.rank)
        ordered = sorted(enumerate(by_group[key]), key=lambda ic: (
            best[ic[1].subject], natural_key(ic[1].subject), ic[1].rank, ic[0]))
        groups.append(Group(key, _group_title(key, plan), tuple(c for _, c in ordered)))
    return PlanChanges(folder, plan.title if plan else None, tuple(groups))


def compare(before: Snapshot, after: Snapshot) -> tuple[PlanChanges, ...]:
    """Everything that moved from `before` to `after`, by plan, grouped by key area, most important first."""
    result = []
    for folder in sorted(before.tree.plans.keys() | after.tree.plans.keys()):
        changes = list(_plan_changes(folder, before, after))
        if changes:
            result.append(_grouped(folder, changes, before.tree, after.tree))
    return tuple(result)
