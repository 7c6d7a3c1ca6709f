"""Figures as recorded (issue 14): an old paper reads from the plans as committed at the end of its
date, so later commits and working-tree edits never change it; the colophon names the source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.gitrepo import git
from typer.testing import CliRunner

from dagov.cli.app import app

PAPER = "da-2014/papers/sb-2014-06.yaml"
R03 = "da-2014/recommendations/R03.yaml"
TITLE = "title: Build a data extract from the crime system for domestic abuse outcomes"
RENAMED = "title: Buy a data warehouse"


@pytest.fixture
def repo(replayed_example, tmp_path) -> Path:
    """A clone of the replayed example, its history cut at the end of June 2014 (the files stay as
    published: later states are uncommitted edits, and a June tree can name July's meetings)."""
    top = tmp_path / "example"
    shutil.copytree(replayed_example, top)
    full = git(top, "rev-parse", "HEAD")
    june = git(top, "log", "-1", "--format=%H", "--before=2014-07-01T00:00:00+00:00", "HEAD")
    git(top, "reset", "-q", "--soft", june)
    git(top, "tag", "full", full)
    return top


def render(top: Path, *args: str, plans: str = "plans", paper: str = PAPER) -> str:
    result = CliRunner().invoke(app, ["render", "paper", f"{plans}/{paper}", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def in_repo(repo, monkeypatch):
    monkeypatch.chdir(repo)
    return repo


def _rename_the_action(top: Path, plans: str = "plans") -> None:
    path = top / plans / R03
    path.write_text(path.read_text(encoding="utf-8").replace(TITLE, RENAMED), encoding="utf-8")


def test_a_june_paper_is_the_same_after_july_commits_and_an_undated_edit(in_repo):
    before = render(in_repo)
    commit = git(in_repo, "log", "-1", "--format=%h", "--before=2014-06-07T00:00:00+00:00", "HEAD")
    assert f"*Figures from the plan as recorded on 6 June 2014, commit {commit}*\n" in before
    assert "Build a data extract" in before
    git(in_repo, "reset", "-q", "--soft", "full")  # the July to November commits arrive
    _rename_the_action(in_repo)  # an edit with no date: reconstruction cannot tell it is new
    git(in_repo, "commit", "-qam", "Rename R03.3", env={"GIT_COMMITTER_DATE": "2014-12-01T10:00:00+00:00",
                                                         "GIT_AUTHOR_DATE": "2014-12-01T10:00:00+00:00"})
    assert render(in_repo) == before
    current = render(in_repo, "--current")
    assert "Buy a data warehouse" in current  # what the paper would say without the record
    assert "*Figures as of 6 June 2014, reconstructed from the current files*\n" in current


def test_the_12_june_paper_is_byte_identical_before_and_after_july_commits(in_repo):
    bcb = "da-2014/papers/bcb-2014-06-12.yaml"
    before = render(in_repo, paper=bcb)
    commit = git(in_repo, "log", "-1", "--format=%h", "--before=2014-06-13T00:00:00+00:00", "HEAD")
    assert f"*Figures from the plan as recorded on 12 June 2014, commit {commit}*\n" in before
    git(in_repo, "reset", "-q", "--soft", "full")
    _rename_the_action(in_repo)
    assert render(in_repo, paper=bcb) == before
    assert render(in_repo, "--format", "html", paper=bcb).count(f"commit {commit}") == 1


def test_working_tree_edits_do_not_reach_an_old_paper(in_repo):
    before = render(in_repo)
    _rename_the_action(in_repo)
    assert render(in_repo) == before


def test_reading_at_a_commit_follows_a_renamed_plans_folder(in_repo):
    before = render(in_repo)
    (in_repo / "governance").mkdir()
    git(in_repo, "mv", "plans", "governance/plans")
    git(in_repo, "commit", "-qm", "Move the plans", env={"GIT_COMMITTER_DATE": "2014-07-02T10:00:00+00:00",
                                                         "GIT_AUTHOR_DATE": "2014-07-02T10:00:00+00:00"})
    assert render(in_repo, plans="governance/plans") == before


def test_without_history_the_paper_says_it_was_reconstructed(tmp_path, monkeypatch):
    from helpers.trees import EXAMPLE

    shutil.copytree(EXAMPLE, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    assert "*Figures as of 6 June 2014, reconstructed from the current files*\n" in render(tmp_path)


def test_a_paper_dated_after_the_last_commit_reads_the_working_tree(in_repo):
    """A paper being written now: its plan is the files being edited, not the last commit."""
    git(in_repo, "reset", "-q", "--soft", git(in_repo, "log", "-1", "--format=%H", "--before=2014-06-07T00:00:00+00:00"))
    _rename_the_action(in_repo)
    paper = render(in_repo)
    assert "Buy a data warehouse" in paper
    assert "reconstructed from the current files" in paper


def test_reports_with_recorded_say_where_the_figures_come_from(in_repo):
    _rename_the_action(in_repo)
    result = CliRunner().invoke(app, ["show", "R03.3", "plans", "--as-of", "2014-06-12", "--recorded"])
    assert result.exit_code == 0, result.output
    assert "Build a data extract" in result.stdout and "Buy a data warehouse" not in result.stdout
    commit = git(in_repo, "log", "-1", "--format=%h", "--before=2014-06-13T00:00:00+00:00", "HEAD")
    assert f"dagov: Figures from the plan as recorded on 12 June 2014, commit {commit}\n" in result.stderr
    early = CliRunner().invoke(app, ["status", "plans", "--as-of", "2013-01-01", "--recorded"])
    assert "dagov: Figures as of 1 January 2013, reconstructed from the current files (the plans' git history " \
           "starts on 2014-02-03, after 2013-01-01)\n" in early.stderr
    exported = CliRunner().invoke(app, ["export", "csv", "plans", "--as-of", "2014-06-12", "--recorded"])
    assert "Build a data extract" in exported.stdout and "Buy a data warehouse" not in exported.stdout


def test_an_agenda_with_recorded_reads_the_plans_of_the_day_before_its_meeting(in_repo):
    git(in_repo, "reset", "-q", "--soft", "full")
    result = CliRunner().invoke(app, ["render", "agenda", "2014-11-12", "plans", "--recorded"])
    assert result.exit_code == 0, result.output
    commit = git(in_repo, "log", "-1", "--format=%h", "--before=2014-11-12T00:00:00+00:00", "HEAD")
    assert f"*Figures from the plan as recorded on 11 November 2014, commit {commit}*\n" in result.stdout
