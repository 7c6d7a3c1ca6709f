"""Content `check` used to accept: a paper template that does not exist, a period the wrong way round,
and an explicit YAML tag (`!!python/name:...`, `!foo`, `!!binary`, `!!set`...) read silently as empty
or as plain text. Each now gives one located finding, and check writes nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.trees import BASE, PAPER, write_tree
from dagov.cli.app import app

runner = CliRunner()
R01 = "p1/recommendations/R01.yaml"
PAPER_FILE = "p1/papers/sb-2014-03.yaml"
SUMMARY_1 = "1 error, 0 warnings in 6 files\n"


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def check(root: Path, *args: str, cwd: Path | None = None, monkeypatch=None):
    """`dagov check` on `root`, asserting it changed no byte anywhere under root's parent."""
    before = _hashes(root.parent)
    if cwd is not None:
        monkeypatch.chdir(cwd)
    result = runner.invoke(app, ["check", *args])
    assert _hashes(root.parent) == before
    return result


@pytest.fixture
def plans(tmp_path, monkeypatch):
    """A factory: a valid tree with a paper, overrides applied; the working directory is its parent."""

    def make(files: dict | None = None) -> Path:
        root = write_tree(tmp_path / "gov" / "plans", {PAPER_FILE: PAPER, **(files or {})})
        monkeypatch.chdir(root.parent)
        return root

    return make


def assert_only_error(plans, files: dict, finding: str) -> None:
    """Check of the tree with `files` fails with exactly this one finding."""
    result = check(plans(files), "plans")
    assert (result.exit_code, result.output) == (1, finding + SUMMARY_1)


# --- paper templates --------------------------------------------------------------------------


def _paper_with(template: str) -> dict:
    return {PAPER_FILE: PAPER.replace("template: board-paper", f"template: {template}")}


BUILT_IN = "board-paper, progress-report (built in)"


@pytest.mark.parametrize("template,hint", [
    ("board-papr", " (did you mean 'board-paper'?)"),
    ("no-such-template", ""),
    ("minutes", ""),  # a built-in template, but of meeting minutes: a paper cannot be rendered with it
    ("action-log", ""),
])
def test_a_paper_template_that_does_not_exist_is_located(plans, template, hint, monkeypatch):
    assert_only_error(plans, _paper_with(template), (
        f"plans/{PAPER_FILE}:2:11: error [unknown-template] paper sb-2014-03 uses template '{template}', which "
        f"does not exist{hint}; use one of: {BUILT_IN}, or create templates/{template}.md.j2\n"))


def test_the_governance_repositorys_templates_folder_counts(plans):
    root = plans(_paper_with("force-paper"))
    folder = root.parent / "templates"
    folder.mkdir()
    (folder / "force-paper.md.j2").write_text("# {{ paper.subject }}\n")
    result = check(root, "plans")
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings in 6 files\n")


def test_a_templates_folder_in_the_working_directory_does_not_count(plans, tmp_path, monkeypatch):
    """Rendering looks beside the plans directory, not wherever the user stands."""
    root = plans(_paper_with("force-paper"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    (elsewhere / "templates" / "force-paper.md.j2").write_text("x\n")
    (root.parent / "templates").mkdir()
    (root.parent / "templates" / "other.md.j2").write_text("x\n")
    (root.parent / "templates" / "_partial.md.j2").write_text("x\n")
    result = check(root, str(root), cwd=elsewhere, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    folder = root.parent / "templates"
    assert result.output == (
        f"{root}/{PAPER_FILE}:2:11: error [unknown-template] paper sb-2014-03 uses template 'force-paper', which "
        f"does not exist (did you mean 'board-paper'?); use one of: {BUILT_IN}, other (in {folder}/), or create {folder}/force-paper.md.j2\n"
        + SUMMARY_1)


def test_inside_the_plans_directory_the_templates_folder_is_one_up(plans, monkeypatch):
    root = plans(_paper_with("nope"))
    result = check(root, ".", cwd=root, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "or create ../templates/nope.md.j2\n" in result.output


# --- periods the wrong way round --------------------------------------------------------------


def test_a_plan_that_ends_before_it_starts(plans):
    assert_only_error(plans, {"p1/plan.yaml": BASE["p1/plan.yaml"].replace("end: 2014-09-30", "end: 2014-02-02")}, (
        "plans/p1/plan.yaml:17:6: error [date-order] plan p1 ends on 2014-02-02, before it starts on 2014-02-03; "
        "correct 'end' or 'start'\n"))


@pytest.mark.parametrize("end", ["2014-02-03", "2014-02-04", ""])
def test_a_plan_ending_on_or_after_its_start_or_open_ended_is_fine(plans, end):
    root = plans({"p1/plan.yaml": BASE["p1/plan.yaml"].replace("end: 2014-09-30", f"end: {end}")})
    assert check(root, "plans").output == "0 errors, 0 warnings in 6 files\n"


def test_a_paper_whose_period_starts_after_its_date(plans):
    assert_only_error(plans, {PAPER_FILE: PAPER.replace("foi: disclosable\n", "foi: disclosable\nsince: 2014-03-13\n")}, (
        f"plans/{PAPER_FILE}:8:8: error [date-order] paper sb-2014-03 covers the period since 2014-03-13, which is "
        "after the paper's date 2014-03-12; 'since' must be on or before 'date': correct one of them\n"))


@pytest.mark.parametrize("since", ["2014-03-12", "2014-02-01"])
def test_a_paper_period_up_to_its_date_is_fine(plans, since):
    root = plans({PAPER_FILE: PAPER.replace("foi: disclosable\n", f"foi: disclosable\nsince: {since}\n")})
    assert check(root, "plans").output == "0 errors, 0 warnings in 6 files\n"


# --- explicit YAML tags -----------------------------------------------------------------------

TAG_FIX = ("is not allowed in a plan file (dagov reads only plain text, numbers, dates, lists and mappings); "
           "remove the tag and write the value itself")


def _tag_finding(path: str, line: int, col: int, tag: str) -> str:
    return f"plans/{path}:{line}:{col}: error [yaml-tag] the YAML tag '{tag}' {TAG_FIX}\n"


TAGGED = [
    # (file, text replaced, replacement, line, col, tag as shown)
    ("organisation.yaml", "holder: A. Chief", "holder: !!python/name:os.system", 5, 13, "!!python/name:os.system"),
    ("organisation.yaml", "holder: A. Chief", "holder: !!python/object/apply:os.system ['id']", 5, 13,
     "!!python/object/apply:os.system"),
    ("organisation.yaml", "holder: A. Chief", "holder: !foo A. Chief", 5, 13, "!foo"),
    ("organisation.yaml", "holder: A. Chief", "holder: !<tag:example.com,2020:x> A. Chief", 5, 13,
     "tag:example.com,2020:x"),
    ("organisation.yaml", "holder: A. Chief", "holder: !!binary QS4gQ2hpZWY=", 5, 13, "!!binary"),
    ("organisation.yaml", "cadence: monthly", "cadence: !!map monthly", 16, 14, "!!map"),
    ("organisation.yaml", "amber_days: 14", "amber_days: !!python/int 14", 21, 15, "!!python/int"),
    ("p1/plan.yaml", "end: 2014-09-30", "end: !!python/name:datetime.date", 17, 6, "!!python/name:datetime.date"),
    ("p1/plan.yaml", "title: Test plan", "title: !!python/str Test plan", 2, 8, "!!python/str"),  # required
    ("p1/plan.yaml", "source:", "source: !!set", 7, 9, "!!set"),
    (R01, "    partners: [county-council]", "    partners: !!set {county-council}", 30, 15, "!!set"),
    (R01, "    partners: [county-council]", "    partners: !!omap [county-council: x]", 30, 15, "!!omap"),
    (R01, "    partners: [county-council]", "    partners: [!!python/name:x , county-council]", 30, 16, "!!python/name:x"),
    (R01, "        reason: Summer leave.", "        reason: !!timestamp-ish Summer leave.", 34, 17,
     "!!timestamp-ish"),
    (R01, "    title: Deliver the course", "    !!python/name:title : Deliver the course", 26, 5,
     "!!python/name:title"),
]


@pytest.mark.parametrize("rel,old,new,line,col,tag", TAGGED, ids=[f"{t[0]}:{t[5]}" for t in TAGGED])
def test_an_explicit_tag_dagov_cannot_read_is_one_located_finding(plans, rel, old, new, line, col, tag):
    text = {PAPER_FILE: PAPER, **BASE}[rel]
    assert old in text
    root = plans({rel: text.replace(old, new)})
    result = check(root, "plans")
    assert result.exit_code == 1
    extra = ""
    if "!!python/name:title" in new:  # the key is unreadable, so the required title is missing too
        extra = ("plans/p1/recommendations/R01.yaml:25:5: error [missing-field] 'title' is missing in action R01.2 "
                 "(what will be done); add it, e.g. title: Deliver classroom training to frontline officers\n")
    summary = "2 errors, 0 warnings in 6 files\n" if extra else SUMMARY_1
    assert result.output == extra + _tag_finding(rel, line, col, tag) + summary


def test_a_null_tag_that_would_empty_a_value_is_a_finding(plans):
    assert_only_error(plans, {"organisation.yaml": BASE["organisation.yaml"].replace("holder: A. Chief",
                                                                                   "holder: !!null A. Chief")}, (
        "plans/organisation.yaml:5:13: error [yaml-tag] the YAML tag '!!null' makes 'A. Chief' read as empty "
        "(dagov reads only plain text, numbers, dates, lists and mappings); remove the tag and write the value "
        "itself\n"))


def test_a_tagged_file_is_one_finding(plans):
    root = plans({R01: "--- !!python/object:dagov.plan.model.Recommendation\n" + BASE[R01]})
    result = check(root, "plans")
    assert result.exit_code == 1
    assert result.output.startswith(_tag_finding(R01, 1, 5, "!!python/object:dagov.plan.model.Recommendation"))
    assert "[not-a-mapping]" not in result.output


@pytest.mark.parametrize("old,new", [
    ("holder: A. Chief", "holder: !!str A. Chief"),
    ("holder: A. Chief", "holder: ! A. Chief"),
    ("amber_days: 14", "amber_days: !!int 14"),
    ("members: [chief-constable, lead, trainer]", "members: !!seq [chief-constable, lead, trainer]"),
    ("holder: B. Lead", "holder: !!null"),
    ("holder: B. Lead", "holder: !!null ~"),
])
def test_core_tags_the_field_accepts_are_read_as_usual(plans, old, new):
    root = plans({"organisation.yaml": BASE["organisation.yaml"].replace(old, new)})
    result = check(root, "plans")
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings in 6 files\n")


def test_a_plain_exclamation_mark_in_text_is_not_a_tag(plans):
    root = plans({"organisation.yaml": BASE["organisation.yaml"].replace("holder: A. Chief", "holder: A. Chief!")})
    assert check(root, "plans").output == "0 errors, 0 warnings in 6 files\n"


def test_render_with_templates_dir_still_renders_a_paper_check_cannot_see(plans):
    """`--templates DIR` is the renderer's choice: check flags the paper, render with that folder still works."""
    root = plans(_paper_with("force-paper"))
    mine = root.parent / "mine"
    mine.mkdir()
    (mine / "force-paper.md.j2").write_text("# {{ paper.subject }}\n")
    assert check(root, "plans").exit_code == 1
    result = runner.invoke(app, ["render", "paper", f"plans/{PAPER_FILE}", "--templates", "mine"])
    assert (result.exit_code, result.stdout) == (0, "# Progress\n")
    result = runner.invoke(app, ["render", "paper", f"plans/{PAPER_FILE}"])
    assert result.exit_code == 1
    assert result.stderr.startswith("dagov: template 'force-paper' not found;")
