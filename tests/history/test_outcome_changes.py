"""`dagov changes` (and the paper block) reports figures recorded and the board's judgements, under Outcomes
and Board meetings: compare() over two trees, no git needed."""

import datetime as dt

from helpers.trees import BASE, MEASURE

from dagov.history.compare import Snapshot, compare
from dagov.plan.load import load_tree

M = "p1/measures/M01.yaml"
MEETING = BASE["p1/meetings/2014-03-12.yaml"]


def test_new_and_changed_figures_and_new_assessments(tree_dir, tmp_path):
    before, _ = load_tree(tree_dir({M: MEASURE}))
    after_root = tmp_path / "after"
    from helpers.trees import write_tree

    write_tree(after_root, {M: MEASURE.replace("value: 75", "value: 76") + "  - period: 2014-04\n    value: 84\n"
                                                                          "    note: Late return.\n",
                            "p1/meetings/2014-03-12.yaml": MEETING + "assessments:\n  - recommendation: R01\n"
                                                                     "    judgement: improving\n"
                                                                     "    narrative: On course.\n"})
    after, _ = load_tree(after_root)
    [plan] = compare(Snapshot(before, dt.date(2014, 3, 31)), Snapshot(after, dt.date(2014, 5, 1)))
    shown = [(g.title, c.subject, c.kind, c.detail) for g in plan.groups for c in g.changes
             if c.kind in ("value", "assessment")]
    assert shown == [
        ("Outcomes", "M01", "value", "value for 2014-02 changed from 75: 76"),
        ("Outcomes", "M01", "value", "value for 2014-04 recorded: 84 (Late return.)"),
        ("Board meetings", "2014-03-12", "assessment", "assessment of R01: improving: On course."),
    ]
