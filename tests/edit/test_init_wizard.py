"""`dagov init` on a terminal asks every value it writes, and asks again on a bad answer (issue 17 item 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from dagov.cli import init as init_cmd
from dagov.cli.app import app


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(init_cmd, "_interactive", lambda: True)


def run(*args: str, input: str):
    return CliRunner().invoke(app, list(args), input=input)


ANSWERS = [
    "",  # the organisation's name has no default: asked again
    "Wessex Vale Police",
    "VAWG 2024",  # not an id
    "vawg-2024",
    "VAWG action plan 2024",
    "",  # the board id: its default
    "Safeguarding Board",
    "Police response to violence against women and girls",
    "HMICFRS",
    "31/02/2024",  # no such day
    "14/03/2024",
    "12 March 2024",
    "Leadership, leadership",  # the same area twice
    "Leadership, Victim care",
]


def test_every_value_is_asked_and_a_bad_answer_asked_again(tmp_path, terminal):
    result = run("init", str(tmp_path / "gov"), input="".join(a + "\n" for a in ANSWERS))
    assert result.exit_code == 0, result.output
    conversation = result.stdout.split("\ncreated ")[0]
    assert conversation == """\
Organisation name:{space}
Organisation name: Wessex Vale Police
Plan id (lower-case letters, digits, hyphens) [action-plan]: VAWG 2024
  'VAWG 2024' is not a valid plan id: use lower-case letters, digits and hyphens, e.g. da-2014 ('vawg-2024' would do); try again
Plan id (lower-case letters, digits, hyphens) [action-plan]: vawg-2024
Plan title [Wessex Vale Police action plan]: VAWG action plan 2024
Id of the board that oversees the plan [oversight-board]:{space}
Board name [Oversight board]: Safeguarding Board
Title of the inspection report [Inspection report]: Police response to violence against women and girls
Who published the report [HMIC]: HMICFRS
Date the plan starts [{today}]: 31/02/2024
  '31/02/2024' is not a real calendar date (check the day and month); write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 2014-06-12; try again
Date the plan starts [{today}]: 14/03/2024
  read as 2024-03-14 (day/month/year)
Date the report was published [2024-03-14]: 12 March 2024
  read as 2024-03-12
Key areas of the plan, separated by commas [Leadership, Business processes, Training, Partnerships]: Leadership, leadership
  'Leadership' and 'leadership' would be the same area (leadership); try again
Key areas of the plan, separated by commas [Leadership, Business processes, Training, Partnerships]: Leadership, Victim care""".format(
        today=dt.date.today().isoformat(), space=" ")  # the prompt's space, before an empty answer
    plans = tmp_path / "gov" / "plans"
    plan = (plans / "vawg-2024" / "plan.yaml").read_text()
    assert "title: VAWG action plan 2024\n" in plan
    assert ("  title: Police response to violence against women and girls\n  publisher: HMICFRS\n"
            "  published: 2024-03-12\n") in plan
    assert "start: 2024-03-14\n" in plan
    assert "  leadership:\n    title: Leadership\n  victim-care:\n    title: Victim care\n" in plan
    assert "board: oversight-board\n" in plan
    assert "  oversight-board:\n    title: Safeguarding Board\n" in (plans / "organisation.yaml").read_text()
    assert run("check", str(plans), input="").exit_code == 0


def test_options_given_are_not_asked(tmp_path, terminal):
    answers = ["Vale Police", "", "", "", "", "", "", "", ""]
    result = run("init", str(tmp_path / "gov"), "--publisher", "HMIC", "--start", "1/4/2014", "--area", "Training",
                 input="".join(a + "\n" for a in answers))
    assert result.exit_code == 0, result.output
    asked = [line.split(" [")[0].split(":")[0] for line in result.stdout.split("\ncreated ")[0].splitlines()]
    assert asked == ["Organisation name", "Plan id (lower-case letters, digits, hyphens)", "Plan title",
                     "Id of the board that oversees the plan", "Board name", "Title of the inspection report",
                     "Date the report was published"]
    plan = (tmp_path / "gov" / "plans" / "action-plan" / "plan.yaml").read_text()
    assert "start: 2014-04-01\n" in plan and "  published: 2014-04-01\n" in plan and "  training:\n" in plan


def test_without_a_terminal_nothing_is_asked(tmp_path):
    result = run("init", str(tmp_path / "gov"), "--organisation", "Vale Police", "--start", "2014-04-01", input="")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("created ")
