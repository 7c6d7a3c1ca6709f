"""dagov close, extend, cancel and reopen: the decision in the minutes and its effect in the plan, in one write."""

from __future__ import annotations

import errno
import os
import signal
import time

import pytest
from helpers.trees import R01, R02, snapshot
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app
from dagov.edit import transaction as writing

APRIL = """\
# The April board.
id: 2014-04-09
board: safeguarding-board
date: 2014-04-09
chair: chief-constable
present: [chief-constable, lead, trainer]
items:
  - title: Progress
    minutes: The lead reported progress.
decisions: []  # none yet
actions:
  - id: SB-02
    text: Report on the course.
    owner: trainer
    due: 2014-05-14
"""

COMMENTED_R01 = R01.replace("status: open\n", "status: open  # the board has not closed it\n").replace(
    "  - id: R01.2\n", "  # the main piece of work\n  - id: R01.2\n")


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def plans(tree_dir):
    return tree_dir({"p1/meetings/2014-04-09.yaml": APRIL, "p1/recommendations/R01.yaml": COMMENTED_R01})


def read(plans, rel: str) -> str:
    return (plans / rel).read_text()


def test_close_with_open_actions_is_refused_naming_them(plans):
    before = snapshot(plans)
    result = run("close", "R01", plans, "--meeting", "2014-04-09")
    assert result.exit_code == 1
    assert result.output == (
        "dagov: recommendation R01 cannot be closed: action R01.2 is not complete or cancelled; complete or cancel "
        "them first ('dagov update ACTION --status complete', 'dagov cancel ACTION'), or, if the board closed it "
        "regardless, add --with-open-actions; nothing was written\n")
    assert snapshot(plans) == {**before, ".dagov.lock": b""}


def test_cancel_then_close_writes_both_files_in_place_keeping_comments(plans):
    result = run("cancel", "R01.2", plans, "--meeting", "2014-04-09", "--reason", "the county council runs it now")
    assert result.exit_code == 0, result.output
    assert result.output == f"""\
R01.2 cancelled at meeting 2014-04-09 (decision D1):
  {plans}/p1/meetings/2014-04-09.yaml
    decision D1 added: Action R01.2 (Deliver the course) cancelled. The county council runs it now.
  {plans}/p1/recommendations/R01.yaml
    status: in-progress -> cancelled
    update of 2014-04-09 by lead added
"""
    result = run("close", "R01", plans, "--meeting", "2014-04-09", "--evidence", "Closure report=evidence/R01.pdf")
    assert result.exit_code == 0, result.output
    assert read(plans, "p1/meetings/2014-04-09.yaml") == APRIL.replace("decisions: []  # none yet\n", """\
decisions:  # none yet
  - id: D1
    text: Action R01.2 (Deliver the course) cancelled. The county council runs it now.
    cancel: R01.2
  - id: D2
    text: "Recommendation R01 (Train everyone) closed. Evidence: Closure report."
    close: R01
""")
    assert read(plans, "p1/recommendations/R01.yaml") == COMMENTED_R01.replace(
        "status: open  # the board has not closed it\n", """\
status: closed  # the board has not closed it
closed:
  meeting: 2014-04-09
  evidence:
    - title: Closure report
      link: evidence/R01.pdf
""").replace("""    status: in-progress
    partners: [county-council]
    extensions:
      - to: 2014-07-31
        meeting: 2014-03-12
        reason: Summer leave.
""", """    status: cancelled
    partners: [county-council]
    extensions:
      - to: 2014-07-31
        meeting: 2014-03-12
        reason: Summer leave.
    updates:
      - date: 2014-04-09
        by: lead
        note: >-
          Cancelled by the Safeguarding Board on 9 April 2014 (decision D1). The
          county council runs it now.
        status: cancelled
""")
    findings = check(plans).findings
    assert [f.as_text() for f in findings] == []


def test_close_with_open_actions_says_so_in_the_decision(plans):
    result = run("close", "R01", plans, "--meeting", "2014-04-09", "--with-open-actions",
                 "--text", "Closed: the remaining delivery is business as usual")
    assert result.exit_code == 0, result.output
    assert "    text: >-\n      Closed: the remaining delivery is business as usual. Closed although\n" \
           "      action R01.2 is not complete.\n    close: R01\n" in read(plans, "p1/meetings/2014-04-09.yaml")
    assert [f.rule for f in check(plans).findings] == ["closed-with-open-actions"]


def test_extend_adds_the_decision_and_the_extension(plans):
    result = run("extend", "R01.2", plans, "--to", "2014-09-30", "--meeting", "2014-04-09",
                 "--reason", "Trainers abstracted for the summer")
    assert result.exit_code == 0, result.output
    meeting = read(plans, "p1/meetings/2014-04-09.yaml")
    assert """\
  - id: D1
    text: >-
      Due date of action R01.2 (Deliver the course) extended from 31 July 2014
      to 30 September 2014. Trainers abstracted for the summer.
    extend: R01.2
    to: 2014-09-30
""" in meeting
    assert """\
      - to: 2014-07-31
        meeting: 2014-03-12
        reason: Summer leave.
      - to: 2014-09-30
        meeting: 2014-04-09
        reason: Trainers abstracted for the summer.
""" in read(plans, "p1/recommendations/R01.yaml")
    assert [f.as_text() for f in check(plans).findings] == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (["extend", "R01.2", "--to", "2014-07-01", "--meeting", "2014-04-09", "--reason", "x"], 2,
     "dagov: --to 2014-07-01 is not later than action R01.2's due date 2014-07-31; an extension moves the due "
     "date later\n"),
    (["extend", "R01.1", "--to", "2014-09-01", "--meeting", "2014-04-09", "--reason", "x"], 1,
     "dagov: action R01.1 is already complete; only an action still to do can be extended; nothing was written\n"),
    (["extend", "R01", "--to", "2014-09-01", "--meeting", "2014-04-09", "--reason", "x"], 2,
     "dagov: 'R01' is a recommendation; the board extends or cancels one of its actions: give the action's id, "
     "e.g. R01.1\n"),
    (["cancel", "R01.2", "--meeting", "2014-04-19", "--reason", "x"], 2,
     "dagov: plan p1 has no meeting '2014-04-19' (did you mean '2014-04-09'?); give the id of a meeting in "
     "p1/meetings/ (its file's name), or create it with 'dagov new meeting --date YYYY-MM-DD'\n"),
    (["close", "R02", "--meeting", "2014-04-09"], 1,
     "dagov: recommendation R02 is closed, not open; only an open recommendation can be closed; to reopen it, "
     "use 'dagov reopen'; nothing was written\n"),
    (["close", "R9", "--meeting", "2014-04-09"], 2,
     "dagov: there is no recommendation 'R9'; give the id as its file is named, e.g. R03\n"),
    (["reopen", "R01", "--meeting", "2014-04-09", "--reason", "x"], 1,
     "dagov: recommendation R01 is open, not closed; only a closed recommendation can be reopened; nothing was "
     "written\n"),
    (["reopen", "R02", "--meeting", "2014-03-12", "--reason", "x"], 1,
     "dagov: recommendation R02 was closed at meeting 2014-03-12; only a later meeting can reopen it, and meeting "
     "2014-03-12 is not later; nothing was written\n"),
])
def test_refusals_say_what_is_wrong_and_write_nothing(plans, args, code, message):
    before = snapshot(plans)
    result = run(args[0], args[1], plans, *args[2:])
    assert (result.exit_code, result.output) == (code, message)
    assert {k: v for k, v in snapshot(plans).items() if k != ".dagov.lock"} == before


def test_cancel_at_a_meeting_before_the_last_update_is_refused(tree_dir):
    plans = tree_dir({"p1/recommendations/R01.yaml": R01.replace(
        "        reason: Summer leave.\n",
        "        reason: Summer leave.\n    updates:\n      - date: 2014-04-01\n        by: trainer\n"
        "        note: Half done.\n")})
    result = run("cancel", "R01.2", plans, "--meeting", "2014-03-12", "--reason", "x")
    assert result.exit_code == 1
    assert result.output == (
        "dagov: action R01.2 has an update of 2014-04-01, after meeting 2014-03-12; updates are kept oldest first, "
        "so the cancellation must be decided at a meeting on or after that date; nothing was written\n")


def test_reopen_keeps_the_closure_in_the_history(plans):
    result = run("reopen", "R02", plans, "--meeting", "2014-04-09", "--reason", "Re-inspection found it not embedded")
    assert result.exit_code == 0, result.output
    assert read(plans, "p1/recommendations/R02.yaml") == R02.replace("""\
status: closed
closed:
  meeting: 2014-03-12
""", """\
status: open
reopened:
  - meeting: 2014-04-09
    reason: Re-inspection found it not embedded.
    closed_at: 2014-03-12
""")
    assert """\
  - id: D1
    text: >-
      Recommendation R02 (Lead from the top), closed on 12 March 2014, reopened.
      Re-inspection found it not embedded.
    reopen: R02
""" in read(plans, "p1/meetings/2014-04-09.yaml")
    # the March decision that closed it is history now, not a closure still to record
    assert [f.as_text() for f in check(plans).findings] == []
    again = run("close", "R02", plans, "--meeting", "2014-04-09")
    assert again.exit_code == 0, again.output
    assert "status: closed\nclosed:\n  meeting: 2014-04-09\nreopened:\n  - meeting: 2014-04-09\n" in \
        read(plans, "p1/recommendations/R02.yaml")


def test_dry_run_shows_the_diff_of_both_files_and_writes_nothing(plans):
    before = snapshot(plans)
    result = run("close", "R02", plans, "--meeting", "2014-04-09", "--dry-run")
    assert result.exit_code == 1  # R02 is closed: refused before any diff
    result = run("cancel", "R01.2", plans, "--meeting", "2014-04-09", "--reason", "Not needed", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"--- {plans}/p1/meetings/2014-04-09.yaml\n+++ {plans}/p1/meetings/2014-04-09.yaml\n")
    assert f"--- {plans}/p1/recommendations/R01.yaml\n" in result.output
    assert "+    cancel: R01.2\n" in result.output and "-    status: in-progress\n+    status: cancelled\n" in result.output
    assert result.output.endswith("(dry run: R01.2 cancelled at meeting 2014-04-09 (decision D1); nothing written)\n")
    assert snapshot(plans) == before  # not even a lock file


def test_a_decision_that_would_add_an_error_is_refused(plans):
    before = snapshot(plans)
    result = run("close", "R01", plans, "--meeting", "2014-04-09", "--with-open-actions",
                 "--evidence", "Letter from jo.bloggs@example.com=evidence/letter.pdf")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (f"dagov: not recorded: the change would add 2 error(s) to the plan; nothing was written "
                        f"({plans}/p1/meetings/2014-04-09.yaml, {plans}/p1/recommendations/R01.yaml unchanged):")
    assert all("[personal-data]" in line for line in lines[1:]) and len(lines) == 3
    assert {k: v for k, v in snapshot(plans).items() if k != ".dagov.lock"} == before


def test_a_failure_between_the_two_files_puts_the_first_back(plans, monkeypatch):
    before = snapshot(plans)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(src).endswith(".new") and str(dst).endswith("R01.yaml"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = run("extend", "R01.2", plans, "--to", "2014-09-30", "--meeting", "2014-04-09", "--reason", "Leave")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output == (
        f"dagov: cannot write {plans}/p1/recommendations/R01.yaml: an input/output error (the disk may be failing); "
        "nothing was written: check the disk, then run the command again\n")
    assert snapshot(plans) == {**before, ".dagov.lock": b""}  # the minutes were put back as they were


def test_a_run_killed_between_the_two_files_is_reported_by_check_and_undone_by_the_next_writer(plans, monkeypatch):
    before = snapshot(plans)
    monkeypatch.setenv(writing.SLOW_COMMIT_ENV, "30")  # a pause after each rename: time to kill it after the first
    pid = os.fork()
    if pid == 0:
        try:
            run("close", "R01", plans, "--meeting", "2014-04-09", "--with-open-actions")
        finally:
            os._exit(0)
    meeting = plans / "p1/meetings/2014-04-09.yaml"
    deadline = time.monotonic() + 60
    while meeting.read_bytes() == before["p1/meetings/2014-04-09.yaml"]:
        assert time.monotonic() < deadline, "the close never renamed its first file"
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    monkeypatch.delenv(writing.SLOW_COMMIT_ENV)
    # half written: the minutes record the closure, the recommendation does not; check says so, at the decision
    assert [f.as_text() for f in check(plans).findings] == [
        f"{plans}/p1/meetings/2014-04-09.yaml:15:12: warning [closure-not-recorded] decision D1 of meeting "
        f"2014-04-09 closes R01, but R01 is still open; set status: closed and closed: {{meeting: 2014-04-09}} in "
        f"{plans}/p1/recommendations/R01.yaml"]
    # the next writer rolls the killed one back, under the lock, before its own change
    result = run("update", "R01.2", plans, "--note", "Course running.", "--date", "2014-04-10")
    assert result.exit_code == 0, result.output
    after = snapshot(plans)
    assert after["p1/meetings/2014-04-09.yaml"] == before["p1/meetings/2014-04-09.yaml"]
    assert not [rel for rel in after if writing.STAGING_NAME in rel]
