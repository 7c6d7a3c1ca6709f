"""Next free ids, worked out from the ids a plan already uses: R16 after R15, R03.5 after R03.4."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from dagov.patterns import compiled_on_use

_NUMBERED = compiled_on_use(r"^(?P<prefix>[A-Za-z_-]*)(?P<number>\d+)$")


def next_numbered(existing: Iterable[str], default_prefix: str = "R", default_width: int = 2) -> str:
    """The next id in a prefix+number series, keeping the series' prefix and zero padding.

    Where ids use several prefixes, the most common one continues (ties: alphabetical).
    """
    series = [m for m in (_NUMBERED.match(i) for i in existing) if m]
    if not series:
        return f"{default_prefix}{1:0{default_width}d}"
    counts = Counter(m["prefix"] for m in series)
    prefix = min(counts, key=lambda p: (-counts[p], p))
    ours = [m for m in series if m["prefix"] == prefix]
    width = max(len(m["number"]) for m in ours) if any(m["number"].startswith("0") for m in ours) else 1
    number = max(int(m["number"]) for m in ours) + 1
    return f"{prefix}{number:0{width}d}"


def next_action_id(recommendation_id: str, existing: Iterable[str]) -> str:
    """The recommendation's id, a dot and one more than the highest action number under it."""
    numbers = [int(rest) for rest in (i[len(recommendation_id) + 1:] for i in existing
                                      if i.startswith(recommendation_id + ".")) if rest.isdigit()]
    return f"{recommendation_id}.{max(numbers, default=0) + 1}"


def board_initials(board_id: str) -> str:
    """business-coordination-board -> bcb, the prefix papers to a board conventionally carry."""
    return "".join(part[0] for part in board_id.split("-") if part)


def paper_id(board_id: str, date: dt.date) -> str:
    return f"{board_initials(board_id)}-{date.isoformat()}"
