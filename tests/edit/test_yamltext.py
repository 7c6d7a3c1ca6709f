"""The emitter: whatever dagov writes reads back as exactly the value given."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dagov.edit.yamltext import Blank, document, inline, render_mapping
from dagov.plan import format as fmt
from dagov.plan.findings import Finding
from dagov.plan.load import read_document


def read_note(text: str) -> str | None:
    """Write `text` as an update note and read it back with dagov's own loader."""
    doc = document({"date": dt.date(2014, 5, 6), "by": "trainer", "note": text})
    findings: list[Finding] = []
    update = read_document("u.yaml", doc.encode(), fmt.UPDATE, findings)
    return update.note if update else None


@settings(max_examples=300)
@given(st.text(min_size=1).filter(lambda t: t.strip()))
def test_any_note_reads_back_exactly(text):
    assert read_note(text) == text


def test_plain_where_safe_quoted_where_not():
    assert inline("Deliver the course") == "Deliver the course"
    assert inline("2014-06-12") == "2014-06-12"  # dagov reads an id like this as the text typed
    assert inline("yes") == '"yes"'
    assert inline("R03: done # really") == '"R03: done # really"'
    assert inline("- a list?") == '"- a list?"'
    assert inline(" padded ") == '" padded "'
    assert inline(dt.date(2014, 6, 12)) == "2014-06-12"


def test_layout():
    lines = render_mapping({"id": "R01", "title": Blank("to fill in: a short title"), "tags": [],
                            "actions": [{"id": "R01.1", "note": "one\ntwo\n"}]})
    assert lines == ["id: R01", "title:  # to fill in: a short title", "tags: []", "actions:",
                     "  - id: R01.1", "    note: |", "      one", "      two"]


def test_long_text_is_folded_and_reads_back():
    text = ("The force should build a performance framework for domestic abuse that looks past the number of "
            "recorded crimes and arrests.")
    assert document({"text": text}) == (
        "text: >-\n"
        "  The force should build a performance framework for domestic abuse that looks\n"
        "  past the number of recorded crimes and arrests.\n")
    assert read_note(text) == text


@pytest.mark.parametrize("text,written", [
    ("1.10", '"1.10"'), ("10", '"10"'), ("0o17", '"0o17"'), ("1e3", '"1e3"'), (".inf", '".inf"'), ("-1", '"-1"'),
    ("1:20", '"1:20"'), ("R01", "R01"), ("2014-06-12", "2014-06-12"), ("3 months", "3 months"), ("1.2.3", "1.2.3"),
])
def test_text_that_a_yaml_reader_takes_for_a_number_is_quoted(text, written):
    """Issue 17 item 3: ids are always strings, in dagov and in any YAML 1.1 or 1.2 reader (editors, the JSON Schema)."""
    import yaml

    assert inline(text) == written
    loaded = yaml.safe_load(f"k: {written}\n")["k"]
    assert loaded == (dt.date(2014, 6, 12) if text == "2014-06-12" else text)  # dagov reads a date-like id as text


@pytest.mark.parametrize("before,after", [
    ("id: p1\nstart: 2014-02-03\n", "id: p1\nstart: 2014-02-03\nareas:\n  care:\n    title: Care\n"),
    ("id: p1\nareas: {}  # none yet\nstart: 2014-02-03\n",
     "id: p1\nareas:  # none yet\n  care:\n    title: Care\nstart: 2014-02-03\n"),
    ("id: p1\nareas:\nstart: 2014-02-03\n", "id: p1\nareas:\n  care:\n    title: Care\nstart: 2014-02-03\n"),
])
def test_an_entry_is_added_to_a_mapping_that_is_missing_or_empty(before, after):
    from dagov.edit.textedit import YamlEdit

    doc = YamlEdit(before.encode())
    doc.add_to_map(doc.root, "areas", "care", {"title": "Care"})
    assert doc.result().decode() == after
