"""`dagov record`, `dagov import measures`, `dagov assess` and `dagov new measure`: what they write (only the
lines that must change, comments kept), what they refuse (exact messages, exit codes), and all or nothing."""

from __future__ import annotations

import difflib

import pytest
from helpers.trees import MEASURE, snapshot
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app

M = "p1/measures/M01.yaml"
COMMENTED = MEASURE.replace("values:\n", "# figures from the council's monthly return\nvalues:\n") + "  # April is due mid-May\n"


def unchanged(tree, before) -> bool:
    """Nothing written: the files are as they were (the writers' lock file, empty, may have been made)."""
    return {k: v for k, v in snapshot(tree).items() if k != ".dagov.lock"} == before


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def tree(tree_dir):
    return tree_dir({M: COMMENTED})


def added_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_record_appends_one_value_keeping_comments(tree):
    result = run("record", "M01", str(tree), "--period", "2014-04", "--value", "84.5", "--note", "Two more courses.",
                 "--provisional")
    assert result.exit_code == 0, result.output
    assert result.output == f"M01 recorded in {tree / M}:\n  2014-04: 84.5 (provisional)\n"
    after = (tree / M).read_text()
    assert added_lines(COMMENTED, after) == ["+  - period: 2014-04", "+    value: 84.5", "+    note: Two more courses.",
                                             "+    provisional: true"]
    assert "# figures from the council's monthly return" in after and "# April is due mid-May" in after
    assert check(str(tree)).findings == []


@pytest.mark.parametrize("args,message", [
    (("--period", "2014-03", "--value", "90"),
     "dagov: measure M01 already has a value for 2014-03; give --replace to change it\n"),
    (("--period", "2014-04", "--value", "101"),
     "dagov: the value 101 for 2014-04 is above 100, but the measure is a percentage (0 to 100); check the figure\n"),
    (("--period", "2014-Q2", "--value", "90"),
     "dagov: period 2014-Q2 is a quarter, but measure M01 is counted monthly; give the period as YYYY-MM, e.g. "
     "2014-05\n"),
    (("--period", "2014-04", "--value", "lots"),
     "dagov: --value: value 'lots' is not a number; write it as digits, e.g. 91 or 61.5\n"),
    (("--period", "2013-12", "--value", "50"),
     "dagov: measure M01 has values up to 2014-03, and values are kept oldest first; add the value for 2013-12 in "
     "{root}/p1/measures/M01.yaml by hand, in its place\n"),
])
def test_record_refuses_a_value_that_cannot_be_right_and_writes_nothing(tree, args, message):
    before = snapshot(tree)
    result = run("record", "M01", str(tree), *args)
    assert (result.exit_code, result.stderr) == (2, message.format(root=tree))
    assert unchanged(tree, before)


def test_record_replace_changes_the_value_in_place(tree):
    result = run("record", "M01", str(tree), "--period", "2014-02", "--value", "76", "--replace")
    assert result.exit_code == 0, result.output
    assert added_lines(COMMENTED, (tree / M).read_text()) == ["-    value: 75", "+    value: 76"]


def test_record_an_unknown_measure_names_the_close_one(tree):
    result = run("record", "M1", str(tree), "--period", "2014-04", "--value", "80")
    assert (result.exit_code, result.stderr) == (2, "dagov: there is no measure 'M1' (did you mean 'M01'?); a measure "
                                                    "is a file in <plan>/measures/, e.g. M01 (create one with 'dagov new "
                                                    "measure')\n")


def test_record_dry_run_shows_the_diff_and_writes_nothing(tree):
    before = snapshot(tree)
    result = run("record", "M01", str(tree), "--period", "2014-04", "--value", "84", "--dry-run")
    assert result.exit_code == 0
    assert "+  - period: 2014-04\n+    value: 84\n" in result.output
    assert result.output.endswith(f"(dry run: {tree / M} not changed)\n")
    assert unchanged(tree, before)


def test_import_measures_reads_a_partners_spreadsheet(tree, tmp_path):
    sheet = tmp_path / "council.csv"
    sheet.write_text("Indicator,Month,Figure,Comments,Owner\nM01,2014-05,86,,x\nM01,2014-04,84,Late return,x\n",
                     encoding="utf-8")
    result = run("import", "measures", str(sheet), str(tree), "--plan", "p1")
    assert result.exit_code == 0, result.output
    assert result.output == (f"note: column 'Owner' is not one dagov knows; ignored\n"
                             f"values imported into {tree / M}:\n  2014-04: 84\n  2014-05: 86\n")
    assert added_lines(COMMENTED, (tree / M).read_text())[-5:] == [
        "+  - period: 2014-04", "+    value: 84", "+    note: Late return", "+  - period: 2014-05", "+    value: 86"]


def test_import_measures_is_all_or_nothing_and_lists_every_bad_row(tree, tmp_path):
    sheet = tmp_path / "council.csv"
    sheet.write_text("measure,period,value\nM01,2014-04,84\nM09,2014-04,1\nM01,2014-05,120\n", encoding="utf-8")
    before = snapshot(tree)
    result = run("import", "measures", str(sheet), str(tree), "--plan", "p1")
    assert result.exit_code == 2
    assert result.stderr == (f"dagov: {sheet}: 2 value(s) cannot be imported, so nothing was written: row 3: measure "
                             "'M09' is not a measure of plan p1 (did you mean 'M01'?); row 4: the value 120 for 2014-05 "
                             "is above 100, but the measure is a percentage (0 to 100); check the figure\n")
    assert unchanged(tree, before)


def test_assess_records_the_boards_judgement_with_partners_views(tree):
    result = run("assess", "R01", str(tree), "--meeting", "2014-03-12", "--judgement", "improving",
                 "--narrative", "Training is reaching the front line.", "--partner", "county-council=Agreed.")
    assert result.exit_code == 0, result.output
    text = (tree / "p1/meetings/2014-03-12.yaml").read_text()
    assert text.endswith("assessments:\n  - recommendation: R01\n    judgement: improving\n"
                         "    narrative: Training is reaching the front line.\n    partners:\n"
                         "      - partner: county-council\n        view: Agreed.\n")
    assert check(str(tree)).findings == []


@pytest.mark.parametrize("args,message", [
    (("R09", "--meeting", "2014-03-12", "--judgement", "worse", "--narrative", "x"),
     "dagov: plan p1 has no recommendation 'R09' (did you mean 'R02'?)\n"),
    (("R01", "--meeting", "2014-03-13", "--judgement", "worse", "--narrative", "x"),
     "dagov: plan p1 has no meeting '2014-03-13' (did you mean '2014-03-12'?); give the id of a file in meetings/ "
     "(create one with 'dagov new meeting')\n"),
    (("R01", "--meeting", "2014-03-12", "--judgement", "worse", "--narrative", "x", "--partner", "city=x"),
     "dagov: --partner 'city' is not a partner in organisation.yaml\n"),
])
def test_assess_refuses_what_names_nothing(tree, args, message):
    result = run("assess", args[0], str(tree), *args[1:])
    assert (result.exit_code, result.stderr) == (2, message)


def test_new_measure_takes_the_next_id_and_record_fills_it(tree):
    result = run("new", "measure", str(tree), "--title", "Arrests", "--unit", "percent", "--better", "higher",
                 "--owner", "lead", "--source", "Crime system", "--recommendation", "R01")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"created {tree / 'p1/measures/M02.yaml'}\n1 value(s) still to fill in")
    text = (tree / "p1/measures/M02.yaml").read_text()
    assert "id: M02\ntitle: Arrests\ndefinition:  # to fill in: how it is counted\n" in text
    result = run("record", "M02", str(tree), "--period", "2014-01", "--value", "42")
    assert result.exit_code == 0, result.output
    assert (tree / "p1/measures/M02.yaml").read_text().endswith("values:\n  - period: 2014-01\n    value: 42\n")
