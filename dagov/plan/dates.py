"""Dates as spreadsheets write them in Britain: 01/09/2014, 1/9/14, 1 Sept 2014, 1 September 2014.

Day comes before month (never the American order). Returns None for text that is not
a date in one of these forms, so the caller can say which cell to fix.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]+)\.?,?[\s\-]+(\d{2}|\d{4})$")


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
