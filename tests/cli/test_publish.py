"""`dagov publish` at the command line: what it says, its exit codes, and what it refuses."""

from __future__ import annotations

import pytest
from helpers.sites import PUBLISHED
from typer.testing import CliRunner

from dagov.cli.app import app


def _run(*args: str):
    return CliRunner().invoke(app, ["publish", *args])


@pytest.fixture
def published(tree_dir):
    return tree_dir(PUBLISHED)


def test_publish_writes_the_site_and_says_where(published, tmp_path):
    result = _run(str(published), "-o", str(tmp_path / "site"), "--as-of", "2014-08-15")
    assert (result.exit_code, result.output) == (0, (
        f"dagov: published 1 plan as of 2014-08-15 to {tmp_path}/site: 6 pages, open data and a feed (15 files). "
        f"Open {tmp_path}/site/index.html to look, then copy the folder to the web server.\n"))
    assert (tmp_path / "site" / "plans" / "p1" / "R01.html").is_file()


def test_plans_with_errors_are_not_published(published, tmp_path):
    (published / "p1" / "recommendations" / "R02.yaml").write_text(
        (published / "p1" / "recommendations" / "R02.yaml").read_text().replace("decision: accepted", "decision: not-accepted"))
    result = _run(str(published), "-o", str(tmp_path / "site"), "--as-of", "2014-08-15")
    assert result.exit_code == 1
    assert result.output.endswith(
        "error [response-explanation-missing] the response to recommendation R02 is not-accepted but gives no "
        "explanation; add explanation: saying what will be done and what will not, and why\n"
        f"dagov: 1 error, 1 warning in 5 files; nothing was published because figures from files with errors could be "
        f"wrong. Fix them (dagov check {published}) and publish again.\n")
    assert not (tmp_path / "site").exists()


def test_personal_data_stops_publishing_and_writes_nothing(published, tmp_path):
    org = published / "organisation.yaml"
    org.write_text(org.read_text() + "  personal_data:\n    severity: warning\n")  # check lets it through: publish never
    rec = published / "p1" / "recommendations" / "R01.yaml"
    rec.write_text(rec.read_text().replace("more booked.", "call 07700 900123."))
    result = _run(str(published), "-o", str(tmp_path / "site"), "--as-of", "2014-08-15")
    assert result.exit_code == 1
    assert result.output.startswith(f"dagov: {rec}:38:48: error [personal-data] this public text looks like a UK phone "
                                    "number ('077…'); personal data must never be published\nnothing was published")
    assert not (tmp_path / "site").exists()


def test_an_unknown_plan_is_a_usage_error(published, tmp_path):
    result = _run(str(published), "-o", str(tmp_path / "site"), "--plan", "p2")
    assert (result.exit_code, result.output) == (2, "dagov: --plan: no plan 'p2'; did you mean p1?\n")


def test_a_folder_that_is_not_a_site_is_refused_before_anything_is_read(published, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.txt").write_text("mine")
    result = _run(str(published), "-o", str(tmp_path / "site"))
    assert result.exit_code == 1 and "is not empty and is not a site dagov published" in result.output
    assert _run(str(published), "-o", str(tmp_path / "site"), "--force", "--as-of", "2014-08-15").exit_code == 0
    assert not (tmp_path / "site" / "keep.txt").exists()


def test_the_output_folder_is_required(published):
    result = _run(str(published))
    assert result.exit_code == 2 and "Missing option '--output' / '-o'" in result.output
