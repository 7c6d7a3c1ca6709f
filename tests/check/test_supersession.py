"""Supersession: open actions of a superseded plan are carried forward or cancelled, and carried_from resolves."""

from __future__ import annotations

from helpers.trees import MEETING, P2_PLAN, P2_S01
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app

SUPERSEDED = {"p1/plan.yaml": None, "p2/plan.yaml": P2_PLAN, "p2/recommendations/S01.yaml": P2_S01}


def findings(root) -> list[str]:
    return [f.as_text() for f in check(root).findings]


def with_p1_plan(tree_dir, extra: dict, plan_edit=("status: active", "status: superseded\nsuperseded_by: p2")):
    """p1 superseded by p2, and its open recommendation R01 superseded with it (unless `extra` gives R01)."""
    from helpers.trees import PLAN, R01

    return tree_dir({**SUPERSEDED, "p1/plan.yaml": PLAN.replace(*plan_edit),
                     "p1/recommendations/R01.yaml": superseded(R01), **extra})


def superseded(rec: str) -> str:
    return rec.replace("\nstatus: open\n", "\nstatus: superseded\n")


def test_carried_open_action_is_accepted(tree_dir):
    root = with_p1_plan(tree_dir, {})
    result = CliRunner().invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 0 warnings in 7 files\n")


def test_open_action_neither_carried_nor_cancelled(tree_dir):
    root = with_p1_plan(tree_dir, {"p2/recommendations/S01.yaml": P2_S01.replace("    carried_from: p1/R01.2\n", "")})
    assert findings(root) == [
        f"{root}/p1/recommendations/R01.yaml:29:13: error [not-carried-forward] action R01.2 of superseded plan p1 "
        "is in-progress but is neither carried into a later plan nor cancelled; add carried_from: p1/R01.2 to an "
        "action of p2, or set status: cancelled"]


def test_carried_from_an_action_that_does_not_exist(tree_dir):
    root = with_p1_plan(tree_dir, {"p2/recommendations/S01.yaml": P2_S01.replace("p1/R01.2", "p1/R01.9")})
    assert findings(root) == [
        f"{root}/p1/recommendations/R01.yaml:29:13: error [not-carried-forward] action R01.2 of superseded plan p1 "
        "is in-progress but is neither carried into a later plan nor cancelled; add carried_from: p1/R01.2 to an "
        "action of p2, or set status: cancelled",
        f"{root}/p2/recommendations/S01.yaml:16:19: error [unknown-action] action S01.1 is carried from 'p1/R01.9', "
        "but plan p1 has no action R01.9 (did you mean 'R01.2'?); use the id of the action of p1 this one continues"]


def test_carried_from_a_plan_that_does_not_exist(tree_dir):
    root = with_p1_plan(tree_dir, {"p2/recommendations/S01.yaml": P2_S01.replace("p1/R01.2", "p9/R01.2")})
    assert findings(root)[1:] == [
        f"{root}/p2/recommendations/S01.yaml:16:19: error [unknown-plan] action S01.1 is carried from plan 'p9', "
        "which is not a plan folder; write the folder of the superseded plan and the id of its action, e.g. "
        "da-2014/R05.3"]


def test_cancelled_action_needs_no_successor(tree_dir):
    from helpers.trees import R01

    root = with_p1_plan(tree_dir, {
        "p1/recommendations/R01.yaml": superseded(R01).replace("    status: in-progress\n", "    status: cancelled\n"),
        "p1/meetings/2014-03-12.yaml": MEETING.replace(
            "    to: 2014-07-31\n", "    to: 2014-07-31\n  - id: D3\n    text: R01.2 cancelled.\n    cancel: R01.2\n"),
        "p2/recommendations/S01.yaml": P2_S01.replace("    carried_from: p1/R01.2\n", "")})
    assert findings(root) == []


def test_missing_status_is_reported_once(tree_dir):
    from helpers.trees import R01

    root = with_p1_plan(tree_dir, {
        "p1/recommendations/R01.yaml": superseded(R01).replace("    status: in-progress\n", ""),
        "p2/recommendations/S01.yaml": P2_S01.replace("    carried_from: p1/R01.2\n", "")})
    assert [f.split(" [", 1)[1].split("]")[0] for f in findings(root)] == ["missing-field"]


def test_a_carried_action_counts_in_the_later_plan_only_in_every_roll_up(tree_dir):
    # R01.2 is carried into p2 but left in progress in p1: p2 judges it, so neither p1's
    # areas nor its recommendation R01 go red for it (they used to disagree).
    import datetime as dt

    from helpers.trees import R01

    from dagov.plan.load import load_tree
    from dagov.report import figures

    tree = load_tree(with_p1_plan(tree_dir, {"p1/recommendations/R01.yaml": R01}))[0]
    p1 = next(p for p in figures.report(tree, dt.date(2015, 1, 1)) if p.id == "p1")
    r01 = next(r for r in p1.recommendations if r.id == "R01")
    assert [(a.id, a.rag, a.carried_to) for a in r01.actions] == [("R01.1", "complete", None),
                                                                 ("R01.2", "red", "p2/S01.1")]
    assert (r01.rag, r01.reason) == ("complete", "all 1 actions complete (1 carried into a later plan)")
    assert p1.rag == "complete" and {a.rag for a in p1.areas} == {"complete"}
    assert not r01.proposed_for_closure  # R01.2 is not done: only the board closes R01
