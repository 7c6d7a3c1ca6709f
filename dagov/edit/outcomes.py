"""Writing outcomes: `dagov record` (a measure's value), `dagov import measures` (partners' spreadsheets),
`dagov assess` (the board's judgement in a meeting's minutes) and `dagov new measure`.

Each edits the YAML text in place (comments and layout kept, dagov.edit.textedit), and goes through the
one WriteTransaction: under the plans lock, the result is checked first, every file or none is written,
and --dry-run shows the diff instead.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from dagov.check.outcome_rules import out_of_range
from dagov.edit.csv_import import Report as ImportReport
from dagov.edit.csv_import import _words, decode
from dagov.edit.new import NewFile, _file, blank
from dagov.edit.textedit import EditError, YamlEdit
from dagov.edit.transaction import RefusedError, Verdict, WriteTransaction, read_for_edit
from dagov.edit.update import Edit, refuse_unreadable
from dagov.errors import UsageError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan import ids
from dagov.plan.choice import choose_plan, plan_named
from dagov.plan.model import Measure, Plan, Tree
from dagov.plan.periods import EXAMPLE_OF, NOUN_OF, parse_period
from dagov.plan.vocabulary import JUDGEMENTS
from dagov.words import did_you_mean


class CannotWrite(UsageError):
    """The request names nothing, or a value that cannot be right; the message says what to give instead."""


@dataclass(frozen=True)
class ValueRequest:
    """A measure's figure for one period, as `dagov record` (or a row of its CSV) gives it."""

    period: str
    value: float
    note: str | None = None
    provisional: bool = False
    source: str | None = None
    where: str = ""
    """Where the value came from, for messages: '' for the command line, 'row 4: ' for a CSV."""


def parse_value(text: str, where: str = "") -> float:
    """A figure typed by a person: 91, 61.5, 1,204 or 91%."""
    cleaned = text.strip().replace(",", "").removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise CannotWrite(f"{where}value {text!r} is not a number; write it as digits, e.g. 91 or 61.5") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CannotWrite(f"{where}value {text!r} is not a number; write it as digits, e.g. 91 or 61.5")
    return int(value) if value.is_integer() else value


def _rel(plans: str | os.PathLike, path: str) -> str:
    return os.path.relpath(path, plans).replace(os.sep, "/")


def find_measure(tree: Tree, measure_id: str, plan_id: str | None) -> tuple[Plan, Measure]:
    plans = list(tree.plans.values()) if plan_id is None else [plan_named(tree, plan_id)]
    hits = [(p, p.measures[measure_id]) for p in plans if measure_id in p.measures]
    if not hits:
        refuse_unreadable(tree, plans, measure_id)
        known = sorted(m for p in plans for m in p.measures)
        hint = did_you_mean(measure_id, known) if known else ""
        listed = f"; the measures are: {', '.join(known)}" if known and not hint else ""
        raise CannotWrite(f"there is no measure '{measure_id}'{hint}{listed}; a measure is a file in "
                          "<plan>/measures/, e.g. M01 (create one with 'dagov new measure')")
    if len(hits) > 1:
        raise CannotWrite(f"measure '{measure_id}' is in several plans ({', '.join(p.id or p.folder for p, _ in hits)}); "
                          "say which with --plan")
    return hits[0]


def _judge_value(measure: Measure, request: ValueRequest, replace: bool) -> str | None:
    """The period as written (YYYY-MM ...), or CannotWrite saying why the value cannot be recorded."""
    where = request.where
    period = parse_period(request.period.strip())
    if period is None:
        raise CannotWrite(f"{where}period {request.period!r} is not a period: {fmt.PERIOD_HINT}")
    if measure.frequency and period.frequency != measure.frequency:
        raise CannotWrite(f"{where}period {period} is a {NOUN_OF[period.frequency]}, but measure {measure.id} is counted "
                          f"{measure.frequency}; give the period as {EXAMPLE_OF[measure.frequency]}")
    why = out_of_range(measure.unit, request.value)
    if why:
        raise CannotWrite(f"{where}the value {request.value:g} for {period} {why}; check the figure")
    recorded = [parse_period(v.period) for v in measure.values]
    if period in recorded and not replace:
        raise CannotWrite(f"{where}measure {measure.id} already has a value for {period}; give --replace to change it")
    latest = max((p for p in recorded if p is not None), default=None)
    if period not in recorded and latest is not None and period < latest:
        raise CannotWrite(f"{where}measure {measure.id} has values up to {latest}, and values are kept oldest first; "
                          f"add the value for {period} in {measure.pos.path} by hand, in its place")
    return str(period)


def _entry(period: str, request: ValueRequest) -> dict:
    entry: dict = {"period": period, "value": request.value}
    if request.note:
        entry["note"] = request.note
    if request.provisional:
        entry["provisional"] = True
    if request.source:
        entry["source"] = request.source
    return entry


def edit_values(measure: Measure, requests: list[ValueRequest], replace: bool) -> tuple[bytes, bytes, list[str]]:
    """(before, after, summary) of the measure's file with `requests` recorded."""
    path = measure.pos.path
    before = read_for_edit(path)
    try:
        doc = YamlEdit(before, path)
    except Exception as err:  # the loader read it, so this is unexpected; say so plainly
        raise RefusedError(f"{path} could not be read for editing ({err}); nothing was written") from None
    summary: list[str] = []
    appended: list[dict] = []
    seen: set[str] = set()
    try:
        for request in sorted(requests, key=lambda r: r.period.strip()):
            period = _judge_value(measure, request, replace)
            if period is None:
                continue
            if period in seen:
                raise CannotWrite(f"{request.where}a value for {period} of measure {measure.id} is given twice")
            seen.add(period)
            existing = doc.find_in_list(doc.root, "values", "period", period)
            if existing is None:
                appended.append(_entry(period, request))
                summary.append(f"{period}: {request.value:g}" + (" (provisional)" if request.provisional else ""))
                continue
            doc.set_scalar(existing, "value", request.value)
            for key, value in (("note", request.note), ("provisional", True if request.provisional else None),
                               ("source", request.source)):
                if value is not None:
                    doc.set_scalar(existing, key, value)
            summary.append(f"{period}: replaced with {request.value:g}")
        if appended:
            doc.append_to_list(doc.root, "values", *appended)
        after = doc.result()
    except EditError as err:
        raise RefusedError(f"{err}; nothing was written") from None
    return before, after, summary


def _verify(after: bytes, path: str, measure: Measure, wanted: dict[str, float]) -> None:
    from dagov.plan.load import read_document

    read = read_document(path, after, fmt.MEASURE, [])
    values = {v.period: v.value for v in read.values} if read else {}
    if read is None or any(values.get(p) != v for p, v in wanted.items()) or \
            (read.id, read.target, read.baseline) != (measure.id, measure.target, measure.baseline):
        raise RefusedError(f"dagov could not edit {path} safely (the values do not read back as written); nothing "
                           "was written. Please report this, with the file")


def _commit(txn: WriteTransaction, now, edits: list[Edit], dry_run: bool) -> Verdict:
    from dagov.edit import safepath

    for edit in edits:
        safepath.inside(txn.plans, edit.rel)
        txn.add(edit.rel, edit.after, overwrite=True, expected=edit.before)
    verdict = txn.judge(now=now)
    if verdict.ok and not dry_run:
        txn.commit()
    return verdict


def measure_edit(tree: Tree, plans: str | os.PathLike, measure_id: str, requests: list[ValueRequest],
                 plan_id: str | None = None, replace: bool = False) -> Edit:
    _, measure = find_measure(tree, measure_id, plan_id)
    before, after, summary = edit_values(measure, requests, replace)
    _verify(after, measure.pos.path, measure, {str(parse_period(r.period.strip())): r.value for r in requests})
    return Edit(_rel(plans, measure.pos.path), measure.pos.path, before, after, summary)


def record(plans: str | os.PathLike, measure_id: str, request: ValueRequest, plan_id: str | None = None,
           replace: bool = False, dry_run: bool = False) -> tuple[Edit, Verdict]:
    """`dagov record` end to end: append (or with `replace`, change) one value of a measure."""
    from dagov.check.run import check

    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        edit = measure_edit(now.tree, plans, measure_id, [request], plan_id, replace)
        verdict = _commit(txn, now, [edit], dry_run)
    return edit, verdict


# --- dagov import measures ------------------------------------------------------------

HEADINGS = {
    "measure": "measure", "measure id": "measure", "measure ref": "measure", "indicator": "measure", "kpi": "measure",
    "id": "measure", "period": "period", "month": "period", "quarter": "period", "year": "period",
    "value": "value", "figure": "value", "result": "value", "actual": "value", "note": "note", "notes": "note",
    "comment": "note", "comments": "note", "commentary": "note", "provisional": "provisional",
    "source": "source", "data source": "source",
}
"""Spreadsheet headings (compared as `import csv` does: case, spaces and punctuation ignored) -> field."""
YES = {"yes", "y", "true", "provisional", "1"}
MAX_ERRORS_LISTED = 20


def read_measure_rows(data: bytes, source: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(row number, field -> cell) for each row with something in it, and notes on ignored columns."""
    report = ImportReport()
    text = decode(data, report)
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise CannotWrite(f"{source}: cannot be read as CSV ({err}); save the spreadsheet as 'CSV UTF-8'") from None
    start = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
    if start is None:
        raise CannotWrite(f"{source}: the file has no rows; give a heading row (measure, period, value, note)")
    fields: list[str | None] = []
    for heading in table[start]:
        field = HEADINGS.get(_words(heading))
        if field is None and heading.strip():
            report.notes.append(f"column '{heading.strip()}' is not one dagov knows; ignored")
        fields.append(None if field in fields else field)
    missing = [f for f in ("measure", "period", "value") if f not in fields]
    if missing:
        raise CannotWrite(f"{source}: no column for {', '.join(missing)}; the heading row needs measure, period and "
                          "value (and may have note, provisional, source)")
    rows = []
    for number, raw in enumerate(table[start + 1:], start=start + 2):
        cells = {f: c.strip() for f, c in zip(fields, raw, strict=False) if f is not None}
        if any(cells.values()):
            rows.append((number, cells))
    return rows, report.notes


def import_measures(plans: str | os.PathLike, data: bytes, plan_id: str, source: str = "the CSV",
                    dry_run: bool = False) -> tuple[list[Edit], Verdict, list[str]]:
    """`dagov import measures` end to end: every value checked first; all the files or none."""
    from dagov.check.run import check

    rows, notes = read_measure_rows(data, source)
    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        plan = plan_named(now.tree, plan_id)
        by_measure: dict[str, list[ValueRequest]] = {}
        errors: list[str] = []
        for number, cells in rows:
            where = f"row {number}: "
            measure_id = cells.get("measure", "")
            if measure_id not in plan.measures:
                errors.append(f"{where}measure '{measure_id}' is not a measure of plan {plan.id}"
                              f"{did_you_mean(measure_id, plan.measures)}")
                continue
            try:
                value = parse_value(cells.get("value", ""), where)
            except CannotWrite as err:
                errors.append(str(err))
                continue
            by_measure.setdefault(measure_id, []).append(ValueRequest(
                cells.get("period", ""), value, cells.get("note") or None,
                cells.get("provisional", "").lower() in YES, cells.get("source") or None, where))
        edits = []
        for measure_id, requests in by_measure.items():
            try:
                edits.append(measure_edit(now.tree, plans, measure_id, requests, plan.id))
            except CannotWrite as err:
                errors.append(str(err))
        if errors:
            listed = errors[:MAX_ERRORS_LISTED] + ([f"... and {len(errors) - MAX_ERRORS_LISTED} more"]
                                                  if len(errors) > MAX_ERRORS_LISTED else [])
            raise CannotWrite(f"{source}: {len(errors)} value(s) cannot be imported, so nothing was written: "
                              + "; ".join(listed))
        if not edits:
            raise CannotWrite(f"{source}: no values to import")
        verdict = _commit(txn, now, edits, dry_run)
    return edits, verdict, notes


# --- dagov assess ---------------------------------------------------------------------


def parse_partner_view(text: str) -> tuple[str, str]:
    partner, sep, view = text.partition("=")
    if not sep or not partner.strip() or not view.strip():
        raise CannotWrite(f"--partner {text!r} needs a partner id and what they said: "
                          "--partner \"county-council=Referrals arrive complete.\"")
    return partner.strip(), view.strip()


def assessment_edit(tree: Tree, plans: str | os.PathLike, rec_id: str, meeting_id: str, judgement: str,
                    narrative: str, partners: list[tuple[str, str]], plan_id: str | None = None) -> Edit:
    plan = plan_named(tree, plan_id) if plan_id else _plan_of_meeting(tree, meeting_id)
    meeting = plan.meetings.get(meeting_id)
    if meeting is None:
        refuse_unreadable(tree, [plan], meeting_id)
        raise CannotWrite(f"plan {plan.id} has no meeting '{meeting_id}'{did_you_mean(meeting_id, plan.meetings)}; "
                          "give the id of a file in meetings/ (create one with 'dagov new meeting')")
    if rec_id not in plan.recommendations:
        raise CannotWrite(f"plan {plan.id} has no recommendation '{rec_id}'{did_you_mean(rec_id, plan.recommendations)}")
    if judgement not in JUDGEMENTS:
        raise CannotWrite(f"--judgement '{judgement}' is not one of: {', '.join(JUDGEMENTS)}")
    known = tree.organisation.partners if tree.organisation else {}
    for partner, _ in partners:
        if partner not in known:
            raise CannotWrite(f"--partner '{partner}' is not a partner in organisation.yaml{did_you_mean(partner, known)}")
    if any(a.recommendation == rec_id for a in meeting.assessments):
        raise CannotWrite(f"meeting {meeting_id} already has an assessment of {rec_id}; change it in "
                          f"{meeting.pos.path}")
    path = meeting.pos.path
    before = read_for_edit(path)
    entry: dict = {"recommendation": rec_id, "judgement": judgement, "narrative": narrative}
    if partners:
        entry["partners"] = [{"partner": p, "view": v} for p, v in partners]
    try:
        doc = YamlEdit(before, path)
        doc.append_to_list(doc.root, "assessments", entry)
        after = doc.result()
    except EditError as err:
        raise RefusedError(f"{err}; nothing was written") from None
    summary = [f"assessment of {rec_id}: {judgement}"] + [f"view of {p}" for p, _ in partners]
    return Edit(_rel(plans, path), path, before, after, summary)


def _plan_of_meeting(tree: Tree, meeting_id: str) -> Plan:
    holding = [p for p in tree.plans.values() if meeting_id in p.meetings]
    if len(holding) == 1:
        return holding[0]
    return choose_plan(tree, None)


def assess(plans: str | os.PathLike, rec_id: str, meeting_id: str, judgement: str, narrative: str,
           partners: list[tuple[str, str]], plan_id: str | None = None, dry_run: bool = False) -> tuple[Edit, Verdict]:
    """`dagov assess` end to end: append the board's judgement to the meeting's `assessments`."""
    from dagov.check.run import check

    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        edit = assessment_edit(now.tree, plans, rec_id, meeting_id, judgement, narrative, partners, plan_id)
        verdict = _commit(txn, now, [edit], dry_run)
    return edit, verdict


# --- dagov new measure ----------------------------------------------------------------


def new_measure(plans: str | os.PathLike, plan: Plan, measure_id: str | None = None, title: str | None = None,
                owner: str | None = None, unit: str | None = None, better: str | None = None,
                frequency: str | None = None, source: str | None = None,
                recommendations: tuple[str, ...] = ()) -> NewFile:
    """measures/<next id>.yaml (M01, M02 ...) with every field; what the plan cannot know left to fill in."""
    measure_id = measure_id or ids.next_numbered(plan.measures, default_prefix="M")
    m = fmt.MEASURE
    mapping: dict = {
        "id": measure_id,
        "title": title or blank(m, "title"),
        "definition": blank(m, "definition"),
        "unit": unit or blank(m, "unit", ": percent, count, rate, days or ratio"),
        "better": better or blank(m, "better", ": higher or lower"),
        "owner": owner or blank(m, "owner", " (a role id from organisation.yaml)"),
        "source": source or blank(m, "source"),
        "frequency": frequency or "monthly",
        "recommendations": list(recommendations),
        "values": [],
    }
    rel = f"{plan.folder}/measures/{measure_id}.yaml"
    return _file(plans, rel, "measure", mapping, frozenset())
