"""`dagov changes --since/--until` take the date forms every other date option takes (issue 17 item 10)."""

from __future__ import annotations

import json

import pytest
from helpers.gitrepo import GitPlans
from typer.testing import CliRunner

from dagov.cli.app import app

R01 = "p1/recommendations/R01.yaml"


def run(*args: str):
    return CliRunner().invoke(app, ["changes", *args])


@pytest.fixture
def repo(tmp_path) -> GitPlans:
    plans = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    plans.edit(R01, "    due: 2014-04-30", "    due: 2014-05-15").commit("Slip", "2014-03-20")
    return plans


@pytest.mark.parametrize("since, until, echoed", [
    ("12/03/2014", "20/03/2014", "dagov: --since 12/03/2014 read as 2014-03-12 (day/month/year)\n"
                                 "dagov: --until 20/03/2014 read as 2014-03-20 (day/month/year)\n"),
    ("12 March 2014", "2014/3/20", "dagov: --since '12 March 2014' read as 2014-03-12\n"
                                   "dagov: --until 2014/3/20 read as 2014-03-20\n"),
])
def test_british_dates_give_the_same_changes_as_iso_and_say_the_date_used(repo, since, until, echoed):
    plans = str(repo.plans)
    iso = run(plans, "--since", "2014-03-12", "--until", "2014-03-20", "--format", "json")
    british = run(plans, "--since", since, "--until", until, "--format", "json")
    assert (british.exit_code, british.stdout, british.stderr) == (0, iso.stdout, echoed)
    document = json.loads(british.stdout)
    assert (document["since"]["asked"], document["until"]["asked"], document["count"]) == ("2014-03-12", "2014-03-20", 1)


def test_a_day_that_does_not_exist_is_refused_as_a_date_not_as_a_revision(repo):
    result = run(str(repo.plans), "--since", "31/02/2014")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "dagov: --since '31/02/2014' is not a real calendar date (check the day and month); "
               "write it as YYYY-MM-DD, e.g. 2014-06-12\n")


def test_revisions_and_last_meeting_are_kept(repo):
    plans = str(repo.plans)
    assert run(plans, "--since", "HEAD~1", "--until", "HEAD").exit_code == 0
    result = run(plans, "--since", "last-meeting", "--as-of", "20/03/2014")
    assert result.stderr.startswith("dagov: --as-of 20/03/2014 read as 2014-03-20 (day/month/year)\n")
    assert result.exit_code == 0 and "meeting of 2014-03-12" in result.stdout
