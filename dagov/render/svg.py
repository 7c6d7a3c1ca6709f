"""Charts drawn by dagov as inline SVG: plain functions from figures to SVG text.

HTML papers (and so PDFs) carry their charts as SVG inside the page: no network, no
JavaScript, the same bytes for the same figures. Every text from a plan file is
escaped here; colours are the fixed RAG colours (`RAG_COLOURS`, which the Markdown's
Mermaid charts and the page's RAG dots use too), and every coloured mark has its word
beside it, so a chart reads in black and white.

Two charts: `rag_breakdown` (actions by RAG status, one labelled bar per status) and
`timeline` (one bar per recommendation by key area, coloured by its RAG, with a line
for the paper's date and a diamond for each board decision). Their input is a plain
spec (`rag_spec`, `timeline_spec` build it from figures), which the Markdown page
carries in a `dagov-chart` fence until `dagov.render.html` draws it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from dagov.plan.vocabulary import AMBER, CLOSED, COMPLETE, GREEN, GREY, NO_ACTIONS, RED, SUPERSEDED

RAG_COLOURS = {
    RED: "#c0392b",
    AMBER: "#e67e22",
    GREEN: "#27ae60",
    COMPLETE: "#2e6da4",
    GREY: "#9e9e9e",
}
"""One colour per RAG status, everywhere dagov draws one."""

RAG_WORDS = {RED: "Red", AMBER: "Amber", GREEN: "Green", COMPLETE: "Complete", GREY: "Cancelled",
             CLOSED: "Closed", SUPERSEDED: "Superseded", NO_ACTIONS: "No live actions"}
BAR_COLOURS = {**RAG_COLOURS, CLOSED: RAG_COLOURS[COMPLETE], SUPERSEDED: RAG_COLOURS[GREY]}
"""A recommendation's bar: closed reads as done (the Complete colour), superseded as set aside."""
BREAKDOWN_ORDER = (COMPLETE, GREEN, AMBER, RED)
"""The statuses the breakdown shows, in this order, present or not (a board wants to see 'Red 0')."""

WIDTH = 660
LABELS = 200
"""The timeline's left margin, for a key area's short label (`short_label`, 32 characters) or an id and title."""
FONT = 'font-family="Arial, Helvetica, sans-serif"'
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """A coordinate with at most one decimal, always written the same way."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(height: float, title: str, body: Iterable[str], label_id: str) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_num(height)}" '
            f'width="{WIDTH}" height="{_num(height)}" role="img" aria-labelledby="{label_id}" {FONT} font-size="11">')
    return "\n".join([head, f'<title id="{label_id}">{_text(title)}</title>', *body, "</svg>"])


def short_label(title: str | None, fallback: str = "", limit: int = 32) -> str:
    """A key area's name short enough for a chart's margin: the name if it fits; else the
    abbreviations it gives in brackets ("... (DAISU) and ... (MARU)" -> "DAISU and MARU");
    else its first words, ending in an ellipsis."""
    text = " ".join((title or fallback or "").split())
    if len(text) <= limit:
        return text or "\u2014"
    abbreviations = re.findall(r"\(([^()]{1,12})\)", text)
    if abbreviations and len(" and ".join(abbreviations)) <= limit:
        return " and ".join(abbreviations)
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # end on a whole word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.-(") + "\u2026"


# --- actions by RAG status ----------------------------------------------------------


def rag_spec(counts: Mapping[str, int], title: str) -> dict:
    """What `rag_breakdown` draws, from a figures' `action_counts`."""
    return {"kind": "rag", "title": title, "counts": {key: int(counts.get(key, 0)) for key in BREAKDOWN_ORDER}}


def rag_breakdown(spec: Mapping) -> str:
    """One bar per status, in its colour, with its word on the left and the count and share on the right."""
    counts = {key: max(0, int(spec["counts"].get(key, 0))) for key in BREAKDOWN_ORDER}
    total = sum(counts.values())
    most = max(counts.values()) or 1
    left, right, row, top = 90, 110, 24, 30
    span = WIDTH - left - right
    body = [f'<text x="0" y="16" font-size="12" font-weight="bold">{_text(spec["title"])}</text>']
    for i, key in enumerate(BREAKDOWN_ORDER):
        y = top + i * row
        width = span * counts[key] / most
        share = f"{round(100 * counts[key] / total)}%" if total else "\u2014"
        body.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{RAG_WORDS[key]}</text>')
        if counts[key]:
            body.append(f'<rect x="{left}" y="{y + 2}" width="{_num(width)}" height="14" fill="{RAG_COLOURS[key]}"/>')
        body.append(f'<text x="{_num(left + width + 6)}" y="{y + 12}">{counts[key]} ({share})</text>')
    height = top + len(BREAKDOWN_ORDER) * row + 4
    return _svg(height, spec["title"], body, "chart-rag")


# --- the timeline ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Axis:
    """The time axis of a drawn chart: the dates it spans and where they fall across the drawing."""

    start: dt.date
    end: dt.date
    left: float
    right: float

    def x(self, day: dt.date) -> float:
        days = max(1, (self.end - self.start).days)
        return self.left + (self.right - self.left) * (min(max(day, self.start), self.end) - self.start).days / days


def timeline_spec(title: str, as_of: dt.date, groups: list[dict], decisions: list[dict]) -> dict:
    """What `timeline` draws: `groups` [{label, bars: [{id, title, start, end, rag}]}], `decisions`
    [{date, row (a bar's id or None), label}]; dates as date objects or ISO text."""
    def iso(day: dt.date | str) -> str:
        return day.isoformat() if isinstance(day, dt.date) else str(day)
    return {"kind": "timeline", "title": title, "as_of": iso(as_of),
            "groups": [{"label": g["label"], "bars": [{"id": b["id"], "title": b.get("title") or "", "start": iso(b["start"]),
                                                       "end": iso(b["end"]), "rag": b["rag"]} for b in g["bars"]]} for g in groups],
            "decisions": [{"date": iso(d["date"]), "row": d.get("row"), "label": d["label"]} for d in decisions]}


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    day = dt.date(start.year, start.month, 1)
    out = []
    while day <= end:
        out.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def timeline(spec: Mapping) -> str:
    """Bars by key area from start to end, coloured by RAG with the word at the right; a dashed
    line at the paper's date; a diamond where a board decision touched a bar (or on a last row)."""
    as_of = dt.date.fromisoformat(spec["as_of"])
    groups = [g for g in spec["groups"] if g["bars"]]
    days = [dt.date.fromisoformat(b[k]) for g in groups for b in g["bars"] for k in ("start", "end")]
    days += [dt.date.fromisoformat(d["date"]) for d in spec["decisions"]] + [as_of]
    first, last = min(days), max(days)
    start = dt.date(first.year, first.month, 1)
    months = _months(start, last)
    end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    axis = _Axis(start, end, LABELS, WIDTH - 72)
    step = 1
    while (axis.right - axis.left) * step / max(1, len(months)) < 52:
        step += 1
    row, top = 16, 44
    body = [f'<text x="0" y="16" font-size="12" font-weight="bold">{_text(spec["title"])}</text>']
    rows: dict[str, int] = {}  # the y of each bar's row, by its id, to place the decisions
    y = top
    lines = []
    for group in groups:
        lines.append(f'<text x="0" y="{y + 11}" font-weight="bold" font-size="10.5">{_text(group["label"])}</text>')
        y += row
        for bar in group["bars"]:
            begin, finish = dt.date.fromisoformat(bar["start"]), dt.date.fromisoformat(bar["end"])
            x1, x2 = axis.x(begin), axis.x(finish)
            colour = BAR_COLOURS.get(bar["rag"], RAG_COLOURS[GREY])
            label = f'{bar["id"]} {short_label(bar.get("title"), "", 30)}' if bar.get("title") else bar["id"]
            lines.append(f'<text x="8" y="{y + 11}" font-size="10">{_text(label)}</text>')
            lines.append(f'<rect x="{_num(x1)}" y="{y + 3}" width="{_num(max(2.0, x2 - x1))}" height="10" '
                         f'fill="{colour}"><title>{_text(bar["id"])}: {_text(_day(begin))} to '
                         f'{_text(_day(finish))}, {_text(RAG_WORDS.get(bar["rag"], bar["rag"]))}</title></rect>')
            lines.append(f'<text x="{WIDTH}" y="{y + 11}" text-anchor="end" font-size="10">'
                         f'{_text(RAG_WORDS.get(bar["rag"], bar["rag"]))}</text>')
            rows.setdefault(bar["id"], y)
            y += row
    loose = [d for d in spec["decisions"] if d.get("row") not in rows]
    if loose:
        lines.append(f'<text x="0" y="{y + 11}" font-weight="bold">Other board decisions</text>')
        y += row
    bottom = y
    for decision in spec["decisions"]:
        row_y = rows.get(decision.get("row"), bottom - row)
        x = axis.x(dt.date.fromisoformat(decision["date"]))
        lines.append(f'<path d="M{_num(x)} {row_y + 2}l5 6l-5 6l-5 -6z" fill="#111"><title>'
                     f'{_text(_day(dt.date.fromisoformat(decision["date"])))}: {_text(decision["label"])}</title></path>')
    # the axis: a month line and label every `step` months
    for i, month in enumerate(months):
        x = axis.x(month)
        if i % step == 0 or step <= 2:  # over years, a line a month would grey the chart
            body.append(f'<line x1="{_num(x)}" y1="{top - 6}" x2="{_num(x)}" y2="{bottom}" stroke="#ddd"/>')
        if i % step == 0:
            body.append(f'<text x="{_num(x + 2)}" y="{top - 10}" font-size="10">{_MONTHS[month.month - 1]} {month.year}</text>')
    body += lines
    x = axis.x(as_of)
    body.append(f'<line x1="{_num(x)}" y1="{top - 6}" x2="{_num(x)}" y2="{bottom}" stroke="#111" stroke-dasharray="4 3"/>')
    legend_y = bottom + 16
    body.append(f'<line x1="0" y1="{legend_y - 4}" x2="14" y2="{legend_y - 4}" stroke="#111" stroke-dasharray="4 3"/>')
    body.append(f'<text x="18" y="{legend_y}" font-size="10">as at {_text(_day(as_of))}</text>')
    body.append(f'<path d="M220 {legend_y - 10}l5 6l-5 6l-5 -6z" fill="#111"/>')
    body.append(f'<text x="230" y="{legend_y}" font-size="10">board decision (closure or due date moved)</text>')
    return _svg(legend_y + 6, spec["title"], body, "chart-timeline")


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


CHARTS = {"rag": rag_breakdown, "timeline": timeline}


def draw(spec: Mapping) -> str | None:
    """The SVG of a chart spec, or None when it is not one dagov draws."""
    chart = CHARTS.get(str(spec.get("kind")))
    return chart(spec) if chart else None
