"""dagov supersede (a successor plan carrying the open work, in one write) and dagov new plan."""

from __future__ import annotations

import datetime as dt
import errno
import importlib.util
import os

import pytest
from helpers.trees import EXAMPLE, REPO, snapshot
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app
from dagov.edit.supersede import superseded_note
from dagov.plan.load import load_tree


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


SUPERSEDE = ("--by", "p2", "--title", "Test plan, second phase", "--start", "2014-10-01")


def test_supersede_carries_the_open_work_and_passes_check(tree_dir):
    plans = tree_dir()
    result = run("supersede", "p1", plans, *SUPERSEDE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "plan p1 superseded by p2: 1 recommendation and 1 action carried forward:"
    assert (plans / "p2/recommendations/R01.yaml").read_text() == """\
# yaml-language-server: $schema=../../../schemas/recommendation.schema.json
# Continues p1/R01, superseded on 1 October 2014.
id: R01
kind: recommendation
title: Train everyone
text: The force should train everyone.
area: training
owner: trainer
timescale: within three months
due: 2014-06-30
status: open

actions:
  - id: R01.1
    title: Deliver the course
    carried_from: p1/R01.2
    owner: trainer
    due: 2014-07-31
    status: in-progress
    updates:
      - date: 2014-10-01
        by: lead
        note: Carried from p1/R01.2.
"""
    old = (plans / "p1/recommendations/R01.yaml").read_text()
    assert "status: superseded\n" in old and """\
    status: cancelled
    partners: [county-council]
    extensions:
      - to: 2014-07-31
        meeting: 2014-03-12
        reason: Summer leave.
    updates:
      - date: 2014-10-01
        by: lead
        note: Plan superseded - carried forward to p2 as R01.1.
        status: cancelled
""" in old
    assert (plans / "p1/plan.yaml").read_text().endswith("end: 2014-09-30\nsuperseded_by: p2\n")
    assert "status: superseded\n" in (plans / "p1/plan.yaml").read_text()
    tree = load_tree(str(plans))[0]
    assert tree.plans["p2"].status == "active" and tree.plans["p2"].areas.keys() == tree.plans["p1"].areas.keys()
    assert [f.as_text() for f in check(plans).findings if f.severity == "error"] == []
    assert sorted(p.name for p in (plans / "p2").iterdir()) == ["meetings", "papers", "plan.yaml", "recommendations"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["p1", "--by", "p2", "--title", "T", "--start", "2014-01-01"], 2,
     "dagov: --start 2014-01-01 is not after plan p1's start 2014-02-03; the new plan starts when it replaces the "
     "old one\n"),
    (["p1", "--by", "p1", "--title", "T", "--start", "2014-10-01"], 1,
     "dagov: {plans}/p1 already exists; give the new plan an id of its own (its folder's name); nothing was "
     "written\n"),
    (["p1", "--by", "p2", "--title", "T", "--start", "2014-10-01", "--board", "audit-board"], 2,
     "dagov: --board 'audit-board' is not a board in organisation.yaml; the boards there: safeguarding-board\n"),
    (["p1", "--by", "p2", "--title", "T", "--start", "2014-10-01", "--as", "R02=S02"], 2,
     "dagov: --as names R02, which is closed; only open recommendations are carried forward\n"),
    (["p9", "--by", "p2", "--title", "T", "--start", "2014-10-01"], 2, None),
])
def test_supersede_refusals(tree_dir, args, code, message):
    plans = tree_dir()
    before = snapshot(plans)
    result = run("supersede", args[0], plans, *args[1:])
    assert result.exit_code == code, result.output
    if message is not None:
        assert result.output == message.format(plans=plans)
    assert {k: v for k, v in snapshot(plans).items() if k != ".dagov.lock"} == before


def test_a_superseded_plan_cannot_be_superseded_again(tree_dir):
    plans = tree_dir()
    assert run("supersede", "p1", plans, *SUPERSEDE).exit_code == 0
    result = run("supersede", "p1", plans, "--by", "p3", "--title", "T", "--start", "2014-11-01")
    assert (result.exit_code, result.output) == (
        1, "dagov: plan p1 is superseded; only an active plan can be superseded; nothing was written\n")


def test_a_failure_half_way_leaves_neither_plan_changed(tree_dir, monkeypatch):
    plans = tree_dir()
    before = snapshot(plans)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if str(src).endswith(".new") and str(dst).endswith("p1/plan.yaml"):  # the last file of the write
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = run("supersede", "p1", plans, *SUPERSEDE)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output == (f"dagov: cannot write {plans}/p1/plan.yaml: the disk is full; nothing was written: "
                             "free some space, then run the command again\n")
    assert snapshot(plans) == {**before, ".dagov.lock": b""}


def test_dry_run_lists_every_file_and_writes_nothing(tree_dir):
    plans = tree_dir()
    before = snapshot(plans)
    result = run("supersede", "p1", plans, *SUPERSEDE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"--- /dev/null\n+++ {plans}/p2/plan.yaml\n" in result.output
    assert f"--- {plans}/p1/plan.yaml\n" in result.output and "+superseded_by: p2\n" in result.output
    assert result.output.endswith("(dry run: plan p1 superseded by p2: 1 recommendation and 1 action carried "
                                  "forward; nothing written)\n")
    assert snapshot(plans) == before


# --- the example: da-2014 superseded by da-2014-2016 -----------------------------------------------------------


def _replay():
    spec = importlib.util.spec_from_file_location("replay_example", REPO / "bench" / "history" / "replay_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLE_SUPERSESSION = ("da-2014", "--by", "da-2014-2016", "--title", "Domestic abuse improvement plan 2014-2016",
                        "--start", "2014-09-15", "--end", "2016-03-31", "--as", "R03=L01", "--as", "R05=L02",
                        "--as", "R06=L02", "--as", "R07=L03", "--as", "R13=L04", "--as", "R15=L05")


def test_the_example_supersession_is_what_supersede_writes(tmp_path):
    """The plans as they stood the day before da-2014-2016 began, superseded by the command: the example's
    recommendations, carried actions (carried_from, owners, in order), cancellations and superseded marks."""
    before = _replay().Example(EXAMPLE).files_on(dt.date(2014, 9, 14))
    plans = tmp_path / "plans"
    for rel, text in before.items():
        (plans / rel).parent.mkdir(parents=True, exist_ok=True)
        (plans / rel).write_text(text, encoding="utf-8")
    assert "da-2014-2016/plan.yaml" not in before and "status: active" in before["da-2014/plan.yaml"]
    result = run("supersede", EXAMPLE_SUPERSESSION[0], plans, *EXAMPLE_SUPERSESSION[1:])
    assert result.exit_code == 0, result.output
    made, example = load_tree(str(plans))[0], load_tree(str(EXAMPLE))[0]
    old, old_example = made.plans["da-2014"], example.plans["da-2014"]
    assert (old.status, old.superseded_by) == (old_example.status, old_example.superseded_by) == ("superseded", "da-2014-2016")
    assert {r: rec.status for r, rec in old.recommendations.items()} == \
           {r: rec.status for r, rec in old_example.recommendations.items()}
    new, new_example = made.plans["da-2014-2016"], example.plans["da-2014-2016"]
    for field in ("title", "owner", "lead", "board", "reports_to", "source", "start", "end"):
        assert getattr(new, field) == getattr(new_example, field), field
    carried_to = {a.carried_from: a.id for _, a in new_example.actions.values() if a.carried_from}
    for rec_id, rec in new.recommendations.items():
        theirs = new_example.recommendations[rec_id]
        assert [(a.carried_from, a.owner) for a in rec.actions] == \
               [(a.carried_from, a.owner) for a in theirs.actions if a.carried_from], rec_id
    assert sum(len(r.actions) for r in new.recommendations.values()) == len(carried_to) == 11
    for action_id, (_, action) in old.actions.items():
        _, theirs = old_example.actions[action_id]
        assert action.status == theirs.status, action_id
        if f"da-2014/{action_id}" in carried_to:
            mine, last = action.updates[-1], theirs.updates[-1]
            assert (mine.date, mine.by, mine.status) == (last.date, last.by, last.status) == \
                   (dt.date(2014, 9, 15), "tsupt-corporate-development", "cancelled")
            # the note names the new action (the example's L01 numbers its carried actions after one added
            # later); people added a word on progress in front of some
            assert last.note.endswith(superseded_note("da-2014-2016", carried_to[f"da-2014/{action_id}"]))
            assert mine.note.startswith("Plan superseded - carried forward to da-2014-2016 as ")
    assert [f for f in check(plans).findings if f.severity == "error"] == []


def test_the_august_2014_closures_in_the_example_are_what_close_writes(example_copy):
    """The example's 2014-08-13 decisions D1-D3 and the closed: blocks of R09, R10 and R14, undone and made
    again by `dagov close` from an empty decisions list; the decisions after them were written by hand."""
    import re

    meeting = example_copy / "da-2014/meetings/2014-08-13.yaml"
    published = {rel: (example_copy / rel).read_bytes() for rel in
                 ("da-2014/meetings/2014-08-13.yaml", *(f"da-2014/recommendations/{r}.yaml" for r in ("R09", "R10", "R14")))}
    text = meeting.read_text()
    start, end = text.index("decisions:\n"), text.index("\n\nactions:\n")
    by_hand = text[text.index("  - id: D4\n"):end + 1]
    meeting.write_text(text[:start] + "decisions: []\n" + text[end + 1:])
    evidence = {}
    for rec in ("R09", "R10", "R14"):
        path = example_copy / f"da-2014/recommendations/{rec}.yaml"
        found = re.search(r"status: closed\nclosed:\n  meeting: 2014-08-13\n  evidence:\n    - title: (.*)\n      link: (.*)\n",
                          path.read_text())
        evidence[rec] = f"{found[1]}={found[2]}"
        path.write_text(path.read_text().replace(found[0], "status: open\n"))
    for rec in ("R09", "R10", "R14"):
        result = run("close", rec, example_copy, "--meeting", "2014-08-13", "--evidence", evidence[rec])
        assert result.exit_code == 0, result.output
    text = meeting.read_text()
    meeting.write_text(text.replace("    close: R14\n", "    close: R14\n" + by_hand, 1))
    assert {rel: (example_copy / rel).read_bytes() for rel in published} == published


# --- dagov new plan --------------------------------------------------------------------------------------------


NEW_PLAN = ("vaw-2015", "--title", "Violence against women and girls", "--board", "safeguarding-board",
            "--owner", "chief-constable", "--lead", "lead", "--start", "2015-04-01")


def test_new_plan_adds_a_plan_folder_to_a_repository(tree_dir):
    plans = tree_dir()
    result = run("new", "plan", NEW_PLAN[0], plans, *NEW_PLAN[1:], "--source-title", "Everyone's business",
                 "--publisher", "HMIC", "--published", "2014-03-27", "--area", "Prevention", "--area", "Protection")
    assert result.exit_code == 0, result.output
    assert result.output == (f"created {plans}/vaw-2015: {plans}/vaw-2015/plan.yaml, "
                             f"{plans}/vaw-2015/recommendations/.gitkeep, {plans}/vaw-2015/meetings/.gitkeep, "
                             f"{plans}/vaw-2015/papers/.gitkeep\n")
    assert (plans / "vaw-2015/plan.yaml").read_text().splitlines()[1:] == """\
id: vaw-2015
title: Violence against women and girls
status: active
owner: chief-constable
lead: lead
board: safeguarding-board

source:
  title: Everyone's business
  publisher: HMIC
  published: 2014-03-27

summary:  # to fill in: a paragraph of background for papers (optional)

areas:
  prevention:
    title: Prevention
  protection:
    title: Protection

start: 2015-04-01""".splitlines()
    assert [f.as_text() for f in check(plans).findings] == []
    assert sorted(load_tree(str(plans))[0].plans) == ["p1", "vaw-2015"]


def test_new_plan_leaves_the_report_to_fill_in(tree_dir):
    plans = tree_dir()
    result = run("new", "plan", NEW_PLAN[0], plans, *NEW_PLAN[1:])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "3 value(s) still to fill in (`dagov check` lists them until they are):",
        f"  {plans}/vaw-2015/plan.yaml:10: 'title' is empty in this source (the inspection report's title); add it, "
        "e.g. title: Everyone's business: improving the police response to domestic abuse",
        f"  {plans}/vaw-2015/plan.yaml:11: 'publisher' is empty in this source (who published it); add it, e.g. "
        "publisher: HMIC",
        f"  {plans}/vaw-2015/plan.yaml:12: 'published' is empty in this source (when it was published); add it, e.g. "
        "published: 2014-03-27"]


@pytest.mark.parametrize(("change", "code", "message"), [
    ({"--board": "audit-board"}, 2,
     "dagov: --board 'audit-board' is not a board in organisation.yaml; the boards there: safeguarding-board\n"),
    ({"--lead": "leed"}, 2, "dagov: --lead 'leed' is not a role in organisation.yaml (did you mean 'lead'?); give a role id from there\n"),
    ({"ID": "p1"}, 1, "dagov: {plans}/p1 already exists; give the new plan an id of its own (its folder's name); "
     "nothing was written\n"),
])
def test_new_plan_refusals(tree_dir, change, code, message):
    plans = tree_dir()
    before = snapshot(plans)
    args = list(NEW_PLAN)
    for option, value in change.items():
        args[0 if option == "ID" else args.index(option) + 1] = value
    result = run("new", "plan", args[0], plans, *args[1:])
    assert (result.exit_code, result.output) == (code, message.format(plans=plans))
    assert {k: v for k, v in snapshot(plans).items() if k != ".dagov.lock"} == before


def test_new_plan_that_would_add_an_error_is_not_written(tree_dir):
    plans = tree_dir()
    before = snapshot(plans)
    args = list(NEW_PLAN)
    args[args.index("--title") + 1] = "Plan for jo.bloggs@example.com"
    result = run("new", "plan", args[0], plans, *args[1:])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"dagov: not written: {plans}/vaw-2015 would add 1 error(s) to the plan:"
    assert lines[1].startswith(f"  {plans}/vaw-2015/plan.yaml:3:") and "[personal-data]" in lines[1]
    assert {k: v for k, v in snapshot(plans).items() if k != ".dagov.lock"} == before


def test_an_open_recommendation_with_nothing_left_to_do_is_carried_with_a_hint(tree_dir):
    from helpers.trees import R01

    done = R01.replace("    status: in-progress\n", "    status: complete\n    completed: 2014-06-20\n"
                       "    evidence:\n      - title: Register\n        link: evidence/register.pdf\n")
    plans = tree_dir({"p1/recommendations/R01.yaml": done})
    result = run("supersede", "p1", plans, *SUPERSEDE)
    assert result.exit_code == 0, result.output
    assert (f"  {plans}/p2/recommendations/R01.yaml\n    new recommendation continuing p1/R01, with no action: none "
            "was still open; add the actions still needed, or have the board close it before superseding\n") in result.output
    assert [f.rule for f in check(plans).findings] == ["no-actions"]
