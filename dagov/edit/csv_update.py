"""`dagov import csv --update` as a library: a tracker exported by dagov, edited in a spreadsheet,
applied back to the recommendation files it came from.

What it applies, row by row: an action's status, completed date, due date and owner, a new
update (the 'Latest update' cells changed) and new evidence (lines added to 'Evidence'), and a
recommendation's owner and due date. Each goes through the same edit as `dagov update`
(dagov.edit.update and dagov.edit.textedit): only the lines that change, comments kept.

How it tells an edit from a change made to the files since the export: the export's last
column, Fingerprint, holds a short hash of what the row held, in two parts (the
recommendation's cells and the action's; see dagov.report.csv_export.fingerprint). A part
whose cells still hash to it was not edited in the spreadsheet, and is left alone even if the
files have moved on. A part that was edited is applied only if the files still hash to it too;
otherwise the edit is to something changed since the export, and the whole import is refused,
naming the rows, so nobody's work is overwritten. Anything else the spreadsheet changes
(titles, text, extensions) or removes is refused too, saying where to change it instead.

Nothing is written here: the command adds the edits to the WriteTransaction, which checks the
result and writes all the files or none.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from dagov.edit import csv_import
from dagov.edit.csv_import import STATUS_WORDS, Owners, Report, TrackerError, evidence_item, group_rows, table_rows
from dagov.edit.textedit import EditError, YamlEdit
from dagov.edit.transaction import RefusedError, read_for_edit
from dagov.edit.update import UpdateRequest, edit_action, resolve, verify_edit
from dagov.errors import DagovError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.dates import parse_british
from dagov.plan.lookup import words
from dagov.plan.model import Action, Plan, Recommendation, Tree
from dagov.report import csv_export
from dagov.words import natural_key

REC_APPLIED = ("recommendation_owner", "recommendation_due")
ACTION_APPLIED = ("owner", "due", "status", "completed", "update_date", "update_by", "update_note", "evidence")
HEADINGS = dict(csv_export.COLUMNS)


class CannotUpdate(DagovError):
    """The spreadsheet asks for something --update does not do, or edits what the files changed since the
    export: every such row is listed, and nothing is written."""


@dataclass
class FileEdit:
    """One plan file as a spreadsheet's rows would leave it, with a line per change."""

    rel: str
    """The file's path relative to the plans directory."""
    path: str
    before: bytes
    after: bytes
    changes: list[str] = field(default_factory=list)
    """One line per change: 'R03.2 (row 7): status: in-progress -> complete'."""


@dataclass(frozen=True)
class UpdatePlan:
    """Every edit a spreadsheet of progress asks for, and the report of it; nothing written yet."""

    edits: list[FileEdit]
    report: Report


@dataclass
class _ActionChange:
    """What one spreadsheet row asks of one action: a new owner, due date or progress update."""

    row: int
    action: Action
    owner: str | None = None
    due: dt.date | None = None
    request: UpdateRequest | None = None


@dataclass
class _RecChange:
    """What a spreadsheet asks of one recommendation: its own fields' new values (with their rows) and its actions' changes."""

    rec: Recommendation
    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    actions: list[_ActionChange] = field(default_factory=list)


def plan_update(tree: Tree, plans: str, plan: Plan, data: bytes, overrides: dict[str, str], default_date: dt.date,
                source: str = "the CSV", role_map: Mapping[str, str] | None = None) -> UpdatePlan:
    """Work out every edit the spreadsheet asks for; nothing is written. TrackerError (a usage error) when
    the CSV cannot be read, UnknownOwners or CannotUpdate (refusals) when it cannot be applied."""
    try:
        return _Updater(tree, plans, plan, default_date, role_map or {}).run(data, overrides)
    except (TrackerError, csv_import.UnknownOwners, CannotUpdate) as err:
        raise type(err)(f"{source}: {err}") from None


class _Updater:
    def __init__(self, tree: Tree, plans: str, plan: Plan, default_date: dt.date, role_map: Mapping[str, str]):
        self.plans, self.plan, self.default_date = plans, plan, default_date
        self.report = Report()
        self.owners = Owners(tree, role_map, self.report)
        self.problems: list[str] = []
        self.conflicts: list[str] = []
        self.changes: dict[str, _RecChange] = {}

    # --- reading the rows -------------------------------------------------------------------

    def run(self, data: bytes, overrides: dict[str, str]) -> UpdatePlan:
        rows = table_rows(data, overrides, self.plan, self.report)
        # the export's own derived columns are expected here: not worth a note each
        self.report.notes[:] = [n for n in self.report.notes if not n.endswith(csv_import.DERIVED_NOTE)]
        if rows and not any("fingerprint" in cells for _, cells in rows):
            raise CannotUpdate("nothing written: --update needs the 'Fingerprint' column that dagov export csv "
                               "writes (it tells your edits from changes made to the files since the export); "
                               "export the plan again, make your changes in that file and import it")
        seen: dict[str, int] = {}
        for rec_id, group in group_rows(rows).items():
            rec = self.plan.recommendations.get(rec_id)
            if rec is None:
                self.problems.append(f"row {group[0][0]}: recommendation {rec_id} is not in plan {self.plan.id}; "
                                     "--update changes the recommendations the files hold (add a new one with "
                                     "dagov new recommendation, or import it without --update)")
                continue
            for number, cells in group:
                self._row(number, cells, rec, seen)
        refusals = []
        if self.owners.unknown:
            refusals.append(self.owners.unknown_text(self.plans))
        if self.conflicts:
            refusals.append("The files changed since the export where these rows differ from them, so their edits "
                            "could overwrite someone's work: export again, make your changes in the new export and "
                            "import that:" + "".join(f"\n  {c}" for c in self.conflicts))
        if self.problems:
            refusals.append("These rows ask for what --update does not do:" + "".join(f"\n  {p}" for p in self.problems))
        if refusals:
            raise CannotUpdate("nothing written. " + "\n".join(refusals))
        return UpdatePlan(self._edits(), self.report)

    def _row(self, number: int, cells: dict[str, str], rec: Recommendation, seen: dict[str, int]) -> None:
        action_id = cells.get("action", "")
        action = next((a for a in rec.actions if a.id == action_id), None) if action_id else None
        if action_id and action is None:
            self.problems.append(f"row {number}: action {action_id} is not in {rec.id}'s file; --update changes "
                                 f"the actions the files hold (add one with dagov new action {rec.id})")
            return
        if not action_id and rec.actions:
            if any(cells.get(k) for k in csv_export.ACTION_PART):
                self.problems.append(f"row {number}: the row of {rec.id} has no Action ID; give the action's id")
            return
        key = action_id or rec.id or ""
        if key in seen:
            self.problems.append(f"rows {seen[key]} and {number} are both {key}; keep one of them")
            return
        seen[key] = number
        now = csv_export.stored_cells(self.plan, rec, action)
        # a recommendation cell left blank (merged cells) says nothing: the files' value stands
        given = {k: (cells.get(k, "") or now.get(k, "")) if k in csv_export.RECOMMENDATION_PART
                 else cells.get(k, "") for k in (*csv_export.RECOMMENDATION_PART, *csv_export.ACTION_PART)}
        exported = csv_export.fingerprint_parts(cells.get("fingerprint", ""))
        parts = [(csv_export.RECOMMENDATION_PART, exported[0], self._rec_part)]
        if action is not None:
            parts.append((csv_export.ACTION_PART, exported[1], self._action_part))
        for keys, was, apply in parts:
            edited = csv_export.digest(given, keys) != was
            if not edited or not self._changed(keys, given, now):
                continue  # not edited here (the files may have moved on since: that stands), or no difference
            if not was:
                self.problems.append(f"row {number}: the Fingerprint of {action_id or rec.id} is empty, so its edits "
                                     "cannot be told from changes made to the files since the export; put the "
                                     "exported fingerprint back, or export again")
                continue
            if csv_export.digest(now, keys) != was:
                what = ", ".join(HEADINGS[k] for k in self._changed(keys, given, now))
                self.conflicts.append(f"row {number}: {action_id or rec.id} ({what})")
                continue
            apply(number, given, now, rec, action)

    def _not_applied(self, number: int, item: str, keys: tuple[str, ...], given: dict, now: dict, where: str) -> bool:
        changed = [HEADINGS[k] for k in self._changed(keys, given, now)]
        if changed:
            self.problems.append(f"row {number}: {', '.join(changed)} of {item} changed; --update applies statuses, "
                                 f"dates, owners, updates and evidence: change the rest in {where}")
        return bool(changed)

    def _date(self, number: int, key: str, value: str, item: str) -> dt.date | None:
        date = parse_british(value)
        if date is None:
            self.problems.append(f"row {number}: {HEADINGS[key]} '{value}' of {item} is not a date; "
                                 "write it as YYYY-MM-DD or DD/MM/YYYY")
        elif value != date.isoformat():
            self.report.notes.append(f"row {number}: {HEADINGS[key].lower()} '{value}' read as {date.isoformat()}")
        return date

    def _rec_part(self, number: int, given: dict, now: dict, rec: Recommendation, action: Action | None) -> None:
        others = tuple(k for k in csv_export.RECOMMENDATION_PART if k not in REC_APPLIED)
        if self._not_applied(number, rec.id or "", others, given, now, rec.pos.path):
            return
        change = self.changes.setdefault(rec.id or "", _RecChange(rec))
        for key in REC_APPLIED:
            if not self._changed((key,), given, now):
                continue
            value: Any = self.owners(given[key], number) if key == "recommendation_owner" else \
                self._date(number, key, given[key], rec.id or "")
            if value is None:
                continue
            earlier = change.values.get(key)
            if earlier is not None and earlier[0] != value:
                self.problems.append(f"rows {earlier[1]} and {number} give {rec.id} different "
                                     f"{HEADINGS[key].lower()}s; make them the same")
            change.values.setdefault(key, (value, number))

    def _action_part(self, number: int, given: dict, now: dict, rec: Recommendation, action: Action | None) -> None:
        assert action is not None
        item = action.id or ""
        others = tuple(k for k in csv_export.ACTION_PART if k not in ACTION_APPLIED)
        if self._not_applied(number, item, others, given, now, rec.pos.path):
            return
        cleared = [HEADINGS[k] for k in ("owner", "due", "status") if now[k] and not given[k]]
        if cleared:
            self.problems.append(f"row {number}: {', '.join(cleared)} of {item} emptied; --update never empties a "
                                 "value: give one")
            return
        change = _ActionChange(number, action)
        if self._changed(("owner",), given, now):
            change.owner = self.owners(given["owner"], number)
        if self._changed(("due",), given, now):
            change.due = self._date(number, "due", given["due"], item)
        status = None
        if self._changed(("status",), given, now):
            status = _status(given["status"])
            if status is None:
                self.problems.append(f"row {number}: Status '{given['status']}' of {item} is not one of "
                                     f"{', '.join(fmt.ACTION_STATUSES)}")
                return
        completed = None
        if self._changed(("completed",), given, now):  # an empty cell never counts as changed
            completed = self._date(number, "completed", given["completed"], item)
        note, date, by = self._new_update(number, given, now, item)
        evidence = self._new_evidence(number, given, now, item)
        if status or completed or note or evidence:
            request = UpdateRequest(date or self.default_date, status, note, by, None, completed, evidence)
            change.request = resolve(request, action)
        self.changes.setdefault(rec.id or "", _RecChange(rec)).actions.append(change)

    def _new_update(self, number: int, given: dict, now: dict, item: str):
        if not self._changed(("update_note",), given, now):
            return None, None, None
        if not given["update_note"]:
            self.problems.append(f"row {number}: the Latest update of {item} was emptied; --update adds updates and "
                                 "never removes one: put its text back")
            return None, None, None
        date = None
        if not _same(("update_date",), given, now) and given["update_date"]:
            date = self._date(number, "update_date", given["update_date"], item)
        else:
            self.report.notes.append(f"row {number}: the new update of {item} has no date of its own; "
                                     f"dated {self.default_date.isoformat()}")
        by = None
        if given["update_by"] and self._changed(("update_by",), given, now, with_update=True):
            by = self.owners(given["update_by"], number)
        return given["update_note"], date, by

    def _new_evidence(self, number: int, given: dict, now: dict, item: str) -> tuple[tuple[str, str], ...]:
        if not self._changed(("evidence",), given, now):
            return ()
        old = [line.strip() for line in now["evidence"].split("\n") if line.strip()]
        new = [line.strip() for line in given["evidence"].split("\n") if line.strip()]
        if new[:len(old)] != old:
            self.problems.append(f"row {number}: the Evidence of {item} lost or changed a line; --update adds "
                                 "evidence and never removes or rewrites it: add new lines below the old ones")
            return ()
        return tuple((e["title"], e["link"]) for e in map(evidence_item, new[len(old):]))

    def _changed(self, keys: tuple[str, ...], given: dict[str, str], now: dict[str, str],
                 with_update: bool = False) -> list[str]:
        """The keys whose cell means something other than the files say: an owner by title is its id, a
        status in words its value, a date however written. Completed counts only when given, on a
        complete action (the status says the rest); a new update's date and author count only with
        its text (unless `with_update`)."""
        out = []
        for key in keys:
            if key == "completed" and (not given.get(key, "").strip() or self._meaning("status", given) != "complete"):
                continue  # an empty Completed, or one of an action no longer complete, says nothing
            if key in ("update_date", "update_by") and not with_update:
                continue
            if self._meaning(key, given) != self._meaning(key, now):
                out.append(key)
        return out

    def _meaning(self, key: str, cells: dict[str, str]) -> str:
        value = csv_export.canonical(key, cells.get(key, ""))
        if key in ("owner", "recommendation_owner", "update_by") and value:
            return self.owners.mapped.get(words(value)) or self.owners.names.find(value).ident or value
        if key == "status":
            return _status(value) or value
        if key == "evidence":
            return "\n".join(line.strip() for line in value.split("\n") if line.strip())
        return value

    # --- editing the files ----------------------------------------------------------------------

    def _edits(self) -> list[FileEdit]:
        edits: list[FileEdit] = []
        for rec_id in sorted(self.changes, key=natural_key):
            change = self.changes[rec_id]
            path = change.rec.pos.path
            before = read_for_edit(path)
            edit = FileEdit(os.path.relpath(path, self.plans).replace(os.sep, "/"), path, before, before)
            try:
                for action_change in sorted(change.actions, key=lambda a: a.row):
                    self._edit_action(edit, action_change)
                self._edit_rec(edit, change)
            except EditError as err:
                raise RefusedError(err.message) from None
            if edit.after != before:
                edits.append(edit)
        return edits

    def _edit_action(self, edit: FileEdit, change: _ActionChange) -> None:
        action, item = change.action, f"{change.action.id} (row {change.row})"
        if change.request is not None:
            edit.after, summary = edit_action(edit.after, edit.path, action.id or "", action, change.request)
            verify_edit(edit.after, edit.path, action.id or "", action, change.request)
            edit.changes.extend(f"{item}: {line}" for line in summary)
        if change.owner is None and change.due is None:
            return
        doc = YamlEdit(edit.after, edit.path)
        node = doc.find_in_list(doc.root, "actions", "id", action.id or "")
        if node is None:
            raise RefusedError(f"action {action.id} is not written as an entry of 'actions:' in {edit.path}; "
                               "nothing was written")
        for key, value, old in (("owner", change.owner, action.owner), ("due", change.due, action.due)):
            if value is not None:
                doc.set_scalar(node, key, value)
                edit.changes.append(f"{item}: {key}: {_shown(old)} -> {_shown(value)}")
        edit.after = doc.result()
        new = _read_back(edit)
        now = next((a for a in new.actions if a.id == action.id), None)
        if now is None or (change.owner or action.owner, change.due or action.due) != (now.owner, now.due):
            _unsafe(edit)

    def _edit_rec(self, edit: FileEdit, change: _RecChange) -> None:
        if not change.values:
            return
        doc = YamlEdit(edit.after, edit.path)
        for key, (value, row) in change.values.items():
            name = key.removeprefix("recommendation_")
            doc.set_scalar(doc.root, name, value)
            edit.changes.append(f"{change.rec.id} (row {row}): {name}: {_shown(getattr(change.rec, name))} -> "
                                f"{_shown(value)}")
        edit.after = doc.result()
        new = _read_back(edit)
        if any(getattr(new, key.removeprefix("recommendation_")) != value for key, (value, _) in change.values.items()):
            _unsafe(edit)


def _read_back(edit: FileEdit) -> Recommendation:
    """The edited file as the loader reads it: each edit is checked to say what was meant."""
    from dagov.plan.load import read_document

    rec = read_document(edit.path, edit.after, fmt.RECOMMENDATION, [])
    if rec is None:
        _unsafe(edit)
    return rec


def _unsafe(edit: FileEdit) -> NoReturn:
    raise RefusedError(f"dagov could not edit {edit.path} safely; nothing was written. Please report this, with the file")


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else "(none)"


def _status(text: str) -> str | None:
    if text in fmt.ACTION_STATUSES:
        return text
    word = STATUS_WORDS.get(words(text))
    return word if word in fmt.ACTION_STATUSES else None


def _same(keys: tuple[str, ...], given: dict[str, str], now: dict[str, str]) -> bool:
    """Whether the spreadsheet's cells say what the files say (dates however written, spaces trimmed)."""
    canonical = csv_export.canonical
    return all(canonical(k, given.get(k, "")) == canonical(k, now.get(k, "")) for k in keys)
