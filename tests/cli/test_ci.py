"""CI integration: the GitLab Code Quality report and the ready-made CI templates."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers.trees import BASE, REPO
from typer.testing import CliRunner

from dagov.check.run import as_codequality
from dagov.cli.app import app
from dagov.edit.init import DAGOV_INSTALL
from dagov.plan.findings import Finding

runner = CliRunner()
BAD_OWNER = {"p1/recommendations/R01.yaml": BASE["p1/recommendations/R01.yaml"].replace(
    "owner: trainer\ntimescale", "owner:\ntimescale")}


def test_codequality_format_is_a_gitlab_code_quality_report(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(BAD_OWNER).parent)
    result = runner.invoke(app, ["check", "--format", "codequality"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report == [{
        "type": "issue",
        "check_name": "dagov/owner-missing",
        "description": "recommendation R01 has no owner; add 'owner:' with a role from organisation.yaml",
        "fingerprint": report[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "plans/p1/recommendations/R01.yaml", "lines": {"begin": 6}},
    }]
    assert len(report[0]["fingerprint"]) == 32
    assert result.stderr == "1 error, 0 warnings in 5 files\n"


def test_codequality_of_a_clean_tree_is_an_empty_list(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir().parent)
    result = runner.invoke(app, ["check", "-f", "codequality"])
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_codequality_fingerprints_are_unique_and_survive_lines_moving():
    same = Finding("plans/a.yaml", 3, 1, "error", "personal-data", "looks like a phone number")
    moved = Finding("plans/a.yaml", 9, 1, "error", "personal-data", "looks like a phone number")
    warning = Finding("plans/a.yaml", 4, 1, "warning", "no-actions", "no actions")
    first = json.loads(as_codequality([same, moved, warning]))
    assert len({issue["fingerprint"] for issue in first}) == 3
    assert [issue["severity"] for issue in first] == ["major", "major", "minor"]
    shifted = json.loads(as_codequality([Finding("plans/a.yaml", 5, 1, "error", "personal-data", "looks like a phone number")]))
    assert shifted[0]["fingerprint"] == first[0]["fingerprint"]


def test_github_workflow_template_runs_check_with_annotations():
    workflow = yaml.safe_load((REPO / "ci" / "github-workflow.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any("dagov check plans --format github" in run for run in runs)
    assert workflow[True] == {"push": {"paths": ["plans/**", "schemas/**", ".github/workflows/dagov.yml"]},
                              "pull_request": {"paths": ["plans/**", "schemas/**", ".github/workflows/dagov.yml"]}}


def test_gitlab_template_uploads_the_code_quality_report_even_when_check_fails():
    config = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text())
    job = config["dagov-check"]
    assert any("dagov check plans --format codequality > gl-code-quality-report.json" in line for line in job["script"])
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"


def test_templates_install_a_dagov_that_exists_and_no_missing_tag(tmp_path):
    """No release is tagged, so `@v0.1.0` fails; ci/*.yml and the workflow `dagov init` writes install main."""
    assert DAGOV_INSTALL == "dagov @ git+https://github.com/dagov/dagov@main"
    assert runner.invoke(app, ["init", str(tmp_path), "--organisation", "X Police", "--start", "2015-01-05"]).exit_code == 0
    for path in (REPO / "ci" / "github-workflow.yml", REPO / "ci" / "gitlab-ci.yml", tmp_path / ".github/workflows/dagov-check.yml"):
        text = path.read_text()
        assert f'pip install "{DAGOV_INSTALL}"' in text or f'pip install --quiet "{DAGOV_INSTALL}"' in text, path
        assert "dagov@v" not in text, path
    for path in (REPO / "docs" / "ci.md", REPO / ".pre-commit-hooks.yaml", tmp_path / ".pre-commit-config.yaml"):
        assert "v0.1.0" not in path.read_text(), path


def _workflow(which: str) -> str:
    from dagov.edit.init import WORKFLOW

    return (REPO / "ci" / "github-workflow.yml").read_text() if which == "template" else WORKFLOW.format(install="dagov")


@pytest.mark.parametrize("which", ["template", "written by dagov init"])
def test_github_workflow_restores_and_always_saves_dagovs_cache(which):
    """~/.cache/dagov, keyed by dagov's version and the plans' hash; restore-keys reuse a changed plan's unchanged files."""
    steps = yaml.safe_load(_workflow(which))["jobs"]["check"]["steps"]
    version = next(step for step in steps if step.get("id") == "dagov")
    assert "dagov --version" in version["run"] and '>> "$GITHUB_OUTPUT"' in version["run"]
    restore = next(step for step in steps if step.get("uses", "").startswith("actions/cache/restore@"))
    save = next(step for step in steps if step.get("uses", "").startswith("actions/cache/save@"))
    check = next(i for i, step in enumerate(steps) if "dagov check" in step.get("run", "") and "plans" in step["run"])
    assert steps.index(version) < steps.index(restore) < check < steps.index(save) == len(steps) - 1
    key = restore["with"]["key"]
    assert restore["with"]["path"] == save["with"]["path"] == "~/.cache/dagov"
    assert "${{ steps.dagov.outputs.version }}" in key and key.endswith("${{ hashFiles('plans/**/*.yaml') }}")
    prefix = key.removesuffix("${{ hashFiles('plans/**/*.yaml') }}")
    assert restore["with"]["restore-keys"].strip().splitlines() == [prefix]
    assert save["if"] == "always() && steps.dagov-cache.outputs.cache-hit != 'true'"
    assert save["with"]["key"] == "${{ steps.dagov-cache.outputs.cache-primary-key }}"


def test_gitlab_template_caches_dagovs_cache_inside_the_project():
    """GitLab caches only paths inside the project folder: XDG_CACHE_HOME is put there and .cache/dagov cached."""
    job = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text())["dagov-check"]
    assert job["variables"]["XDG_CACHE_HOME"] == "$CI_PROJECT_DIR/.cache"
    assert job["cache"] == {"key": "dagov-$CI_COMMIT_REF_SLUG", "fallback_keys": ["dagov-$CI_DEFAULT_BRANCH"],
                            "paths": [".cache/dagov"], "when": "always"}


def test_docs_ci_shows_the_templates_cache_settings():
    """docs/ci.md quotes the templates' cache steps as they are."""
    doc = (REPO / "docs" / "ci.md").read_text()
    for template in ("github-workflow.yml", "gitlab-ci.yml"):
        text = (REPO / "ci" / template).read_text()
        for line in ("key: dagov-${{ runner.os }}-${{ steps.dagov.outputs.version }}-${{ hashFiles('plans/**/*.yaml') }}",
                     "path: ~/.cache/dagov", 'XDG_CACHE_HOME: "$CI_PROJECT_DIR/.cache"', "paths: [.cache/dagov]",
                     "fallback_keys: [dagov-$CI_DEFAULT_BRANCH]"):
            if line in text:
                assert line in doc, (template, line)
