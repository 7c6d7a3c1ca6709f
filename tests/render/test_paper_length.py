"""The example's June paper, printed to A4 as a browser prints it: the body (everything before
Annex A) fits on at most six pages, the detail is in the annexes after it.

Printed with headless Chromium and read back with pdftotext (poppler-utils); skipped on a
machine without them, failed under CI (tests/helpers/tools.py)."""

from __future__ import annotations

import re
import subprocess

from helpers.tools import need_program
from helpers.trees import REPO
from typer.testing import CliRunner

from dagov.cli.app import app

BCB = "plans/da-2014/papers/bcb-2014-06-12.yaml"
MAX_BODY_PAGES = 6
FIRST_ANNEX = "Annex A: Action plan"


def _print_to_pdf(html: str, tmp_path) -> list[str]:
    """The text of each printed page."""
    chromium = need_program("chromium", "apt-get install chromium")
    pdftotext = need_program("pdftotext", "apt-get install poppler-utils")
    page, pdf = tmp_path / "paper.html", tmp_path / "paper.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=180)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _body_pages(pages: list[str], marking: str) -> int:
    """Pages before the first annex: the page it starts on counts when body text is above it."""
    [first] = [n for n, text in enumerate(pages, start=1) if FIRST_ANNEX in text][:1] or [0]
    assert first, f"no page has '{FIRST_ANNEX}'"
    above = pages[first - 1].split(FIRST_ANNEX)[0]
    body_above = [line for line in above.splitlines()
                  if line.strip() and line.strip() != marking and not re.search(r"Page \d+ of \d+", line)]
    return first if body_above else first - 1


def test_the_june_paper_prints_its_body_on_at_most_six_a4_pages(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, ["render", "paper", BCB, "--format", "html"])
    assert result.exit_code == 0, result.output
    pages = _print_to_pdf(result.stdout, tmp_path)
    body = _body_pages(pages, "OFFICIAL")
    assert 1 <= body <= MAX_BODY_PAGES, f"the body runs to {body} pages"
    assert len(pages) > body, "the annexes follow the body"
    assert "HMIC INSPECTION OF THE POLICE RESPONSE TO" in pages[0]  # the force's own header
    assert "Annex C: Key events since the plan began" in "".join(pages[body:])
