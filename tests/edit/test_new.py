"""`dagov new`: next ids, pre-filled files, placeholders that `dagov check` reports, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.ids import next_action_id, next_numbered, paper_id


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def example(example_copy):
    return example_copy


@pytest.mark.parametrize("existing, expected", [
    (["R01", "R02", "R15"], "R16"),
    (["R1", "R9"], "R10"),
    ([], "R01"),
    (["L01", "L06", "AFI01"], "L07"),
    (["R01", "R02", "notes"], "R03"),
])
def test_next_recommendation_id(existing, expected):
    assert next_numbered(existing) == expected


@pytest.mark.parametrize("existing, expected", [
    (["R03.1", "R03.2", "R03.3", "R03.4"], "R03.5"),
    (["R03.1", "R03.10", "R03.9"], "R03.11"),
    ([], "R03.1"),
    (["R03.1", "R030.7", "R03.2a"], "R03.2"),
])
def test_next_action_id(existing, expected):
    assert next_action_id("R03", existing) == expected


def test_paper_id_is_board_initials_and_date():
    assert paper_id("business-coordination-board", dt.date(2014, 6, 12)) == "bcb-2014-06-12"


def test_new_recommendation_has_every_field_and_check_lists_the_empty_ones(example):
    result = run("new", "recommendation", str(example), "--plan", "da-2014-2016", "--owner", "head-daisu")
    assert result.exit_code == 0, result.output
    path = example / "da-2014-2016/recommendations/L07.yaml"
    assert path.read_text() == """\
# yaml-language-server: $schema=../../../schemas/recommendation.schema.json
id: L07
kind: recommendation
title:  # to fill in: a short title
text:  # to fill in: the recommendation as accepted
area:  # to fill in: the key area it belongs to; one of: governance, frontline, safeguarding, victims
owner: head-daisu
timescale:  # to fill in: the timescale as the report wrote it
due:  # to fill in: when it is due (YYYY-MM-DD)
status: open

actions:
  - id: L07.1
    title:  # to fill in: what will be done
    owner: head-daisu
    due:  # to fill in: when it is due (YYYY-MM-DD)
    status: not-started
"""
    lines = result.output.splitlines()
    assert lines[0] == f"created {path}"
    assert lines[1] == "7 value(s) still to fill in (`dagov check` lists them until they are):"
    assert lines[2] == (f"  {path}:4: 'title' is empty in recommendation L07 (a short title); add it, "
                        "e.g. title: Domestic abuse training for all staff")
    check = run("check", str(example))
    assert check.exit_code == 1
    assert check.output.count("L07.yaml") == 7


def test_new_recommendation_refuses_an_existing_file_and_unknown_values(example):
    result = run("new", "recommendation", str(example), "--plan", "da-2014", "--id", "R03")
    assert result.exit_code == 1
    assert result.output == (f"dagov: {example}/da-2014/recommendations/R03.yaml already exists; "
                             "dagov never overwrites a file unless you add --force\n")
    # An unknown role is refused before any file is made: the message cites no line of a file never written.
    result = run("new", "recommendation", str(example), "--plan", "da-2014-2016", "--owner", "nobody")
    assert result.exit_code == 2
    path = example / "da-2014-2016/recommendations/L07.yaml"
    assert result.output == (f"dagov: --owner 'nobody' is not the id, title or holder of a role in "
                             f"{example}/organisation.yaml; `dagov owners` lists the roles there; "
                             "to add it: dagov new role nobody --title 'nobody'\n")
    assert not path.exists()
    # A new action in a superseded plan would be neither carried forward nor cancelled: refused.
    result = run("new", "recommendation", str(example), "--plan", "da-2014")
    assert result.exit_code == 1
    assert "[not-carried-forward] action R16.1 of superseded plan da-2014" in result.output


def test_new_needs_a_plan_when_there_is_no_single_active_one(example):
    result = run("new", "recommendation", str(example))
    assert result.exit_code == 0  # da-2014-2016 is the only active plan
    assert (example / "da-2014-2016/recommendations/L07.yaml").exists()
    result = run("new", "recommendation", str(example), "--plan", "nope")
    assert result.exit_code == 2
    assert result.output == f"dagov: there is no plan 'nope' in {example}; plans: da-2014, da-2014-2016\n"


def test_new_action_appends_the_next_id_and_changes_nothing_else(example):
    path = example / "da-2014-2016/recommendations/L06.yaml"
    before = path.read_text()
    result = run("new", "action", "L06", str(example), "--title", "Evaluate the pilot", "--owner", "head-public-protection",
                 "--due", "2015-03-31")
    assert result.exit_code == 0, result.output
    assert result.output == f"added action L06.6 to {path}\n"
    assert path.read_text() == before + """
  - id: L06.6
    title: Evaluate the pilot
    owner: head-public-protection
    due: 2015-03-31
    status: not-started
"""
    assert run("check", str(example)).exit_code == 0


def test_new_action_of_an_unknown_recommendation(example):
    result = run("new", "action", "L66", str(example))
    assert result.exit_code == 2
    assert result.output == "dagov: plan da-2014-2016 has no recommendation 'L66' (did you mean 'L06'?)\n"


def test_new_meeting_lists_members_open_board_actions_and_standard_items(example):
    result = run("new", "meeting", str(example), "--plan", "da-2014", "--date", "2014-09-10")
    assert result.exit_code == 0, result.output
    text = (example / "da-2014/meetings/2014-09-10.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/meeting.schema.json\n"
                           "id: 2014-09-10\nboard: safeguarding-board\ndate: 2014-09-10\n"
                           "venue:  # to fill in: where it met (optional)\nchair: chief-constable\n\npresent:\n"
                           "  - chief-constable\n  - deputy-chief-constable\n")
    assert "\nitems:\n  - title: Declarations of interest\n    minutes:  # to fill in: what was discussed\n" in text
    for title in ("Minutes of the last meeting", "Progress report", "Any other business"):
        assert f"  - title: {title}\n" in text
    assert "title: Apologies" not in text  # the apologies list is; the minutes print it under its own heading
    # SB-13 was reviewed and left open in August; SB-15 was raised in August; everything else was discharged.
    assert text.endswith(
        "action_log:\n  - action: SB-13\n"
        "    status:  # to fill in: open, discharged or carried-forward (tsupt-corporate-development, due 2014-09-10: "
        "Draft the longer-term domestic abuse plan to March 2016 for the September board.)\n"
        "  - action: SB-15\n"
        "    status:  # to fill in: open, discharged or carried-forward (acc-crime-public-protection, due 2014-08-29: "
        "Confirm MASH go-live readiness with partners and report to the chair.)\n")
    assert "6 value(s) still to fill in" in result.output


def test_new_meeting_refuses_to_overwrite_unless_forced(example):
    path = example / "da-2014/meetings/2014-08-13.yaml"
    before = path.read_bytes()
    result = run("new", "meeting", str(example), "--plan", "da-2014", "--date", "2014-08-13")
    assert result.exit_code == 1
    assert path.read_bytes() == before


def test_new_paper_has_the_standard_sections(example):
    result = run("new", "paper", str(example), "--plan", "da-2014-2016", "--date", "2014-12-11")
    assert result.exit_code == 0, result.output
    text = (example / "da-2014-2016/papers/bcb-2014-12-11.yaml").read_text()
    assert "\nto: business-coordination-board\nfrom: chief-constable\ndate: 2014-12-11\n" in text
    assert "foi:  # to fill in: whether it may be disclosed under FOI: disclosable or not-disclosable\n" in text
    titles = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  - title: ")]
    assert titles == ["Purpose", "Background", "Response to the report", "Action plan", "Recommendation"]
    assert "  - title: Action plan\n    include: progress-by-area\n" in text
    assert "      - It is recommended that the board note the contents of this paper.\n" in text
    assert "3 value(s) still to fill in" in result.output  # foi, Purpose, Response to the report
