"""The rules of outcome measures (issue 18): values in range and in order, gaps, staleness, targets,
and closing a recommendation before its success criteria were met. See docs/outcomes.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dagov.plan.findings import ERROR, WARNING, Finding, Pos
from dagov.plan.model import Located, Measure, Plan, Tree
from dagov.plan.periods import EXAMPLE_OF, NOUN_OF, PLURAL_OF, Period, last_ended, parse_period, sustained_run
from dagov.plan.vocabulary import ACTIVE, CLOSED

STALE_PERIODS = 2
"""A measure with no value for this many periods that have ended is stale."""


def _f(pos: Pos, rule: str, message: str, severity: str = ERROR) -> Finding:
    return Finding.at(pos, rule, message, severity)


def _number(value: float) -> str:
    return f"{value:g}"


def out_of_range(unit: str | None, value: float) -> str | None:
    """Why `value` cannot be a figure in `unit`, or None."""
    if unit == "percent" and not 0 <= value <= 100:
        return f"is {'above 100' if value > 100 else 'below 0'}, but the measure is a percentage (0 to 100)"
    if unit in ("count", "rate", "days", "ratio") and value < 0:
        return f"is negative, but a {'number of days' if unit == 'days' else unit} cannot be"
    if unit == "count" and value != int(value):
        return "is not a whole number, but the measure is a count"
    return None


def _ranges(measure: Measure) -> Iterator[Finding]:
    checked: list[tuple[str, Located, float | None]] = [(f"value for {v.period}", v, v.value) for v in measure.values]
    if measure.baseline is not None:
        checked.append(("baseline", measure.baseline, measure.baseline.value))
    if measure.target is not None:
        checked.append(("target", measure.target, measure.target.value))
    for what, obj, value in checked:
        why = out_of_range(measure.unit, value) if value is not None else None
        if why and value is not None:
            yield _f(obj.at("value"), "measure-value-range",
                     f"the {what} of measure {measure.id}, {_number(value)}, {why}; correct the figure")


def _wrong_frequency(measure: Measure, period: Period | None, pos: Pos, what: str) -> Finding | None:
    if period is None or measure.frequency is None or period.frequency == measure.frequency:
        return None
    return _f(pos, "measure-period", f"{what} {period} of measure {measure.id} is a {NOUN_OF[period.frequency]}, but "
              f"the measure is counted {measure.frequency}; write the period as {EXAMPLE_OF[measure.frequency]}")


def _series(measure: Measure) -> Iterator[Finding]:
    """Periods of the measure's frequency, oldest first, each once; a gap between two recorded is a warning."""
    seen: dict[Period, Pos] = {}
    latest: Period | None = None
    for entry in measure.values:
        pos = entry.at("period")
        period = parse_period(entry.period)
        wrong = _wrong_frequency(measure, period, pos, "period")
        if wrong is not None or period is None:
            yield from [wrong] if wrong else []
            continue
        if period in seen:
            yield _f(pos, "measure-period", f"period {period} of measure {measure.id} is recorded twice (first at line "
                     f"{seen[period].line}); keep one value per period")
            continue
        seen[period] = pos
        if latest is not None and period < latest:
            yield _f(pos, "measure-period", f"period {period} of measure {measure.id} comes after {latest}; "
                     "keep the values in order, oldest first")
            continue
        if latest is not None and period - latest > 1:
            missing = latest + 1
            more = f" (and {period - latest - 2} more)" if period - latest > 2 else ""
            yield _f(pos, "measure-gap", f"measure {measure.id} has no value for {missing}{more}, between {latest} and "
                     f"{period}; record it, or add a note to {period} saying why it is missing", WARNING)
        latest = period
    if measure.baseline is not None:
        wrong = _wrong_frequency(measure, parse_period(measure.baseline.period), measure.baseline.at("period"),
                                 "the baseline period")
        if wrong is not None:
            yield wrong


def _target_date(measure: Measure) -> Iterator[Finding]:
    baseline = parse_period(measure.baseline.period) if measure.baseline else None
    target = measure.target
    if baseline is not None and target is not None and target.by is not None and target.by <= baseline.end:
        yield _f(target.at("by"), "measure-target-date",
                 f"the target date {target.by.isoformat()} of measure {measure.id} is not after its baseline period "
                 f"{baseline} (which ends {baseline.end.isoformat()}); set by: to when the target should be reached")


def _stale(plan: Plan, measure: Measure, today: dt.date) -> Iterator[Finding]:
    """An active plan's measure whose last two ended periods have no value."""
    if plan.status != ACTIVE or measure.frequency is None or (plan.end is not None and plan.end < today):
        return
    last = last_ended(measure.frequency, today)
    recorded = {parse_period(v.period) for v in measure.values}
    window = [last + -i for i in range(STALE_PERIODS)]
    if measure.values and not recorded & set(window):
        latest = max((p for p in recorded if p is not None), default=None)
        since = f"; the latest is {latest}" if latest else ""
        yield _f(measure.at("values"), "measure-stale",
                 f"measure {measure.id} has no value for the last {STALE_PERIODS} {PLURAL_OF[measure.frequency]} "
                 f"({window[-1]} and {window[0]}){since}; record the figures with dagov record {measure.id}", WARNING)


def measures(tree: Tree, today: dt.date | None = None) -> Iterator[Finding]:
    """Every measure's figures: in range, of its frequency, in order, without gaps, not stale; its target after its
    baseline."""
    today = today or dt.date.today()
    for plan in tree.plans.values():
        for measure in plan.measures.values():
            yield from _ranges(measure)
            yield from _series(measure)
            yield from _target_date(measure)
            yield from _stale(plan, measure, today)


def closure_before_outcome(tree: Tree) -> Iterator[Finding]:
    """A recommendation closed at a meeting when one of its success criteria was not yet met."""
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            meeting = plan.meetings.get(rec.closed.meeting or "") if rec.closed else None
            if rec.status != CLOSED or meeting is None or meeting.date is None:
                continue
            for criterion in rec.success:
                measure = plan.measures.get(criterion.measure or "")
                if measure is None or not criterion.sustained:
                    continue
                run = sustained_run(measure, meeting.date)
                if run < criterion.sustained:
                    had = "had not met its target in the latest period known" if run == 0 else \
                        f"had met its target for only {run} of the {criterion.sustained} periods needed"
                    when = "" if meeting.id == meeting.date.isoformat() else f" ({meeting.date.isoformat()})"
                    yield _f(criterion.at("measure"), "closure-before-outcome",
                             f"recommendation {rec.id} was closed at meeting {meeting.id}{when}, "
                             f"when measure {measure.id} {had}; reopen it, or record why the board closed it early",
                             WARNING)


OUTCOME_RULES = (measures, closure_before_outcome)
