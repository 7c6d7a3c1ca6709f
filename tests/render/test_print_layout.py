"""Every example document laid out for A4 print in headless Chromium (issue 15): no table, chart
or code block wider than the page, ids, dates and RAG words kept whole, and Chromium's own PDF
of the June paper carrying the margin boxes (marking, reference, "Page n of m") on every page.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium; no browser is downloaded).
One browser launch for the whole module. Without Playwright or Chromium the tests skip (and fail
under CI, whose .ci/run installs both).
"""

from __future__ import annotations

import io

import pytest
from helpers.documents import example_documents
from helpers.tools import need_module, need_program

A4_CONTENT_PX = round((210 - 2 * 16) / 25.4 * 96)
"""The width of the text on an A4 page: 210 mm less the 16 mm margins of page.css, in CSS pixels."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

MEASURE = """() => {
  const page = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('main table, main svg, main pre, main img')) {
    const box = el.getBoundingClientRect();
    if (box.right > page + 0.5 || el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg')
      wide.push(`${el.tagName.toLowerCase()} ${Math.round(box.width)}px: ${el.textContent.slice(0, 60)}`);
  }
  const broken = [];
  for (const el of document.querySelectorAll('.nowrap, .rag-status'))
    if (el.getClientRects().length > 1 || el.getBoundingClientRect().height > 30) broken.push(el.textContent);
  return {page, wide, broken, scroll: document.documentElement.scrollWidth};
}"""


@pytest.fixture(scope="module")
def browser():
    need_module("playwright", "pip install playwright, or pip install '.[test]'; it uses /usr/bin/chromium")
    chromium = need_program("chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _print_page(browser, html: str):
    page = browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
    page.emulate_media(media="print")
    page.set_content(html, wait_until="load")
    return page


def test_nothing_in_any_document_is_wider_than_an_a4_page(browser):
    problems = {}
    for name, html in example_documents("html").items():
        page = _print_page(browser, html)
        found = page.evaluate(MEASURE)
        page.close()
        assert found["page"] == A4_CONTENT_PX
        if found["wide"] or found["broken"] or found["scroll"] > found["page"]:
            problems[name] = found
    assert problems == {}


def test_the_measure_does_find_a_table_too_wide(browser):
    """The test above can fail: a table of unbreakable ids is reported."""
    html = example_documents("html")["paper-bcb-2014-06-12"]
    cells = "".join(f"<td><span class=nowrap>{'SB-' + '1' * 30}</span></td>" for _ in range(6))
    page = _print_page(browser, html.replace("<main>", f"<main><table><tr>{cells}</tr></table>", 1))
    found = page.evaluate(MEASURE)
    page.close()
    assert len(found["wide"]) == 1 and found["wide"][0].startswith("table ")


def test_chromium_prints_the_marking_reference_and_page_numbers_on_every_page(browser):
    need_module("pypdf", "pip install pypdf, or pip install '.[test]'")
    import pypdf

    page = _print_page(browser, example_documents("html")["paper-bcb-2014-06-12"])
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert 2 <= len(pages) <= 12
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "bcb-2014-06-12" in text
        assert text.count("OFFICIAL") >= 2, f"page {number}"  # at the top and at the foot
