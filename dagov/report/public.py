"""The public view of the plans: what `dagov publish` may put on a public website, and nothing else.

What is public is decided here, by data, not by templates: the site is rendered from these
frozen classes only (dagov/render/site.py), so a template cannot print what this module left
out. Public: titles, texts, responses, statuses, progress and the RAG worked out from the dates,
due dates, closures and completions with their dates, the updates marked `public: true`, and the
outcome measures with their known values and outcome RAG (dagov.report.outcomes).
Never public: owners and holders' names (a measure's owner too), owners' own RAG, internal updates and who gave them,
evidence links (internal addresses), stale lists, minutes, board papers and board action logs.

A plan is published only when its plan.yaml carries `publication:` and the organisation's
protective marking for its plans (`settings: classification`) is not sensitive. Every public
text is scanned for personal data, whatever the guard's severity: publishing refuses, naming
the file and line, if one looks like it (`PersonalDataInPublicText`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dagov import jsontext
from dagov.errors import DagovError
from dagov.plan.findings import Finding
from dagov.plan.model import Located, Plan, Recommendation, Tree, Update
from dagov.plan.vocabulary import BLOCKED, CANCELLED, CLOSED, COMPLETE
from dagov.report import figures, outcomes
from dagov.report.csv_export import neutralise
from dagov.words import natural_key, plural

SCHEMA_VERSION = "1.1"
"""The version of the open data's shape (docs/open-data.md, schema-v1.json): the major number changes
when a field is removed or changes meaning, the minor one when a field is added."""

SCHEMA_FILE = "schema-v1.json"
"""The name of the open data's JSON Schema in every site (the package holds it as open-data-schema-v1.json)."""

MARKING_RULE = ("Only plans marked for publication, under an organisation whose plans are marked OFFICIAL, "
                "are published here, and of them only what is marked public: titles, texts, responses, "
                "progress, closures and updates marked for publication. Internal notes, owners, minutes and "
                "board papers are never published.")
"""The protective-marking rule every page states."""


class NotPublishable(DagovError):
    """Nothing may be published: no plan is marked for publication, or the marking forbids it."""


class PersonalDataInPublicText(DagovError):
    """A text that would be published looks like personal data."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = "\n".join(f.as_text() for f in findings)
        looks = "looks" if len(findings) == 1 else "look"
        super().__init__(f"{lines}\nnothing was published: {plural(len(findings), 'public text')} {looks} "
                         "like personal data; remove it (refer to people by role), or, if it is not personal "
                         "data, add the exact text to settings: personal_data: allow: in organisation.yaml")


# --- the public view ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicUpdate:
    """A progress update the public may read: its date, the action and the note."""

    date: dt.date
    action_id: str
    note: str


@dataclass(frozen=True)
class PublicAction:
    """An action as the published plan shows it."""

    id: str
    title: str
    due: dt.date | None
    """After the extensions approved by the date of the data."""
    status: str
    rag: str
    rag_reason: str
    completed: dt.date | None
    carried_from: str | None
    """`plan/action` this action continues."""
    carried_to: str | None
    """`plan/action` that continues this one."""


@dataclass(frozen=True)
class PublicResponse:
    """The body's response to a recommendation, as published: accepted or not, and why."""

    decision: str
    explanation: str | None


@dataclass(frozen=True)
class PublicValue:
    """One value of a measure, as the published plan charts it."""

    period: str
    """The period as written in the measure file (2014-12)."""
    label: str
    """The period in words for a chart's axis."""
    value: float


@dataclass(frozen=True)
class PublicMeasure:
    """An outcome measure: public data. Its owner (a role, whose holder is a person) is never here."""

    id: str
    title: str
    definition: str
    unit: str | None
    better: str | None
    baseline_period: str | None
    baseline_value: float | None
    target_value: float | None
    target_by: dt.date | None
    latest_period: str | None
    """The latest period whose value is known as of the site's date (None when none is)."""
    latest_value: float | None
    outcome_rag: str
    """met, on-track, off-track or no-data, from dagov.report.outcomes."""
    outcome_reason: str
    recommendations: tuple[str, ...]
    values: tuple[PublicValue, ...]
    """The values known as of the site's date, oldest first."""


@dataclass(frozen=True)
class PublicRecommendation:
    """A recommendation as the published plan shows it, with its actions and outcomes."""

    plan_id: str
    id: str
    kind: str
    title: str
    text: str
    area_id: str
    area_title: str
    timescale: str | None
    due: dt.date | None
    status: str
    rag: str
    complete: int
    live: int
    carried: int
    """Actions carried into a later plan (cancelled here, so not among the live ones)."""
    response: PublicResponse | None
    closed_on: dt.date | None
    actions: tuple[PublicAction, ...]
    updates: tuple[PublicUpdate, ...]
    """The public updates of its actions, oldest first."""
    measures: tuple[str, ...] = ()
    """The ids of the outcome measures that evidence it (dagov.report.outcomes.measures_of)."""

    @property
    def planned(self) -> int:
        """The actions it took on: live ones and those carried into a later plan unfinished."""
        return self.live + self.carried

    @property
    def progress(self) -> float | None:
        """Complete / planned: work carried away unfinished counts as not done here, so a superseded
        plan never reads 100% for it (as `dagov status` says, dagov.report.figures.progress_here)."""
        return self.complete / self.planned if self.planned else None


@dataclass(frozen=True)
class PublicArea:
    """A key area as the published plan shows it, with its recommendations."""

    id: str
    title: str
    recommendations: tuple[PublicRecommendation, ...]


@dataclass(frozen=True)
class PublicEvent:
    """A closure or a completion: what the feed announces."""

    date: dt.date
    kind: str
    """'closed' (a recommendation, by a board decision) or 'completed' (an action)."""
    plan_id: str
    recommendation_id: str
    action_id: str | None
    title: str


@dataclass(frozen=True)
class PublicSource:
    """The inspection report a published plan answers: its title, publisher, date and address."""

    title: str
    publisher: str | None
    published: dt.date | None
    url: str | None


@dataclass(frozen=True)
class PublicPlan:
    """A plan as the public website shows it."""

    id: str
    title: str
    status: str
    summary: str
    contact: str
    published_url: str | None
    source: PublicSource | None
    start: dt.date | None
    end: dt.date | None
    superseded_by: str | None
    """The plan that replaced this one, when it is published too (else None)."""
    areas: tuple[PublicArea, ...]
    recommendations: tuple[PublicRecommendation, ...]
    complete: int
    live: int
    carried: int
    rag: str
    last_updated: dt.date | None
    events: tuple[PublicEvent, ...]
    """Closures and completions up to the date of the data, newest first."""
    measures: tuple[PublicMeasure, ...] = ()
    """Its outcome measures as of the date of the data, by id."""

    @property
    def planned(self) -> int:
        """The actions it took on: live ones and those carried into a later plan unfinished."""
        return self.live + self.carried

    @property
    def progress(self) -> float | None:
        """Complete / planned: work carried away unfinished counts as not done here, so a superseded
        plan never reads 100% for it (as `dagov status` says, dagov.report.figures.progress_here)."""
        return self.complete / self.planned if self.planned else None

    @property
    def closed(self) -> int:
        return sum(1 for r in self.recommendations if r.status == CLOSED)


@dataclass(frozen=True)
class PublicSite:
    """Everything the public website shows, as of a date."""

    organisation: str
    as_of: dt.date
    marking_rule: str
    plans: tuple[PublicPlan, ...]

    @property
    def events(self) -> tuple[PublicEvent, ...]:
        return tuple(sorted((e for p in self.plans for e in p.events), key=_event_key))

    @property
    def last_updated(self) -> dt.date | None:
        return max((p.last_updated for p in self.plans if p.last_updated), default=None)


def _event_key(e: PublicEvent) -> tuple[int, str, Any, Any]:
    return (-e.date.toordinal(), e.plan_id, natural_key(e.recommendation_id), natural_key(e.action_id or ""))


# --- choosing what is published -----------------------------------------------------------


def published_plans(tree: Tree, as_of: dt.date, plan_id: str | None = None) -> list[Plan]:
    """The plans to publish: `plan_id` only, or every plan marked for publication that has started by
    `as_of`; refuses (NotPublishable) what the marking rule forbids."""
    marking = _sensitive_marking(tree)
    if marking is not None:
        raise NotPublishable(f"{tree.root}/organisation.yaml marks the plans {marking} (settings: classification); "
                             "a plan with that marking must not be published, so nothing was published. If the "
                             "marking is wrong, correct it there")
    if plan_id is not None:
        if plan_id not in tree.plans:
            raise figures.UnknownFilter("plan", plan_id, sorted(tree.plans))
        chosen = tree.plans[plan_id]
        if chosen.publication is None:
            raise NotPublishable(f"plan {plan_id} is not marked for publication; add a publication: block (summary, "
                                 f"contact) to {chosen.pos.path} to publish it (docs/publishing.md)")
        return [chosen]
    plans = [p for p in figures.ordered_plans(tree, as_of) if p.publication is not None]
    if not plans:
        raise NotPublishable(f"no plan in {tree.root} is marked for publication (as of {as_of.isoformat()}); add a "
                             "publication: block (summary, contact) to the plan.yaml of each plan to publish "
                             "(docs/publishing.md)")
    return plans


def _sensitive_marking(tree: Tree) -> str | None:
    from dagov.check.publication import sensitive_plans_marking

    return sensitive_plans_marking(tree)


# --- building it ----------------------------------------------------------------------------


def public_site(tree: Tree, as_of: dt.date, plan_id: str | None = None) -> PublicSite:
    """The public view of the plans as of `as_of`; refuses when nothing may be published or a
    public text looks like personal data."""
    plans = published_plans(tree, as_of, plan_id)
    published = {p.id for p in plans}
    carried = figures.carried_index(tree, as_of)
    view = tuple(_public_plan(tree, plan, as_of, carried, published) for plan in plans)
    organisation = (tree.organisation.name if tree.organisation else None) or ""
    _refuse_personal_data(tree, plans, as_of)
    return PublicSite(organisation=organisation, as_of=as_of, marking_rule=MARKING_RULE, plans=view)


def _public_plan(tree: Tree, plan: Plan, as_of: dt.date, carried: dict[str, str], published: set[str | None]) -> PublicPlan:
    fig = figures.plan_figures(tree, plan, as_of, carried_to=carried)
    inputs = figures.rag_inputs(tree, plan, as_of, carried_to=carried)
    recs = tuple(_public_recommendation(plan, r, inputs) for r in fig.recommendations)
    by_area: dict[str, list[PublicRecommendation]] = {}
    for rec in recs:
        by_area.setdefault(rec.area_id, []).append(rec)
    areas = tuple(PublicArea(area_id, area.title or area_id, tuple(by_area[area_id]))
                  for area_id, area in plan.areas.items() if area_id in by_area)
    events = tuple(sorted(_events(plan, recs), key=_event_key))
    dates = [e.date for e in events] + [u.date for r in recs for u in r.updates]
    publication = plan.publication
    assert publication is not None  # published_plans chose only plans with one
    source = plan.source
    return PublicPlan(
        id=plan.id or "",
        title=plan.title or "",
        status=fig.status or "",
        summary=publication.summary or "",
        contact=publication.contact or "",
        published_url=publication.published_url,
        source=PublicSource(source.title or "", source.publisher, source.published, source.url) if source else None,
        start=plan.start,
        end=plan.end,
        superseded_by=plan.superseded_by if plan.superseded_by in published and fig.superseded else None,
        areas=areas,
        recommendations=recs,
        complete=fig.complete,
        live=fig.live,
        carried=sum(r.carried for r in recs),
        rag=fig.rag,
        last_updated=max(dates, default=None),
        events=events,
        measures=tuple(_public_measure(m) for m in outcomes.plan_measures(plan, as_of)),
    )


def _public_measure(m: outcomes.MeasureFigures) -> PublicMeasure:
    measure = m.measure
    baseline, target, latest = measure.baseline, measure.target, m.latest
    return PublicMeasure(
        id=m.id or "",
        title=m.title or "",
        definition=" ".join((measure.definition or "").split()),
        unit=measure.unit,
        better=measure.better,
        baseline_period=baseline.period if baseline else None,
        baseline_value=baseline.value if baseline else None,
        target_value=target.value if target else None,
        target_by=target.by if target else None,
        latest_period=str(latest.period) if latest else None,
        latest_value=latest.value if latest else None,
        outcome_rag=m.rag,
        outcome_reason=m.reason,
        recommendations=tuple(sorted(measure.recommendations, key=natural_key)),
        values=tuple(PublicValue(str(p.period), p.period.label, p.value) for p in m.points),
    )


def _public_recommendation(plan: Plan, rf: figures.RecommendationFigures, inputs: figures.RagInputs) -> PublicRecommendation:
    rec = rf.recommendation
    as_of = inputs.as_of
    closed_on = None
    if rf.status == CLOSED and rec.closed is not None:
        closed_on = inputs.meeting_dates.get(rec.closed.meeting or "")
    actions = tuple(PublicAction(
        id=a.id or "",
        title=a.title or "",
        due=a.effective_due,
        status=a.status or "",
        rag=a.rag,
        rag_reason=_reason(a, as_of),
        completed=a.action.completed if a.status == COMPLETE else None,
        carried_from=a.carried_from,
        carried_to=a.carried_to,
    ) for a in rf.actions)
    updates = tuple(sorted((PublicUpdate(u.date, a.id or "", u.note or "")
                            for a in rec.actions for u in a.updates
                            if u.date is not None and is_public(u, as_of) and u.note),
                           key=lambda u: (u.date, natural_key(u.action_id))))
    response = PublicResponse(rec.response.decision or "", rec.response.explanation) if rec.response else None
    area = plan.areas.get(rec.area or "")
    return PublicRecommendation(
        plan_id=plan.id or "",
        id=rec.id or "",
        kind=rec.kind or "",
        title=rec.title or "",
        text=rec.text or "",
        area_id=rec.area or "",
        area_title=(area.title if area else None) or rec.area or "",
        timescale=rec.timescale,
        due=rec.due,
        status=rf.status or "",
        rag=rf.rag,
        complete=rf.complete,
        live=rf.live,
        carried=sum(1 for a in actions if a.carried_to is not None),
        response=response,
        closed_on=closed_on,
        actions=actions,
        updates=updates,
        measures=outcomes.measures_of(plan, rec.id),
    )


def is_public(update: Update, as_of: dt.date) -> bool:
    """An update is published when it says `public: true` and was given by the date of the figures."""
    return bool(update.public) and update.date is not None and update.date <= as_of


def _reason(a: figures.ActionFigures, as_of: dt.date) -> str:
    """Why an action has its RAG, in words for the public (the reports' reasons are written for the board)."""
    if a.rag == COMPLETE:
        return ""
    if a.carried_to is not None:
        return "carried into a later plan"
    if a.status in (BLOCKED, CANCELLED):
        return a.status
    if a.effective_due is None:
        return "no due date"
    days = (a.effective_due - as_of).days
    if days < 0:
        return f"{plural(-days, 'day')} overdue"
    return "due today" if days == 0 else f"due in {plural(days, 'day')}"


def _events(plan: Plan, recs: Iterable[PublicRecommendation]) -> Iterator[PublicEvent]:
    for rec in recs:
        if rec.closed_on is not None:
            yield PublicEvent(rec.closed_on, "closed", rec.plan_id, rec.id, None, rec.title)
        for action in rec.actions:
            if action.completed is not None:
                yield PublicEvent(action.completed, "completed", rec.plan_id, rec.id, action.id, action.title)


# --- the personal-data hard stop ---------------------------------------------------------------


def public_texts(tree: Tree, plans: Iterable[Plan], as_of: dt.date) -> Iterator[tuple[Located, str, str]]:
    """(object, field, text) of every text the site publishes from the plan files."""
    for plan in plans:
        yield plan, "title", plan.title or ""
        if plan.publication is not None:
            yield plan.publication, "summary", plan.publication.summary or ""
            yield plan.publication, "contact", plan.publication.contact or ""
        if plan.source is not None:
            yield plan.source, "title", plan.source.title or ""
            yield plan.source, "publisher", plan.source.publisher or ""
        for area in plan.areas.values():
            yield area, "title", area.title or ""
        for rec in sorted(plan.recommendations.values(), key=lambda r: natural_key(r.id)):
            yield from _recommendation_texts(rec, as_of)
        for measure in sorted(plan.measures.values(), key=lambda m: natural_key(m.id)):
            yield measure, "title", measure.title or ""
            yield measure, "definition", measure.definition or ""


def _recommendation_texts(rec: Recommendation, as_of: dt.date) -> Iterator[tuple[Located, str, str]]:
    for name in ("title", "text", "timescale"):
        yield rec, name, getattr(rec, name) or ""
    if rec.response is not None:
        yield rec.response, "explanation", rec.response.explanation or ""
    for action in rec.actions:
        yield action, "title", action.title or ""
        for update in action.updates:
            if is_public(update, as_of):
                yield update, "note", update.note or ""


def _refuse_personal_data(tree: Tree, plans: list[Plan], as_of: dt.date) -> None:
    from dagov.check.publication import personal_data_in

    found = personal_data_in(tree, public_texts(tree, plans, as_of))
    if found:
        raise PersonalDataInPublicText(found)


# --- open data: the same public fields as JSON and CSV ----------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def open_data(site: PublicSite) -> dict[str, Any]:
    """The public view as the open-data JSON document (schema: docs/open-data-schema-v1.json)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "organisation": site.organisation,
        "as_of": site.as_of.isoformat(),
        "marking_rule": site.marking_rule,
        "plans": [{
            "id": p.id,
            "title": p.title,
            "status": p.status,
            "summary": p.summary,
            "contact": p.contact,
            "source": None if p.source is None else {
                "title": p.source.title, "publisher": p.source.publisher,
                "published": _date(p.source.published), "url": p.source.url},
            "start": _date(p.start),
            "end": _date(p.end),
            "superseded_by": p.superseded_by,
            "actions_complete": p.complete,
            "actions_live": p.live,
            "actions_carried": p.carried,
            "last_updated": _date(p.last_updated),
            "areas": [{"id": a.id, "title": a.title} for a in p.areas],
            "recommendations": [_recommendation_json(r) for r in p.recommendations],
            "measures": [_measure_json(m) for m in p.measures],
        } for p in site.plans],
    }


def _recommendation_json(r: PublicRecommendation) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "title": r.title,
        "text": r.text,
        "area": r.area_id,
        "timescale": r.timescale,
        "due": _date(r.due),
        "status": r.status,
        "rag": r.rag,
        "actions_complete": r.complete,
        "actions_live": r.live,
        "actions_carried": r.carried,
        "response": None if r.response is None else {"decision": r.response.decision,
                                                     "explanation": r.response.explanation},
        "closed_on": _date(r.closed_on),
        "actions": [{
            "id": a.id, "title": a.title, "due": _date(a.due), "status": a.status, "rag": a.rag,
            "rag_reason": a.rag_reason, "completed": _date(a.completed),
            "carried_from": a.carried_from, "carried_to": a.carried_to,
        } for a in r.actions],
        "updates": [{"date": u.date.isoformat(), "action": u.action_id, "note": u.note} for u in r.updates],
        "measures": list(r.measures),
    }


def _measure_json(m: PublicMeasure) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "definition": m.definition,
        "unit": m.unit,
        "better": m.better,
        "baseline": None if m.baseline_period is None and m.baseline_value is None else {
            "period": m.baseline_period, "value": m.baseline_value},
        "target": None if m.target_value is None and m.target_by is None else {
            "value": m.target_value, "by": _date(m.target_by)},
        "latest": None if m.latest_period is None else {"period": m.latest_period, "value": m.latest_value},
        "outcome_rag": m.outcome_rag,
        "outcome_reason": m.outcome_reason,
        "recommendations": list(m.recommendations),
        "values": [{"period": v.period, "value": v.value} for v in m.values],
    }


def open_data_schema() -> str:
    """The JSON Schema of `open_data` (version 1), as shipped in the package and copied into every site."""
    from importlib import resources

    return resources.files("dagov.report").joinpath("open-data-schema-v1.json").read_text(encoding="utf-8")


def open_data_json(site: PublicSite) -> str:
    return jsontext.dumps(open_data(site), ensure_ascii=False) + "\n"


CSV_FILES = {
    "recommendations.csv": ("plan", "id", "kind", "title", "text", "area", "area_title", "timescale", "due", "status",
                            "rag", "actions_complete", "actions_live", "actions_carried", "response", "response_explanation", "closed_on"),
    "actions.csv": ("plan", "recommendation", "id", "title", "due", "status", "rag", "rag_reason", "completed",
                    "carried_from", "carried_to"),
    "updates.csv": ("plan", "recommendation", "action", "date", "note"),
}
"""The open data's CSV files and their columns: the JSON's fields, one row per recommendation, action, update."""


def _csv_rows(site: PublicSite, name: str) -> Iterator[tuple[object, ...]]:
    for p in site.plans:
        for r in p.recommendations:
            if name == "recommendations.csv":
                yield (p.id, r.id, r.kind, r.title, r.text, r.area_id, r.area_title, r.timescale, _date(r.due), r.status,
                       r.rag, r.complete, r.live, r.carried, r.response.decision if r.response else None,
                       r.response.explanation if r.response else None, _date(r.closed_on))
            elif name == "actions.csv":
                for a in r.actions:
                    yield (p.id, r.id, a.id, a.title, _date(a.due), a.status, a.rag, a.rag_reason, _date(a.completed),
                           a.carried_from, a.carried_to)
            else:
                for u in r.updates:
                    yield (p.id, r.id, u.action_id, u.date.isoformat(), u.note)


def open_data_csv(site: PublicSite, name: str) -> str:
    """One of CSV_FILES, with a header row; text cells that a spreadsheet would run as a formula are quoted with '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FILES[name])
    for row in _csv_rows(site, name):
        writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else str(v) for v in row])
    return out.getvalue()
