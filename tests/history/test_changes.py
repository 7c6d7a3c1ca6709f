"""`dagov changes`: plans compared at two points of a real git history."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import replace as _replace

import pytest
from helpers.gitrepo import GitPlans, git
from helpers.trees import COMPLETE_R01_2, MEETING_APRIL, P2_PLAN, P2_S01, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.history.compare import Snapshot, compare
from dagov.history.git import HistoryError
from dagov.history.points import changes
from dagov.history.report import changes_block, changes_markdown
from dagov.plan.load import load_tree

R01 = "p1/recommendations/R01.yaml"
R02 = "p1/recommendations/R02.yaml"
AS_OF = dt.date(2014, 8, 1)


def flat(result) -> list[tuple[str, str, str, str, str]]:
    return [(p.plan, g.key, c.subject, c.kind, c.detail) for p in result.plans for g in p.groups for c in g.changes]


def run(*args: str):
    return CliRunner().invoke(app, ["changes", *args])


@pytest.fixture
def repo(tmp_path) -> GitPlans:
    return GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")


def test_completion_evidence_and_rag_between_two_commits(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    head = repo.edit(R01, *COMPLETE_R01_2).commit("R01.2 complete", "2014-07-21")
    result = changes(str(repo.plans), base, head, AS_OF)
    assert result.since.date == dt.date(2014, 3, 12) and result.until.date == dt.date(2014, 7, 21)
    assert flat(result) == [
        ("p1", "training", "R01.2", "completed", "status: in-progress → complete (completed 2014-07-20)"),
        ("p1", "training", "R01.2", "evidence", "evidence added: Attendance report"),
        # completed on 2014-04-20, after the first point's date: in progress then, complete now
        ("p1", "training", "R01.1", "rag", "RAG: green → complete on 2014-04-20"),
    ]


def test_deletion_of_a_recommendation_file(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    repo.write({R02: None}).commit("R02 withdrawn", "2014-04-01")
    result = changes(str(repo.plans), base, "HEAD", AS_OF)
    assert flat(result) == [
        ("p1", "leadership", "R02", "removed", "recommendation removed (it was closed)"),
        ("p1", "leadership", "R02.1", "removed", "action removed (it was complete)"),
    ]


def test_renamed_file_is_the_same_recommendation(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    repo.move("p1/recommendations/R02.yaml", "p1/recommendations/R2.yaml").commit("Rename", "2014-04-01")
    assert flat(changes(str(repo.plans), base, "HEAD", dt.date(2014, 4, 1))) == []


def test_an_edit_then_its_revert_is_no_change(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    edited = repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30") \
        .commit("Give R01.2 to the lead", "2014-04-01")
    repo.edit(R01, "    owner: lead\n    due: 2014-06-30", "    owner: trainer\n    due: 2014-06-30") \
        .commit("Revert: give R01.2 back", "2014-04-02")
    assert flat(changes(str(repo.plans), base, "HEAD", AS_OF)) == []
    assert flat(changes(str(repo.plans), base, edited, AS_OF)) == [
        ("p1", "training", "R01.2", "owner", "owner: trainer → lead")]


def test_uncommitted_edits_are_in_the_default_until(repo):
    repo.edit(R01, "    due: 2014-04-30", "    due: 2014-05-15")  # not committed
    result = changes(str(repo.plans), "HEAD", None, dt.date(2014, 3, 13))
    assert result.until.commit is None and result.until.label == "the working tree (as of 2014-03-13)"
    assert flat(result) == [
        ("p1", "training", "R01.1", "due", "due: 2014-04-30 → 2014-05-15 (no approved extension recorded)")]


def test_extension_and_owner_and_update(repo):
    repo.edit(R01, "        reason: Summer leave.",
              "        reason: Summer leave.\n      - to: 2014-08-31\n        meeting: 2014-03-12\n        reason: More.")
    repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30")
    repo.edit(R01, "    partners: [county-council]",
              "    partners: [county-council]\n    updates:\n      - date: 2014-04-01\n        by: lead\n"
              "        note: Venues   booked.\n        rag: amber")
    result = changes(str(repo.plans), "HEAD", None, dt.date(2014, 3, 12))
    assert flat(result) == [
        ("p1", "training", "R01.2", "extended", "due: 2014-07-31 → 2014-08-31 (extension approved at meeting 2014-03-12)"),
        ("p1", "training", "R01.2", "owner", "owner: trainer → lead"),
        ("p1", "training", "R01.2", "update", "update 2014-04-01 by lead (amber): Venues booked."),
    ]


def test_commit_boundaries_use_each_commits_own_day(repo):
    first = repo.write({"p1/meetings/2014-04-09.yaml": MEETING_APRIL}).commit("Minutes", "2014-06-11T23:59:59+00:00")
    second = repo.edit(R01, "        rag: green", "        rag: amber").commit("RAG", "2014-06-12T00:00:00+00:00")
    # 23:30 UTC on the 12th, but the 13th where it was committed: it counts as the 13th
    repo.edit(R01, "        rag: amber", "        rag: red").commit("RAG again", "2014-06-13T00:30:00+01:00")
    assert changes(str(repo.plans), "2014-06-11", "2014-06-12", AS_OF).since.commit.sha == first
    assert changes(str(repo.plans), "2014-06-11", "2014-06-12", AS_OF).until.commit.sha == second
    result = changes(str(repo.plans), "2014-06-12", "2014-06-13", AS_OF)
    assert result.since.date == dt.date(2014, 6, 12) and result.since.commit.sha == second
    with pytest.raises(HistoryError) as err:
        changes(str(repo.plans), "2014-03-11", None, AS_OF)
    assert str(err.value) == "there is no commit on or before 2014-03-11: the history starts on 2014-03-12; " \
                             "give a later date or revision"


def test_rag_turning_red_is_a_new_red(repo):
    repo.edit(R02, "timescale: within one month", "timescale: within a month").commit("Wording", "2014-08-05")
    result = changes(str(repo.plans), "2014-03-12", "2014-08-05", AS_OF)
    assert flat(result) == [
        ("p1", "training", "R01.2", "new-red", "RAG: green → red: due 2014-07-31, 5 days overdue"),
        ("p1", "training", "R01.1", "rag", "RAG: green → complete on 2014-04-20"),
    ]


def test_since_last_meeting(repo):
    repo.edit(R01, "        rag: green", "        rag: amber").commit("R01.1 rated amber", "2014-03-20")
    repo.write({"p1/meetings/2014-04-09.yaml": MEETING_APRIL}).commit("April minutes", "2014-04-09")
    repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30") \
        .commit("New owner", "2014-04-15")
    result = changes(str(repo.plans), "last-meeting", None, dt.date(2014, 4, 16))
    assert result.since.date == dt.date(2014, 4, 9)
    assert result.since.note == "the last commit on or before the safeguarding-board meeting of 2014-04-09"
    assert flat(result) == [
        ("p1", "training", "R01.1", "rag", "RAG: green → amber: due 2014-04-30, in 14 days"),
        ("p1", "training", "R01.2", "owner", "owner: trainer → lead"),
    ]
    # At the April meeting itself, the last meeting before it was March's.
    result = changes(str(repo.plans), "last-meeting", "2014-04-09", AS_OF)
    assert result.since.date == dt.date(2014, 3, 12)
    assert flat(result) == [
        ("p1", "training", "R01.1", "update", "update 2014-03-10 by trainer edited: rag: green → amber"),
        ("p1", "_board", "2014-04-09", "meeting", "meeting of safeguarding-board on 2014-04-09"),
        ("p1", "_board", "2014-04-09", "decision", "decision D1: Progress on training noted."),
    ]


def test_no_meeting_before_until(repo):
    result = run(str(repo.plans), "--since", "last-meeting", "--as-of", "2014-03-01")
    assert result.exit_code == 2
    assert result.output == ("dagov: no board meeting before 2014-03-01 is recorded in the plans; "
                             "give --since a date (YYYY-MM-DD) or a revision instead\n")


def test_last_meeting_older_than_the_history_suggests_the_first_commit(tmp_path):
    # the plans record the board's 2014-03-12 meeting, but were first committed on 2014-03-20
    late = GitPlans.with_base(tmp_path / "late", when="2014-03-20T09:00:00+00:00")
    first = git(late.top, "rev-parse", "--short=7", "HEAD")
    result = run(str(late.plans), "--since", "last-meeting", "--as-of", "2014-03-25")
    assert (result.exit_code, result.output) == (2, (
        "dagov: --since last-meeting: the last board meeting before 2014-03-25 (safeguarding-board, 2014-03-12) "
        f"is older than the plans' git history, which starts with commit {first} of 2014-03-20; give --since "
        f"{first} to compare with the first commit\n"))
    assert run(str(late.plans), "--since", first, "--as-of", "2014-03-25").exit_code == 0


def supersede(repo: GitPlans) -> GitPlans:
    repo.write({"p2/plan.yaml": P2_PLAN, "p2/recommendations/S01.yaml": P2_S01})
    repo.edit("p1/plan.yaml", "status: active", "status: superseded\nsuperseded_by: p2")
    return repo.edit(R01, "    status: in-progress\n    partners", "    status: cancelled\n    partners")


def test_carried_actions_are_shown_as_carried(repo):
    supersede(repo).commit("Supersede p1 by p2", "2014-09-15")
    result = changes(str(repo.plans), "2014-03-12", "2014-09-15", AS_OF)
    assert flat(result) == [
        ("p1", "_plan", "p1", "superseded", "status: active → superseded (superseded by p2)"),
        ("p1", "training", "R01.2", "status", "status: in-progress → cancelled (carried forward to p2/S01.1)"),
        ("p1", "training", "R01.1", "rag", "RAG: green → complete on 2014-04-20"),
        ("p2", "_plan", "p2", "added", "new plan (1 recommendation)"),
        ("p2", "training", "S01.1", "carried", "carried forward from p1/R01.2 (owner trainer, due 2014-12-31, in-progress)"),
        ("p2", "training", "S01", "added", "new area for improvement (owner trainer, due 2014-12-31, 1 action)"),
    ]


def test_plans_at_the_top_of_the_repository(tmp_path):
    repo = GitPlans.with_base(tmp_path / "top", sub="")
    repo.edit(R01, "    due: 2014-04-30", "    due: 2014-05-15")
    assert [c[2:4] for c in flat(changes(str(repo.plans), "HEAD", None, dt.date(2014, 3, 1)))] == [("R01.1", "due")]


def test_plans_deep_in_a_repository_and_relative_path(tmp_path, monkeypatch):
    repo = GitPlans.with_base(tmp_path / "top", sub="governance/plans")
    (repo.top / "README.txt").write_text("not a plan file")
    repo.edit(R01, "    due: 2014-04-30", "    due: 2014-05-15").commit("Slip", "2014-03-20")
    monkeypatch.chdir(repo.top / "governance")
    result = run("plans", "--since", "2014-03-12", "--until", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["count"] == 1 and document["plans"][0]["groups"][0]["changes"][0]["subject"] == "R01.1"
    assert document["since"]["asked"] == "2014-03-12" and document["until"]["date"] == "2014-03-20"


def test_shallow_clone_says_history_is_missing(repo, tmp_path):
    repo.edit(R01, "    due: 2014-04-30", "    due: 2014-05-15").commit("Slip", "2014-03-20")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.top}", str(clone)], check=True)
    plans = str(clone / "plans")
    result = run(plans, "--since", "HEAD~1")
    assert result.exit_code == 2
    assert result.output == ("dagov: --since 'HEAD~1' is not in this clone: it is shallow, so older history is "
                             "missing; run 'git fetch --unshallow' to fetch the rest of the history\n")
    result = run(plans, "--since", "2014-03-12")
    assert result.exit_code == 2
    assert result.output == ("dagov: there is no commit on or before 2014-03-12 in this clone: it is shallow, so "
                             "older history is missing; run 'git fetch --unshallow' to fetch the rest of the history\n")
    assert run(plans, "--since", "2014-03-20", "--as-of", "2014-03-20").exit_code == 0


def test_outside_a_git_repository(tree_dir):
    plans = tree_dir()
    result = run(str(plans), "--since", "HEAD")
    assert result.exit_code == 2
    assert result.output == (f"dagov: '{plans}' is not inside a git repository; dagov reads the plan's history "
                             "from git, so run this in a clone of the plan's repository\n")


def test_bad_revision_and_bad_date(repo):
    result = run(str(repo.plans), "--since", "no-such-branch")
    assert (result.exit_code, result.output) == (2, "dagov: --since 'no-such-branch' is neither a git revision (commit, "
                                                    "branch, tag) nor a date (YYYY-MM-DD)\n")
    result = run(str(repo.plans), "--since", "2014-02-30")
    # named by its option and said as every date option says it (issue 17 item 10)
    assert (result.exit_code, result.output) == (2, "dagov: --since '2014-02-30' is not a real calendar date (check "
                                                    "the day and month); write it as YYYY-MM-DD, e.g. 2014-06-12\n")


def test_text_output(repo):
    base = git(repo.top, "rev-parse", "--short=7", "HEAD")
    head = repo.edit(R01, *COMPLETE_R01_2).commit("R01.2 complete", "2014-07-21")
    result = run(str(repo.plans), "--since", "2014-03-12", "--until", head[:12])
    assert result.exit_code == 0
    assert result.output == f"""\
Changes in {repo.plans}
  from commit {base} of 2014-03-12, the last commit on or before 2014-03-12
  to   commit {head[:7]} of 2014-07-21

p1: Test plan
  Training
    R01.2  Deliver the course
      status: in-progress → complete (completed 2014-07-20)
      evidence added: Attendance report
    R01.1  Write the course
      RAG: green → complete on 2014-04-20

3 changes.
"""


def test_markdown_and_paper_block(repo):
    repo.write({"p1/meetings/2014-04-09.yaml": MEETING_APRIL}).commit("April minutes", "2014-04-09")
    repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30")
    result = changes(str(repo.plans), "last-meeting", None, dt.date(2014, 5, 1))
    since = result.since.commit.short
    assert changes_markdown(result) == f"""\
Changes from commit `{since}` of 2014-04-09 (the last commit on or before the safeguarding-board meeting of 2014-04-09) to the working tree (as of 2014-05-01).

## p1: Test plan

### Training

- **R01.1** Write the course
  - RAG: green → complete on 2014-04-20
- **R01.2** Deliver the course
  - owner: trainer → lead
"""
    block = changes_block(str(repo.plans), "p1", dt.date(2014, 5, 1))
    assert block == changes_markdown(result).replace("## p1: Test plan\n\n", "")
    # A paper with its own period start: since the last commit on or before it.
    block = changes_block(str(repo.plans), "p1", dt.date(2014, 5, 1), since=dt.date(2014, 3, 12))
    assert block.startswith(f"Changes from commit `{git(repo.top, 'rev-parse', '--short=7', 'HEAD~1')}` of "
                            "2014-03-12 (the last commit on or before 2014-03-12) to the working tree")
    assert "- **2014-04-09**\n  - meeting of safeguarding-board on 2014-04-09\n" in block


def test_paper_block_outside_git_is_a_note(tree_dir):
    plans = tree_dir()
    assert changes_block(str(plans), "p1", dt.date(2014, 5, 1)) == (
        "*(Changes since the last meeting are not available: the plans are not in a git repository.)*\n")


def test_paper_block_dated_before_the_history(repo):
    assert changes_block(str(repo.plans), "p1", dt.date(2014, 3, 1)) == (
        "*(Changes since the last meeting are not available: the plans' git history starts on 2014-03-12, "
        "after 2014-03-01.)*\n")


def test_a_tree_compared_with_itself_has_no_changes(tree_dir):
    tree, _ = load_tree(tree_dir())
    assert compare(Snapshot(tree, dt.date(2014, 5, 1)), Snapshot(tree, dt.date(2014, 5, 1))) == ()


def test_an_old_paper_rendered_again_reads_the_history_at_its_date(repo):
    from dagov.history.points import changes_since_last_meeting

    base = git(repo.top, "rev-parse", "HEAD")
    repo.edit(R01, "        rag: green", "        rag: amber").commit("R01.1 rated amber", "2014-03-20")
    repo.write({"p1/meetings/2014-04-09.yaml": MEETING_APRIL}).commit("April minutes", "2014-04-09")
    repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30")  # uncommitted
    result = changes_since_last_meeting(str(repo.plans), dt.date(2014, 4, 8), "p1")
    assert result.until.commit is not None and result.until.commit.date == dt.date(2014, 3, 20)
    assert result.since.commit.sha == base
    assert flat(result) == [
        ("p1", "training", "R01.1", "update", "update 2014-03-10 by trainer edited: rag: green → amber")]


# --- properties of compare(), on trees edited in memory ------------------------------

EDITS = {
    "status": st.sampled_from(["not-started", "complete", "blocked", "cancelled"]),
    "owner": st.sampled_from(["lead", "chief-constable"]),
    "due": st.dates(dt.date(2014, 1, 1), dt.date(2015, 12, 31)).filter(lambda d: d != dt.date(2014, 6, 30)),
    "title": st.text(min_size=1, max_size=30).filter(lambda t: t != "Deliver the course"),
}


@pytest.fixture(scope="module")
def base_tree(tmp_path_factory):
    tree, _ = load_tree(write_tree(tmp_path_factory.mktemp("tree") / "plans", {}))
    return tree


def _with_action(tree, **fields):
    plan = tree.plans["p1"]
    rec = plan.recommendations["R01"]
    actions = tuple(_replace(a, **fields) if a.id == "R01.2" else a for a in rec.actions)
    rec = _replace(rec, actions=actions)
    return _replace(tree, plans={"p1": _replace(plan, recommendations={**plan.recommendations, "R01": rec})})


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({}, optional=EDITS))
def test_each_edited_field_is_reported_once_in_plan_terms(base_tree, edits):
    day = dt.date(2014, 5, 1)
    edited = _with_action(base_tree, **edits)
    found = compare(Snapshot(base_tree, day), Snapshot(edited, day))
    fields = [c.detail.split(":")[0].replace("original due date", "due")
              for p in found for c in p.changes if c.kind not in ("rag", "new-red")]
    assert sorted(fields) == sorted(edits)
    assert all(c.subject == "R01.2" for p in found for c in p.changes)
    # and back again: the same fields, the other way round
    back = compare(Snapshot(edited, day), Snapshot(base_tree, day))
    assert sorted(c.detail.split(":")[0].replace("original due date", "due")
                  for p in back for c in p.changes if c.kind not in ("rag", "new-red")) == sorted(edits)


def test_a_repository_without_commits(tmp_path):
    repo = GitPlans(tmp_path / "empty").write({"organisation.yaml": "name: X\n"})
    for args in (["changes", str(repo.plans), "--since", "2014-01-01"], ["changes", str(repo.plans), "--since", "HEAD"],
                 ["log", "R01", str(repo.plans)]):
        result = CliRunner().invoke(app, args)
        assert (result.exit_code, result.output) == (2, "dagov: the repository has no commits yet; commit the plans first\n")


def test_until_cannot_be_last_meeting(repo):
    result = run(str(repo.plans), "--since", "HEAD", "--until", "last-meeting")
    assert (result.exit_code, result.output) == (2, "dagov: --until cannot be last-meeting; give a revision or a date, "
                                                    "or leave it out for the working tree\n")


def test_a_file_broken_at_one_point_is_not_a_removal(repo):
    (repo.plans / R02).write_text("id: R02\nactions: [\n", encoding="utf-8")  # uncommitted, and broken
    assert flat(changes(str(repo.plans), "HEAD", None, dt.date(2014, 3, 12))) == [
        ("p1", "_plan", "R02", "unreadable", "file R02.yaml could not be read at one of the two points; run dagov check")]


MEETING = "p1/meetings/2014-03-12.yaml"


def test_a_changed_decision_says_what_changed(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    repo.edit(MEETING, "    extend: R01.2\n    to: 2014-07-31", "    extend: R01.2\n    to: 2014-08-31") \
        .edit(R01, "      - to: 2014-07-31", "      - to: 2014-08-31").commit("date corrected", "2014-04-01")
    details = [d for _, _, subject, kind, d in flat(changes(str(repo.plans), base, "HEAD", AS_OF)) if kind == "decision"]
    assert details == ["decision D2 changed: to: 2014-07-31 → 2014-08-31"]


def test_a_deleted_meeting_is_reported(repo):
    base = git(repo.top, "rev-parse", "HEAD")
    repo.write({MEETING: None}).commit("minutes withdrawn", "2014-04-01")
    result = changes(str(repo.plans), base, "HEAD", AS_OF)
    assert ("p1", "_board", "2014-03-12", "removed",
            "meeting of safeguarding-board on 2014-03-12 removed, with its 2 decisions") in flat(result)
