"""Outcome figures as of a date: each measure's latest known value, change, outcome RAG and projection;
each success criterion; the board's latest judgement of a recommendation. Defined in docs/reports.md.

What is known as of a date comes from dagov.plan.periods (a period's figure from the day after it
ends, or from its `recorded` date), so `status`, `show`, the papers and `dagov check` agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dagov.plan.classcode import CompiledOnce
from dagov.plan.model import Assessment, Measure, Meeting, Plan, Recommendation, Tree
from dagov.plan.periods import Point, known_points, meets, parse_period, sustained_run
from dagov.plan.vocabulary import MET, NO_DATA, OFF_TRACK, ON_TRACK
from dagov.words import natural_key

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

BETTER, WORSE, SAME = "better", "worse", "no change"


@dataclass(frozen=True)
class MeasureFigures:
    """One measure's figures as of a date: the values known, and whether its target is met, on track or not."""

    plan_id: str | None
    measure: Measure
    as_of: dt.date
    points: tuple[Point, ...]
    """The values known on as_of, oldest first."""
    rag: str
    """met, on-track, off-track or no-data (docs/reports.md)."""
    reason: str
    projected: float | None
    """The straight-line projection to the target date (None when it cannot be drawn)."""
    sustained: int
    """Consecutive periods, up to the latest known, in which the target was met."""

    @property
    def id(self) -> str | None:
        return self.measure.id

    @property
    def title(self) -> str | None:
        return self.measure.title

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def change(self) -> float | None:
        """The latest value less the one before it."""
        if self.latest is None or self.previous is None:
            return None
        return round(self.latest.value - self.previous.value, 6)

    @property
    def direction(self) -> str | None:
        """better, worse or no change, judged by the measure's `better`."""
        change = self.change
        if change is None or self.measure.better is None:
            return None
        if change == 0:
            return SAME
        return BETTER if (change > 0) == (self.measure.better == "higher") else WORSE


def number(value: float | None, unit: str | None = None) -> str:
    """A figure as reports print it: 91, 61.5, 91%."""
    if value is None:
        return "-"
    text = f"{round(value, 2):g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return text + ("%" if unit == "percent" else "")


def change_text(m: MeasureFigures) -> str:
    change = m.change
    if change is None or m.previous is None:
        return "-"
    sign = "+" if change > 0 else "" if change < 0 else "±"
    return f"{sign}{number(change)} {m.direction}"


def _start(measure: Measure, points: tuple[Point, ...]) -> tuple[dt.date, float] | None:
    """Where the projection's line starts: the baseline, or else the first value known."""
    baseline = measure.baseline
    period = parse_period(baseline.period) if baseline else None
    if baseline is not None and period is not None and baseline.value is not None:
        return period.end, baseline.value
    return (points[0].period.end, points[0].value) if points else None


def _judge(measure: Measure, points: tuple[Point, ...], as_of: dt.date) -> tuple[str, str, float | None]:
    target = measure.target
    if not points:
        return NO_DATA, "no value known yet", None
    latest = points[-1]
    if target is None or target.value is None or target.by is None or measure.better is None:
        return NO_DATA, "no target set", None
    goal = number(target.value, measure.unit)
    if meets(measure, latest.value):
        return MET, f"{number(latest.value, measure.unit)} in {latest.period} meets the target of {goal}", None
    if as_of > target.by:
        return OFF_TRACK, f"the target of {goal} by {target.by.isoformat()} was not met", None
    start = _start(measure, points)
    days = (latest.period.end - start[0]).days if start else 0
    if start is None or days <= 0:
        return OFF_TRACK, "not met, and one value is too few to project", None
    slope = (latest.value - start[1]) / days
    projected = latest.value + slope * (target.by - latest.period.end).days
    projected = max(0.0, min(projected, 100.0)) if measure.unit == "percent" else max(0.0, projected)
    shown = number(projected, measure.unit)
    if meets(measure, projected):
        return ON_TRACK, f"projected {shown} by {target.by.isoformat()}, target {goal}", projected
    return OFF_TRACK, f"projected {shown} by {target.by.isoformat()}, short of the target of {goal}", projected


def measure_figures(plan: Plan, measure: Measure, as_of: dt.date) -> MeasureFigures:
    points = known_points(measure, as_of)
    rag, reason, projected = _judge(measure, points, as_of)
    return MeasureFigures(plan.id, measure, as_of, points, rag, reason, projected, sustained_run(measure, as_of))


def plan_measures(plan: Plan, as_of: dt.date) -> tuple[MeasureFigures, ...]:
    return tuple(measure_figures(plan, m, as_of) for m in sorted(plan.measures.values(), key=lambda m: natural_key(m.id)))


@dataclass(frozen=True)
class CriterionFigures:
    """How one success criterion of a recommendation stands: the periods met in a row, against those needed."""

    measure_id: str | None
    needed: int
    run: int
    """Consecutive periods met as of the date (0 when the measure is unknown)."""

    @property
    def met(self) -> bool:
        return self.run >= self.needed


def criteria(plan: Plan, rec: Recommendation, as_of: dt.date) -> tuple[CriterionFigures, ...]:
    """Each `success` criterion of `rec` as of a date."""
    found = []
    for criterion in rec.success:
        measure = plan.measures.get(criterion.measure or "")
        run = sustained_run(measure, as_of) if measure is not None else 0
        found.append(CriterionFigures(criterion.measure, criterion.sustained or 1, run))
    return tuple(found)


def criterion_text(c: CriterionFigures) -> str:
    state = "met" if c.met else "not met"
    return f"{c.measure_id}: target met {c.run} of {c.needed} consecutive periods needed ({state})"


@dataclass(frozen=True)
class Judgement:
    """The board's judgement of a recommendation's outcome, at the meeting that recorded it."""

    meeting: Meeting
    assessment: Assessment

    @property
    def date(self) -> dt.date | None:
        return self.meeting.date


def judgements(plan: Plan, rec_id: str | None, as_of: dt.date) -> tuple[Judgement, ...]:
    """The board's assessments of a recommendation at meetings held by `as_of`, oldest first."""
    return tuple(Judgement(meeting, a) for meeting in plan.meetings_by_date
                 if meeting.date is not None and meeting.date <= as_of
                 for a in meeting.assessments if a.recommendation == rec_id)


def latest_judgement(plan: Plan, rec_id: str | None, as_of: dt.date) -> Judgement | None:
    found = judgements(plan, rec_id, as_of)
    return found[-1] if found else None


def measures_of(plan: Plan, rec_id: str | None) -> tuple[str, ...]:
    """The measures that evidence a recommendation: those listing it, and those its success criteria name."""
    rec = plan.recommendations.get(rec_id or "")
    named = {c.measure for c in rec.success if c.measure} if rec else set()
    named |= {m.id for m in plan.measures.values() if m.id and rec_id in m.recommendations}
    return tuple(sorted(named, key=natural_key))


def partner_title(tree: Tree, partner_id: str | None) -> str:
    partner = tree.organisation.partners.get(partner_id or "") if tree.organisation else None
    return partner.title if partner is not None and partner.title else (partner_id or "-")


# --- JSON (additive to version 1; docs/reports.md) -------------------------------


def _period(point: Point | None) -> str | None:
    return str(point.period) if point else None


def measure_json(m: MeasureFigures) -> dict[str, Any]:
    measure = m.measure
    return {
        "id": m.id,
        "title": m.title,
        "unit": measure.unit,
        "better": measure.better,
        "owner": measure.owner,
        "source": measure.source,
        "frequency": measure.frequency,
        "recommendations": list(measure.recommendations),
        "baseline": ({"period": measure.baseline.period, "value": measure.baseline.value}
                     if measure.baseline else None),
        "target": ({"value": measure.target.value, "by": measure.target.by.isoformat() if measure.target.by else None}
                   if measure.target else None),
        "latest": ({"period": _period(m.latest), "value": m.latest.value,
                    "provisional": bool(m.latest.entry.provisional)} if m.latest else None),
        "previous": {"period": _period(m.previous), "value": m.previous.value} if m.previous else None,
        "change": m.change,
        "direction": m.direction,
        "outcome_rag": m.rag,
        "reason": m.reason,
        "projected": None if m.projected is None else round(m.projected, 4),
        "sustained": m.sustained,
        "values": [{"period": str(p.period), "value": p.value} for p in m.points],
    }


def recommendation_outcomes_json(measure_ids: tuple[str, ...], found: tuple[CriterionFigures, ...],
                                 judgement: Judgement | None) -> dict[str, Any]:
    return {
        "measures": list(measure_ids),
        "success": [{"measure": c.measure_id, "sustained": c.needed, "run": c.run, "met": c.met} for c in found],
        "outcomes_met": all(c.met for c in found),
        "judgement": ({"meeting": judgement.meeting.id, "date": judgement.date.isoformat() if judgement.date else None,
                       "judgement": judgement.assessment.judgement} if judgement else None),
    }


_compiling.close()
