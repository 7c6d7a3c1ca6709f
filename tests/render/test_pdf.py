"""`dagov render ... --format pdf -o FILE`: the HTML page printed on A4 by WeasyPrint, read back
with pypdf (issue 15): a sensible number of pages, the marking at the top and bottom of every
page, "Page n of m" and the document's reference on every page, the first paragraph's text.

WeasyPrint is the optional extra `dagov[pdf]` (in the test extra, so CI has it); without it the
command says in one line what to install, which is tested here by hiding the module.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest
from helpers.tools import need_module
from helpers.trees import EXAMPLE
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.render import pdf

BCB = "plans/da-2014/papers/bcb-2014-06-12.yaml"


def render(args: list[str], cwd: Path):
    before = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, ["render", *args])
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("pdf")
    shutil.copytree(EXAMPLE, root / "plans")
    return root


def pages_of(path: Path) -> list[list[str]]:
    """Each page's pieces of text from its top to its bottom (pypdf's extract_text keeps the
    order they were drawn in, where the margin boxes come last)."""
    need_module("pypdf", "pip install pypdf, or pip install '.[test]'")
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    pages = []
    for page in reader.pages:  # every page is A4: 595 x 842 points
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        pieces: list[tuple[float, float, str]] = []

        def seen(text, cm, tm, font, size, pieces=pieces):
            if text.strip():  # y as drawn, counted down the page; then x
                pieces.append((-(cm[1] * tm[4] + cm[3] * tm[5] + cm[5]), tm[4], " ".join(text.split())))
        page.extract_text(visitor_text=seen)
        pages.append([text for _, _, text in sorted(pieces)])
    return pages


# (command, reference printed on each page, a range of page counts, text of the first paragraph)
DOCUMENTS = {
    "paper": (["paper", BCB], "bcb-2014-06-12", range(2, 13),
              "To inform the Business Coordination Board of the force's response"),
    "minutes": (["minutes", "2014-06-11", "plans"], "Safeguarding Board: minutes of 11 June 2014 (2014-06-11)", range(1, 6), "Safeguarding Board"),
    "action-log": (["action-log", "plans", "--as-of", "2014-11-30"], "Safeguarding Board: action log at 30 November 2014", range(1, 6),
                   "Safeguarding Board"),
    "progress": (["progress", "plans", "--as-of", "2014-11-07"], "progress-da-2014-2016-2014-11-07", range(2, 13),
                 "Progress by key area"),
}


def rendered(name: str, example: Path, as_name: str | None = None) -> Path:
    """The PDF of DOCUMENTS[name], rendered once per module (as `as_name`, to render it again)."""
    out = example / f"{as_name or name}.pdf"
    if not out.exists():
        need_module("weasyprint", "pip install 'dagov[pdf]'")
        result = render([*DOCUMENTS[name][0], "--format", "pdf", "-o", str(out)], example)
        assert result.exit_code == 0, result.output
        assert result.stderr == f"dagov: wrote {out}\n"
    return out


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_pdf_has_the_marking_reference_and_page_numbers_on_every_page(name, example):
    _, reference, count, first_text = DOCUMENTS[name]
    out = rendered(name, example)
    assert out.read_bytes().startswith(b"%PDF-")
    pages = pages_of(out)
    assert len(pages) in count
    for number, pieces in enumerate(pages, start=1):
        assert pieces[0] == "OFFICIAL", f"page {number} starts {pieces[:2]}"  # the marking at the top ...
        # ... and at the foot: the reference on the left, the marking, "Page n of m" on the right
        assert sorted(pieces[-3:]) == sorted([reference, "OFFICIAL", f"Page {number} of {len(pages)}"]), f"page {number}"
    assert first_text in " ".join(pages[0])


def test_the_same_files_give_the_same_pdf(example):
    assert rendered("minutes", example).read_bytes() == rendered("minutes", example, "minutes-again").read_bytes()


def test_the_paper_shows_its_charts_and_no_mermaid_text(example):
    out = rendered("paper", example)
    pages_of(out)  # A4 pages
    import pypdf

    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "Actions by RAG status at 12 June 2014" in text and "Recommendations by key area" in text
    assert "mermaid" not in text and "dagov-chart" not in text and "gantt" not in text
    assert re.search(r"Complete 38 \(49%\) Green 31 \(40%\) Amber 2 \(3%\) Red 6 \(8%\)", text), text  # the breakdown's bars are labelled with word and count


def test_without_weasyprint_it_says_in_one_line_what_to_install(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    out = example / "none.pdf"
    result = render(["paper", BCB, "--format", "pdf", "-o", str(out)], example)
    assert result.exit_code == 1
    assert result.stderr == f"dagov: {pdf.INSTALL}\n"
    assert pdf.INSTALL.startswith("PDF output needs WeasyPrint, which is not installed: pip install 'dagov[pdf]'")
    assert "\n" not in pdf.INSTALL
    assert not out.exists()


def test_a_pdf_needs_an_output_file(example):
    result = render(["paper", BCB, "--format", "pdf"], example)
    assert result.exit_code == 2
    assert "--format pdf writes a file: give -o FILE, e.g. -o paper.pdf" in result.stderr
