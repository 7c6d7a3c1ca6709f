"""The example's public site in a real browser (Chromium through Playwright, never a downloaded browser).

Every page is loaded from file:// and from a local web server: no link is broken (targets and
#fragments), no request leaves the site, no console error, and axe-core, injected into each page,
finds no WCAG 2.2 AA violation. Two screenshots for docs/ are taken from the same pages
(`pytest tests/render/test_site_browser.py --update-golden` rewrites them; look at them).

Needs Chromium (apt-get install chromium), the playwright Python package (the test extra) and axe-core
(npm ci --prefix .ci/axe): skipped without them on a developer's machine, failed under CI.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from helpers.tools import need_module, need_node_package, need_program
from helpers.trees import EXAMPLE, REPO
from typer.testing import CliRunner

from dagov.cli.app import app

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = {"plans/da-2014-2016.html": "docs/publish-plan.png", "plans/da-2014/R07.html": "docs/publish-recommendation.png"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(app, ["publish", str(EXAMPLE), "-o", str(out), "--as-of", "2014-11-30"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    chromium = need_program("chromium", "apt-get install chromium")
    need_module("playwright", "pip install '.[test]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe() -> str:
    return (need_node_package("axe", "axe-core") / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test's output is the findings, not the server's log
        pass


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


class Tab:
    """One browser page, reused for every visit: what each page loaded made it request and print."""

    def __init__(self, browser):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def visit(self, url: str) -> Visit:
        self.requests, self.errors = [], []
        response = self.page.goto(url)
        assert response is None or response.ok, f"{url}: HTTP {response.status}"
        links = self.page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
        ids = set(self.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        return Visit(url, self.requests, self.errors, links, ids)

    def close(self) -> None:
        self.page.close()


@dataclass
class Visit:
    url: str
    requests: list[str]
    errors: list[str]
    links: list[str]
    ids: set[str]


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.close()


def _crawl(tab: Tab, start: str, inside: str) -> dict[str, Visit]:
    """Every page reachable by links from `start`, by URL without fragment; links outside `inside` are not followed."""
    seen: dict[str, Visit] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen[url] = tab.visit(url)
        for link in seen[url].links:
            target = urldefrag(link).url
            if target.startswith(inside) and target.endswith(".html") and target not in seen:
                queue.append(target)
    return seen


def _broken(visits: dict[str, Visit], inside: str, exists) -> list[str]:
    broken = []
    for url, visit in visits.items():
        for link in visit.links:
            target, fragment = urldefrag(link)
            if not target.startswith(inside):
                broken.append(f"{url} links outside the site: {link}")
            elif not exists(target):
                broken.append(f"{url} links to a missing file: {link}")
            elif fragment and target in visits and fragment not in visits[target].ids:
                broken.append(f"{url} links to a missing #{fragment}: {link}")
    return broken


def test_every_page_from_disk_no_broken_link_no_request_elsewhere_no_console_error(tab, site):
    inside = site.as_uri() + "/"
    visits = _crawl(tab, inside + "index.html", inside)
    assert sorted(url[len(inside):] for url in visits) == _pages(site)  # every page is reachable
    assert _broken(visits, inside, lambda url: Path(unquote(urlparse(url).path)).is_file()) == []
    assert [(url, r) for url, v in visits.items() for r in v.requests if not r.startswith(inside)] == []
    assert [(url, v.errors) for url, v in visits.items() if v.errors] == []
    assert all(v.requests[:2] == [v.url, inside + "style.css"] for v in visits.values())


def test_every_page_from_a_web_server(tab, server, site):
    visits = _crawl(tab, server + "index.html", server)
    assert len(visits) == len(_pages(site))
    assert _broken(visits, server, lambda url: (site / urlparse(url).path.lstrip("/")).is_file()) == []
    assert [(url, r) for url, v in visits.items() for r in v.requests if not r.startswith(server)] == []
    assert [(url, v.errors) for url, v in visits.items() if v.errors] == []


def test_axe_finds_no_wcag_22_aa_violation_on_any_page(tab, site, axe):
    found = {}
    for name in _pages(site):
        tab.visit((site / name).as_uri())
        tab.page.add_script_tag(content=axe)
        result = tab.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert result["passes"], f"{name}: axe ran no check"
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if violations:
            found[name] = violations
    assert found == {}


def test_axe_would_find_violations(tab, site, axe, tmp_path):
    """The axe run above can fail: a page without lang and with faint text is caught."""
    page = (site / "index.html").read_text(encoding="utf-8").replace(' lang="en-GB"', "").replace(
        "<h1>", '<p style="color: #aaaaaa; background: #ffffff">faint</p><h1>')
    (tmp_path / "bad.html").write_text(page, encoding="utf-8")
    tab.visit((tmp_path / "bad.html").as_uri())
    tab.page.add_script_tag(content=axe)
    result = tab.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert {"html-has-lang", "color-contrast"} <= {v["id"] for v in result["violations"]}


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches_and_moves_to_the_content(tab, site):
    tab.visit((site / "plans" / "da-2014-2016.html").as_uri())
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert tab.page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # visible when focused
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"


def test_the_screenshots_in_docs_are_of_the_pages_as_they_are(tab, site, request):
    """docs/ shows two pages of the example's site; --update-golden takes them again (review them by eye)."""
    for name, shot in SCREENSHOTS.items():
        path = REPO / shot
        if request.config.getoption("--update-golden"):
            tab.page.set_viewport_size({"width": 1000, "height": 1250})
            tab.visit((site / name).as_uri())
            tab.page.screenshot(path=str(path), full_page=False)
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no screenshot {shot}; run --update-golden"
        assert path.stat().st_size < 200_000
