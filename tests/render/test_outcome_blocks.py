"""The paper blocks `outcomes` and `assessments`: the table, a Mermaid xychart per measure that the real
Mermaid parser reads (whatever the titles hold), an inline SVG per measure in HTML, the board's judgements."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from helpers.trees import BASE, EXAMPLE, MEASURE
from render.test_hostile_charts import HOSTILE, _yaml, fences, parse
from typer.testing import CliRunner

from dagov.cli.app import app

PAPER = EXAMPLE / "da-2014" / "papers" / "sb-2014-08.yaml"
OUTCOMES_PAPER = """\
id: sb-2014-04
template: board-paper
to: safeguarding-board
from: lead
date: 2014-04-09
subject: Outcomes
foi: disclosable
sections:
  - title: Outcomes
    include: outcomes
  - title: Judgements
    include: assessments
"""


def render(*args: str) -> str:
    result = CliRunner().invoke(app, ["render", "paper", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_example_papers_charts_parse_with_the_real_mermaid_parser():
    charts = [c for c in fences(render(str(PAPER))) if c.startswith("xychart-beta\n")]
    assert len(charts) == 6
    assert [r.get("error") for r in parse(charts)] == [None] * 6


def test_a_chart_holds_the_values_known_by_the_papers_date_and_the_target():
    chart = next(c for c in fences(render(str(PAPER))) if "M04 MARU" in c)
    assert chart == ('xychart-beta\n    title "M04 MARU referrals processed within 24 hours"\n'
                     '    x-axis ["Jan 2014", "Feb 2014", "Mar 2014", "Apr 2014", "May 2014", "Jun 2014", "Jul 2014"]\n'
                     '    y-axis "Per cent" 0 --> 100\n    line [38, 41, 55, 72, 91, 86, 88]\n'
                     "    line [90, 90, 90, 90, 90, 90, 90]\n")


def test_hostile_measure_titles_still_make_charts_mermaid_reads(tree_dir):
    titles = [t for t in HOSTILE if t.strip(" \t\u00a0\u3000")][:40]
    files = {f"p1/measures/M{i:02d}.yaml": MEASURE.replace("id: M01", f"id: M{i:02d}").replace(
        "title: Officers trained", f"title: {_yaml(t)}") for i, t in enumerate(titles, start=1)}
    root = tree_dir({**files, "p1/papers/sb-2014-04.yaml": OUTCOMES_PAPER})
    charts = [c for c in fences(render(str(root / "p1/papers/sb-2014-04.yaml"))) if c.startswith("xychart-beta\n")]
    assert len(charts) == len(titles)
    failed = [(t, r["error"]) for t, r in zip(titles, parse(charts), strict=True) if "error" in r]
    assert failed == []


def test_html_draws_each_chart_as_an_inline_svg():
    page = render(str(PAPER), "--format", "html")
    svgs = re.findall(r"<svg class=\"trend\".*?</svg>", page, re.S)
    assert len(svgs) == 6 and "dagov-trend" not in page and "mermaid" not in page
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed, with no script and no link
        assert not [e for e in root.iter() if e.tag.endswith(("script", "a", "image", "foreignObject"))]
    m04 = next(s for s in svgs if "M04 MARU" in s)
    assert m04.count("<circle") == 7 and 'class="target"' in m04 and "target 90%" in m04


def test_the_outcomes_table_and_the_boards_judgements(tree_dir):
    meeting = BASE["p1/meetings/2014-03-12.yaml"] + (
        "assessments:\n  - recommendation: R01\n    judgement: too-early\n    narrative: Courses start in April.\n"
        "    partners:\n      - partner: county-council\n        view: Our staff will attend too.\n")
    root = tree_dir({"p1/measures/M01.yaml": MEASURE, "p1/papers/sb-2014-04.yaml": OUTCOMES_PAPER,
                     "p1/meetings/2014-03-12.yaml": meeting})
    text = render(str(root / "p1/papers/sb-2014-04.yaml"), "--audience", "internal")
    assert ("| M01 Officers trained | 82%, Mar 2014 | \\+7 better | 60%, Jan 2014 | 80% by 30 June 2014 | Met |"
            in text)
    assert ("**R01 Train everyone**: too early (board meeting of 12 March 2014; actions green). "
            "Courses start in April.\n\n- County Council: Our staff will attend too.\n") in text
    public = render(str(root / "p1/papers/sb-2014-04.yaml"))  # disclosable: public, partners' views left out
    assert "Courses start in April." in public and "Our staff will attend too" not in public
    assert "what partners told the board about each recommendation" in public
