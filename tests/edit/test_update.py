"""`dagov update`: only the intended lines change; invalid results are refused with the file untouched."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.cli.app import app

COMMENTED = """\
# Recommendation R05 - kept by the MARU manager.
# Do not reorder the actions: the board refers to them by position.
id: R05   # matches the file name
kind: 'recommendation'
title: "Clear the referral backlog"
text: >
  Folded text
  over lines.
area: training
owner: lead  # post, not person
timescale: within one month
due: 2014-04-30
status: open

actions:
  # The first action.
  - id: R05.1
    title: Triage the backlog
    owner: lead
    due: 2014-03-31    # agreed at the board
    status: "in-progress"   # quoted on purpose
    updates:
      - date: 2014-03-10
        by: lead
        note: |
          Started.
          # this line is part of the note, not a comment

        # a comment about the first update
    # trailing comment of R05.1

  # The second action.
  -   id: R05.2
      title: Recruit
      owner: trainer
      due: 2014-05-31
      status: not-started
# end of file comment
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def commented(tree_dir):
    root = tree_dir({"p1/recommendations/R05.yaml": COMMENTED})
    return root, root / "p1/recommendations/R05.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_update_changes_only_the_intended_lines_of_a_commented_file(commented):
    root, path = commented
    result = run("update", "R05.1", str(root), "--status", "complete", "--note", "Backlog cleared.",
                 "--evidence", "Backlog report=evidence/R05-backlog.pdf", "--date", "2014-04-11")
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert changed_lines(COMMENTED, after) == [
        '-    status: "in-progress"   # quoted on purpose',
        '+    status: "complete"   # quoted on purpose',
        "+    completed: 2014-04-11",
        "+    evidence:",  # a new evidence list goes above the updates, where people keep it
        "+      - title: Backlog report",
        "+        link: evidence/R05-backlog.pdf",
        "+      - date: 2014-04-11",
        "+        by: lead",
        "+        note: Backlog cleared.",
    ]
    # The new update goes after the comment that belongs to the last one; evidence goes above the updates.
    assert "        # a comment about the first update\n      - date: 2014-04-11\n" in after
    assert "    completed: 2014-04-11\n    evidence:\n" in after
    assert result.output == (
        f"R05.1 updated in {path}:\n  status: in-progress -> complete\n  completed: 2014-04-11\n"
        "  evidence added: Backlog report (evidence/R05-backlog.pdf)\n  update of 2014-04-11 by lead added\n")


def test_update_follows_the_layout_of_an_unusually_indented_action(commented):
    root, path = commented
    result = run("update", "R05.2", str(root), "--note", "Advert out.\nInterviews in May.", "--rag", "green",
                 "--by", "lead", "--date", "2014-04-02")
    assert result.exit_code == 0, result.output
    assert changed_lines(COMMENTED, path.read_text()) == [
        "+      updates:",
        "+        - date: 2014-04-02",
        "+          by: lead",
        "+          note: |-",
        "+            Advert out.",
        "+            Interviews in May.",
        "+          rag: green",
    ]


def test_update_keeps_crlf_line_ends_and_a_byte_order_mark(tree_dir):
    data = b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode()
    root = tree_dir({"p1/recommendations/R05.yaml": data})
    result = run("update", "R05.2", str(root), "--status", "in-progress", "--date", "2014-04-02")
    assert result.exit_code == 0, result.output
    after = (root / "p1/recommendations/R05.yaml").read_bytes()
    assert after == data.replace(b"status: not-started", b"status: in-progress")


def test_update_of_a_file_without_a_final_line_break(tree_dir):
    root = tree_dir({"p1/recommendations/R05.yaml": COMMENTED.rsplit("\n# end", 1)[0]})
    result = run("update", "R05.2", str(root), "--note", "Advert out.", "--date", "2014-04-02")
    assert result.exit_code == 0, result.output
    assert (root / "p1/recommendations/R05.yaml").read_text().endswith(
        "      status: not-started\n      updates:\n        - date: 2014-04-02\n          by: trainer\n"
        "          note: Advert out.\n")


def test_update_refuses_a_change_that_would_make_the_plan_invalid(commented):
    root, path = commented
    result = run("update", "R05.1", str(root), "--completed", "2014-04-01", "--status", "blocked")
    assert result.exit_code == 1
    assert path.read_text() == COMMENTED
    assert result.output == (
        f"dagov: not recorded: the change would add 1 error(s) to the plan; {path} is unchanged:\n"
        f"  {path}:22:16: error [completed-date] action R05.1 has a completed date but its status is blocked; "
        "set status: complete or remove completed:\n")


def test_update_refuses_an_unknown_role_and_an_unknown_action(commented):
    root, path = commented
    result = run("update", "R05.1", str(root), "--note", "x", "--by", "trainr")
    assert result.exit_code == 2
    assert result.output == (f"dagov: --by 'trainr' is not the id, title or holder of a role in {root}/organisation.yaml; "
                             "did you mean trainer (Head of Learning)? Give its id or title, or add it: "
                             "dagov new role trainr --title 'trainr'\n")
    result = run("update", "R05.9", str(root), "--note", "x")
    assert result.exit_code == 2
    assert result.output == ("dagov: there is no action 'R05.9' (did you mean 'R05.2'?); give the id as it is "
                             "written in its recommendation file, e.g. R03.2\n")
    assert path.read_text() == COMMENTED


def test_update_refuses_a_flow_style_list_it_cannot_extend_safely(tree_dir):
    text = COMMENTED.replace("      status: not-started\n", "      status: not-started\n      evidence: [{title: A, link: b}]\n")
    root = tree_dir({"p1/recommendations/R05.yaml": text})
    result = run("update", "R05.2", str(root), "--evidence", "Report=r.pdf")
    assert result.exit_code == 1
    path = root / "p1/recommendations/R05.yaml"
    assert result.output == (f"dagov: 'evidence' at {path}:38 is not a list written one entry per line ('- ...'); "
                             "rewrite it that way, then run the command again; nothing was written\n")
    assert path.read_text() == text


def test_update_needs_something_to_record(commented):
    root, _ = commented
    assert run("update", "R05.1", str(root)).output == (
        "dagov: nothing to record; give --note, --status, --evidence or --completed\n")
    assert run("update", "R05.1", str(root), "--rag", "red").output == (
        "dagov: --by and --rag describe an update; add --note with what has happened\n")
    result = run("update", "R05.1", str(root), "--evidence", "no-link")
    assert result.exit_code == 2
    assert "needs a title and a link" in result.output


def test_reopening_a_complete_action_removes_its_completed_date(tree_dir):
    root = tree_dir()
    path = root / "p1/recommendations/R01.yaml"
    before = path.read_text()
    result = run("update", "R01.1", str(root), "--status", "in-progress", "--date", "2014-05-01")
    assert result.exit_code == 0, result.output
    assert changed_lines(before, path.read_text()) == [
        "-    status: complete", "-    completed: 2014-04-20", "+    status: in-progress"]


def test_dry_run_shows_the_diff_and_writes_nothing(commented):
    root, path = commented
    result = run("update", "R05.2", str(root), "--status", "blocked", "--dry-run")
    assert result.exit_code == 0
    assert "-      status: not-started\n+      status: blocked\n" in result.output
    assert result.output.endswith(f"(dry run: {path} not changed)\n")
    assert path.read_text() == COMMENTED


def test_update_on_a_copy_of_the_example_keeps_every_other_byte(example_copy):
    plans = example_copy
    path = plans / "da-2014-2016/recommendations/L01.yaml"
    before = path.read_text()
    result = run("update", "L01.2", str(plans), "--note", "Extract tested.", "--rag", "amber", "--date", "2014-11-20")
    assert result.exit_code == 0, result.output
    assert changed_lines(before, path.read_text()) == ["+      - date: 2014-11-20", "+        by: head-ict",
                     "+        note: Extract tested.", "+        rag: amber"]
    assert run("check", str(plans)).exit_code == 0


@settings(max_examples=150, deadline=None)
@given(note=st.text(min_size=1).filter(lambda t: t.strip()), status=st.sampled_from(["blocked", "complete"]))
def test_any_note_is_recorded_exactly_and_every_original_line_is_kept(note, status):
    from dagov.edit.update import UpdateRequest, edit_action
    from dagov.plan import format as fmt
    from dagov.plan.load import read_document

    findings: list = []
    rec = read_document("R05.yaml", COMMENTED.encode(), fmt.RECOMMENDATION, findings)
    action = rec.actions[1]
    progress = UpdateRequest(date=dt.date(2014, 4, 2), status=status, note=note, by="lead",
                        completed=dt.date(2014, 4, 2) if status == "complete" else None)
    after, _ = edit_action(COMMENTED.encode(), "R05.yaml", "R05.2", action, progress)
    new = read_document("R05.yaml", after, fmt.RECOMMENDATION, findings).actions[1]
    assert (new.status, new.updates[-1].note, new.updates[-1].by) == (status, note, "lead")
    assert not findings
    removed = [line for line in changed_lines(COMMENTED, after.decode()) if line.startswith("-")]
    assert removed == ["-      status: not-started"]


def test_update_records_a_status_change_on_the_update_so_earlier_reports_stay_right(commented):
    root, path = commented
    result = run("update", "R05.2", str(root), "--status", "blocked", "--note", "No budget.", "--by", "lead",
                 "--date", "2014-04-02")
    assert result.exit_code == 0, result.output
    changed = changed_lines(COMMENTED, path.read_text())
    assert "+          status: blocked" in changed
    from dagov.plan.load import load_tree
    from dagov.plan.rag import status_as_of

    tree, _ = load_tree(root)
    _, action = tree.plans["p1"].actions["R05.2"]
    assert status_as_of(action, dt.date(2014, 4, 1)) != "blocked"
    assert status_as_of(action, dt.date(2014, 4, 2)) == "blocked"


def test_update_refuses_a_date_before_the_latest_update(example_copy):
    path = example_copy / "da-2014/recommendations/R13.yaml"
    before = path.read_bytes()
    result = run("update", "R13.5", str(example_copy), "--plan", "da-2014", "--note", "Late news.",
                 "--date", "2014-06-01")
    assert result.exit_code == 1
    assert "action R13.5 already has an update of 2014-09-15; updates are kept oldest first, so an update of " \
           "2014-06-01 cannot be added after it: give --date 2014-09-15 or later; nothing was written" in result.output
    assert path.read_bytes() == before


def test_update_of_a_recommendation_id_names_its_actions(commented):
    root, _ = commented
    result = run("update", "R05", str(root), "--note", "x")
    assert result.exit_code == 2
    assert "'R05' is a recommendation; dagov update records progress on one of its actions (R05.1, R05.2); " \
           "add an action with 'dagov new action R05'" in result.output


# Issue 11, defect 12: --note and --evidence together on an action with no evidence yet, in one call.
EVIDENCE_LINES = ["    evidence:", "      - title: Attendance report", "        link: evidence/a.pdf",
                  "      - title: Sign-off", "        link: https://x.example/s?a=1&b=2"]
NOTE_LINES = ["      - date: 2014-08-01", "        by: trainer", "        note: All delivered."]

ACTION_HEAD = """\
id: R07
kind: recommendation
title: Train everyone
text: The force should train everyone.
area: training
owner: trainer  # a post
timescale: within three months
due: 2014-06-30
status: open
actions:
  - id: R07.1
    title: Deliver the course
    owner: trainer
    due: 2014-09-30
    partners: [county-council]
    status: in-progress
"""
NEXT_ACTION = """\

  # the next action, flow style
  - {id: R07.2, title: Evaluate, owner: trainer, due: 2014-09-30, status: not-started, evidence: []}
"""
WITH_UPDATES = """\
    # progress, oldest first
    updates:
      - date: 2014-05-01
        by: trainer
        note: Started.  # first
"""


EVIDENCE = "".join(line + "\n" for line in EVIDENCE_LINES)
NOTE = "".join(line + "\n" for line in NOTE_LINES)


@pytest.mark.parametrize("body,expected", [
    ("", EVIDENCE + "    updates:\n" + NOTE),
    (NEXT_ACTION, EVIDENCE + "    updates:\n" + NOTE + NEXT_ACTION),
    (WITH_UPDATES, EVIDENCE + WITH_UPDATES + NOTE),
    (WITH_UPDATES + NEXT_ACTION, EVIDENCE + WITH_UPDATES + NOTE + NEXT_ACTION),
    ("    updates:  # to fill in: progress\n" + NEXT_ACTION, EVIDENCE + "    updates:\n" + NOTE + NEXT_ACTION),
], ids=["no updates, last action", "no updates, another action follows", "updates with a comment above",
        "updates, another action follows", "empty 'updates:' with a placeholder comment"])
def test_note_and_evidence_together_on_an_action_without_evidence(tree_dir, body, expected):
    """One call; the file gains exactly the evidence list (above 'updates:' and the comment about it) and
    the update, and nothing else changes (the head of the action ends with its status line)."""
    plans = tree_dir({"p1/recommendations/R07.yaml": ACTION_HEAD + body})
    result = run("update", "R07.1", str(plans), "--note", "All delivered.", "--date", "2014-08-01",
                 "--evidence", "Attendance report=evidence/a.pdf", "--evidence", "Sign-off=https://x.example/s?a=1&b=2")
    assert result.exit_code == 0, result.output
    assert (plans / "p1/recommendations/R07.yaml").read_text() == ACTION_HEAD + expected
    assert run("check", str(plans)).exit_code == 0
