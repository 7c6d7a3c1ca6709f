"""`dagov init`: a new repository that passes `dagov check` at once."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from dagov.cli import init as init_cmd
from dagov.cli.app import app
from dagov.edit.yamltext import schema_modeline


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


FILES = [
    "plans/organisation.yaml",
    "plans/da-2015/plan.yaml",
    "plans/.gitignore",
    "plans/da-2015/recommendations/.gitkeep",
    "plans/da-2015/meetings/.gitkeep",
    "plans/da-2015/papers/.gitkeep",
    "schemas/organisation.schema.json",
    "schemas/plan.schema.json",
    "schemas/recommendation.schema.json",
    "schemas/meeting.schema.json",
    "schemas/paper.schema.json",
    "schemas/measure.schema.json",
    "templates/README.md",
    ".pre-commit-config.yaml",
    ".github/workflows/dagov-check.yml",
    "README.md",
]


def test_init_creates_a_repository_that_passes_check(tmp_path):
    target = tmp_path / "gov"
    result = run("init", str(target), "--organisation", "Wessex Vale Police", "--plan", "da-2015",
                 "--board", "safeguarding-board", "--start", "2015-01-05", "--published", "2014-03-27",
                 "--report", "Everyone's business", "--area", "Leadership", "--area", "Victims and witnesses")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"created {target / rel}" for rel in FILES] + [
        "", f"Next: cd {target} && git init && dagov check plans"]
    check = run("check", str(target / "plans"))
    assert check.exit_code == 0, check.output
    assert check.output == "0 errors, 0 warnings in 2 files\n"
    plan = (target / "plans/da-2015/plan.yaml").read_text()
    assert plan.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\nid: da-2015\n"
                           "title: Wessex Vale Police action plan\nstatus: active\n")
    assert "areas:\n  leadership:\n    title: Leadership\n  victims-and-witnesses:\n    title: Victims and witnesses\n" in plan
    assert "  title: Everyone's business\n  publisher: HMIC\n  published: 2014-03-27\n" in plan
    org = (target / "plans/organisation.yaml").read_text()
    assert org.startswith("# yaml-language-server: $schema=../schemas/organisation.schema.json\n")
    assert "boards:\n  safeguarding-board:\n    title: Safeguarding board\n    chair: chief-constable\n" in org


def test_init_wires_the_pre_commit_hook_and_ci(tmp_path):
    assert run("init", str(tmp_path), "--organisation", "X Police", "--start", "2015-01-05").exit_code == 0
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    # the installed dagov, so it works before any release is tagged (run for real in tests/cli/test_pre_commit.py)
    assert hooks == {"repos": [{"repo": "local", "hooks": [{
        "id": "dagov-check", "name": "dagov check", "entry": "dagov check", "language": "system",
        "pass_filenames": False, "files": "^plans/", "require_serial": True}]}]}
    workflow = yaml.safe_load((tmp_path / ".github/workflows/dagov-check.yml").read_text())
    assert workflow["jobs"]["check"]["steps"][-2] == {"run": (  # every finding in the summary and log too (item 19)
        'dagov check --format github --summary "$GITHUB_STEP_SUMMARY" plans || status=$?\n'
        "dagov check plans || true\nexit ${status:-0}\n")}


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", str(tmp_path), "--organisation", "X Police")
    assert result.exit_code == 1
    assert result.output == (f"dagov: {tmp_path} is not empty; run `dagov init` in a new folder, or add --force to "
                             "add the missing files (existing files are never replaced)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_counts_a_fresh_git_repository_as_empty(tmp_path):
    (tmp_path / ".git").mkdir()
    assert run("init", str(tmp_path), "--organisation", "X Police", "--start", "2015-01-05").exit_code == 0


def test_init_with_force_keeps_existing_files(tmp_path):
    (tmp_path / "README.md").write_text("my own readme\n")
    result = run("init", str(tmp_path), "--organisation", "X Police", "--start", "2015-01-05", "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "README.md").read_text() == "my own readme\n"
    assert f"kept    {tmp_path / 'README.md'} (already there)" in result.output.splitlines()
    assert run("check", str(tmp_path / "plans")).exit_code == 0


def test_init_without_a_terminal_needs_the_organisation(tmp_path):
    result = run("init", str(tmp_path / "gov"))
    assert result.exit_code == 2
    assert result.output == "dagov: give the organisation's name with --organisation \"Wessex Vale Police\"\n"
    assert not (tmp_path / "gov").exists()


def test_init_rejects_a_bad_id(tmp_path):
    result = run("init", str(tmp_path / "gov"), "--organisation", "X", "--plan", "DA 2015")
    assert result.exit_code == 2
    assert result.output == ("dagov: --plan 'DA 2015' is not a valid plan id: use lower-case letters, digits and "
                             "hyphens, e.g. da-2014\n")


def test_init_asks_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(init_cmd, "_interactive", lambda: True)
    # organisation, plan id, plan title, board id, board name, report, publisher, (start given), published, areas
    answers = "Vale Police\nvale-plan\n\n\n\nThe report\n\n2014-03-27\n\n"
    result = run("init", str(tmp_path / "gov"), "--start", "2014-04-01", input=answers)
    assert result.exit_code == 0, result.output
    plan = (tmp_path / "gov/plans/vale-plan/plan.yaml").read_text()
    assert "title: Vale Police action plan\n" in plan
    assert "board: oversight-board\n" in plan
    assert "  title: The report\n  publisher: HMIC\n  published: 2014-03-27\n" in plan
    assert run("check", str(tmp_path / "gov/plans")).exit_code == 0


def test_schema_modeline_is_relative_to_the_file(tmp_path):
    assert schema_modeline("meeting", tmp_path / "plans/p1/meetings/2014-06-11.yaml", tmp_path) == \
        "yaml-language-server: $schema=../../../schemas/meeting.schema.json"
    assert schema_modeline("organisation", Path("repo/plans/organisation.yaml"), Path("repo")) == \
        "yaml-language-server: $schema=../schemas/organisation.schema.json"
