"""Date options take the British forms plan files are explained in, and say the date they read."""

from __future__ import annotations

import pytest
from helpers.trees import EXAMPLE
from typer.testing import CliRunner

from dagov.cli.app import app


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("given, echoed", [
    ("12/06/2014", "dagov: --as-of 12/06/2014 read as 2014-06-12 (day/month/year)\n"),
    ("12.6.14", "dagov: --as-of 12.6.14 read as 2014-06-12 (day/month/year)\n"),
    ("12 June 2014", "dagov: --as-of '12 June 2014' read as 2014-06-12\n"),
    ("12th Jun 2014", "dagov: --as-of '12th Jun 2014' read as 2014-06-12\n"),
    ("2014/6/12", "dagov: --as-of 2014/6/12 read as 2014-06-12\n"),
    ("2014-06-12", ""),
])
def test_a_british_as_of_gives_the_same_report_and_says_the_date_used(given, echoed):
    iso, british = run("status", str(EXAMPLE), "--as-of", "2014-06-12"), run("status", str(EXAMPLE), "--as-of", given)
    assert (british.exit_code, british.stdout, british.stderr) == (0, iso.stdout, echoed)


@pytest.mark.parametrize("given, message", [
    ("31/02/2014", "dagov: --as-of '31/02/2014' is not a real calendar date (check the day and month); "
                   "write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
    ("06/13/2014", "dagov: --as-of '06/13/2014' is not a real calendar date (check the day and month); "
                   "write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
    ("2014-02-30", "dagov: --as-of '2014-02-30' is not a real calendar date (check the day and month); "
                   "write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
    ("next week", "dagov: --as-of 'next week' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
    ("20140612", "dagov: --as-of '20140612' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
])
def test_a_day_that_does_not_exist_is_refused_as_in_files(given, message):
    result = run("status", str(EXAMPLE), "--as-of", given)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_dates_that_are_written_are_written_as_iso(example_copy):
    plans = str(example_copy)
    result = run("update", "L01.2", plans, "--note", "Extract tested.", "--date", "15/05/2015")
    assert (result.exit_code, result.stderr) == (0, "dagov: --date 15/05/2015 read as 2015-05-15 (day/month/year)\n")
    assert "      - date: 2015-05-15\n        by: head-ict\n        note: Extract tested.\n" in (
        example_copy / "da-2014-2016" / "recommendations" / "L01.yaml").read_text()
    result = run("new", "meeting", plans, "--plan", "da-2014-2016", "--date", "10 July 2015")
    assert (result.exit_code, result.stderr) == (0, "dagov: --date '10 July 2015' read as 2015-07-10\n")
    assert (example_copy / "da-2014-2016" / "meetings" / "2015-07-10.yaml").is_file()
    result = run("new", "action", "L01", plans, "--plan", "da-2014-2016", "--title", "Audit the extract",
                 "--owner", "head-ict", "--due", "1/9/15")
    assert (result.exit_code, result.stderr) == (0, "dagov: --due 1/9/15 read as 2015-09-01 (day/month/year)\n")
    assert "    due: 2015-09-01\n" in (example_copy / "da-2014-2016" / "recommendations" / "L01.yaml").read_text()
