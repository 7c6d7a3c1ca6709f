"""Plain-text and Markdown printing of report blocks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dagov.report.layout import MIN_SHRINK, Column, Heading, Line, ReportSection, Table, as_markdown, as_text

COLUMNS = (Column("ID"), Column("Title", shrink=True), Column("Owner"), Column("Due", right=True))
cell = st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=60)


@given(st.lists(st.tuples(st.text("R0123456789.", max_size=8), cell, st.text("abc-", max_size=20),
                          st.text("0123456789-", max_size=10)), max_size=8), st.integers(60, 120))
def test_tables_fit_the_width_and_keep_every_fixed_cell_whole(rows, width):
    text = as_text([ReportSection((Table("T", COLUMNS, tuple(rows)),))], width)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    for row, line in zip(rows, lines[4:]):
        assert line.startswith(row[0]) and row[2] in line and line.endswith(row[3])
        if row[1] not in line:  # only the title gives way, and then visibly
            assert "…" in line


def test_long_titles_are_cut_with_an_ellipsis_and_short_ones_are_not():
    table = Table("Recs", COLUMNS, (("R01", "x" * 100, "head-ict", "2014-05-31"), ("R02", "Short", "pcc", "2014-06-30")))
    lines = as_text([ReportSection((table,))], 40).splitlines()
    assert lines[4] == "R01  " + "x" * (40 - 5 - 2 - 8 - 2 - 10 - 1) + "…  head-ict  2014-05-31"
    assert lines[5].startswith("R02  Short ")
    assert max(map(len, lines)) == 40


def test_a_title_never_shrinks_below_the_minimum():
    table = Table("T", COLUMNS, (("R01", "y" * 50, "o" * 60, "2014-05-31"),))
    row = as_text([ReportSection((table,))], 40).splitlines()[4]
    assert row.startswith("R01  " + "y" * (MIN_SHRINK - 1) + "…  " + "o" * 60)


def test_sentences_wrap_and_headings_are_underlined():
    text = as_text([ReportSection((Heading("Plan"), Line("word " * 30)))], 40)
    lines = text.splitlines()
    assert lines[:2] == ["Plan", "===="]
    assert all(len(line) <= 40 for line in lines) and lines[3].startswith("  word")


def test_markdown_escapes_what_would_become_formatting():
    table = Table("A | B", COLUMNS, (("R01", "Pipes | and *stars* and _under_", "lead", "2014-05-31"),))
    text = as_markdown([ReportSection((Heading("Plan <draft>"), Line("Use `code` [links]"), table))])
    assert text == (
        "## Plan \\<draft\\>\n"
        "\n"
        "- Use \\`code\\` \\[links\\]\n"
        "\n"
        "**A \\| B**\n"
        "\n"
        "| ID | Title | Owner | Due |\n"
        "|---|---|---|---:|\n"
        "| R01 | Pipes \\| and \\*stars\\* and \\_under\\_ | lead | 2014-05-31 |\n"
    )
