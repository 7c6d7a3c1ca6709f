"""Shell completion: Typer's installer, and completion of recommendation and action ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from helpers.trees import EXAMPLE
from typer.testing import CliRunner

from dagov.cli.completion import complete_ids

DAGOV = Path(sys.executable).with_name("dagov")


def test_ids_from_the_plans_folder_in_natural_order(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir().parent)
    assert complete_ids("") == ["R01", "R01.1", "R01.2", "R02", "R02.1"]
    assert complete_ids("R01") == ["R01", "R01.1", "R01.2"]
    assert complete_ids("r01.") == ["R01.1", "R01.2"]
    assert complete_ids("X") == []


def test_plan_qualified_ids_after_a_slash(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir().parent)
    assert complete_ids("p1/R02") == ["p1/R02", "p1/R02.1"]
    assert complete_ids("p2/") == []


def test_quoted_ids_and_comments_and_numbers_past_nine(tree_dir, monkeypatch):
    actions = "".join(f"  - id: 'R01.{n}'  # action {n}\n    title: t\n" for n in (1, 2, 10))
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": "id: R01\nactions:\n" + actions}).parent)
    assert complete_ids("R01.") == ["R01.1", "R01.2", "R01.10"]


def test_never_raises_without_plans_or_on_unreadable_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert complete_ids("R") == []
    (tmp_path / "plans").write_text("a file, not a folder")
    assert complete_ids("R") == []
    (tmp_path / "plans").unlink()
    bad = tmp_path / "plans" / "p1" / "recommendations"
    bad.mkdir(parents=True)
    (bad / "R09.yaml").write_bytes(b"\xff\xfe id: R09.1\n\x00")
    assert complete_ids("R") == ["R09"]


def test_the_example_plan_completes(monkeypatch):
    monkeypatch.chdir(EXAMPLE.parent)
    assert complete_ids("R03.") == ["R03.1", "R03.2", "R03.3", "R03.4", "R03.5"]
    assert "da-2014-2016/L01" in complete_ids("da-2014-2016/")


def test_typer_offers_the_ids_when_wired_as_autocompletion(tree_dir, monkeypatch):
    demo = typer.Typer()

    @demo.command()
    def show(ident: str = typer.Argument(..., autocompletion=complete_ids)) -> None:
        """Show one id."""

    monkeypatch.chdir(tree_dir().parent)
    env = {"_DEMO_COMPLETE": "complete_bash", "COMP_WORDS": "demo R01.", "COMP_CWORD": "1"}
    result = CliRunner().invoke(demo, [], prog_name="demo", env=env)
    assert result.stdout.split() == ["R01.1", "R01.2"]


def test_install_completion_writes_the_bash_script(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    result = subprocess.run([str(DAGOV), "--install-completion", "bash"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "bash completion installed" in result.stdout
    script = (tmp_path / ".bash_completions" / "dagov.sh").read_text()
    assert "_DAGOV_COMPLETE=complete_bash" in script
    assert "source" in (tmp_path / ".bashrc").read_text()


def test_command_names_complete_through_the_installed_protocol(tmp_path):
    env = {**os.environ, "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": "dagov sch", "COMP_CWORD": "1"}
    result = subprocess.run([str(DAGOV)], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.stdout.split() == ["schema"]


@pytest.mark.parametrize("command", ["show", "log"])
def test_dagov_show_and_log_complete_ids_through_the_real_cli(command, monkeypatch):
    from helpers.trees import REPO
    from typer.testing import CliRunner

    from dagov.cli.app import app

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, [], prog_name="dagov", env={
        "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": f"dagov {command} R13.", "COMP_CWORD": "2"})
    assert result.output.split() == ["R13.1", "R13.2", "R13.3", "R13.4", "R13.5", "R13.6", "R13.7"]


@pytest.mark.parametrize("command", ["agenda", "minutes"])
def test_dagov_render_agenda_and_minutes_complete_meeting_ids(command, monkeypatch):
    from helpers.trees import REPO
    from typer.testing import CliRunner

    from dagov.cli.app import app

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, [], prog_name="dagov", env={
        "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": f"dagov render {command} 2014-1", "COMP_CWORD": "3"})
    assert result.output.split() == ["2014-10-15", "2014-11-12"]
