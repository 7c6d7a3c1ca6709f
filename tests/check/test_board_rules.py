"""The board's decisions and the files agree (issue 13): each rule's exact location and message."""

from __future__ import annotations

import pytest
from helpers.trees import BASE, MEETING_APRIL, P2_PLAN, P2_S01, PLAN

from dagov.check.run import check

ORG = BASE["organisation.yaml"]
R01 = BASE["p1/recommendations/R01.yaml"]
M = BASE["p1/meetings/2014-03-12.yaml"]
APRIL = "p1/meetings/2014-04-09.yaml"
MARCH = "p1/meetings/2014-03-12.yaml"
APRIL_EXCUSED = MEETING_APRIL.replace("present: [chief-constable, lead]\n",
                                      "present: [chief-constable, lead]\napologies: [trainer]\n")
APPROVES_MARCH = APRIL_EXCUSED + "  - id: D2\n    text: Minutes of 12 March approved.\n    approve_minutes: 2014-03-12\n"
MARCH_APPROVED = M + "status: approved\napproved_at: 2014-04-09\n"


def with_decision(fields: str) -> str:
    """The March meeting with a third decision of these fields."""
    return M.replace("\nactions:\n", f"\n  - id: D3\n{fields}actions:\n")


SUPERSEDED = {"p1/plan.yaml": PLAN.replace("status: active", "status: superseded\nsuperseded_by: p2"),
              "p2/plan.yaml": P2_PLAN, "p2/recommendations/S01.yaml": P2_S01}

CASES = {
    "extension-not-recorded": {"p1/recommendations/R01.yaml": R01.split("    extensions:")[0]},
    "cancellation-not-approved": {"p1/recommendations/R01.yaml": R01.replace("status: in-progress", "status: cancelled")},
    "open-in-superseded-plan": SUPERSEDED,
    "cancellation-not-recorded": {MARCH: with_decision("    text: R01.2 cancelled.\n    cancel: R01.2\n")},
    "quorum-not-met": {"organisation.yaml": ORG.replace("    cadence: monthly\n", "    cadence: monthly\n    quorum: 3\n")},
    "member-absent": {MARCH: M.replace("apologies: [trainer]\n", "")},
    "members-absent": {"organisation.yaml": ORG.replace("members: [chief-constable, lead, trainer]",
                                                        "members: [chief-constable, lead, trainer, county]")
                       .replace("  trainer:\n", "  county:\n    title: Council Lead\n  trainer:\n"),
                       MARCH: M.replace("present: [chief-constable, lead,", "present: [chief-constable,")},
    "unknown-minutes": {APRIL: APPROVES_MARCH.replace("approve_minutes: 2014-03-12", "approve_minutes: 2014-03-11")},
    "minutes-of-itself": {APRIL: APPROVES_MARCH.replace("approve_minutes: 2014-03-12", "approve_minutes: 2014-04-09")},
    "minutes-approval-not-recorded": {APRIL: APPROVES_MARCH},
    "approved-without-meeting": {MARCH: M + "status: approved\n"},
    "approved-at-but-draft": {MARCH: M + "status: draft\napproved_at: 2014-04-09\n", APRIL: APPROVES_MARCH},
    "approved-at-no-decision": {MARCH: MARCH_APPROVED, APRIL: APRIL_EXCUSED},
    "approved-at-earlier": {MARCH: MARCH_APPROVED.replace("approved_at: 2014-04-09", "approved_at: 2014-03-12")},
}

EXPECTED = {
    'approved-at-but-draft': [
        'plans/p1/meetings/2014-03-12.yaml:24:14: error [minutes-not-approved] the minutes of meeting 2014-03-12 name approved_at: 2014-04-09 but are not approved; set status: approved, or remove approved_at',
        'plans/p1/meetings/2014-04-09.yaml:12:22: warning [minutes-approval-not-recorded] decision D2 of meeting 2014-04-09 approves the minutes of 2014-03-12, but they do not record it; set status: approved and approved_at: 2014-04-09 in plans/p1/meetings/2014-03-12.yaml',
    ],
    'approved-at-earlier': [
        'plans/p1/meetings/2014-03-12.yaml:24:14: error [minutes-not-approved] the minutes of meeting 2014-03-12 were approved at 2014-03-12, which is not a later meeting of safeguarding-board; give the id of the meeting that approved them',
    ],
    'approved-at-no-decision': [
        'plans/p1/meetings/2014-03-12.yaml:24:14: error [minutes-not-approved] the minutes of meeting 2014-03-12 were approved at 2014-04-09, but no decision of that meeting approves them; add a decision with approve_minutes: 2014-03-12 to plans/p1/meetings/2014-04-09.yaml, or cite the right meeting',
    ],
    'approved-without-meeting': [
        'plans/p1/meetings/2014-03-12.yaml:23:9: error [minutes-not-approved] the minutes of meeting 2014-03-12 are approved but do not say at which meeting; add approved_at: <id of the later meeting whose decision approved them>',
    ],
    'cancellation-not-recorded': [
        'plans/p1/meetings/2014-03-12.yaml:20:13: warning [cancellation-not-recorded] decision D3 of meeting 2014-03-12 cancels action R01.2, but its status is still in-progress; set status: cancelled in plans/p1/recommendations/R01.yaml, with an update dated 2014-03-12 recording the cancellation',
    ],
    'cancellation-not-approved': [
        "plans/p1/recommendations/R01.yaml:29:13: warning [cancellation-not-approved] action R01.2 is cancelled, but no decision of safeguarding-board in p1/meetings/ cancels it; record the board's decision with cancel: R01.2 in the meeting that agreed it (dagov cancel R01.2 --meeting MEETING --reason TEXT), or set the status the action really has",
    ],
    'extension-not-recorded': [
        'plans/p1/meetings/2014-03-12.yaml:16:13: error [extension-not-recorded] decision D2 of meeting 2014-03-12 extends action R01.2 to 2014-07-31, but the action records no extension citing that meeting, so it is still judged against its old date; add to action R01.2 in plans/p1/recommendations/R01.yaml: extensions: - to: 2014-07-31, meeting: 2014-03-12, reason: <why the date moved>',
    ],
    'member-absent': [
        'plans/p1/meetings/2014-03-12.yaml:5:10: warning [member-absent] trainer, of safeguarding-board, is neither present nor among the apologies at meeting 2014-03-12, so the minutes list them as absent; if they sent apologies, add them to apologies:',
    ],
    'members-absent': [
        'plans/p1/meetings/2014-03-12.yaml:6:12: warning [member-absent] lead and county, of safeguarding-board, are neither present nor among the apologies at meeting 2014-03-12, so the minutes list them as absent; if they sent apologies, add them to apologies:',
    ],
    'minutes-approval-not-recorded': [
        'plans/p1/meetings/2014-04-09.yaml:12:22: warning [minutes-approval-not-recorded] decision D2 of meeting 2014-04-09 approves the minutes of 2014-03-12, but they do not record it; set status: approved and approved_at: 2014-04-09 in plans/p1/meetings/2014-03-12.yaml',
    ],
    'minutes-of-itself': [
        'plans/p1/meetings/2014-04-09.yaml:12:22: error [unknown-minutes] decision D2 of meeting 2014-04-09 approves the minutes of 2014-04-09, but those are not the minutes of an earlier meeting of safeguarding-board; the last before it was 2014-03-12; give the id of the earlier meeting whose minutes were approved',
    ],
    'open-in-superseded-plan': [
        'plans/p1/recommendations/R01.yaml:9:9: error [open-in-superseded-plan] recommendation R01 is still open, but plan p1 is superseded by p2; set status: superseded (with its open actions carried into p2), or closed with the meeting that closed it',
    ],
    'quorum-not-met': [
        "plans/p1/meetings/2014-03-12.yaml:5:10: warning [quorum-not-met] meeting 2014-03-12 had 2 members of safeguarding-board present, fewer than the board's quorum of 3, so its decisions may not stand; if more members were there, add them to present:, otherwise have a quorate meeting ratify the decisions",
    ],
    'unknown-minutes': [
        'plans/p1/meetings/2014-04-09.yaml:12:22: error [unknown-minutes] decision D2 of meeting 2014-04-09 approves the minutes of 2014-03-11, but there are no minutes of such a meeting of safeguarding-board; the last before it was 2014-03-12; give the id of the earlier meeting whose minutes were approved',
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_reports_exact_location(case, tree_dir, monkeypatch):
    root = tree_dir(CASES[case])
    monkeypatch.chdir(root.parent)
    assert [f.as_text() for f in check("plans").findings] == EXPECTED[case]


VALID = {
    "minutes approved at the next meeting": {MARCH: MARCH_APPROVED, APRIL: APPROVES_MARCH},
    "a cancellation the board decided": {
        "p1/recommendations/R01.yaml": R01.replace("status: in-progress", "status: cancelled"),
        MARCH: with_decision("    text: R01.2 cancelled.\n    cancel: R01.2\n")},
    "a quorate meeting": {"organisation.yaml": ORG.replace("    cadence: monthly\n", "    cadence: monthly\n    quorum: 2\n")},
    "a superseded plan whose open work was carried": {
        **SUPERSEDED, "p1/recommendations/R01.yaml": R01.replace("status: open", "status: superseded")},
    "a guest standing in for a member": {MARCH: M.replace("apologies: [trainer]\n", "").replace(
        "{name: Jo Guest, organisation: County Council}", "{name: Jo Guest, role: trainer}")},
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_what_the_board_decided_and_the_files_record_agree(case, tree_dir, monkeypatch):
    root = tree_dir(VALID[case])
    monkeypatch.chdir(root.parent)
    assert [f.as_text() for f in check("plans").findings] == []


def test_a_decision_cancelling_an_unknown_action(tree_dir, monkeypatch):
    root = tree_dir({MARCH: with_decision("    text: Cancelled.\n    cancel: R01.7\n")})
    monkeypatch.chdir(root.parent)
    assert [f.as_text() for f in check("plans").findings] == [
        "plans/p1/meetings/2014-03-12.yaml:20:13: error [unknown-action] decision D3 cancels 'R01.7', which is not "
        "an action of plan p1 (did you mean 'R01.2'?)"]


def test_the_example_shows_the_board_rules_at_work():
    """The example's quorum, minutes approvals and cancellation decisions agree; one member's absence is
    left as a deliberate warning (the README's check output shows it)."""
    from helpers.trees import EXAMPLE

    from dagov.check.board_rules import BOARD_RULES
    from dagov.plan.load import load_tree

    tree = load_tree(EXAMPLE)[0]
    found = [(f.rule, f.line, f.message.split(",")[0]) for rule in BOARD_RULES for f in rule(tree)]
    assert found == [("member-absent", 8, "commander-south")]
    assert tree.organisation.boards["safeguarding-board"].quorum == 5
    meetings = sorted((m for p in tree.plans.values() for m in p.meetings.values()), key=lambda m: m.date)
    assert [m.approved for m in meetings] == [True] * 9 + [False]
