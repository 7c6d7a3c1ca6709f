"""Rules on papers: paragraphs that number themselves, internal blocks in disclosable papers.
The exact finding, file, line and column of each."""

from __future__ import annotations

import pytest
from helpers.trees import PAPER

from dagov.check.run import check

WHERE = "p1/papers/sb-2014-03.yaml"


def _findings(tree_dir, paper: str, rule: str) -> list[str]:
    plans = tree_dir({WHERE: paper})
    result = check(str(plans))
    return [f.as_text().replace(str(plans), "plans") for f in result.findings if f.rule == rule]


def _paper(paragraphs: str) -> str:
    return PAPER.replace("sections:\n", "sections:\n  - title: Purpose\n    paragraphs:\n" + paragraphs)


NUMBERED = "paragraph {n} starts with a number of its own ('{own}'); dagov numbers every paragraph, so the paper " \
           "would print '{n} {own} ...': delete '{own}' from the start of the paragraph"


@pytest.mark.parametrize("paragraphs,where,n,own", [
    ("      - 1.1 The force accepted every recommendation.\n", "11:9", "1.1", "1.1"),
    ("      - To inform the board.\n      - '2.3.1 Quoted.'\n", "12:10", "1.2", "2.3.1"),
    ("      - >-\n        4. Folded, written over\n        two lines.\n", "12:9", "1.1", "4."),
    ("      - |\n\n          3) Literal, after a blank line.\n", "13:11", "1.1", "3)"),
])
def test_a_paragraph_that_numbers_itself_is_found_where_its_number_is(tree_dir, paragraphs, where, n, own):
    assert _findings(tree_dir, _paper(paragraphs), "self-numbered-paragraph") == [
        f"plans/{WHERE}:{where}: warning [self-numbered-paragraph] {NUMBERED.format(n=n, own=own)}"]


@pytest.mark.parametrize("text", ["2014 was the year of the inspection.", "1,140 referrals were cleared.",
                                  "15 recommendations.", "R01.1 is complete.", "1.5m pounds were spent.",
                                  "1.5 million calls were answered.", "3.2 per cent more arrests."])
def test_numbers_that_are_part_of_the_sentence_are_not_paragraph_numbers(tree_dir, text):
    assert _findings(tree_dir, _paper(f"      - {text}\n"), "self-numbered-paragraph") == []


INTERNAL = PAPER.replace("    include: exceptions\n", "    include: exceptions\n"
                         "  - title: Changes since the last meeting\n    include: changes-since-last-meeting\n")


def test_a_disclosable_paper_that_includes_an_internal_block_is_warned_about(tree_dir):
    assert _findings(tree_dir, INTERNAL, "internal-block-in-disclosable-paper") == [
        f"plans/{WHERE}:12:14: warning [internal-block-in-disclosable-paper] paper sb-2014-03 may be disclosed "
        "under FOI, but section 2 (Changes since the last meeting) includes 'changes-since-last-meeting', which is "
        "internal (it quotes owners' updates and names who wrote them): the public version of the paper leaves it "
        "out; add 'audience: internal' to the section to say the board alone sees it, or include another block"]


@pytest.mark.parametrize("change", [("include: changes-since-last-meeting\n",
                                     "include: changes-since-last-meeting\n    audience: internal\n"),
                                    ("foi: disclosable", "foi: not-disclosable")])
def test_no_warning_when_the_section_is_internal_or_the_paper_is_not_disclosable(tree_dir, change):
    assert _findings(tree_dir, INTERNAL.replace(*change), "internal-block-in-disclosable-paper") == []


def test_the_example_plans_have_neither():
    rules = {f.rule for f in check("plans").findings}
    assert not rules & {"self-numbered-paragraph", "internal-block-in-disclosable-paper"}


def test_each_self_numbered_paragraph_of_a_paper_is_found_at_its_own_line(tree_dir):
    paper = _paper("      - 1.1 First.\n      - 1.2 Second.\n").replace(
        "    include: exceptions\n", "    include: exceptions\n  - title: More\n    paragraphs:\n      - 2.1 Third.\n")
    found = _findings(tree_dir, paper, "self-numbered-paragraph")
    assert [f.split(": warning")[0] for f in found] == [f"plans/{WHERE}:{n}:9" for n in (11, 12, 17)]
    assert "paragraph 3.1 starts with a number of its own ('2.1')" in found[2]
