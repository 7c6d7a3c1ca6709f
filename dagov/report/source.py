"""The words saying where a document's or report's figures come from (its colophon): the plan as
recorded in git at the end of a day (dagov.history.recorded), or reconstructed from the current files."""

from __future__ import annotations

import datetime as dt


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def recorded_colophon(day: dt.date, commit: str) -> str:
    return f"Figures from the plan as recorded on {_day(day)}, commit {commit}"


def current_colophon(day: dt.date) -> str:
    return f"Figures as of {_day(day)}, reconstructed from the current files"
