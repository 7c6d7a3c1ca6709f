"""`dagov new recommendation --kind --text --timescale` (issue 17 item 16): every field the report gives can be typed."""

from __future__ import annotations

from typer.testing import CliRunner

from dagov.cli.app import app


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_kind_text_and_timescale_are_written_and_left_out_of_what_is_to_fill_in(example_copy):
    result = run("new", "recommendation", str(example_copy), "--plan", "da-2014-2016", "--kind", "area-for-improvement",
                 "--title", "Risk assessment", "--text", "The force should assess risk: at every call.",
                 "--timescale", "within three months", "--area", "frontline", "--owner", "head-daisu", "--due", "31/03/2015")
    assert result.exit_code == 0, result.output
    path = example_copy / "da-2014-2016/recommendations/L07.yaml"
    assert path.read_text() == """\
# yaml-language-server: $schema=../../../schemas/recommendation.schema.json
id: L07
kind: area-for-improvement
title: Risk assessment
text: "The force should assess risk: at every call."
area: frontline
owner: head-daisu
timescale: within three months
due: 2015-03-31
status: open

actions:
  - id: L07.1
    title:  # to fill in: what will be done
    owner: head-daisu
    due:  # to fill in: when it is due (YYYY-MM-DD)
    status: not-started
"""
    assert result.stdout.splitlines()[1] == "2 value(s) still to fill in (`dagov check` lists them until they are):"


def test_an_unknown_kind_is_a_usage_error_listing_the_kinds(example_copy):
    result = run("new", "recommendation", str(example_copy), "--kind", "concern")
    assert result.exit_code == 2
    assert "Invalid value for '--kind': 'concern' is not one of 'recommendation', 'area-for-improvement', " \
           "'cause-of-concern'." in result.output
    assert not (example_copy / "da-2014-2016/recommendations/L07.yaml").exists()
