"""Numbers where text is expected: `dagov check` and the JSON Schema judge them alike (issue 17 item 20).

Free text (a title, a timescale, a publisher, a note) may be a bare number: both read it as the
text typed. An id may not: YAML readers other than dagov's take `1.10` for the number 1.1, so the
id would differ from tool to tool; both refuse it, and check says to put it in quotes.
"""

from __future__ import annotations

import pytest
from helpers.editors import schema_errors
from helpers.trees import BASE, write_tree

from dagov.check.run import check
from dagov.plan.load import load_tree

R01 = "p1/recommendations/R01.yaml"
MEETING = "p1/meetings/2014-03-12.yaml"
PLAN = "p1/plan.yaml"
KINDS = {R01: "recommendation", MEETING: "meeting", PLAN: "plan"}


def judged(tmp_path, changes: dict[str, tuple[str, str]]):
    """(dagov's errors as text, the JSON Schema's errors) for BASE with `changes` made: rel -> (old, new)."""
    files = {}
    for rel, (old, new) in changes.items():
        assert old in BASE[rel]
        files[rel] = BASE[rel].replace(old, new, 1)
    root = write_tree(tmp_path / "plans", files)
    dagov = [f.as_text().replace(str(root) + "/", "") for f in check(root).findings if f.severity == "error"]
    schema = [f"{rel}: {message}" for rel, text in files.items() for message in schema_errors(KINDS[rel], text)]
    return root, dagov, schema


@pytest.mark.parametrize("rel, old, new", [
    (R01, "title: Train everyone", "title: 2014"),
    (R01, "timescale: within three months", "timescale: 3"),
    (PLAN, "  publisher: HMIC", "  publisher: 2014"),
    (PLAN, "title: Test plan", "title: 2014.10"),
    (R01, "        note: Drafting.", "        note: 12"),
    (MEETING, "    minutes: The lead reported progress.", "    minutes: 3.5"),
])
def test_a_number_in_free_text_is_accepted_by_both_and_read_as_typed(tmp_path, rel, old, new):
    root, dagov, schema = judged(tmp_path, {rel: (old, new)})
    assert (dagov, schema) == ([], [])
    tree, _ = load_tree(root)
    typed = new.split(": ", 1)[1]
    plan = tree.plans["p1"]
    read = {"title: 2014": plan.recommendations["R01"].title, "timescale: 3": plan.recommendations["R01"].timescale,
            "  publisher: 2014": plan.source.publisher if plan.source else None, "title: 2014.10": plan.title,
            "        note: 12": plan.recommendations["R01"].actions[0].updates[0].note,
            "    minutes: 3.5": plan.meetings["2014-03-12"].items[0].minutes}[new]
    assert read == typed


def test_a_number_as_an_id_is_refused_by_both_with_quotes_suggested(tmp_path):
    _root, dagov, schema = judged(tmp_path, {MEETING: ("  - id: D1\n", "  - id: 1\n")})
    assert dagov == ['p1/meetings/2014-03-12.yaml:11:9: error [unquoted-number] \'id\' of decision 1 '
                     'is 1, which YAML reads as a number, but an id is text; put it in quotes: "1"']
    assert schema == ["p1/meetings/2014-03-12.yaml: 1 is not of type 'string'"]
    _, dagov, schema = judged(tmp_path / "quoted", {MEETING: ("  - id: D1\n", '  - id: "1"\n')})
    assert (dagov, schema) == ([], [])


def test_an_action_id_that_other_tools_read_differently_says_how(tmp_path):
    _root, dagov, schema = judged(tmp_path, {R01: ("  - id: R01.1\n", "  - id: 1.10\n")})
    assert dagov[0] == ('p1/recommendations/R01.yaml:11:9: error [unquoted-number] \'id\' of action 1.10 '
                        'is 1.10, which YAML reads as a number (other tools read it as 1.1), but an id is text; '
                        'put it in quotes: "1.10"')
    assert schema == ["p1/recommendations/R01.yaml: 1.1 is not of type 'string'"]


def test_a_number_as_a_reference_is_refused_by_both(tmp_path):
    _, dagov, schema = judged(tmp_path, {R01: ("owner: trainer\ntimescale", "owner: 2014\ntimescale")})
    assert dagov == ['p1/recommendations/R01.yaml:6:8: error [unquoted-number] \'owner\' of recommendation R01 is 2014, '
                     'which YAML reads as a number, but an id is text; put it in quotes: "2014"']
    assert schema == ["p1/recommendations/R01.yaml: 2014 is not of type 'string'"]
