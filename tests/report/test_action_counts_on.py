"""`figures.action_counts_on`, the status chart's counts at every board meeting, is exactly
what the full figures give at each date (it skips the rest of them: issue 19)."""

from __future__ import annotations

import datetime as dt

from helpers.trees import EXAMPLE

from dagov.plan.load import load_tree
from dagov.report import figures


def _dates(plan) -> list[dt.date]:
    meetings = sorted(m.date for m in plan.meetings.values() if m.date)
    around = [d + dt.timedelta(days=k) for d in meetings for k in (-1, 0, 1)]
    start = plan.start or dt.date(2014, 1, 1)
    weekly = [start + dt.timedelta(weeks=k) for k in range(120)]  # completions, extensions, cancellations on the way
    return [start - dt.timedelta(days=1), *around, *weekly, dt.date(2030, 1, 1)]


def test_the_counts_and_live_actions_of_the_full_figures_at_every_date():
    tree, _ = load_tree(EXAMPLE)
    checked = 0
    for plan in tree.plans.values():
        dates = _dates(plan)
        expected = [(f.action_counts, f.live) for f in (figures.plan_figures(tree, plan, d) for d in dates)]
        got = figures.action_counts_on(tree, plan, dates)
        assert got == expected
        assert [list(counts) for counts, _ in got] == [list(counts) for counts, _ in expected]  # key order too
        checked += len(dates)
    assert checked > 250


def test_no_dates_no_rows():
    tree, _ = load_tree(EXAMPLE)
    assert figures.action_counts_on(tree, next(iter(tree.plans.values())), []) == []
