"""The spreadsheet tracker: one row per action, its recommendation repeated, as forces keep them.

`dagov export csv` writes these columns and `dagov import csv` reads them back (and
recognises the headings forces commonly use instead). Derived columns (owner title,
effective due, RAG) are worked out from the plan on export and ignored on import. The last
column, Fingerprint, records in short what each row held when it was exported, so that
`dagov import csv --update` can tell the spreadsheet's edits from changes made to the files since.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable

from dagov.plan.dates import parse_british
from dagov.plan.model import Action, Evidence, Extension, Plan, Recommendation, Tree
from dagov.report import figures
from dagov.words import natural_key

COLUMNS = (
    ("plan", "Plan"),
    ("recommendation", "Recommendation ID"),
    ("kind", "Kind"),
    ("recommendation_title", "Recommendation title"),
    ("recommendation_text", "Recommendation text"),
    ("area", "Area"),
    ("area_title", "Area title"),
    ("recommendation_owner", "Recommendation owner"),
    ("timescale", "Timescale"),
    ("recommendation_due", "Recommendation due"),
    ("recommendation_status", "Recommendation status"),
    ("closed_at", "Closed at meeting"),
    ("action", "Action ID"),
    ("action_title", "Action"),
    ("owner", "Owner"),
    ("owner_title", "Owner title"),
    ("due", "Due"),
    ("extensions", "Extensions"),
    ("effective_due", "Effective due"),
    ("status", "Status"),
    ("completed", "Completed"),
    ("status_as_of", "Status on the as-of date"),
    ("rag", "RAG"),
    ("rag_reason", "RAG reason"),
    ("update_date", "Latest update date"),
    ("update_by", "Latest update by"),
    ("update_note", "Latest update"),
    ("evidence", "Evidence"),
    ("fingerprint", "Fingerprint"),
)

DERIVED = frozenset({"area_title", "owner_title", "effective_due", "status_as_of", "rag", "rag_reason"})
"""Columns dagov works out itself; an import reads past them."""

RECOMMENDATION_PART: tuple[str, ...] = ("recommendation", "kind", "recommendation_title", "recommendation_text", "area",
                       "recommendation_owner", "timescale", "recommendation_due", "recommendation_status", "closed_at")
ACTION_PART: tuple[str, ...] = ("action", "action_title", "owner", "due", "extensions", "status", "completed", "update_date", "update_by",
               "update_note", "evidence")
"""The columns from the files, of the recommendation and of the action: what a row's fingerprint covers."""
DATES = frozenset({"recommendation_due", "due", "completed", "update_date", "closed_at"})
"""Cells a spreadsheet may rewrite as dates (a meeting's id is its date, so Closed at meeting too)."""


def canonical(key: str, value: str) -> str:
    """A cell as a fingerprint sees it: trimmed, and a date in ISO form however a spreadsheet re-wrote it."""
    value = value.strip()
    if key in DATES and value:
        date = parse_british(value)
        if date is not None:
            return date.isoformat()
    return value


def digest(cells: dict[str, str], keys: tuple[str, ...]) -> str:
    text = json.dumps([canonical(k, cells.get(k, "")) for k in keys], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def fingerprint(cells: dict[str, str]) -> str:
    """What a row held when it was exported, in short: `r<recommendation>-a<action>` (8 hex digits each,
    of RECOMMENDATION_PART and ACTION_PART; the letters keep a spreadsheet from reading one as a
    number, as it would 12345678 or 1e234567). `dagov import csv --update` compares it with the row
    as edited (were these cells changed in the spreadsheet?) and with the files as they are now
    (were they changed since the export?), and refuses an edit to something changed in both."""
    head = f"r{digest(cells, RECOMMENDATION_PART)}"
    return f"{head}-a{digest(cells, ACTION_PART)}" if cells.get("action") else head


def fingerprint_parts(cell: str) -> tuple[str, str]:
    """(recommendation digest, action digest) of a Fingerprint cell; '' for a part it lacks."""
    head, _, tail = cell.strip().partition("-")
    return head.removeprefix("r"), tail.removeprefix("a")


def stored_cells(plan: Plan, rec: Recommendation, action: Action | None) -> dict[str, str]:
    """The row's columns that come from the files (no derived ones), as the export writes them."""
    cells = _recommendation_cells(plan, rec)
    if action is not None:
        cells.update(_stored_action_cells(action))
    return cells


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""


def neutralise(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with a single quote (OWASP guidance).

    A cell that already starts with a quote before a trigger gets one more, so that
    `restore` gives back exactly what was exported.
    """
    if cell.startswith(FORMULA_TRIGGERS) or (cell.startswith("'") and cell[1:2] in (*FORMULA_TRIGGERS, "'")):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """Undo `neutralise`."""
    if cell.startswith("'") and cell[1:2] in (*FORMULA_TRIGGERS, "'"):
        return cell[1:]
    return cell


def format_extension(extension: Extension) -> str:
    return f"{_iso(extension.to)} (meeting {extension.meeting or ''}): {extension.reason or ''}"


def format_evidence(evidence: Evidence) -> str:
    return f"{evidence.title or ''} <{evidence.link or ''}>"


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _text(value: str | None) -> str:
    return value or ""


def _recommendation_cells(plan: Plan, rec: Recommendation) -> dict[str, str]:
    area = plan.areas.get(rec.area or "")
    return {
        "plan": plan.id or plan.folder,
        "recommendation": _text(rec.id),
        "kind": _text(rec.kind),
        "recommendation_title": _text(rec.title),
        "recommendation_text": _text(rec.text),
        "area": _text(rec.area),
        "area_title": _text(area.title if area else None),
        "recommendation_owner": _text(rec.owner),
        "timescale": _text(rec.timescale),
        "recommendation_due": _iso(rec.due),
        "recommendation_status": _text(rec.status),
        "closed_at": _text(rec.closed.meeting if rec.closed else None),
    }


def _stored_action_cells(action: Action) -> dict[str, str]:
    latest = action.updates[-1] if action.updates else None
    return {
        "action": _text(action.id),
        "action_title": _text(action.title),
        "owner": _text(action.owner),
        "due": _iso(action.due),
        "extensions": "\n".join(format_extension(e) for e in action.extensions),
        "status": _text(action.status),
        "completed": _iso(action.completed),
        "update_date": _iso(latest.date) if latest else "",
        "update_by": _text(latest.by) if latest else "",
        "update_note": _text(latest.note) if latest else "",
        "evidence": "\n".join(format_evidence(e) for e in action.evidence),
    }


def _action_cells(tree: Tree, inputs: figures.RagInputs, rec: Recommendation, action: Action) -> dict[str, str]:
    roles = tree.organisation.roles if tree.organisation else {}
    owner = roles.get(action.owner or "")
    derived = figures.action_figures(inputs, rec, action)
    return {
        **_stored_action_cells(action),
        "owner_title": _text(owner.title if owner else None),
        "effective_due": _iso(derived.effective_due),
        "status_as_of": _text(derived.status),
        "rag": derived.rag,
        "rag_reason": derived.reason,
    }


def rows(tree: Tree, as_of: dt.date, plan_ids: Iterable[str] | None = None) -> list[list[str]]:
    """The header and one row per action (a recommendation without actions gets one row of its own).

    The columns from the files (status, completed, latest update...) are the plan as it stands,
    so an import gives the files back; the derived columns (effective due, status on the as-of
    date, RAG) are as of `as_of`, from `dagov.plan.rag` with the settings `dagov status` uses, so the
    spreadsheet agrees with the reports. Without `plan_ids`, plans that had not started by
    `as_of` are left out, as `dagov status` leaves them out.
    """
    carried_to = figures.carried_index(tree, as_of)
    wanted = set(plan_ids) if plan_ids is not None else None
    out = [[heading for _, heading in COLUMNS]]
    for folder in sorted(tree.plans):
        plan = tree.plans[folder]
        if wanted is not None and folder not in wanted:
            continue
        if wanted is None and plan.start is not None and plan.start > as_of:
            continue
        inputs = figures.rag_inputs(tree, plan, as_of, carried_to=carried_to)
        for rec_id in sorted(plan.recommendations, key=natural_key):
            rec = plan.recommendations[rec_id]
            base = _recommendation_cells(plan, rec)
            actions = rec.actions or (None,)
            for action in actions:
                cells = dict(base)
                if action is not None:
                    cells.update(_action_cells(tree, inputs, rec, action))
                cells["fingerprint"] = fingerprint(cells)
                out.append([neutralise(cells.get(key, "")) for key, _ in COLUMNS])
    return out


def to_csv(table: list[list[str]], excel: bool = False) -> bytes:
    """RFC 4180: comma separated, CRLF line ends, quotes only where needed; UTF-8 (with a BOM for Excel)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode("utf-8-sig" if excel else "utf-8")
