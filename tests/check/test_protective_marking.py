"""A paper marked FOI disclosable must not be, or come from a plan set to, OFFICIAL-SENSITIVE."""

from __future__ import annotations

import pytest

from helpers.trees import BASE, PAPER
from dagov.check.run import check

PAPER_FILE = "p1/papers/sb-2014-03.yaml"


def _tree(tree_dir, classification: str | None, foi: str, default: str | None = None):
    own = f"classification: {classification}\n" if classification else ""
    org = BASE["organisation.yaml"] + (f"  classification: {default}\n" if default else "")
    paper = PAPER.replace("foi: disclosable\n", f"{own}foi: {foi}\n")
    return tree_dir({PAPER_FILE: paper, "organisation.yaml": org})


def _marking(root):
    return [f.as_text() for f in check(root).findings if f.rule == "protective-marking"]


@pytest.mark.parametrize("marking", ["OFFICIAL-SENSITIVE", "OFFICIAL SENSITIVE", "official-sensitive", "SECRET",
                                     "OFFICIAL-SENSITIVE PERSONAL"])
def test_disclosable_paper_marked_sensitive_is_an_error(tree_dir, marking):
    root = _tree(tree_dir, marking, "disclosable")
    assert _marking(root) == [
        f"{root}/{PAPER_FILE}:8:6: error [protective-marking] paper sb-2014-03 is marked {marking} but foi: "
        "disclosable; a paper with that marking must not be published: set foi: not-disclosable, or correct its "
        "classification"
    ]


def test_disclosable_paper_of_a_sensitive_organisation_is_an_error(tree_dir):
    root = _tree(tree_dir, None, "disclosable", default="OFFICIAL-SENSITIVE")
    assert _marking(root) == [
        f"{root}/{PAPER_FILE}:7:6: error [protective-marking] paper sb-2014-03 is foi: disclosable but "
        f"{root}/organisation.yaml marks the plans OFFICIAL-SENSITIVE (settings: classification); set foi: "
        "not-disclosable, or, if the organisation's default marking is wrong, correct it there"
    ]


def test_an_official_paper_of_a_sensitive_organisation_is_still_an_error(tree_dir):
    root = _tree(tree_dir, "OFFICIAL", "disclosable", default="OFFICIAL-SENSITIVE")
    assert len(_marking(root)) == 1


@pytest.mark.parametrize(("classification", "foi", "default"), [
    ("OFFICIAL-SENSITIVE", "not-disclosable", None),
    (None, "not-disclosable", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL", "disclosable", "OFFICIAL"),
    (None, "disclosable", None),
    ("OFFICIAL", "disclosable", None),
])
def test_no_error_when_nothing_sensitive_is_disclosed(tree_dir, classification, foi, default):
    root = _tree(tree_dir, classification, foi, default)
    assert check(root).findings == []
