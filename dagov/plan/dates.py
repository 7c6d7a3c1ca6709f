"""Dates as spreadsheets write them in Britain: 01/09/2014, 1/9/14, 1 Sept 2014, 1 September 2014.

Day comes before month (never the American order). Returns None for text that is not
a date in one of these forms, so the caller can say which cell to fix. `read_date` also
says why a text is not a date, in the words `dagov check` uses for a date in a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagov.patterns import compiled_on_use
from dagov.plan.classcode import CompiledOnce

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}

_ISO = compiled_on_use(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = compiled_on_use(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDS = compiled_on_use(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]+)\.?,?[\s\-]+(\d{2}|\d{4})$")
DAY_MONTH_YEAR = compiled_on_use(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
"""01/09/2014: the form whose reading (1 September, not 9 January) is worth saying."""
_YEAR_MONTH_DAY = compiled_on_use(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")

NOT_A_DATE = "not a date"
NOT_A_REAL_DATE = "not a real calendar date (check the day and month)"


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_british(text: str) -> dt.date | None:
    """The date `text` means, reading day before month; None if it is not a date."""
    text = " ".join(text.split())
    try:
        iso = _ISO.match(text)
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        numeric = _NUMERIC.match(text)
        if numeric:
            return dt.date(_year(numeric[3]), int(numeric[2]), int(numeric[1]))
        words = _WORDS.match(text)
        if words and words[2].lower() in MONTHS:
            return dt.date(_year(words[3]), MONTHS[words[2].lower()], int(words[1]))
    except ValueError:  # 31/02/2014 and the like
        return None
    return None


@dataclass(frozen=True)
class DateReading:
    """What a text means as a date: the day, or why it is none."""

    text: str
    date: dt.date | None
    problem: str = ""
    """NOT_A_REAL_DATE for a date's shape naming no day (31/02/2014, 2014-13-01), else NOT_A_DATE."""

    @property
    def day_first(self) -> bool:
        """Read day before month (05/06/2014 is 5 June): worth saying, as an American would read it otherwise."""
        return bool(_NUMERIC.match(self.text))


def shaped_like_a_date(text: str) -> bool:
    """day/month/year or year-month-day digits, whether or not they name a real day."""
    return bool(DAY_MONTH_YEAR.fullmatch(text) or _YEAR_MONTH_DAY.fullmatch(text))


def read_date(text: str) -> DateReading:
    """`text` as a date in any form parse_british reads; only ASCII, printable text is one."""
    if not (text.isascii() and text.isprintable()):  # a newline or a full-width digit is never a date
        return DateReading(text, None, NOT_A_DATE)
    date = parse_british(text)
    if date is not None:
        return DateReading(text, date)
    return DateReading(text, None, NOT_A_REAL_DATE if shaped_like_a_date(text) else NOT_A_DATE)


_compiling.close()
