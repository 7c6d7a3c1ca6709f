"""The paper blocks `outcomes` (a table, and a chart per measure) and `assessments` (the board's latest
judgement of each recommendation, with partners' views), as of the paper's date.

Figures come from dagov.report.outcomes, the same as `dagov status`. The chart is a Mermaid
`xychart-beta` line in Markdown; in HTML, a `dagov-trend` block that dagov.render.html draws as an
inline SVG (dagov.render.trend_svg).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from dagov.plan.model import Recommendation
from dagov.plan.periods import parse_period
from dagov.render.mdtext import mermaid_text
from dagov.render.trend_svg import series_json
from dagov.report import outcomes
from dagov.report.outcomes import Judgement, MeasureFigures


@dataclass(frozen=True)
class Chart:
    """The figures of one measure's chart: its labels, values, target and the range of its axis."""

    figures: MeasureFigures
    labels: list[str]
    values: list[float]
    target: float | None
    low: float
    high: float

    @property
    def mermaid(self) -> Markup:
        """The chart as Mermaid `xychart-beta` text: the values, and the target as a second, flat line."""
        m = self.figures
        title = mermaid_text(f"{m.id} {m.title or ''}", 70)
        axis = mermaid_text((m.measure.unit or "value").capitalize().replace("Percent", "Per cent"), 30)
        labels = ", ".join(f'"{mermaid_text(label, 20)}"' for label in self.labels)
        lines = ["xychart-beta", f'    title "{title}"', f"    x-axis [{labels}]",
                 f'    y-axis "{axis}" {_num(self.low)} --> {_num(self.high)}',
                 f"    line [{', '.join(_num(v) for v in self.values)}]"]
        if self.target is not None:
            lines.append(f"    line [{', '.join(_num(self.target) for _ in self.values)}]")
        return Markup("\n".join(lines))

    @property
    def data(self) -> Markup:
        m = self.figures
        return Markup(series_json(f"{m.id} {m.title or ''}", m.measure.unit, self.labels, self.values, self.target,
                                  self.low, self.high).replace("`", "\\u0060"))


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def axis(unit: str | None, values: list[float], target: float | None) -> tuple[float, float]:
    if unit == "percent":
        return 0.0, 100.0
    top = max([*values, target or 0.0, 1.0])
    magnitude = 10 ** math.floor(math.log10(top))
    return 0.0, float(math.ceil(top * 1.1 / magnitude) * magnitude)


def chart(m: MeasureFigures) -> Chart | None:
    if not m.points:
        return None
    values = [p.value for p in m.points]
    target = m.measure.target.value if m.measure.target else None
    low, high = axis(m.measure.unit, values, target)
    return Chart(m, [p.period.label for p in m.points], values, target, low, high)


@dataclass(frozen=True)
class JudgementRow:
    """A row of a paper's table of outcomes: the recommendation, the board's judgement, its RAG and criteria."""

    recommendation: Recommendation
    judgement: Judgement
    rag: str
    criteria: tuple[outcomes.CriterionFigures, ...]


def outcomes_block(ctx) -> Markup:
    measures = outcomes.plan_measures(ctx.plan, ctx.as_of)
    return ctx.render("outcomes", measures=measures, charts=[c for c in map(chart, measures) if c is not None],
                      number=outcomes.number, change=outcomes.change_text, period=_period_label)


def _period_label(text: str | None) -> str:
    period = parse_period(text)
    return period.label if period else (text or "")


def assessments_block(ctx) -> Markup:
    rows = [JudgementRow(r.recommendation, r.judgement, r.rag, r.criteria)
            for r in ctx.figures.recommendations if r.judgement is not None]
    return ctx.render("assessments", judgements=rows, partner=lambda p: outcomes.partner_title(ctx.tree, p),
                      criterion=outcomes.criterion_text)
