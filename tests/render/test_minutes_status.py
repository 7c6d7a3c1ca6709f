"""Rendered minutes say DRAFT until a later meeting approves them, and list absent members (issue 13)."""

from __future__ import annotations

from helpers.trees import BASE, MEETING_APRIL
from typer.testing import CliRunner

from dagov.cli.app import app

MARCH = "p1/meetings/2014-03-12.yaml"
APRIL = "p1/meetings/2014-04-09.yaml"
APPROVES_MARCH = MEETING_APRIL.replace("present: [chief-constable, lead]\n",
                                       "present: [chief-constable, lead]\napologies: [trainer]\n") + \
    "  - id: D2\n    text: Minutes of 12 March approved.\n    approve_minutes: 2014-03-12\n"


def minutes(root, meeting_id: str) -> str:
    result = CliRunner().invoke(app, ["render", "minutes", meeting_id, str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_draft_minutes_say_so(tree_dir):
    text = minutes(tree_dir(), "2014-03-12")
    assert "## Minutes of the meeting held on 12 March 2014\n\n**DRAFT: not yet approved by the board**\n" in text
    assert "**Approved**" not in text and "### Absent" not in text


def test_approved_minutes_name_the_meeting_and_the_decision_says_what_it_did(tree_dir):
    root = tree_dir({MARCH: BASE[MARCH] + "status: approved\napproved_at: 2014-04-09\n", APRIL: APPROVES_MARCH})
    march = minutes(root, "2014-03-12")
    assert "DRAFT" not in march
    assert "**Approved** by the board at its meeting of 9 April 2014.\n" in march
    april = minutes(root, "2014-04-09")
    assert "| D2 | Minutes of 12 March approved. | approves the minutes of 12 March 2014 |\n" in april


def test_a_member_neither_present_nor_excused_is_listed_absent(tree_dir):
    root = tree_dir({MARCH: BASE[MARCH].replace("apologies: [trainer]\n", "")})
    assert "### Apologies\n\nNone.\n\n### Absent\n\n- Head of Learning\n" in minutes(root, "2014-03-12")
