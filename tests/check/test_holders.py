"""Dated post holders (organisation.yaml `holders:`): who is named on a date, and the rules on the periods."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.trees import ORGANISATION, write_tree
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.load import load_tree
from dagov.plan.people import holder_on

TRAINER = "  trainer:\n    title: Head of Learning\n"


def _org(holders: str) -> dict[str, str]:
    return {"organisation.yaml": ORGANISATION.replace(TRAINER, TRAINER + "    holders:\n" + holders)}


TWO = ("      - name: C. Old\n        from: 2013-01-01\n        to: 2014-03-31\n"
       "      - name: D. New\n        from: 2014-04-02\n")


def _role(tmp_path, holders: str = TWO):
    tree, _ = load_tree(write_tree(tmp_path / "plans", _org(holders)))
    return tree.organisation.roles["trainer"]


@pytest.mark.parametrize(("day", "who"), [
    (dt.date(2012, 12, 31), None),  # before anyone is recorded
    (dt.date(2013, 1, 1), "C. Old"),  # the day a holder starts
    (dt.date(2014, 3, 31), "C. Old"),  # their last day
    (dt.date(2014, 4, 1), None),  # the day after one leaves, before the next starts: vacant
    (dt.date(2014, 4, 2), "D. New"),  # the day the next starts
    (dt.date(2030, 1, 1), "D. New"),  # no 'to': still holds it
])
def test_the_holder_on_a_day(tmp_path, day, who):
    assert holder_on(_role(tmp_path), day) == who


def test_a_holder_without_dates_holds_the_post_on_every_day(tmp_path):
    tree, _ = load_tree(write_tree(tmp_path / "plans", {}))
    assert holder_on(tree.organisation.roles["lead"], dt.date(1990, 1, 1)) == "B. Lead"


def run(root, *args):
    return CliRunner().invoke(app, [*args, str(root)])


def test_owners_lists_the_posts_vacant_on_the_day(tmp_path):
    root = write_tree(tmp_path / "plans", _org(TWO))
    on_leaving = run(root, "owners", "--as-of", "2014-03-31").output
    assert "Vacant on 2014-03-31: none\n" in on_leaving
    assert "trainer: Head of Learning, C. Old" in on_leaving
    after = run(root, "owners", "--as-of", "2014-04-01").output
    assert "Vacant on 2014-04-01: trainer\n" in after
    assert "trainer: Head of Learning\n" in after
    assert "Vacant on 2014-04-02: none\n" in run(root, "owners", "--as-of", "2014-04-02").output


def test_show_names_the_holder_of_the_as_of_date(tmp_path):
    root = write_tree(tmp_path / "plans", _org(TWO))
    assert "Holder: C. Old\n" in run(root, "show", "trainer", "--as-of", "2014-03-01").output
    vacant = run(root, "show", "trainer", "--as-of", "2014-04-01").output
    assert "Holder: none (vacant)\nHeld by: C. Old from 2013-01-01 to 2014-03-31; D. New from 2014-04-02\n" in vacant


def check(root):
    return CliRunner().invoke(app, ["check", str(root)])


def test_a_holder_whose_period_ends_before_it_starts(tmp_path):
    root = write_tree(tmp_path / "plans", _org("      - name: C. Old\n        from: 2014-05-01\n        to: 2014-03-31\n"))
    result = check(root)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{root}/organisation.yaml:14:13: error [holder-date-order] C. Old of trainer holds the post to 2014-03-31, "
        "before they start on 2014-05-01; 'to' is their last day: correct 'to' or 'from'")


@pytest.mark.parametrize("to", ["", "        to: 2014-04-02\n", "        to: 2014-06-30\n"])
def test_two_holders_on_the_same_day(tmp_path, to):
    holders = ("      - name: D. New\n        from: 2014-04-02\n"
               f"      - name: C. Old\n        from: 2013-01-01\n{to}")
    root = write_tree(tmp_path / "plans", _org(holders))
    result = check(root)
    assert result.exit_code == 1
    until = f"to {to.split(': ')[1].strip()}" if to else "with no 'to'"
    assert result.output.splitlines()[0] == (
        f"{root}/organisation.yaml:13:15: error [holders-overlap] D. New holds trainer from 2014-04-02, while "
        f"C. Old still does (from 2013-01-01 {until}); give C. Old 'to:' the day before 2014-04-02, or correct the dates")


def test_holders_one_day_apart_and_from_before_the_plan_starts_are_fine(tmp_path):
    holders = ("      - name: C. Old\n        from: 2001-01-01\n        to: 2014-04-01\n"
               "      - name: D. New\n        from: 2014-04-02\n")
    result = check(write_tree(tmp_path / "plans", _org(holders)))
    assert result.exit_code == 0, result.output


def test_the_example_minutes_name_the_holders_of_their_own_date():
    from helpers.trees import EXAMPLE

    june = CliRunner().invoke(app, ["render", "minutes", "2014-06-11", str(EXAMPLE)]).stdout
    assert "- Alan Fenwick, Head of ICT\n" in june  # left on 31 July
    assert "- T/Supt Mark Ellery, Head of Corporate Development (plan lead)\n" in june
    november = CliRunner().invoke(app, ["render", "minutes", "2014-11-12", str(EXAMPLE)]).stdout
    assert "- Supt Mark Ellery, Head of Corporate Development (plan lead)\n" in november  # made up on 1 October
    assert "Alan Fenwick" not in november


def test_a_role_with_holder_and_holders_is_warned_of(tmp_path):
    org = ORGANISATION.replace(TRAINER, TRAINER + "    holder: E. Undated\n    holders:\n" + TWO)
    root = write_tree(tmp_path / "plans", {"organisation.yaml": org})
    result = check(root)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"{root}/organisation.yaml:11:13: warning [holder-and-holders] role trainer has both 'holder' (E. Undated) "
        "and 'holders'; documents name the dated holders only: delete 'holder', or add them to 'holders' with "
        "their 'from' date")
