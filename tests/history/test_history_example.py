"""The example plans replayed into git history (bench/history/replay_example.py): what each board hears."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner


from dagov.cli.app import app
from dagov.history.points import changes
from dagov.history.itemlog import item_log


@pytest.fixture
def example(replayed_example):
    return replayed_example / "plans"


def kinds(result, subject: str) -> list[str]:
    return [c.kind for p in result.plans for c in p.changes if c.subject == subject]


def test_every_board_hears_what_moved_since_the_last_one(example):
    # The day before each meeting after the first, since the meeting before.
    for meeting in ("2014-03-12", "2014-04-09", "2014-05-14", "2014-06-11", "2014-07-09", "2014-08-13", "2014-10-15"):
        day = dt.date.fromisoformat(meeting) - dt.timedelta(days=1)
        result = changes(str(example), "last-meeting", day.isoformat(), day)
        assert result.since.date < day and result.count > 0, meeting


def test_the_july_board(example):
    result = changes(str(example), "last-meeting", "2014-07-08", dt.date(2014, 7, 8))
    assert result.since.date == dt.date(2014, 6, 11)
    assert kinds(result, "R04.5") == ["completed", "update", "evidence"]
    assert kinds(result, "R07.4")[0] == "new-red"
    assert [g.title for g in result.plans[0].groups][0] == "Business processes"  # four completions lead


def test_supersession_shows_carried_actions(example):
    result = changes(str(example), "2014-09-10", "2014-09-17", dt.date(2014, 9, 17))
    details = {c.subject: c.detail for p in result.plans for c in p.changes if c.kind in ("carried", "superseded")}
    assert details["da-2014"] == "status: active → superseded (superseded by da-2014-2016)"
    assert details["L01.2"].startswith("carried forward from da-2014/R03.3 (owner ")


def test_the_story_of_r03_2(example):
    log = item_log(str(example), "R03.2")
    assert [e.commit.date.isoformat() for e in log.entries] == [
        "2014-02-03", "2014-05-07", "2014-06-04", "2014-07-02", "2014-07-25"]
    assert log.entries[-1].changes[0].detail == "status: in-progress → complete (completed 2014-07-25)"


def test_head_is_the_example_as_published(example):
    result = CliRunner().invoke(app, ["changes", str(example), "--since", "HEAD", "--as-of", "2014-11-26"])
    assert result.exit_code == 0 and result.output.endswith("Nothing has changed.\n")
