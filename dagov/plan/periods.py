"""Periods of a measure (2014-05, 2014-Q2, 2014) and what is known of a measure as of a date.

A period's figure is known from the day after the period ends (June's figure from 1 July),
or from the value's `recorded` date when one is given: a report as of 15 June shows May's
figure, not June's. Everything that judges a measure as of a date (the rules, the reports,
the papers) asks here, so they agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagov.patterns import compiled_on_use
from dagov.plan.classcode import CompiledOnce
from dagov.plan.model import Measure, MeasureValue
from dagov.plan.vocabulary import FREQUENCIES

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

MONTHLY, QUARTERLY, ANNUAL = FREQUENCIES
PERIOD = r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"
PERIOD_HINT = "write a month as YYYY-MM (2014-05), a quarter as YYYY-Qn (2014-Q2) or a year as YYYY (2014)"
_PARSE = compiled_on_use(r"^([0-9]{4})(?:-([0-9]{2})|-Q([1-4]))?$")

FREQUENCY_OF = {"M": MONTHLY, "Q": QUARTERLY, "Y": ANNUAL}
EXAMPLE_OF = {MONTHLY: "YYYY-MM, e.g. 2014-05", QUARTERLY: "YYYY-Qn, e.g. 2014-Q2", ANNUAL: "YYYY, e.g. 2014"}
NOUN_OF = {MONTHLY: "month", QUARTERLY: "quarter", ANNUAL: "year"}
PLURAL_OF = {MONTHLY: "months", QUARTERLY: "quarters", ANNUAL: "years"}


@dataclass(frozen=True, order=True)
class Period:
    """A month, quarter or year; `index` counts periods of its frequency from year 0."""

    kind: str
    """M, Q or Y."""
    index: int

    @property
    def frequency(self) -> str:
        return FREQUENCY_OF[self.kind]

    @property
    def year(self) -> int:
        return self.index // {"M": 12, "Q": 4, "Y": 1}[self.kind]

    @property
    def start(self) -> dt.date:
        if self.kind == "M":
            return dt.date(self.year, self.index % 12 + 1, 1)
        if self.kind == "Q":
            return dt.date(self.year, 3 * (self.index % 4) + 1, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        return Period(self.kind, self.index + 1).start - dt.timedelta(days=1)

    def __add__(self, periods: int) -> Period:
        return Period(self.kind, self.index + periods)

    def __sub__(self, other: Period) -> int:
        return self.index - other.index

    def __str__(self) -> str:
        if self.kind == "M":
            return f"{self.year:04d}-{self.index % 12 + 1:02d}"
        if self.kind == "Q":
            return f"{self.year:04d}-Q{self.index % 4 + 1}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """How papers name it: May 2014, Q2 2014, 2014."""
        if self.kind == "M":
            return self.start.strftime("%b %Y")
        if self.kind == "Q":
            return f"Q{self.index % 4 + 1} {self.year}"
        return str(self.year)


def parse_period(text: str | None) -> Period | None:
    """The period `text` names, or None if it is not one."""
    match = _PARSE.match(text or "")
    if match is None:
        return None
    year, month, quarter = match.groups()
    if month is not None:
        if not 1 <= int(month) <= 12:
            return None
        return Period("M", int(year) * 12 + int(month) - 1)
    if quarter is not None:
        return Period("Q", int(year) * 4 + int(quarter) - 1)
    return Period("Y", int(year))


def last_ended(frequency: str, as_of: dt.date) -> Period:
    """The latest period of `frequency` that had ended by `as_of` (the day before at the latest)."""
    if frequency == MONTHLY:
        current = Period("M", as_of.year * 12 + as_of.month - 1)
    elif frequency == QUARTERLY:
        current = Period("Q", as_of.year * 4 + (as_of.month - 1) // 3)
    else:
        current = Period("Y", as_of.year)
    return current + -1


def known_from(value: MeasureValue) -> dt.date | None:
    """The first day a value is known: its `recorded` date, or the day after its period ends."""
    if value.recorded is not None:
        return value.recorded
    period = parse_period(value.period)
    return period.end + dt.timedelta(days=1) if period else None


@dataclass(frozen=True)
class Point:
    """One known value of a measure: the period it is for, the figure and the entry that recorded it."""

    period: Period
    value: float
    entry: MeasureValue


def known_points(measure: Measure, as_of: dt.date) -> tuple[Point, ...]:
    """The measure's values known on `as_of`, oldest first, one per period (the first written wins)."""
    points: dict[Period, Point] = {}
    for entry in measure.values:
        period = parse_period(entry.period)
        known = known_from(entry)
        if period is None or entry.value is None or known is None or known > as_of:
            continue
        if measure.frequency and period.frequency != measure.frequency:
            continue
        points.setdefault(period, Point(period, entry.value, entry))
    return tuple(sorted(points.values(), key=lambda p: p.period))


def meets(measure: Measure, value: float) -> bool | None:
    """Whether `value` meets the measure's target (None when the target or direction is not known)."""
    target = measure.target.value if measure.target else None
    if target is None or measure.better is None:
        return None
    return value >= target if measure.better == "higher" else value <= target


def sustained_run(measure: Measure, as_of: dt.date) -> int:
    """For how many consecutive periods, up to the latest known one, the measure has met its target."""
    points = known_points(measure, as_of)
    run = 0
    previous: Period | None = None
    for point in reversed(points):
        if previous is not None and previous - point.period != 1:
            break
        if not meets(measure, point.value):
            break
        run += 1
        previous = point.period
    return run


_compiling.close()
