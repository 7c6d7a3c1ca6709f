"""Outcome figures as of a date (dagov.report.outcomes), defined in docs/reports.md: what is known when,
the outcome RAG, the projection, sustained runs, the board's latest judgement and closure readiness."""

import datetime as dt
import json

import pytest
from helpers.trees import BASE, EXAMPLE, MEASURE

from dagov.plan.load import load_tree
from dagov.plan.periods import known_points, parse_period
from dagov.report import outcomes
from dagov.report.figures import plan_figures

D = dt.date


@pytest.fixture(scope="module")
def example():
    tree, _ = load_tree(EXAMPLE)
    return tree, tree.plans["da-2014"]


@pytest.mark.parametrize("as_of,latest", [
    (D(2014, 6, 15), "2014-05"),  # a report as of 15 June shows May's figure, not June's
    (D(2014, 6, 30), "2014-05"),
    (D(2014, 7, 1), "2014-06"),   # June's figure is known from 1 July
])
def test_a_value_is_known_from_the_day_after_its_period_ends(example, as_of, latest):
    _, plan = example
    assert str(known_points(plan.measures["M04"], as_of)[-1].period) == latest


def test_a_recorded_date_says_when_a_late_value_became_known(example):
    _, plan = example
    m06 = plan.measures["M06"]  # October's figure came on 20 November
    assert str(known_points(m06, D(2014, 11, 19))[-1].period) == "2014-09"
    assert str(known_points(m06, D(2014, 11, 20))[-1].period) == "2014-10"


def test_periods_parse_and_end_on_their_last_day():
    assert [str(parse_period(p)) for p in ("2014-02", "2014-Q1", "2014")] == ["2014-02", "2014-Q1", "2014"]
    assert [parse_period(p).end for p in ("2014-02", "2014-Q4", "2014")] == [D(2014, 2, 28), D(2014, 12, 31),
                                                                            D(2014, 12, 31)]
    assert parse_period("2014-13") is None and parse_period("May 2014") is None


@pytest.mark.parametrize("measure,as_of,rag,reason", [
    ("M04", D(2014, 1, 31), "no-data", "no value known yet"),
    ("M04", D(2014, 6, 15), "met", "91% in 2014-05 meets the target of 90%"),
    ("M04", D(2014, 7, 20), "on-track", "projected 100% by 2014-09-30, target 90%"),
    ("M01", D(2014, 8, 20), "off-track", "projected 25.34% by 2015-03-31, short of the target of 25%"),
    ("M06", D(2015, 6, 1), "off-track", "the target of 250 by 2015-03-31 was not met"),
])
def test_the_outcome_rag_is_as_documented(example, measure, as_of, rag, reason):
    _, plan = example
    figures = outcomes.measure_figures(plan, plan.measures[measure], as_of)
    assert (figures.rag, figures.reason) == (rag, reason)


def test_change_and_its_direction_are_judged_by_better(example):
    _, plan = example
    m04 = outcomes.measure_figures(plan, plan.measures["M04"], D(2014, 7, 20))
    assert (m04.change, m04.direction, outcomes.change_text(m04)) == (-5, "worse", "-5 worse")
    m01 = outcomes.measure_figures(plan, plan.measures["M01"], D(2014, 7, 20))  # lower is better
    assert (m01.change, m01.direction) == (-0.6, "better")


def test_a_recommendation_with_every_action_complete_is_held_back_until_success_is_shown(tree_dir):
    r02 = BASE["p1/recommendations/R02.yaml"].replace("status: closed\nclosed:\n  meeting: 2014-03-12\n", "status: open\n")
    met = MEASURE.replace("value: 75", "value: 85")
    root = tree_dir({"p1/measures/M01.yaml": met,
                     "p1/recommendations/R02.yaml": r02 + "success:\n  - measure: M01\n    sustained: 2\n"})
    tree, _ = load_tree(root)
    plan = tree.plans["p1"]
    before = {r.id: r for r in plan_figures(tree, plan, D(2014, 3, 20)).recommendations}["R02"]
    assert (before.held_back, before.proposed_for_closure, before.criteria[0].run) == (True, False, 1)
    after = {r.id: r for r in plan_figures(tree, plan, D(2014, 4, 1)).recommendations}["R02"]
    assert (after.held_back, after.proposed_for_closure, after.criteria[0].run) == (False, True, 2)


def test_the_latest_judgement_is_the_latest_meeting_held_by_the_date(example):
    _, plan = example
    assert outcomes.latest_judgement(plan, "R12", D(2014, 7, 8)).assessment.judgement == "improving"
    assert outcomes.latest_judgement(plan, "R12", D(2014, 7, 9)).assessment.judgement == "worse"
    assert outcomes.latest_judgement(plan, "R12", D(2014, 5, 13)) is None


def test_status_json_carries_the_outcomes(example):
    tree, plan = example
    from dagov.report.figures import plan_json

    document = json.loads(json.dumps(plan_json(plan_figures(tree, plan, D(2014, 6, 15)))))
    m04 = next(m for m in document["measures"] if m["id"] == "M04")
    assert (m04["latest"], m04["previous"], m04["outcome_rag"], m04["sustained"]) == (
        {"period": "2014-05", "value": 91, "provisional": False}, {"period": "2014-04", "value": 72}, "met", 1)
    r12 = next(r for r in document["recommendations"] if r["id"] == "R12")
    assert r12["success"] == [{"measure": "M04", "sustained": 3, "run": 1, "met": False}]
    assert r12["judgement"] == {"meeting": "2014-06-11", "date": "2014-06-11", "judgement": "improving"}
