"""The paper block changes-since-last-meeting: `dagov render` reads it from git and hands it to rendering."""

from __future__ import annotations

from helpers.gitrepo import GitPlans
from helpers.trees import MEETING_APRIL
from helpers.trees import R01_FILE as R01
from typer.testing import CliRunner

from dagov.cli.app import app

PAPER = """\
id: sb-2014-05
template: board-paper
to: safeguarding-board
from: lead
date: 2014-05-07
subject: Progress since April
foi: disclosable
sections:
  - title: Changes since the last meeting
    include: changes-since-last-meeting
    audience: internal
"""

def test_rendered_paper_lists_what_moved_since_the_board_met(tmp_path):
    repo = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    repo.write({"p1/meetings/2014-04-09.yaml": MEETING_APRIL}).commit("April minutes", "2014-04-09")
    repo.edit(R01, "    owner: trainer\n    due: 2014-06-30", "    owner: lead\n    due: 2014-06-30")
    repo.write({"p1/papers/sb-2014-05.yaml": PAPER})  # being written: not committed yet
    paper = str(repo.plans / "p1/papers/sb-2014-05.yaml")
    result = CliRunner().invoke(app, ["render", "paper", paper, "--audience", "internal"])
    assert result.exit_code == 0, result.output
    body, section = result.stdout.split("## Annex A: Changes since the last meeting\n\n", 1)
    assert "## 1. Changes since the last meeting\n\n**1.1** The changes to the plan since the last meeting are " \
           "in Annex A.\n" in body
    assert section.startswith("**A.1** Changes from commit `")
    # render's period starts at the board's previous meeting: the last commit on or before that day
    assert "of 2014-04-09 (the last commit on or before 2014-04-09) to the working tree (as of 2014-05-07)." \
           "\n\n### Training\n\n" in section
    assert "- **R01.2** Deliver the course\n  - owner: trainer → lead\n" in section


def test_a_public_paper_leaves_the_changes_out_and_says_so(tmp_path):
    repo = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    repo.write({"p1/papers/sb-2014-05.yaml": PAPER.replace("    audience: internal\n", "")})
    result = CliRunner().invoke(app, ["render", "paper", str(repo.plans / "p1/papers/sb-2014-05.yaml")])
    assert result.exit_code == 0, result.output
    assert "Changes from commit" not in result.stdout and "## 1." not in result.stdout
    assert "\n*Public version: left out as internal are the changes since the last meeting.*\n" in result.stdout
