"""Charts dagov draws (issue 15): inline SVG in HTML from dagov/render/svg.py, and Mermaid in
Markdown with explicit RAG colours; bars start when an action's work started."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from helpers.documents import example_documents
from helpers.trees import R01
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.render import html, svg
from dagov.render.blocks import chart_json
from dagov.render.templating import Templates

NS = {"s": "http://www.w3.org/2000/svg"}
D = dt.date


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", page, re.S)]


def _rows(chart: ET.Element) -> dict[str, str]:
    """{the word left of a bar: the bar's colour}, matched by the row's y."""
    words = {t.get("y"): t.text for t in chart.findall("s:text", NS) if t.get("text-anchor") == "end"}
    return {words[str(int(float(r.get("y"))) + 10)]: r.get("fill") for r in chart.findall("s:rect", NS)}


def test_the_rag_breakdown_gives_each_status_its_fixed_colour_word_and_count():
    chart = ET.fromstring(svg.rag_breakdown(svg.rag_spec({"red": 6, "amber": 2, "green": 31, "complete": 38}, "t")))
    assert _rows(chart) == {"Red": "#c0392b", "Amber": "#e67e22", "Green": "#27ae60", "Complete": "#2e6da4"}
    counts = [t.text for t in chart.findall("s:text", NS) if t.get("text-anchor") is None][1:]
    assert counts == ["38 (49%)", "31 (40%)", "2 (3%)", "6 (8%)"]
    # an absent status is shown as nought, with no bar: the word is never missing
    chart = ET.fromstring(svg.rag_breakdown(svg.rag_spec({"red": 1}, "t")))
    assert _rows(chart) == {"Red": "#c0392b"}
    assert [t.text for t in chart.findall("s:text", NS)][1:3] == ["Complete", "0 (0%)"]


def test_every_paper_chart_is_drawn_as_svg_and_no_chart_is_left_as_text():
    pages = example_documents("html")
    paper = pages["paper-bcb-2014-06-12"]
    breakdown, timeline = _svgs(paper)
    assert breakdown.find("s:title", NS).text == "Actions by RAG status at 12 June 2014"
    assert timeline.find("s:title", NS).text == "Recommendations by key area, as at 12 June 2014"
    for name, page in pages.items():
        assert "dagov-chart" not in page and "mermaid" not in page, name
        assert "<script" not in page and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), name


def test_the_timeline_has_a_bar_per_recommendation_by_area_a_line_for_today_and_a_mark_per_decision():
    timeline = _svgs(example_documents("html")["paper-bcb-2014-06-12"])[1]
    texts = [t.text for t in timeline.findall("s:text", NS)]
    assert [t for t in texts if t in ("Leadership", "Business processes", "Training", "DAISU and MARU",
                                      "Partnerships")] == ["Leadership", "Business processes", "Training",
                                                           "DAISU and MARU", "Partnerships"]
    bars = [r.find("s:title", NS).text for r in timeline.findall("s:rect", NS)]
    assert [b.split(":")[0] for b in bars] == [f"R{i:02d}" for i in range(1, 16)]
    assert "R05: 5 Mar 2014 to 30 Sep 2014, Red" in bars  # from its first action's first update
    assert texts.count("Closed") == 3 and "R01 Make domestic abuse a visible…" in texts
    marks = [p.find("s:title", NS).text for p in timeline.findall("s:path", NS) if p.find("s:title", NS) is not None]
    assert marks == ["11 Jun 2014: R01 closed", "11 Jun 2014: R02 closed", "11 Jun 2014: R07.3 due date moved to 30 Sep 2014",
                     "11 Jun 2014: R12 closed"]
    [today] = [line for line in timeline.findall("s:line", NS) if line.get("stroke-dasharray") and line.get("y1") != line.get("y2")]
    assert "as at 12 Jun 2014" in texts and float(today.get("x1")) > svg.LABELS


def test_titles_are_escaped_in_the_svg_and_the_same_figures_draw_the_same_bytes():
    hostile = '<script>alert("x")</script> & ]]>'
    spec = svg.timeline_spec(hostile, D(2014, 4, 1), [{"label": hostile, "bars": [
        {"id": hostile, "title": hostile, "start": D(2014, 2, 3), "end": D(2014, 6, 30), "rag": "amber"}]}],
        [{"date": D(2014, 3, 1), "row": None, "label": hostile}])
    drawn = svg.timeline(spec)
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    chart = ET.fromstring(drawn)  # well-formed whatever the titles hold
    assert chart.find("s:title", NS).text == hostile
    assert "Other board decisions" in [t.text for t in chart.findall("s:text", NS)]
    assert svg.timeline(spec) == drawn


def test_a_chart_fence_that_is_not_a_chart_dagov_draws_stays_text():
    page = html.markdown_to_html('```dagov-chart\n{"kind": "nope"}\n```\n\n```dagov-chart\nnot json\n```\n')
    assert "<svg" not in page and page.count("<pre><code") == 2
    fine = html.markdown_to_html(f"```dagov-chart\n{chart_json(svg.rag_spec({'red': 1}, 'x'))}\n```\n")
    assert fine.startswith('<figure class="chart">\n<svg ')


@pytest.mark.parametrize(("title", "short"), [
    ("Leadership", "Leadership"),
    ("Domestic Abuse Investigation and Safeguarding Unit (DAISU) and Multi-Agency Referral Unit (MARU)",
     "DAISU and MARU"),
    ("Governance and performance of the force", "Governance and performance of…"),
    ("", "area-id"), (None, "area-id"),
])
def test_short_area_labels(title, short):
    assert svg.short_label(title, "area-id") == short


def _pies(markdown: str) -> list[tuple[dict, list[str]]]:
    found = []
    for init, body in re.findall(r"```mermaid\n%%\{init: (.*?)\}%%\npie showData\n(.*?)```", markdown, re.S):
        import json

        found.append((json.loads(init)["themeVariables"], re.findall(r'^    "(\w+)" :', body, re.M)))
    return found


def test_each_pie_slice_gets_its_rag_colour_whatever_slices_are_present():
    colours = {svg.RAG_WORDS[k]: v for k, v in svg.RAG_COLOURS.items()}
    seen = set()
    for markdown in example_documents("markdown").values():
        for variables, labels in _pies(markdown):
            assert variables == {f"pie{i}": colours[label] for i, label in enumerate(labels, start=1)}
            seen.add(tuple(labels))
    assert len(seen) >= 2  # different sets of slices were tried


def test_a_bar_starts_at_the_actions_start_else_its_first_update(tree_dir):
    with_start = R01.replace("    due: 2014-04-30\n", "    due: 2014-04-30\n    start: 2014-02-17\n", 1)
    assert with_start != R01
    for text, begins in ((R01, "2014-03-10"), (with_start, "2014-02-17")):
        plans = tree_dir({"p1/recommendations/R01.yaml": text})
        result = CliRunner().invoke(app, ["render", "progress", str(plans), "--as-of", "2014-04-01"])
        assert result.exit_code == 0, result.output
        [line] = [line for line in result.stdout.splitlines() if ":R01_1, " in line or ", R01_1, " in line]
        assert line.endswith(f"R01_1, {begins}, 2014-04-30"), line


def test_the_page_template_prints_margin_boxes_with_escaped_text():
    page = html.page("x", "t", 'OFFICIAL "x"; } </style>', Templates(), "ref\\1")
    assert '@top-center { content: "OFFICIAL \\22 x\\22 \\3b  \\7d  \\3c \\2f style\\3e "; }' in page
    assert '@bottom-left { content: "ref\\5c 1"; }' in page
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages); }' in page
    assert page.count("</style>") == 1


def test_ids_dates_and_rag_words_are_kept_whole():
    out = html.markdown_to_html("| a | b |\n| --- | --- |\n| SB-18 and R05.4 by 12 June 2014 | \U0001F534 Red |\n")
    assert '<span class="nowrap">SB-18</span> and <span class="nowrap">R05.4</span> by ' \
           '<span class="nowrap">12 June 2014</span>' in out
    assert '<span class="rag-status"><span class="rag rag-red"></span>\u00a0Red</span>' in out


def test_a_timeline_with_nothing_to_draw_or_spanning_years_still_draws():
    empty = ET.fromstring(svg.timeline(svg.timeline_spec("t", D(2014, 4, 1), [], [])))
    assert empty.findall("s:rect", NS) == []
    decade = svg.timeline(svg.timeline_spec("t", D(2014, 4, 1), [{"label": "a", "bars": [
        {"id": "R1", "start": D(2010, 1, 1), "end": D(2019, 12, 31), "rag": "red"}]}], []))
    labels = re.findall(r">([A-Z][a-z]{2} \d{4})<", decade)
    assert labels[0] == "Jan 2010" and len(labels) == 8  # labels at least 52 pixels apart
    assert decade.count('stroke="#ddd"') == len(labels)
    nothing = ET.fromstring(svg.rag_breakdown(svg.rag_spec({}, "x")))
    assert [t.text for t in nothing.findall("s:text", NS)][1:3] == ["Complete", "0 (—)"]
