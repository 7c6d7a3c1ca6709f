"""Every document the example plans give, rendered as dagov renders it: each paper, the minutes of
each meeting, each plan's progress report (as of its last meeting) and each board's action log.

The HTML, print and PDF tests check all of them; they are rendered through the library, the
same functions `dagov render` calls, without the git history (the changes block then says so).
"""

from __future__ import annotations

import functools

from dagov.plan.load import load_tree
from dagov.render import documents
from dagov.render.templating import Templates
from helpers.trees import EXAMPLE


@functools.lru_cache(maxsize=2)
def example_documents(format: str = "html") -> dict[str, str]:
    """{name: text} of every example document, in a fixed order."""
    tree, _ = load_tree(EXAMPLE)
    templates = Templates.find(None, EXAMPLE)
    out: dict[str, str] = {}
    for plan in sorted(tree.plans.values(), key=lambda p: p.id or ""):
        for paper in sorted(plan.papers.values(), key=lambda p: p.id or ""):
            assert paper.date is not None
            out[f"paper-{paper.id}"] = documents.paper(tree, plan, paper, paper.date, templates, format)
        for meeting in plan.meetings_by_date:
            out[f"minutes-{meeting.id}"] = documents.minutes(tree, plan, meeting, templates, format)
        last = max(m.date for m in plan.meetings_by_date if m.date is not None)
        out[f"progress-{plan.id}-{last}"] = documents.progress_report(tree, plan, last, templates, format)
    boards = sorted({m.board for plan in tree.plans.values() for m in plan.meetings.values() if m.board})
    for board in boards:
        last = max(m.date for plan in tree.plans.values() for m in plan.meetings.values()
                   if m.board == board and m.date is not None)
        out[f"action-log-{board}-{last}"] = documents.action_log(tree, board, last, templates, format)
    return out
