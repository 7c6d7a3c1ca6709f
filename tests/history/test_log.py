"""`dagov log ID`: the story of one recommendation or action from a real git history."""

from __future__ import annotations

import json
import subprocess

import pytest
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.history.itemlog import item_log
from helpers.gitrepo import GitPlans
from helpers.trees import COMPLETE_R01_2, P2_PLAN, P2_S01, R01_FILE as R01

S01 = "p2/recommendations/S01.yaml"


def story(log) -> list[tuple[str, list[str]]]:
    return [(e.commit.subject if e.commit else "(uncommitted)", [c.detail for c in e.changes]) for e in log.entries]


def run(*args: str):
    return CliRunner().invoke(app, ["log", *args])


@pytest.fixture
def repo(tmp_path) -> GitPlans:
    repo = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    repo.edit(R01, "    due: 2014-06-30\n    status: in-progress", "    due: 2014-05-31\n    status: in-progress")
    repo.commit("Unrelated commit touching the same file", "2014-03-13")
    return repo


def test_story_of_an_action_follows_a_rename_and_shows_a_revert(repo):
    repo.edit(R01, "    title: Write the course", "    title: Write the whole course").commit("R01.1 title", "2014-03-20")
    repo.edit(R01, *COMPLETE_R01_2).commit("R01.2 done", "2014-07-21")
    # renamed and edited in one commit: git sees a rename, dagov follows the id
    repo.move(R01, "p1/recommendations/R01-training.yaml")
    repo.edit("p1/recommendations/R01-training.yaml", "link: evidence/attendance.pdf", "link: evidence/attendance-v2.pdf")
    repo.edit("p1/recommendations/R01-training.yaml", "    completed: 2014-07-20", "    completed: 2014-07-19")
    repo.commit("Tidy R01", "2014-07-22")
    repo.edit("p1/recommendations/R01-training.yaml", "    owner: trainer\n    due: 2014-05-31",
              "    owner: lead\n    due: 2014-05-31").commit("Owner", "2014-07-23")
    repo.edit("p1/recommendations/R01-training.yaml", "    owner: lead\n    due: 2014-05-31",
              "    owner: trainer\n    due: 2014-05-31").commit("Revert owner", "2014-07-24")
    repo.edit("p1/recommendations/R01-training.yaml", "        reason: Summer leave.",
              "        reason: Summer leave.\n      - to: 2014-08-31\n        meeting: 2014-03-12\n        reason: More.")
    log = item_log(str(repo.plans), "R01.2")
    assert (log.plan, log.item, log.title) == ("p1", "R01.2", "Deliver the course")
    assert story(log) == [
        ("Plan as agreed", ["new action (owner trainer, due 2014-07-31, in-progress)"]),
        ("Unrelated commit touching the same file",
         ["original due date: 2014-06-30 → 2014-05-31 (an extension still applies)"]),
        ("R01.2 done", ["status: in-progress → complete (completed 2014-07-20)", "evidence added: Attendance report"]),
        ("Tidy R01", ["completed: 2014-07-20 → 2014-07-19",
                      "evidence moved: Attendance report now at evidence/attendance-v2.pdf",
                      "file renamed: p1/recommendations/R01.yaml → p1/recommendations/R01-training.yaml"]),
        ("Owner", ["owner: trainer → lead"]),
        ("Revert owner", ["owner: lead → trainer"]),
        ("(uncommitted)", ["due: 2014-07-31 → 2014-08-31 (extension approved at meeting 2014-03-12)"]),
    ]


def test_story_of_a_recommendation_names_its_actions(repo):
    repo.write({"p1/recommendations/R02.yaml": None}).commit("Withdraw R02", "2014-04-01")
    result = run("R02", str(repo.plans))
    assert result.exit_code == 0, result.output
    assert result.output.split("\n", 3)[:2] == ["R02  Lead from the top  (plan p1)", ""]
    lines = result.output.splitlines()[2:]
    assert lines[0].endswith("  Plan Lead  Plan as agreed") and lines[0].startswith("2014-03-12  ")
    assert lines[1:3] == ["    new recommendation (owner chief-constable, due 2014-03-31, 1 action)",
                          "    R02.1: new action (owner chief-constable, due 2014-03-01, complete)"]
    assert lines[3].startswith("2014-04-01  ") and lines[3].endswith("  Plan Lead  Withdraw R02")
    assert lines[4:] == ["    recommendation removed (it was closed)", "    R02.1: action removed (it was complete)"]


def test_a_file_that_could_not_be_read_at_a_commit(repo):
    repo.edit(R01, "  - id: R01.2\n", "  - id: R01.2\n  bad: [\n").commit("Broken", "2014-04-01")
    repo.edit(R01, "  - id: R01.2\n  bad: [\n", "  - id: R01.2\n").commit("Fixed", "2014-04-02")
    assert story(item_log(str(repo.plans), "R01.2"))[2:] == [
        ("Broken", ["the file holding it could not be read at this commit"])]


def test_an_id_in_two_plans_must_be_qualified(repo):
    s01 = P2_S01.replace("id: S01.1", "id: R01.2").replace("carried_from: p1/R01.2", "carried_from: p1/R01.2")
    repo.write({"p2/plan.yaml": P2_PLAN, S01: s01}).commit("p2", "2014-09-15")
    result = run("R01.2", str(repo.plans))
    assert (result.exit_code, result.output) == (
        2, "dagov: 'R01.2' is in more than one plan (p1, p2); name the plan, e.g. dagov log p1/R01.2\n")
    log = item_log(str(repo.plans), "p2/R01.2")
    assert story(log) == [("p2", ["carried forward from p1/R01.2 (owner trainer, due 2014-12-31, in-progress)"])]


def test_unknown_id_suggests_a_known_one(repo):
    result = run("R01.3", str(repo.plans))
    assert (result.exit_code, result.output) == (
        2, f"dagov: no recommendation or action 'R01.3' in the history of {repo.plans}; did you mean R01.2, R01.1, R01?\n")


def test_an_item_never_committed(repo):
    repo.edit(R01, "  - id: R01.2\n", "  - id: R01.3\n    title: New\n    owner: lead\n    due: 2014-09-01\n"
                                      "    status: not-started\n  - id: R01.2\n")
    assert story(item_log(str(repo.plans), "R01.3")) == [
        ("(uncommitted)", ["new action (owner lead, due 2014-09-01, not-started)"])]


def test_json(repo):
    result = run("R01.1", str(repo.plans), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["item"] == "R01.1" and document["version"] == 1
    assert [(e["date"], e["author"], e["message"]) for e in document["entries"]] == [
        ("2014-03-12", "Plan Lead", "Plan as agreed")]


def test_shallow_clone(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.top}", str(clone)], check=True)
    result = run("R01.2", str(clone / "plans"))
    assert (result.exit_code, result.output) == (
        2, "dagov: the history of R01.2 before 2014-03-13 is missing: this clone is shallow; "
           "run 'git fetch --unshallow' to fetch the rest of the history\n")


def test_outside_a_git_repository(tree_dir):
    plans = tree_dir()
    result = run("R01.2", str(plans))
    assert (result.exit_code, result.output) == (
        2, f"dagov: '{plans}' is not inside a git repository; dagov reads the plan's history from git, so run "
           "this in a clone of the plan's repository\n")


def test_a_merged_branch_counts_as_one_change_on_the_main_line(repo):
    from helpers.gitrepo import git

    git(repo.top, "checkout", "-q", "-b", "side")
    repo.edit(R01, "    owner: trainer\n    due: 2014-05-31", "    owner: lead\n    due: 2014-05-31").commit("Side 1", "2014-04-01")
    repo.edit(R01, "    status: in-progress\n    partners", "    status: blocked\n    partners").commit("Side 2", "2014-04-02")
    git(repo.top, "checkout", "-q", "main")
    repo.edit(R01, "    title: Write the course", "    title: Write it").commit("Main", "2014-04-03")
    git(repo.top, "merge", "-q", "--no-ff", "-m", "Merge side", "side",
        env={"GIT_AUTHOR_DATE": "2014-04-04T12:00:00+00:00", "GIT_COMMITTER_DATE": "2014-04-04T12:00:00+00:00"})
    assert story(item_log(str(repo.plans), "R01.2"))[2:] == [
        ("Merge side", ["status: in-progress → blocked", "owner: trainer → lead"])]
