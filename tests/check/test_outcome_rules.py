"""The rules of outcome measures, assessments and success criteria: the exact finding, file, line and column."""

import datetime as dt

import pytest
from helpers.trees import BASE, MEASURE

from dagov.check import outcome_rules
from dagov.check.run import check
from dagov.plan.load import load_tree

M = "p1/measures/M01.yaml"
R02 = BASE["p1/recommendations/R02.yaml"]
MEETING = BASE["p1/meetings/2014-03-12.yaml"]
VALUE_82 = "  - period: 2014-03\n    value: 82\n"

CASES = {
    "percent-above-100": ({M: MEASURE.replace("value: 82", "value: 104")}, [
        "plans/p1/measures/M01.yaml:22:12: error [measure-value-range] the value for 2014-03 of measure M01, 104, is "
        "above 100, but the measure is a percentage (0 to 100); correct the figure"]),
    "negative-count": ({M: MEASURE.replace("unit: percent", "unit: count").replace("value: 75", "value: -3")}, [
        "plans/p1/measures/M01.yaml:20:12: error [measure-value-range] the value for 2014-02 of measure M01, -3, is "
        "negative, but a count cannot be; correct the figure"]),
    "quarter-in-monthly": ({M: MEASURE.replace("period: 2014-03", "period: 2014-Q1")}, [
        "plans/p1/measures/M01.yaml:21:13: error [measure-period] period 2014-Q1 of measure M01 is a quarter, but the "
        "measure is counted monthly; write the period as YYYY-MM, e.g. 2014-05"]),
    "out-of-order": ({M: MEASURE.replace("period: 2014-03", "period: 2013-12")}, [
        "plans/p1/measures/M01.yaml:21:13: error [measure-period] period 2013-12 of measure M01 comes after 2014-02; "
        "keep the values in order, oldest first"]),
    "twice": ({M: MEASURE.replace("period: 2014-03", "period: 2014-02")}, [
        "plans/p1/measures/M01.yaml:21:13: error [measure-period] period 2014-02 of measure M01 is recorded twice "
        "(first at line 19); keep one value per period"]),
    "gap": ({M: MEASURE.replace("period: 2014-03", "period: 2014-05")}, [
        "plans/p1/measures/M01.yaml:21:13: warning [measure-gap] measure M01 has no value for 2014-03 (and 1 more), "
        "between 2014-02 and 2014-05; record it, or add a note to 2014-05 saying why it is missing"]),
    "target-before-baseline": ({M: MEASURE.replace("by: 2014-06-30", "by: 2014-01-15")}, [
        "plans/p1/measures/M01.yaml:14:7: error [measure-target-date] the target date 2014-01-15 of measure M01 is not "
        "after its baseline period 2014-01 (which ends 2014-01-31); set by: to when the target should be reached"]),
    "unknown-recommendation": ({M: MEASURE.replace("[R01]", "[R09]")}, [
        "plans/p1/measures/M01.yaml:15:18: error [unknown-recommendation] measure M01 evidences 'R09', which is not a "
        "recommendation of plan p1 (did you mean 'R02'?)"]),
    "unknown-measure": ({M: MEASURE, "p1/recommendations/R02.yaml": R02 + "success:\n  - measure: M1\n    sustained: 2\n"}, [
        "plans/p1/recommendations/R02.yaml:23:14: error [unknown-measure] a success criterion of recommendation R02 "
        "names measure 'M1', which is not a measure of plan p1 (did you mean 'M01'?); use the id of a file in "
        "p1/measures/"]),
    "closure-before-outcome": ({M: MEASURE, "p1/recommendations/R02.yaml": R02 + "success:\n  - measure: M01\n    sustained: 2\n"}, [
        "plans/p1/recommendations/R02.yaml:23:14: warning [closure-before-outcome] recommendation R02 was closed at "
        "meeting 2014-03-12, when measure M01 had not met its target in the latest period known; reopen "
        "it, or record why the board closed it early"]),
    "assessment-of-unknown-rec": ({"p1/meetings/2014-03-12.yaml": MEETING + (
        "assessments:\n  - recommendation: R07\n    judgement: improving\n    narrative: Better.\n"
        "    partners:\n      - partner: county-concil\n        view: Agreed.\n")}, [
        "plans/p1/meetings/2014-03-12.yaml:24:21: error [unknown-recommendation] an assessment at meeting 2014-03-12 "
        "judges 'R07', which is not a recommendation of plan p1 (did you mean 'R02'?)",
        "plans/p1/meetings/2014-03-12.yaml:28:18: error [unknown-partner] partner 'county-concil' of a partner's view "
        "on R07 at an assessment is not a partner in plans/organisation.yaml (did you mean 'county-council'?); add it "
        "under partners:"]),
    "bad-judgement": ({"p1/meetings/2014-03-12.yaml": MEETING + (
        "assessments:\n  - recommendation: R01\n    judgement: better\n    narrative: Better.\n")}, [
        "plans/p1/meetings/2014-03-12.yaml:25:16: error [bad-value] 'judgement' of assessment R01 is 'better', which "
        "is not allowed; use one of: embedded, improving, no-change, worse, too-early"]),
    "rate-without-per": ({M: MEASURE.replace("unit: percent", "unit: rate")}, [
        "plans/p1/measures/M01.yaml:1:1: error [missing-field] measure M01 is a rate but does not say per what; add "
        "per: e.g. per 1,000 incidents"]),
    "percent-sign": ({M: MEASURE.replace("value: 82", "value: 82%")}, [
        "plans/p1/measures/M01.yaml:22:12: error [wrong-type] 'value' of figure 2014-03 is '82%'; write the "
        "number without the % sign, e.g. 82"]),
    "bad-period": ({M: MEASURE.replace("period: 2014-03", "period: March 2014")}, [
        "plans/p1/measures/M01.yaml:21:13: error [bad-value] 'period' of figure March 2014 'March 2014' is "
        "not valid: write a month as YYYY-MM (2014-05), a quarter as YYYY-Qn (2014-Q2) or a year as YYYY (2014)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_outcome_rule_reports_exact_location(case, tree_dir, monkeypatch):
    files, expected = CASES[case]
    root = tree_dir(files)
    monkeypatch.chdir(root.parent)
    assert [f.as_text() for f in check("plans").findings] == expected


def test_a_valid_measure_has_no_findings(tree_dir, monkeypatch):
    root = tree_dir({M: MEASURE})
    monkeypatch.chdir(root.parent)
    assert check("plans").findings == []


def test_closure_after_the_criterion_is_met_is_not_reported(tree_dir, monkeypatch):
    met = MEASURE.replace("value: 75", "value: 85").replace("value: 60\n  - period", "value: 81\n  - period")
    root = tree_dir({M: met, "p1/recommendations/R02.yaml": R02 + "success:\n  - measure: M01\n    sustained: 2\n"})
    monkeypatch.chdir(root.parent)
    assert check("plans").findings == []  # as of 12 March: January 81 and February 85 known, both above 80


def test_a_measure_of_an_active_plan_goes_stale_after_two_periods_without_a_value(tree_dir, monkeypatch):
    root = tree_dir({M: MEASURE, "p1/plan.yaml": BASE["p1/plan.yaml"].replace("end: 2014-09-30\n", "")})
    tree, _ = load_tree(root)
    assert [f.as_text() for f in outcome_rules.measures(tree, dt.date(2014, 5, 31))] == []  # April ended, March known
    assert [f.as_text() for f in outcome_rules.measures(tree, dt.date(2014, 6, 1))] == [
        f"{root}/p1/measures/M01.yaml:17:3: warning [measure-stale] measure M01 has no value for the last 2 months "
        "(2014-04 and 2014-05); the latest is 2014-03; record the figures with dagov record M01"]
