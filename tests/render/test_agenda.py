"""`dagov render agenda`: the pack a board meets with, built from the plan as the meeting opened."""

from __future__ import annotations

import datetime as dt

from helpers.trees import MEETING_APRIL
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.load import load_tree
from dagov.render.agenda import agenda_context

APRIL = "p1/meetings/2014-04-09.yaml"
runner = CliRunner()


def context(root, meeting_id: str, as_of: dt.date | None = None) -> dict:
    tree = load_tree(root)[0]
    plan = tree.plans["p1"]
    return agenda_context(tree, plan, plan.meetings[meeting_id], as_of)


def test_the_first_meeting_is_asked_to_close_and_extend_what_it_did(tree_dir):
    # As of the day before, R02 is open with every action complete, and R01.2's extension to
    # 31 July (citing this meeting) is not in effect yet: the agenda asks for both decisions.
    c = context(tree_dir(), "2014-03-12")
    assert c["as_of"] == dt.date(2014, 3, 11) and c["previous"] is None
    assert [r.figures.id for r in c["ready"]] == ["R02"]
    assert [(a, e.title) for a, e in c["ready"][0].evidence] == [("R02.1", "Force order")]
    assert [(r.figures.id, r.moved_from, r.extension.to) for r in c["extension_requests"]] == [
        ("R01.2", dt.date(2014, 6, 30), dt.date(2014, 7, 31))]
    assert [d.text for d in c["decisions"]] == [
        "Close recommendation R02: every live action is complete.",
        "Move the due date of action R01.2 from 30 June 2014 to 31 July 2014, or refuse."]


def test_the_next_meeting_approves_the_minutes_and_reviews_the_board_actions(tree_dir):
    c = context(tree_dir({APRIL: MEETING_APRIL}), "2014-04-09")
    assert c["previous"].id == "2014-03-12" and c["minutes_for_approval"]
    assert [e.id for e in c["action_log"]] == ["SB-01"]
    assert [d.text for d in c["decisions"]] == [
        "Approve the minutes of the meeting of 12 March 2014.",
        "Board action SB-01 was due by 9 April 2014: discharge it, or carry it forward."]


def test_minutes_approved_before_are_not_asked_for_again(tree_dir):
    from helpers.trees import BASE

    march = BASE["p1/meetings/2014-03-12.yaml"] + "status: approved\napproved_at: 2014-03-20\n"
    c = context(tree_dir({"p1/meetings/2014-03-12.yaml": march, APRIL: MEETING_APRIL}), "2014-04-09")
    assert not c["minutes_for_approval"]
    assert not any("minutes" in d.text for d in c["decisions"])


def test_as_of_gives_the_figures_of_another_day(tree_dir):
    # On the day itself the meeting's closure of R02 is in effect, so R02 is no longer waiting for it.
    c = context(tree_dir(), "2014-03-12", dt.date(2014, 3, 12))
    assert c["as_of"] == dt.date(2014, 3, 12) and c["ready"] == []


def test_the_cli_renders_it_and_a_template_of_the_same_name_overrides_it(tree_dir, tmp_path):
    root = tree_dir({APRIL: MEETING_APRIL})
    result = runner.invoke(app, ["render", "agenda", "2014-04-09", str(root)])
    assert result.exit_code == 0, result.output
    assert "## Agenda for the meeting on 9 April 2014\n" in result.output
    assert "The minutes of the meeting of 12 March 2014 (2014-03-12) are presented for approval.\n" in result.output
    assert "1. Approve the minutes of the meeting of 12 March 2014.\n" in result.output
    own = tmp_path / "own"
    own.mkdir()
    (own / "agenda.md.j2").write_text("Agenda of {{ meeting.id }}: {{ decisions|length }} decisions\n")
    result = runner.invoke(app, ["render", "agenda", "2014-04-09", str(root), "--templates", str(own)])
    assert (result.exit_code, result.output) == (0, "Agenda of 2014-04-09: 2 decisions\n")


def test_an_unknown_meeting_is_a_usage_error(tree_dir):
    result = runner.invoke(app, ["render", "agenda", "2014-04-10", str(tree_dir())])
    assert result.exit_code == 2
    assert "no meeting '2014-04-10'; did you mean 2014-03-12?" in result.output


def test_a_meeting_made_by_new_meeting_has_its_agenda_before_its_minutes_are_written(tree_dir):
    # The monthly cycle: dagov new meeting, then the agenda. The new file's empty minutes are
    # errors `check` lists until they are written, but they change nothing the agenda shows.
    root = tree_dir()
    made = runner.invoke(app, ["new", "meeting", str(root), "--date", "2014-04-09"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["render", "agenda", "2014-04-09", str(root)])
    assert result.exit_code == 0, result.output
    assert "1. Approve the minutes of the meeting of 12 March 2014.\n" in result.stdout
    assert result.stderr.startswith(f"dagov: {root}/p1/meetings/2014-04-09.yaml still has ")
    assert result.stderr.endswith(" value(s) to fill in, its minutes among them; the agenda does not depend on them\n")


def test_errors_anywhere_else_still_refuse(tree_dir):
    from helpers.trees import R01

    root = tree_dir({APRIL: MEETING_APRIL, "p1/recommendations/R01.yaml": R01.replace("owner: trainer\n", "owner:\n", 1)})
    result = runner.invoke(app, ["render", "agenda", "2014-04-09", str(root)])
    assert result.exit_code == 1
    assert "nothing was rendered because figures from files with errors could be wrong" in result.stderr


def test_the_html_agenda_is_the_markdown_one_on_a_page():
    # One golden of the Markdown (tests/golden/render/agenda-*.md) is enough: the page around it is
    # the one every document shares, so the HTML is checked for what the agenda puts on it.
    from helpers.trees import EXAMPLE

    result = runner.invoke(app, ["render", "agenda", "2014-11-12", str(EXAMPLE), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "<title>Safeguarding Board: agenda for 12 November 2014</title>" in page
    assert '<h2>Agenda for the meeting on <span class="nowrap">12 November 2014</span></h2>' in page  # dates never break
    assert "<h3>9. Decisions needed</h3>" in page
    assert '<li>Approve the minutes of the meeting of <span class="nowrap">15 October 2014</span>.</li>' in page
    assert '<td><span class="nowrap">L04.1</span></td>' in page and "**OFFICIAL**" not in page
