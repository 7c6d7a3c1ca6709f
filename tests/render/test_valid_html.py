"""Every HTML document dagov renders is valid HTML: 0 errors from the Nu HTML checker (issue 15).

The checker is vnu.jar from the npm package vnu-jar, pinned in .ci/vnu (`npm ci --prefix .ci/vnu`),
run with Debian's Java (default-jre-headless); .ci/run installs both. Every example document,
and a page of charts drawn from hostile titles, goes to one Java process.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess

from helpers.documents import example_documents
from helpers.tools import need_node_package, need_program

from dagov.render import html, svg
from dagov.render.blocks import chart_json
from dagov.render.templating import Templates

HOSTILE = ['<script>alert("x")</script>', "a & b", "]]> --> <!--", "\"quoted\" 'too'", "Ünïcödé 中文", "x" * 200]


def _hostile_charts_page() -> str:
    groups = [{"label": svg.short_label(t, "a"), "bars": [{"id": t, "title": t, "start": dt.date(2014, 2, 3),
                                                         "end": dt.date(2014, 6, 30), "rag": "red"}]} for t in HOSTILE]
    decisions = [{"date": dt.date(2014, 5, 1), "row": HOSTILE[0], "label": t} for t in HOSTILE]
    timeline = chart_json(svg.timeline_spec(HOSTILE[0], dt.date(2014, 4, 1), groups, decisions))
    pie = chart_json(svg.rag_spec({"red": 3, "green": 1}, HOSTILE[2]))
    markdown = f"# Charts\n\n```dagov-chart\n{timeline}\n```\n\n```dagov-chart\n{pie}\n```\n"
    return html.page(markdown, HOSTILE[0], HOSTILE[1], Templates(), HOSTILE[2])


# The page dagov made before issue 15, which the checker must fault: the test can fail.
KNOWN_BAD = ("<!DOCTYPE html><html lang=en><title>t</title><table><tfoot><tr><td>x</td></tr></tfoot>"
             "<tbody><tr><td><main>x</main></td></tr></tbody></table>")


def test_every_rendered_document_has_no_errors_from_the_nu_html_checker(tmp_path):
    java = need_program("java", "apt-get install default-jre-headless")
    jar = need_node_package("vnu", "vnu-jar") / "build" / "dist" / "vnu.jar"
    pages = {**example_documents("html"), "hostile-charts": _hostile_charts_page(), "known-bad": KNOWN_BAD}
    assert len(pages) >= 22
    files = []
    for name, text in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", *files],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stdout)["messages"]
    shown = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert [m for m in shown if not m.startswith("known-bad.html:")] == []
    assert any("“main” element must not appear" in m for m in shown), shown  # the checker ran and saw known-bad
