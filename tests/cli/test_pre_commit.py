"""The pre-commit hooks, run for real: this repository's by `pre-commit try-repo` on a temporary governance
repository, and the local one `dagov init` writes by `pre-commit run` in a fresh `dagov init` repository.

Skipped only when pre-commit is not installed (it is in the `test` extra, so CI runs it).
For try-repo, pre-commit builds a virtualenv and pip-installs dagov from a temporary copy of this
repository (the working tree as it is, committed into a fresh git repository).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers.trees import BASE, REPO, write_tree
from typer.testing import CliRunner

from dagov.cli.app import app

PRE_COMMIT = shutil.which("pre-commit") or (
    str(Path(sys.executable).with_name("pre-commit")) if Path(sys.executable).with_name("pre-commit").exists() else None
)
R01 = "p1/recommendations/R01.yaml"


def test_hook_definition():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "dagov-check"
    assert hook["entry"] == "dagov check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["files"] == "^plans/"


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _copy_of_this_repository(target: Path) -> Path:
    """This repository's working tree (tracked and new files, not ignored ones) as a fresh git repository."""
    files = _git(REPO, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, files):
        source = REPO / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "dagov under test")
    return target


def _governance_repository(target: Path, files: dict[str, str]) -> Path:
    target.mkdir()
    write_tree(target / "plans", files)
    (target / "README.md").write_text("Our plans\n")
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    return target


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_passes_clean_plans_and_stops_personal_data(tmp_path):
    dagov_repo = _copy_of_this_repository(tmp_path / "dagov")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def try_repo(governance: Path) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(dagov_repo), "dagov-check", "--all-files", "--color", "never"],
                              cwd=governance, env=env, capture_output=True, text=True, timeout=600)

    clean = try_repo(_governance_repository(tmp_path / "clean", {}))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "dagov check" in clean.stdout and "Passed" in clean.stdout

    leaky = BASE[R01].replace("status: open\n", "status: open\n# victim's mobile is 07700 900123\n")
    stopped = try_repo(_governance_repository(tmp_path / "leaky", {R01: leaky}))
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "Failed" in stopped.stdout
    assert f"plans/{R01}:10:22: error [personal-data] this looks like a UK phone number ('077…')" in stopped.stdout


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_run_in_a_fresh_init_repository_uses_the_installed_dagov(tmp_path):
    """What `dagov init` writes works as it stands: a local hook, so no tag or download is needed."""
    gov = tmp_path / "gov"
    init = CliRunner().invoke(app, ["init", str(gov), "--organisation", "Wessex Vale Police", "--plan", "da-2014",
                                    "--start", "2014-02-03"])
    assert init.exit_code == 0, init.output
    _git(gov, "init", "-q")
    _git(gov, "add", "-A")
    _git(gov, "commit", "-q", "-m", "dagov init")
    # the dagov of this environment, as the hook finds it on the PATH of whoever commits
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "run", "--all-files", "--color", "never"],
                              cwd=gov, env=env, capture_output=True, text=True, timeout=120)

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.startswith("dagov check") and clean.stdout.rstrip().endswith("Passed")

    plan = gov / "plans/da-2014/plan.yaml"
    lines = plan.read_text().count("\n")
    with plan.open("a") as file:
        file.write("# victim's mobile is 07700 900123\n")
    stopped = run()
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "Failed" in stopped.stdout
    assert f"plans/da-2014/plan.yaml:{lines + 1}:22: error [personal-data] this looks like a UK phone number ('077…')" in stopped.stdout
