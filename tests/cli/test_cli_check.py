"""`dagov check` through the CLI: formats, exit codes, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from helpers.trees import BASE, EXAMPLE
from dagov.cli.app import app

runner = CliRunner()
BAD_OWNER = {"p1/recommendations/R01.yaml": BASE["p1/recommendations/R01.yaml"].replace(
    "owner: trainer\ntimescale", "owner:\ntimescale")}
WARNING_ONLY = {"p1/recommendations/R01.yaml": BASE["p1/recommendations/R01.yaml"].replace(
    "    evidence:\n      - title: Course pack\n        link: evidence/course.pdf\n", "")}


def run(*args: str):
    return runner.invoke(app, list(args))


def test_clean_tree_exits_0_with_summary(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir().parent)
    result = run("check")
    assert result.exit_code == 0
    assert result.output == "0 errors, 0 warnings in 5 files\n"


def test_error_exits_1_with_compiler_style_line(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(BAD_OWNER).parent)
    result = run("check", "plans")
    assert result.exit_code == 1
    assert result.output == (
        "plans/p1/recommendations/R01.yaml:6:7: error [owner-missing] recommendation R01 has no owner; "
        "add 'owner:' with a role from organisation.yaml\n"
        "1 error, 0 warnings in 5 files\n"
    )


def test_warnings_pass_unless_strict(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(WARNING_ONLY).parent)
    assert run("check").exit_code == 0
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert result.output.endswith("0 errors, 1 warning in 5 files\n")


def test_json_format_is_a_list_of_findings(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(BAD_OWNER).parent)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == [{
        "path": "plans/p1/recommendations/R01.yaml", "line": 6, "col": 7, "severity": "error",
        "rule": "owner-missing",
        "message": "recommendation R01 has no owner; add 'owner:' with a role from organisation.yaml",
    }]


def test_github_format_annotates_lines(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(BAD_OWNER).parent)
    result = runner.invoke(app, ["check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=plans/p1/recommendations/R01.yaml,line=6,col=7,title=dagov owner-missing::"
        "recommendation R01 has no owner; add 'owner:' with a role from organisation.yaml\n"
    )


def test_github_format_escapes_newlines_and_commas():
    from dagov.check.run import as_github
    from dagov.plan.findings import Finding

    finding = Finding("a,b:c.yaml", 1, 2, "warning", "r", "50% done\nnext")
    assert as_github([finding]) == "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=dagov r::50%25 done%0Anext\n"


def test_missing_plans_directory_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "nowhere")
    assert result.exit_code == 2
    assert "plans directory 'nowhere' not found" in result.output


def test_unknown_option_is_a_usage_error(tree_dir):
    result = run("check", "--frobnicate", str(tree_dir()))
    assert result.exit_code == 2


def test_bad_format_is_a_usage_error(tree_dir):
    assert run("check", "--format", "xml", str(tree_dir())).exit_code == 2


def test_help_documents_exit_codes():
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Exit codes: 0 success" in result.output
    assert "--strict" in result.output


def test_python_dash_m_works(tree_dir):
    proc = subprocess.run([sys.executable, "-m", "dagov", "check", str(tree_dir())], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("0 errors, 0 warnings in 5 files\n")


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("dagov ")


def test_example_plan_has_no_errors():
    """The example plan shipped in plans/ is the demo: it must pass its own gate."""
    result = run("check", str(EXAMPLE))
    assert result.exit_code == 0, result.output


def test_a_plan_folder_instead_of_the_plans_directory_is_a_usage_error_naming_the_right_one(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir().parent)
    result = run("check", "plans/p1")
    assert result.exit_code == 2
    assert result.output == ("dagov: 'plans/p1' is one plan's folder; give the plans directory above it, which "
                             "holds organisation.yaml: 'plans'\n")


def test_inside_the_plans_directory_the_default_says_to_use_dot(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir())
    result = run("check")
    assert result.exit_code == 2
    assert result.output == ("dagov: plans directory 'plans' not found; give the path to the folder holding "
                             "organisation.yaml (this folder holds organisation.yaml: use '.')\n")
