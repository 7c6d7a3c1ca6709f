"""An inline SVG line chart of one measure's values, with its target as a dashed line, for HTML papers.

Markdown papers carry the same series as a Mermaid `xychart-beta` chart; HTML is made from that
Markdown with raw HTML switched off, so the outcomes block hands the series over as a `dagov-trend`
code block of JSON, and `dagov.render.html` replaces each such block with the SVG drawn here. Every
text is escaped; the SVG has no script, no link and no external reference, and carries its own
colours (presentation attributes), so the page's stylesheet needs nothing for it.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 40
FENCE = re.compile(r'<pre><code class="language-dagov-trend">(.*?)</code></pre>', re.S)


def series_json(title: str, unit: str | None, labels: list[str], values: list[float], target: float | None,
                low: float, high: float) -> str:
    """The one line of JSON the outcomes block writes for a chart."""
    return json.dumps({"title": title, "unit": unit, "labels": labels, "values": values, "target": target,
                       "low": low, "high": high}, ensure_ascii=False, sort_keys=True)


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def svg(data: dict[str, Any]) -> str:
    """The chart as an <svg> element: the values as a line with a dot per period, the target dashed."""
    labels = [str(x) for x in data.get("labels", [])]
    values = [float(v) for v in data.get("values", [])]
    low, high = float(data.get("low", 0)), float(data.get("high", 1))
    target = data.get("target")
    if high <= low:
        high = low + 1
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(labels) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return TOP + inner_h * (1 - (min(max(v, low), high) - low) / (high - low))

    title = html.escape(str(data.get("title", "")))
    suffix = "%" if data.get("unit") == "percent" else ""
    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}" font-family="sans-serif" '
             'font-size="11" style="max-width: 100%; height: auto">',
             f"<title>{title}</title>",
             f'<text x="{LEFT}" y="16" font-weight="bold" font-size="12">{title}</text>',
             f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}" stroke="#666" stroke-width="1"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" stroke="#666" stroke-width="1"/>']
    for tick in (low, (low + high) / 2, high):
        parts.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" fill="#444" text-anchor="end">'
                     f"{html.escape(_number(tick) + suffix)}</text>")
    every = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            anchor = "end" if i == len(labels) - 1 and len(labels) > 1 else "start" if i == 0 else "middle"
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" fill="#444" text-anchor="{anchor}">'
                         f"{html.escape(label)}</text>")
    if target is not None:
        ty = y(float(target))
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" class="target" '
                     'stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{LEFT + 6}" y="{ty - 4:.1f}" fill="#1a7f37" text-anchor="start">'
                     f"target {html.escape(_number(float(target)) + suffix)}</text>")
    if values:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="#0b5cad" stroke-width="2"/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="#0b5cad">'
                  f"<title>{html.escape(labels[i] if i < len(labels) else '')}: {html.escape(_number(v) + suffix)}"
                  "</title></circle>" for i, v in enumerate(values)]
    parts.append("</svg>")
    return "".join(parts)


def replace_fences(page_html: str) -> str:
    """Every `dagov-trend` code block of an HTML body, drawn as its SVG (a block that does not read is left as it is)."""
    def draw(match: re.Match[str]) -> str:
        try:
            data = json.loads(html.unescape(match.group(1)))
        except ValueError:
            return match.group(0)
        if not isinstance(data, dict):
            return match.group(0)
        return f'<figure class="trend">{svg(data)}</figure>'

    return FENCE.sub(draw, page_html)
