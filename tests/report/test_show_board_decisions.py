"""`dagov show MEETING` says where its minutes stand and what its cancel and approval decisions did."""

from __future__ import annotations

from helpers.trees import EXAMPLE
from typer.testing import CliRunner

from dagov.cli.app import app


def show(meeting_id: str) -> str:
    result = CliRunner().invoke(app, ["show", meeting_id, str(EXAMPLE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output.replace("\n  ", " ")


def test_an_approved_meeting_and_its_decisions():
    text = show("2014-07-09")
    assert "Minutes: approved at meeting 2014-08-13\n" in text
    assert "D5: Body-worn video pilot (R06.6) cancelled; covered by the force-wide rollout. [cancels R06.6]\n" in text
    assert ("D7: Minutes of the meeting of 11 June 2014 approved as a true record. "
            "[approves the minutes of 2014-06-11]\n") in text


def test_the_latest_meeting_is_draft():
    assert "Minutes: draft\n" in show("2014-11-12")
