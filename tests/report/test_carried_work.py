"""A superseded plan's figures are honest about the work it carried into its successor (issue 13).

The example's da-2014 handed eleven unfinished actions to da-2014-2016 (set `cancelled`
there, with `carried_from` in the new plan) and cancelled one (R06.6) by a board decision.
Every report counts the eleven as not done here: never "100% complete"."""

from __future__ import annotations

import datetime as dt
import json

from helpers.trees import EXAMPLE
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.load import load_tree
from dagov.report import figures

AFTER = dt.date(2014, 12, 1)
CARRIED = ["R03.3", "R03.4", "R05.4", "R05.6", "R06.5", "R07.3", "R07.5", "R13.5", "R13.7", "R15.3", "R15.4"]
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def old_plan(as_of: dt.date = AFTER) -> figures.PlanFigures:
    tree = load_tree(EXAMPLE)[0]
    return next(p for p in figures.report(tree, as_of) if p.id == "da-2014")


def test_the_figures_count_carried_work_as_not_done_here():
    p = old_plan()
    assert [a.id for a in p.carried_away] == CARRIED
    assert (p.complete, p.live, p.planned, p.carried_to_plans) == (65, 65, 76, ("da-2014-2016",))
    assert p.progress == 1.0 and round(p.progress_here or 0, 4) == 0.8553
    assert p.carried_note == "11 actions carried to da-2014-2016, not done here"
    r03 = next(r for r in p.recommendations if r.id == "R03")
    assert (r03.complete, r03.live, r03.planned, r03.carried_note) == (
        3, 3, 5, "2 actions carried to da-2014-2016, not done here")


def test_before_the_successor_started_nothing_was_carried():
    p = old_plan(dt.date(2014, 9, 1))
    assert p.carried_away == () and p.carried_note == "" and p.progress_here == p.progress


def test_status_text_markdown_and_json_say_so():
    text = run("status", str(EXAMPLE), "--plan", "da-2014", "--as-of", "2014-12-01")
    assert ("Progress: █████████████████░░░ 65/76 actions complete (86%); 11 actions carried\n"
            "  to da-2014-2016, not done here\n") in text
    assert "Leadership (leadership): 13/15 actions complete, 2 carried, complete\n" in text
    assert "100%" not in text
    markdown = run("status", str(EXAMPLE), "--plan", "da-2014", "--as-of", "2014-12-01", "--format", "markdown")
    assert "65/76 actions complete (86%); 11 actions carried to da-2014-2016, not done here" in markdown
    document = json.loads(run("status", str(EXAMPLE), "--plan", "da-2014", "--as-of", "2014-12-01", "--format", "json"))
    plan = document["plans"][0]
    assert (plan["progress"], plan["progress_here"], plan["actions_carried_away"]) == (1.0, 0.8553, 11)
    assert {r["id"]: r["actions_carried_away"] for r in plan["recommendations"] if r["actions_carried_away"]} == {
        "R03": 2, "R05": 2, "R06": 1, "R07": 2, "R13": 2, "R15": 2}


def test_show_and_the_paper_block_say_so():
    shown = run("show", "da-2014/R03", str(EXAMPLE), "--as-of", "2014-12-01")
    assert "Progress: 3/5 actions complete; 2 actions carried to da-2014-2016, not done here\n" in shown
    paper = run("render", "progress", str(EXAMPLE), "--plan", "da-2014", "--as-of", "2014-12-01")
    assert ("15 actions: 13 complete, 0 green, 0 amber, 0 red; 2 actions carried to da-2014-2016, "
            "not done here.") in paper
    assert ("16 actions: 13 complete, 0 green, 0 amber, 0 red (1 cancelled, not counted); 3 actions carried to "
            "da-2014-2016, not done here.") in paper
    assert "| 3 of 5 |" in paper


def test_a_recommendation_whose_open_work_was_carried_away_is_not_ready_to_close(tree_dir):
    # The reproduction: the old plan's recommendation left open, its unfinished action
    # cancelled and carried into the new plan. Its other actions are complete, but it is not done.
    from helpers.trees import P2_PLAN, P2_S01, PLAN, R01

    root = tree_dir({"p1/plan.yaml": PLAN.replace("status: active", "status: superseded\nsuperseded_by: p2"),
                     "p1/recommendations/R01.yaml": R01.replace("status: in-progress", "status: cancelled"),
                     "p2/plan.yaml": P2_PLAN, "p2/recommendations/S01.yaml": P2_S01})
    tree = load_tree(root)[0]
    p1 = next(p for p in figures.report(tree, AFTER) if p.id == "p1")
    r01 = next(r for r in p1.recommendations if r.id == "R01")
    assert (r01.complete, r01.live, r01.planned) == (1, 1, 2)
    assert not r01.proposed_for_closure and p1.proposed_closures == ()
    assert p1.carried_note == "1 action carried to p2, not done here"
