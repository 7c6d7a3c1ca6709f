"""`dagov show M04`: a measure in full (its series, baseline, target, trend, recommendations and the board's
judgements of them); and the outcome lines of `dagov show R12`. Figures from dagov.report.outcomes."""

from __future__ import annotations

import datetime as dt

from dagov.plan.model import Measure, Plan, Tree
from dagov.plan.periods import meets
from dagov.report import outcomes
from dagov.report.figures import RecommendationFigures
from dagov.report.layout import Block, Column, Heading, Line, ReportSection, Table
from dagov.report.status import NO_DATE, date_text


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def measure_section(tree: Tree, plan: Plan, measure: Measure, as_of: dt.date) -> ReportSection:
    m = outcomes.measure_figures(plan, measure, as_of)
    unit = measure.unit
    baseline, target = measure.baseline, measure.target
    later = len(measure.values) - len(m.points)
    blocks: list[Block] = [
        Heading(f"Measure {measure.id} ({plan.id})"),
        Line(f"Title: {measure.title}"),
        Line(f"Definition: {_flat(measure.definition)}"),
        Line(f"Unit: {unit or '?'}" + (f" {measure.per}" if measure.per else "")
             + f"; {measure.better or '?'} is better; counted {measure.frequency or '?'}"),
        Line(f"Owner: {measure.owner or NO_DATE}; source: {outcomes.partner_title(tree, measure.source)}"),
        Line("Baseline: " + (f"{outcomes.number(baseline.value, unit)} in {baseline.period}" if baseline else "none")),
        Line("Target: " + (f"{outcomes.number(target.value, unit)} by {date_text(target.by)}" if target else "none")),
        Line(f"Outcome as of {as_of.isoformat()}: {m.rag} ({m.reason})"),
        Line(f"Trend: {outcomes.change_text(m)}; target met for the last {m.sustained} "
             f"period{'' if m.sustained == 1 else 's'} in a row"),
        Line("Recommendations: " + (", ".join(_rec_text(plan, r) for r in measure.recommendations) or "none")),
    ]
    rows = []
    previous = None
    for point in m.points:
        entry = point.entry
        change = outcomes.number(point.value - previous) if previous is not None else NO_DATE
        met = meets(measure, point.value)
        rows.append((str(point.period), outcomes.number(point.value, unit) + (" (provisional)" if entry.provisional else ""),
                     change if change.startswith(("-", NO_DATE)) else f"+{change}",
                     NO_DATE if met is None else "yes" if met else "no",
                     outcomes.partner_title(tree, entry.source) if entry.source else "",
                     _flat(entry.note)))
        previous = point.value
    if rows:
        blocks.append(Table(f"Values known by {as_of.isoformat()} ({len(rows)})",
                            (Column("Period"), Column("Value", right=True), Column("Change", right=True),
                             Column("Met"), Column("Source"), Column("Note", shrink=True)), tuple(rows)))
    else:
        blocks.append(Line(f"Values known by {as_of.isoformat()}: none"))
    if later:
        blocks.append(Line(f"{later} later value{'' if later == 1 else 's'} not yet known on {as_of.isoformat()}."))
    judged = [j for rec_id in measure.recommendations for j in outcomes.judgements(plan, rec_id, as_of)]
    if judged:
        judged.sort(key=lambda j: (j.date or dt.date.min, j.assessment.recommendation or ""))
        blocks.append(Table(f"The board's judgements of its recommendations ({len(judged)})",
                            (Column("Meeting"), Column("Rec"), Column("Judgement"), Column("Narrative", shrink=True)),
                            tuple((j.meeting.id or "?", j.assessment.recommendation or "?",
                                   j.assessment.judgement or "?", _flat(j.assessment.narrative)) for j in judged)))
    return ReportSection(tuple(blocks))


def _rec_text(plan: Plan, rec_id: str) -> str:
    rec = plan.recommendations.get(rec_id)
    return f"{rec_id} ({rec.status})" if rec is not None and rec.status else rec_id


def recommendation_outcome_blocks(tree: Tree, plan: Plan, figures: RecommendationFigures, as_of: dt.date) -> list[Block]:
    """Beside the action RAG: the measures that evidence it, its success criteria, and the board's latest judgement."""
    blocks: list[Block] = []
    if figures.measure_ids:
        found = {m.id: m for m in outcomes.plan_measures(plan, as_of)}
        parts = []
        for measure_id in figures.measure_ids:
            m = found.get(measure_id)
            latest = m.latest if m else None
            parts.append(f"{measure_id} {m.rag}" + (f" ({outcomes.number(latest.value, m.measure.unit)} in "
                                                    f"{latest.period})" if m and latest else "") if m else measure_id)
        blocks.append(Line("Measures: " + ", ".join(parts)))
    for criterion in figures.criteria:
        blocks.append(Line(f"Success criterion {outcomes.criterion_text(criterion)}"))
    if figures.held_back:
        blocks.append(Line("Not yet ready for closure: every action is complete, but success is not yet shown"))
    judgement = figures.judgement
    if judgement is not None:
        a = judgement.assessment
        blocks.append(Line(f"The board's latest judgement ({judgement.meeting.id}): {a.judgement}. {_flat(a.narrative)}"))
        for view in a.partners:
            blocks.append(Line(f"  {outcomes.partner_title(tree, view.partner)}: {_flat(view.view)}"))
    return blocks
