"""Only errors in the files a document reads stop it; --draft renders anyway, marked DRAFT (issue 17 item 1).

The case of the issue: `dagov new meeting` writes next month's meeting with placeholders by design,
and the paper of this month must still print.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.render.documents import DRAFT

PAPER = "da-2014-2016/papers/sb-2014-11.yaml"
NEW = "da-2014-2016/meetings/2014-12-10.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def example(example_copy, monkeypatch):
    """The example plans, copied, as `plans` in the working directory (paths are shown as typed)."""
    monkeypatch.chdir(example_copy.parent)
    return "plans"


@pytest.fixture
def drafted(example):
    """The example plans and their renderings before `dagov new meeting --date 10/12/2014` added a draft meeting."""
    plans = example
    before = {name: run("render", *args).stdout for name, args in {
        "paper": ("paper", f"{plans}/{PAPER}"),
        "minutes": ("minutes", "2014-11-12", plans),
        "log": ("action-log", plans, "--as-of", "2014-12-01"),
        "progress": ("progress", plans, "--as-of", "2014-12-01")}.items()}
    made = run("new", "meeting", plans, "--plan", "da-2014-2016", "--date", "10/12/2014")
    assert made.exit_code == 0 and os.path.isfile(f"{plans}/{NEW}")
    assert run("check", plans).exit_code == 1  # 7 values still to fill in
    return plans, before


def left_aside(plans, document: str) -> str:
    return (f"dagov: 7 errors in 1 file this {document} does not read ({plans}/{NEW}) left aside; "
            f"dagov check {plans} lists them\n")


def test_a_new_meetings_placeholders_do_not_stop_papers_minutes_and_logs_of_before_it(drafted):
    plans, before = drafted
    for name, args, document in [
            ("paper", ("paper", f"{plans}/{PAPER}"), "paper"),
            ("minutes", ("minutes", "2014-11-12", str(plans)), "document"),
            ("log", ("action-log", str(plans), "--as-of", "2014-12-01"), "action log"),
            ("progress", ("progress", str(plans), "--as-of", "2014-12-01"), "report")]:
        result = run("render", *args)
        expected = before[name]
        if name == "minutes":  # the minutes name the date of the next meeting, now known
            expected = expected.replace("\n\n*Figures as of", "\n\n**Date of next meeting:** 10 December 2014\n\n*Figures as of")
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, left_aside(plans, document)), name


def test_a_document_that_reads_the_draft_is_refused_naming_its_errors_and_draft(drafted):
    plans, _ = drafted
    result = run("render", "minutes", "2014-12-10", str(plans))
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 8 and all(line.startswith(f"{plans}/{NEW}:") for line in lines[:7])
    assert lines[0] == (f"{plans}/{NEW}:28:13: error [missing-field] 'minutes' is empty in agenda item Declarations of "
                        "interest (what was discussed); add it, e.g. minutes: The lead presented the monthly report.")
    assert lines[7] == (f"dagov: 7 errors, 5 warnings in 50 files; nothing was rendered because figures from files with "
                        f"errors could be wrong. Fix them (dagov check {plans}) and render again, or add --draft for a "
                        "copy marked DRAFT on every page.")
    # a report as of a date after the meeting reads it too
    later = run("render", "progress", str(plans), "--as-of", "2014-12-15")
    assert later.exit_code == 1 and later.stderr.endswith("or add --draft for a copy marked DRAFT on every page.\n")


def test_draft_renders_with_the_mark_at_the_top_and_bottom(drafted):
    plans, _ = drafted
    result = run("render", "minutes", "2014-12-10", str(plans), "--draft")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"**{DRAFT}**\n\n**OFFICIAL**\n\n# Safeguarding Board")
    assert result.stdout.endswith(f"**OFFICIAL**\n\n**{DRAFT}**\n")
    assert result.stdout.count(DRAFT) == 2
    assert result.stderr.endswith("dagov: rendered as a DRAFT with 7 errors in the files it reads: its figures could "
                                  "be wrong, and every page is marked DRAFT\n")


def test_draft_html_repeats_the_mark_on_every_printed_page(drafted):
    plans, _ = drafted
    result = run("render", "minutes", "2014-12-10", str(plans), "--draft", "--format", "html")
    assert result.exit_code == 0
    mark = f'<div class="draft">{DRAFT}</div>'
    body = result.stdout.split("<body>")[1]
    assert body.count(mark) == 2 and body.index(mark) < body.index("<main>") < body.rindex(mark)  # above and below
    # Printed, the page's margin boxes say DRAFT at the top of every page (WeasyPrint and Chromium repeat them).
    assert '@top-left { content: "DRAFT"' in result.stdout and '@top-right { content: "DRAFT"' in result.stdout
    assert ".draft {" in result.stdout


def test_draft_without_errors_is_still_marked_and_plain_renders_are_unchanged(example):
    plans = example
    plain = run("render", "paper", f"{plans}/{PAPER}")
    draft = run("render", "paper", f"{plans}/{PAPER}", "--draft")
    assert (plain.exit_code, draft.exit_code, plain.stderr, draft.stderr) == (0, 0, "", "")
    assert DRAFT not in plain.stdout
    assert draft.stdout == f"**{DRAFT}**\n\n{plain.stdout.rstrip()}\n\n**{DRAFT}**\n"
    html = run("render", "paper", f"{plans}/{PAPER}", "--format", "html")
    assert 'class="draft"' not in html.stdout and ".draft {" not in html.stdout and '"DRAFT"' not in html.stdout


def test_errors_in_another_plans_paper_do_not_stop_a_paper(example):
    example_copy = Path(example)
    other = example_copy / "da-2014" / "papers" / "sb-2014-09.yaml"
    other.write_text("id: sb-2014-09\nsubject: [not text\n")
    result = run("render", "paper", f"{example_copy}/{PAPER}")
    assert result.exit_code == 0
    assert result.stderr == (f"dagov: 1 error in 1 file this paper does not read ({other}) left aside; "
                             f"dagov check {example_copy} lists them\n")
    # but an error in the plan's own recommendations does
    rec = example_copy / "da-2014-2016" / "recommendations" / "L01.yaml"
    rec.write_text(rec.read_text().replace("status: open", "status: opne", 1))
    result = run("render", "paper", f"{example_copy}/{PAPER}")
    assert result.exit_code == 1 and f"{rec}:" in result.stderr and "[bad-value]" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("dagov: 1 error in the files this paper reads; nothing was rendered")


def test_a_linked_plan_is_read_an_unlinked_one_is_not(example):
    # da-2014-2016 supersedes da-2014 and carries its actions forward: a paper of one reads the other
    old = Path(example) / "da-2014" / "recommendations" / "R01.yaml"
    old.write_text(old.read_text().replace("status: closed", "status: clsoed", 1))
    result = run("render", "paper", f"{example}/{PAPER}")
    assert result.exit_code == 1 and f"{old}:" in result.stderr
    assert "--draft" in result.stderr.splitlines()[-1]
    # a plan of its own, linked to neither, is not read
    old.write_text(old.read_text().replace("status: clsoed", "status: closed", 1))
    (Path(example) / "other").mkdir()
    (Path(example) / "other" / "plan.yaml").write_text("id: other\n")
    result = run("render", "paper", f"{example}/{PAPER}")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("dagov: ") and "this paper does not read (plans/other/plan.yaml) left aside" in result.stderr
