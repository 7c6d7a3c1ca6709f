"""`dagov import csv` as a library: a spreadsheet tracker becomes recommendation files.

Spreadsheets are messy: recommendation cells left blank under the first row (merged
cells), trailing spaces, British dates, owners written as titles or names. Each is
handled and reported, never guessed silently: converted dates are listed, owners are
matched to roles by id, title or holder (dagov.plan.lookup) and any other owner refuses the
import with its rows (a person's name never becomes a role), key areas the plan does not
know become entries to confirm (marked in the file and listed), and anything unreadable is
left empty for `dagov check` to point at. Ids and text are written as text (quoted where
YAML would read a number), by dagov.edit.yamltext.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dagov.edit import safepath
from dagov.edit.init import slug
from dagov.edit.new import blank, repo_root
from dagov.edit.textedit import YamlEdit
from dagov.edit.transaction import read_for_edit
from dagov.edit.yamltext import document, schema_modeline
from dagov.errors import DagovError, UsageError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.dates import parse_british
from dagov.plan.ids import next_action_id
from dagov.plan.lookup import roles_of, words
from dagov.plan.model import Plan, Tree
from dagov.report import csv_export
from dagov.words import plural

REC_FIELDS = ("recommendation", "kind", "recommendation_title", "recommendation_text", "area", "recommendation_owner",
              "timescale", "recommendation_due", "recommendation_status", "closed_at")
ACTION_FIELDS = ("action", "action_title", "owner", "due", "extensions", "status", "completed", "update_date",
                 "update_by", "update_note", "evidence")
MULTILINE = frozenset({"recommendation_text", "update_note", "extensions", "evidence"})
FIELDS = frozenset(key for key, _ in csv_export.COLUMNS) | {"ignore"}
"""What --map may name: a column of the export, or 'ignore'."""

ALIASES = {
    "recommendation id": "recommendation", "rec": "recommendation", "rec id": "recommendation",
    "rec no": "recommendation", "rec ref": "recommendation", "ref": "recommendation",
    "recommendation ref": "recommendation", "recommendation no": "recommendation",
    "recommendation number": "recommendation", "type": "kind",
    "recommendation text": "recommendation_text", "recommendation wording": "recommendation_text",
    "text": "recommendation_text", "key area": "area", "theme": "area",
    "rec owner": "recommendation_owner", "timescales": "timescale", "rec due": "recommendation_due",
    "recommendation due date": "recommendation_due", "rec status": "recommendation_status",
    "closed at": "closed_at", "closure meeting": "closed_at",
    "action id": "action", "action ref": "action", "action no": "action", "action number": "action",
    "action title": "action_title", "action description": "action_title", "actions": "action_title",
    "action to be taken": "action_title", "action owner": "owner", "responsible officer": "owner",
    "lead officer": "owner", "responsible": "owner", "due date": "due", "target date": "due",
    "deadline": "due", "action due": "due", "action status": "status", "completed date": "completed",
    "date completed": "completed", "completion date": "completed", "rag status": "rag", "rag rating": "rag",
    "update date": "update_date", "date of update": "update_date", "last updated": "update_date",
    "update by": "update_by", "updated by": "update_by", "update": "update_note", "progress": "update_note",
    "progress update": "update_note", "comments": "update_note", "commentary": "update_note",
    "latest position": "update_note", "progress to date": "update_note", "evidence links": "evidence",
    "evidence link": "evidence",
}
for _key, _heading in csv_export.COLUMNS:
    ALIASES.setdefault(" ".join(re.sub(r"[^a-z0-9]+", " ", _heading.lower()).split()), _key)

STATUS_WORDS = {
    "complete": "complete", "completed": "complete", "done": "complete", "closed": "complete",
    "in progress": "in-progress", "ongoing": "in-progress", "started": "in-progress", "open": "in-progress",
    "not started": "not-started", "not yet started": "not-started", "blocked": "blocked", "on hold": "blocked",
    "cancelled": "cancelled", "canceled": "cancelled", "withdrawn": "cancelled",
}
KIND_WORDS = {"recommendation": "recommendation", "area for improvement": "area-for-improvement",
              "afi": "area-for-improvement", "cause of concern": "cause-of-concern"}

_EVIDENCE = re.compile(r"^(?P<title>.*?)\s*<(?P<link>[^<>]+)>$")
_EXTENSION = re.compile(r"^(?P<to>.+?) \(meeting (?P<meeting>[^)]*)\): (?P<reason>.*)$", re.S)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Report:
    """What an import did and what people must look at."""

    notes: list[str] = field(default_factory=list)
    """Things converted or assumed (dates read, defaults taken, columns ignored)."""
    to_confirm: list[str] = field(default_factory=list)
    """Key areas added as new entries that someone must confirm."""


@dataclass(frozen=True)
class ImportPlan:
    """What importing a spreadsheet would write: new files, edited files and the report; nothing written yet."""

    files: dict[str, bytes]
    """New recommendation files, by path relative to the plans directory."""
    edits: dict[str, tuple[bytes, bytes]]
    """Existing files changed (organisation.yaml, plan.yaml): path -> (before, after)."""
    report: Report


MAX_CSV_BYTES = 50 * 1024 * 1024
"""A tracker of thousands of rows is a few MB; more is the wrong file (or /dev/zero)."""


class TrackerError(UsageError):
    """The CSV cannot be imported as it stands; the message names the file and says what to change."""


def decode(data: bytes, report: Report) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise TrackerError("this is a spreadsheet workbook (.xlsx or .xls), not CSV; in Excel use "
                           "File > Save As > 'CSV UTF-8 (Comma delimited)' and import that file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.notes.append("the file is not UTF-8; read it as Windows-1252 (Excel's 'CSV' format)")
        return data.decode("cp1252", errors="replace")


DERIVED_NOTE = "is worked out by dagov from the plan; not imported"

AMBIGUOUS = {"recommendation": ("recommendation", "recommendation_text"), "action": ("action", "action_title")}
"""Headings trackers use both for an id and for the wording: decided by what the column holds."""

_ID_LIKE = re.compile(r"^[A-Za-z]*\d+[A-Za-z0-9_.-]*$")


def map_headings(headings: list[str], columns: list[list[str]], overrides: dict[str, str],
                 report: Report) -> list[str | None]:
    """The field each column feeds (None: ignored). `columns` holds each column's cells."""
    wanted = {_words(k): v for k, v in overrides.items()}
    result: list[str | None] = []
    taken: set[str] = set()
    for heading, cells in zip(headings, columns, strict=False):
        key = _words(heading)
        target = wanted.get(key) or ALIASES.get(key)
        if key in AMBIGUOUS and key not in wanted:
            ident, wording = AMBIGUOUS[key]
            values = [c.strip() for c in cells if c.strip()]
            target = ident if ident not in taken and values and all(_ID_LIKE.match(v) for v in values) else wording
        if target in csv_export.DERIVED:
            report.notes.append(f"column '{heading.strip()}' {DERIVED_NOTE}")
            target = None
        elif target == "ignore":
            target = None
        elif target is None and key:
            report.notes.append(f"column '{heading.strip()}' is not one dagov knows; ignored "
                                "(use --map 'COLUMN=FIELD' to read it)")
        elif target in taken:
            report.notes.append(f"column '{heading.strip()}' also maps to {target}; ignored (the first one is used)")
            target = None
        if target:
            taken.add(target)
        result.append(target)
    return result


class _Resolver:
    """Turns a cell naming an area into an id, collecting new ones to confirm (an area is no person:
    one the plan lacks is added, marked to confirm)."""

    def __init__(self, known: Mapping[str, object], label: str, report: Report):
        self.label = label
        self.report = report
        self.lookup: dict[str, str] = {}
        for ident, obj in known.items():
            self.lookup[_words(ident)] = ident
            title = getattr(obj, "title", None)
            if title:
                self.lookup.setdefault(_words(title), ident)
        self.known = set(known)
        self.new: dict[str, tuple[str, list[int]]] = {}

    def __call__(self, cell: str, row: int) -> str:
        found = self.lookup.get(_words(cell))
        if found is not None:
            if found != cell:
                self.report.notes.append(f"row {row}: {self.label} '{cell}' read as {found}")
            return found
        ident = slug(cell, fallback=self.label)
        _, rows = self.new.setdefault(ident, (cell, []))
        rows.append(row)
        return ident

    def confirm_lines(self) -> list[str]:
        return [f"{self.label} {ident} (from '{title}', rows {', '.join(map(str, sorted(set(rows))))})"
                for ident, (title, rows) in self.new.items()]


class UnknownOwners(DagovError):
    """Owners in the spreadsheet that are no role's id, title or holder: listed with their rows and the
    roles there are, for the user to map (--role NAME=ROLE) or add (dagov new role); never made into a
    role named after a person."""


class Owners:
    """Turns a cell naming an owner (a role id, a title, or the person holding the post) into a role id."""

    def __init__(self, tree: Tree, role_map: Mapping[str, str], report: Report):
        self.names = roles_of(tree)
        self.report = report
        self.mapped = {words(name): role for name, role in role_map.items()}
        self.unknown: dict[str, tuple[str, list[int]]] = {}

    def __call__(self, cell: str, row: int) -> str:
        if words(cell) in self.mapped:
            role = self.mapped[words(cell)]
            self.report.notes.append(f"row {row}: owner '{cell}' read as {role} (--role)")
            return role
        match = self.names.find(cell)
        if match.ident is not None:
            if match.ident != cell:
                self.report.notes.append(f"row {row}: owner '{cell}' read as {match.ident}"
                                         + (" (its holder)" if match.how == "holder" else ""))
            return match.ident
        _, rows = self.unknown.setdefault(words(cell), (cell, []))
        rows.append(row)
        return cell

    def unknown_text(self, plans: str) -> str:
        """What to say about owners that are no role: each with its rows, what to do, and the roles there are."""
        listed = "; ".join(f"'{name}' (row{'s' if len(rows) > 1 else ''} {', '.join(map(str, sorted(set(rows))))})"
                           for name, rows in self.unknown.values())
        first = next(iter(self.unknown.values()))[0].replace("'", "")
        return (f"{plural(len(self.unknown), 'owner')} {'is' if len(self.unknown) == 1 else 'are'} not the id, title "
                f"or holder of a role in {os.path.join(plans, 'organisation.yaml')}: {listed}. Say which role each is "
                f"with --role '{first}=ROLE' (repeat for each), or add the post first: dagov new role ID --title TITLE "
                f"--holder NAME. The roles: {self.names.listing()}")

    def refuse_unknown(self, plans: str) -> None:
        if self.unknown:
            raise UnknownOwners("nothing written: " + self.unknown_text(plans))


def _cell_date(value: str, row: int, column: str, report: Report) -> dt.date | str | None:
    """A date, or the text unchanged when it is not one (reported), or None when blank."""
    if not value:
        return None
    date = parse_british(value)
    if date is None:
        report.notes.append(f"row {row}: {column} '{value}' is not a date; left empty to fill in")
        return ""
    if value != date.isoformat():
        report.notes.append(f"row {row}: {column} '{value}' read as {date.isoformat()}")
    return date


def _status(value: str, row: int, words: dict[str, str], allowed, what: str, report: Report) -> str | None:
    if not value:
        return None
    key = _words(value)
    if value in allowed:
        return value
    if key in words and words[key] in allowed:
        if words[key] != value:
            report.notes.append(f"row {row}: {what} '{value}' read as {words[key]}")
        return words[key]
    report.notes.append(f"row {row}: {what} '{value}' is not one of {', '.join(allowed)}; left empty to fill in")
    return None


def read_rows(text: str, overrides: dict[str, str], plan_id: str, report: Report) -> list[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, field -> cleaned cell) for every row with something in it."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        table = list(reader)
    except csv.Error as err:
        raise TrackerError(f"line {reader.line_num} cannot be read as CSV ({err}); save the spreadsheet as "
                           "'CSV UTF-8' and try again") from None
    start = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
    if start is None:
        raise TrackerError("the file has no rows; export the spreadsheet as CSV with a heading row")
    width = len(table[start])
    columns = [[row[i] if i < len(row) else "" for row in table[start + 1:]] for i in range(width)]
    fields = map_headings(table[start], columns, overrides, report)
    if "action_title" not in fields and "action" not in fields:
        raise TrackerError("no column names the actions (e.g. 'Action' or 'Action ID'); "
                           "name one with --map 'COLUMN=action_title'")
    rows = []
    other_plans = 0
    for number, raw in enumerate(table[start + 1:], start=start + 2):
        cells: dict[str, str] = {}
        for target, cell in zip(fields, raw, strict=False):  # a short row leaves its last columns empty
            if target is None:
                continue
            cell = csv_export.restore(cell.strip(" \t\u00a0") if target in MULTILINE else cell.strip())
            cells[target] = cell
        if not any(cells.values()):
            continue
        if cells.get("plan") and cells["plan"] != plan_id:
            other_plans += 1
            continue
        rows.append((number, cells))
    if other_plans:
        report.notes.append(f"{other_plans} row(s) of other plans skipped (the Plan column is not {plan_id})")
    return rows


Rows = list[tuple[int, dict[str, str]]]


def table_rows(data: bytes, overrides: dict[str, str], plan: Plan, report: Report) -> Rows:
    """The CSV's rows of `plan`, read as read_rows reads them, after the file is decoded and --map checked."""
    text = decode(data, report)
    bad = [f for f in overrides.values() if f not in FIELDS]
    if bad:
        raise TrackerError(f"--map field '{bad[0]}' is not one dagov knows; use one of: {', '.join(sorted(FIELDS))}")
    return read_rows(text, overrides, plan.id or plan.folder, report)


def group_rows(rows: Rows) -> dict[str, Rows]:
    """Rows by recommendation id: a row without one belongs to the recommendation above it (merged cells)."""
    groups: dict[str, Rows] = {}
    current: str | None = None
    for number, cells in rows:
        rec_id = cells.get("recommendation") or ""
        if not rec_id and "." in (cells.get("action") or ""):
            rec_id = cells["action"].split(".", 1)[0]
        if not rec_id:
            if current is None:
                raise TrackerError(f"row {number} has no recommendation id and no row above it has one; "
                                   "fill in the 'Recommendation ID' column")
            rec_id = current
        current = rec_id
        groups.setdefault(rec_id, []).append((number, cells))
    return groups


def plan_import(tree: Tree, plans: str, plan: Plan, data: bytes, overrides: dict[str, str],
                default_date: dt.date, source: str = "the CSV", role_map: Mapping[str, str] | None = None) -> ImportPlan:
    """Work out every file the import would write; nothing is written here. `source`: the CSV file
    as the user named it, which a TrackerError's message starts with. `role_map`: owners as the
    spreadsheet names them -> role ids (--role)."""
    try:
        return _plan_import(tree, plans, plan, data, overrides, default_date, role_map or {})
    except (TrackerError, UnknownOwners) as err:
        raise type(err)(f"{source}: {err}") from None


def _plan_import(tree: Tree, plans: str, plan: Plan, data: bytes, overrides: dict[str, str],
                 default_date: dt.date, role_map: Mapping[str, str]) -> ImportPlan:
    report = Report()
    rows = table_rows(data, overrides, plan, report)
    owners = Owners(tree, role_map, report)
    areas = _Resolver(plan.areas, "area", report)
    groups = group_rows(rows)

    files: dict[str, bytes] = {}
    for rec_id, group in groups.items():
        problem = safepath.id_problem(rec_id, safepath.RECOMMENDATION)  # it becomes the file's name
        if problem:
            raise TrackerError(f"row {group[0][0]}: recommendation id '{safepath.shown(rec_id)}' is not valid: {problem}")
        mapping = _recommendation(rec_id, group, plan, owners, areas, report, default_date)
        rel = f"{plan.folder}/recommendations/{rec_id}.yaml"
        modeline = schema_modeline("recommendation", os.path.join(plans, rel), repo_root(plans))
        files[rel] = document(mapping, (modeline,), frozenset({"actions"}), frozenset({"actions"})).encode("utf-8")

    owners.refuse_unknown(plans)
    edits: dict[str, tuple[bytes, bytes]] = {}
    if areas.new:
        report.to_confirm.extend(areas.confirm_lines())
        edits[f"{plan.folder}/plan.yaml"] = _add_entries(plans, f"{plan.folder}/plan.yaml", "areas", areas)
    return ImportPlan(files, edits, report)


def _add_entries(plans: str, rel: str, key: str, resolver: _Resolver) -> tuple[bytes, bytes]:
    path = os.path.join(plans, *rel.split("/"))
    before = read_for_edit(path)
    doc = YamlEdit(before, path)
    for ident, (title, _) in resolver.new.items():
        doc.add_to_map(doc.root, key, ident, {"title": title},
                       f"added by dagov import csv from '{title}': confirm it")
    return before, doc.result()


def _first(group, key: str, rec_id: str, report: Report) -> str:
    """The recommendation-level value: the first non-blank in the group (merged cells leave the rest blank)."""
    values = [(n, c.get(key, "")) for n, c in group if c.get(key, "")]
    if not values:
        return ""
    first_row, first = values[0]
    for number, value in values[1:]:
        if value != first:
            report.notes.append(f"row {number}: {key.replace('_', ' ')} of {rec_id} differs from row {first_row}; "
                                "kept the first")
            break
    return first


def _recommendation(rec_id: str, group, plan: Plan, owners: Owners, areas: _Resolver, report: Report,
                    default_date: dt.date) -> dict:
    r = fmt.RECOMMENDATION
    row0 = group[0][0]
    value = {key: _first(group, key, rec_id, report) for key in REC_FIELDS}
    actions = [_action(number, cells, owners, plan, report, default_date) for number, cells in _numbered(rec_id, group)]
    owner = value["recommendation_owner"]
    if owner:
        owner = owners(owner, row0)
    elif actions:
        counts = Counter(a["owner"] for a in actions if isinstance(a["owner"], str))
        if counts:
            owner = min(counts, key=lambda o: (-counts[o], o))
            report.notes.append(f"{rec_id}: no recommendation owner given; took {owner}, who owns most of its actions")
    due = _cell_date(value["recommendation_due"], row0, "recommendation due", report)
    if due is None:
        dues = [a["due"] for a in actions if isinstance(a["due"], dt.date)]
        if dues:
            due = max(dues)
            report.notes.append(f"{rec_id}: no recommendation due date given; took {due.isoformat()}, its latest action's")
    status = _status(value["recommendation_status"], row0, {"closed": "closed", "open": "open"},
                     fmt.RECOMMENDATION_STATUSES, "recommendation status", report) or "open"
    mapping: dict[str, Any] = {
        "id": rec_id,
        "kind": _status(value["kind"], row0, KIND_WORDS, fmt.KINDS, "kind", report) or "recommendation",
        "title": value["recommendation_title"] or blank(r, "title"),
        "text": value["recommendation_text"] or blank(r, "text"),
        "area": areas(value["area"], row0) if value["area"] else blank(r, "area"),
        "owner": owner or blank(r, "owner", " (a role id from organisation.yaml)"),
        "timescale": value["timescale"] or blank(r, "timescale"),
        "due": due or blank(r, "due", " (YYYY-MM-DD)"),
        "status": status,
    }
    if status == "closed":
        meeting = value["closed_at"]
        if meeting and meeting in plan.meetings:
            mapping["closed"] = {"meeting": meeting}
        else:
            mapping["status"] = "open"
            report.notes.append(f"{rec_id} is closed in the spreadsheet, but a closure needs the board meeting that "
                                f"approved it{' (' + meeting + ' is not a meeting of the plan)' if meeting else ''}; "
                                "imported as open")
    if actions:
        mapping["actions"] = actions
    return mapping


def _numbered(rec_id: str, group):
    """Rows that describe an action; one without an id gets the next free number."""
    used = [c["action"] for _, c in group if c.get("action")]
    for number, cells in group:
        if not any(cells.get(k) for k in ACTION_FIELDS):
            continue
        if not cells.get("action"):
            cells = {**cells, "action": next_action_id(rec_id, used)}
            used.append(cells["action"])
        yield number, cells


def _action(row: int, cells: dict[str, str], owners: Owners, plan: Plan, report: Report,
            default_date: dt.date) -> dict:
    a = fmt.ACTION
    due = _cell_date(cells.get("due", ""), row, "due", report)
    status = _status(cells.get("status", ""), row, STATUS_WORDS, fmt.ACTION_STATUSES, "status", report)
    completed = _cell_date(cells.get("completed", ""), row, "completed", report)
    owner = owners(cells["owner"], row) if cells.get("owner") else None
    action: dict = {
        "id": cells["action"],
        "title": cells.get("action_title") or blank(a, "title"),
        "owner": owner or blank(a, "owner", " (a role id from organisation.yaml)"),
        "due": due or blank(a, "due", " (YYYY-MM-DD)"),
        "status": status or blank(a, "status", ": not-started, in-progress, complete, blocked or cancelled"),
    }
    if completed:
        action["completed"] = completed
    elif status == "complete":
        action["completed"] = blank(a, "completed", " (YYYY-MM-DD)")
        report.notes.append(f"row {row}: {cells['action']} is complete but no completed date is given; left to fill in")
    evidence = [evidence_item(line) for line in cells.get("evidence", "").split("\n") if line.strip()]
    if evidence:
        action["evidence"] = evidence
    note = cells.get("update_note", "")
    if note:
        date = _cell_date(cells.get("update_date", ""), row, "update date", report)
        if not isinstance(date, dt.date):
            date = default_date
            report.notes.append(f"row {row}: the update of {cells['action']} has no date; dated {date.isoformat()}")
        by = owners(cells["update_by"], row) if cells.get("update_by") else owner
        action["updates"] = [{"date": date, "by": by or blank(fmt.UPDATE, "by"), "note": note}]
    extensions = [_extension(line, row, cells["action"], plan, report)
                  for line in re.split(r"\n(?=\S+ \(meeting )", cells.get("extensions", "")) if line.strip()]
    if any(extensions):
        action["extensions"] = [e for e in extensions if e]
    return action


def evidence_item(line: str) -> dict:
    match = _EVIDENCE.match(line.strip())
    if match and match["title"]:
        return {"title": match["title"], "link": match["link"]}
    text = line.strip().strip("<>")
    return {"title": text, "link": text}


def _extension(line: str, row: int, action_id: str, plan: Plan, report: Report) -> dict | None:
    match = _EXTENSION.match(line.strip())
    date = parse_british(match["to"]) if match else None
    if not match or date is None:
        report.notes.append(f"row {row}: extension '{line.strip()}' of {action_id} is not written as "
                            "'YYYY-MM-DD (meeting MEETING-ID): reason'; not imported")
        return None
    if match["meeting"] not in plan.meetings:
        report.notes.append(f"row {row}: extension of {action_id} cites meeting '{match['meeting']}', which plan "
                            f"{plan.id} has no file for; not imported: add the meeting, then the extension")
        return None
    return {"to": date, "meeting": match["meeting"], "reason": match["reason"]}

