"""Every finding reaches a GitHub run, past GitHub's 10 error and 10 warning annotations (issue 17 item 19):
`--summary FILE` lists them all in the job summary, and the templates print them all as text too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers.tools import need_program
from helpers.trees import BASE, REPO
from typer.testing import CliRunner

from dagov.cli.app import app

runner = CliRunner()
DAGOV_BIN = Path(sys.executable).parent
R01 = BASE["p1/recommendations/R01.yaml"]


@pytest.fixture
def many(tree_dir, monkeypatch):
    """A plans tree with 12 errors (more than GitHub annotates) in `plans`, the working directory's."""
    files = {f"p1/recommendations/R{n}.yaml": R01.replace("id: R01", f"id: R{n}").replace("R01.", f"R{n}.")
             .replace("status: open", "status: opne") for n in range(10, 16)}
    root = tree_dir(files)
    monkeypatch.chdir(root.parent)
    findings = json.loads(runner.invoke(app, ["check", "plans", "--format", "json"]).stdout)
    assert len([f for f in findings if f["severity"] == "error"]) == 12
    return findings


def test_the_summary_lists_every_finding_and_says_why(many, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("from an earlier step\n")
    result = runner.invoke(app, ["check", "plans", "--format", "github", "--summary", str(summary)])
    plain = runner.invoke(app, ["check", "plans", "--format", "github"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, plain.stdout, plain.stderr)  # annotations as ever
    lines = summary.read_text().splitlines()
    assert lines[:6] == [
        "from an earlier step",  # added to, never replaced: the file is the whole job's
        "## dagov check: 12 errors, 0 warnings in 11 files",
        "",
        "GitHub shows at most 10 error and 10 warning annotations on the lines of a change; every finding is listed here.",
        "",
        "| File | Line | Severity | Rule | Finding |",
    ]
    rows = lines[7:-1]
    assert lines[-1] == ""  # a blank line ends it, before whatever the next step adds
    assert len(rows) == len(many) == 12
    assert rows[0] == ("| plans/p1/recommendations/R10.yaml | 9:9 | error | bad-value | 'status' of recommendation R10 "
                       "is 'opne', which is not allowed; use one of: open, closed, superseded (did you mean 'open'?) |")


def test_a_clean_tree_says_so_and_an_empty_file_name_writes_nothing(tree_dir, monkeypatch, tmp_path):
    monkeypatch.chdir(tree_dir().parent)
    summary = tmp_path / "summary.md"
    assert runner.invoke(app, ["check", "plans", "--summary", str(summary)]).exit_code == 0
    assert summary.read_text() == "## dagov check: 0 errors, 0 warnings in 5 files\n\nNo findings.\n\n"
    result = runner.invoke(app, ["check", "plans", "--summary", ""])  # $GITHUB_STEP_SUMMARY unset, outside GitHub
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 5 files\n")


def test_a_summary_that_cannot_be_written_is_a_usage_error(tree_dir, monkeypatch, tmp_path):
    monkeypatch.chdir(tree_dir().parent)
    result = runner.invoke(app, ["check", "plans", "--summary", "missing/s.md"])
    assert result.exit_code == 2
    assert result.stderr == ("dagov: --summary 'missing/s.md' could not be written (No such file or "
                             "directory); give a file in a folder that exists, e.g. --summary \"$GITHUB_STEP_SUMMARY\" "
                             "in GitHub Actions\n")


def _step_script(workflow: Path) -> str:
    steps = yaml.safe_load(workflow.read_text())["jobs"]["check"]["steps"]
    [script] = [step["run"] for step in steps if "dagov check" in step.get("run", "")]
    return script


@pytest.mark.parametrize("template", ["ci", "init"])
def test_the_github_templates_annotate_summarise_and_print_every_finding(many, tmp_path, template):
    need_program("bash", "apt-get install bash")
    if template == "ci":
        workflow = REPO / "ci" / "github-workflow.yml"
    else:
        assert runner.invoke(app, ["init", str(tmp_path / "new"), "--organisation", "X", "--start", "2015-01-05"]).exit_code == 0
        workflow = tmp_path / "new" / ".github" / "workflows" / "dagov-check.yml"
    summary = tmp_path / "step-summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{DAGOV_BIN}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1"}
    # as GitHub runs a `run:` step: bash -e
    result = subprocess.run(["bash", "-e", "-c", _step_script(workflow)], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    out = result.stdout.splitlines()
    assert len([line for line in out if line.startswith("::error file=plans/")]) == 12  # the annotations
    assert len([line for line in out if line.startswith("plans/") and ": error [" in line]) == 12  # and as text
    assert out[-1] == "12 errors, 0 warnings in 11 files"
    assert summary.read_text().count("| plans/p1/recommendations/") == 12
