"""The figures library: RAG rules at their boundaries, roll-ups, exceptions, filters, owners."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dagov.plan import rag
from dagov.report import figures as progress
from dagov.plan.load import load_tree
from dagov.plan.model import Action, Area, Plan, Recommendation, Tree, Update

D = dt.date
AS_OF = D(2014, 6, 12)


def rec_yaml(actions: str, rec_id: str = "R03", status: str = "open", extra: str = "", area: str = "training",
             owner: str = "lead") -> str:
    return textwrap.dedent(f"""\
        id: {rec_id}
        kind: recommendation
        title: Test recommendation {rec_id}
        text: The force should do it.
        area: {area}
        owner: {owner}
        timescale: soon
        due: 2014-09-30
        status: {status}
        """) + textwrap.dedent(extra) + "actions:\n" + textwrap.indent(textwrap.dedent(actions), "  ")


def action_yaml(action_id: str = "R03.1", due: str = "2014-06-12", status: str = "in-progress",
                owner: str = "trainer", more: str = "") -> str:
    return textwrap.dedent(f"""\
        - id: {action_id}
          title: Action {action_id}
          owner: {owner}
          due: {due}
          status: {status}
        """) + textwrap.indent(textwrap.dedent(more), "  ")


def figures_for(tree_dir, *recs: str, as_of: dt.date = AS_OF, files: dict | None = None, **filters):
    """Plan p1 of the fixture tree with R01/R02 replaced by `recs`, as of a date."""
    contents = {"p1/recommendations/R01.yaml": None, "p1/recommendations/R02.yaml": None, **(files or {})}
    for text in recs:
        rec_id = text.split("\n", 1)[0].removeprefix("id: ")
        contents[f"p1/recommendations/{rec_id}.yaml"] = text
    tree, findings = load_tree(tree_dir(contents))
    assert findings == []
    (plan,) = progress.report(tree, as_of, **filters)
    return plan


def one_action(tree_dir, as_of: dt.date = AS_OF, **kw) -> progress.ActionFigures:
    plan = figures_for(tree_dir, rec_yaml(action_yaml(**kw)), as_of=as_of)
    (action,) = plan.actions
    return action


# --- RAG rules at their boundaries -----------------------------------------------


def test_due_today_is_amber_not_red(tree_dir):
    a = one_action(tree_dir, due="2014-06-12")
    assert (a.rag, a.reason, a.days_overdue) == ("amber", "amber: due today (2014-06-12)", 0)


def test_due_yesterday_is_red_one_day_overdue(tree_dir):
    a = one_action(tree_dir, due="2014-06-11")
    assert (a.rag, a.reason, a.days_overdue) == ("red", "red: due 2014-06-11, 1 day overdue", 1)


def test_due_in_exactly_amber_days_is_amber_and_one_more_is_green(tree_dir):
    assert one_action(tree_dir, due="2014-06-26").reason == "amber: due 2014-06-26, in 14 days"
    assert one_action(tree_dir, due="2014-06-27").reason == "green: due 2014-06-27, in 15 days"


def test_amber_days_comes_from_the_organisation_settings(tree_dir):
    from helpers.trees import ORGANISATION

    plan = figures_for(tree_dir, rec_yaml(action_yaml(due="2014-06-19")),
                       files={"organisation.yaml": ORGANISATION.replace("amber_days: 14", "amber_days: 5")})
    assert plan.actions[0].rag == "green"
    assert plan.amber_days == 5


EXTENDED = """\
extensions:
  - to: 2014-06-20
    meeting: {meeting}
    reason: Summer leave.
"""

LATE_MEETING = """\
id: 2014-06-18
board: safeguarding-board
date: 2014-06-18
chair: chief-constable
present: [chief-constable]
decisions:
  - id: D1
    text: R03 closed.
    close: R03
"""


def test_extension_moves_an_action_from_red_to_amber(tree_dir):
    a = one_action(tree_dir, due="2014-06-01", more=EXTENDED.format(meeting="2014-03-12"))
    assert (a.rag, a.due, a.effective_due) == ("amber", D(2014, 6, 1), D(2014, 6, 20))
    assert a.reason == "amber: due 2014-06-20, in 8 days"


def test_extension_approved_after_as_of_does_not_count_yet(tree_dir):
    recs = rec_yaml(action_yaml(due="2014-06-01", more=EXTENDED.format(meeting="2014-06-18")))
    files = {"p1/meetings/2014-06-18.yaml": LATE_MEETING}
    before = figures_for(tree_dir, recs, files=files).actions[0]
    assert (before.rag, before.effective_due, before.days_overdue) == ("red", D(2014, 6, 1), 11)
    after = figures_for(tree_dir, recs, files=files, as_of=D(2014, 6, 18)).actions[0]
    assert (after.rag, after.effective_due) == ("amber", D(2014, 6, 20))


def test_cancelled_actions_are_grey_and_out_of_progress(tree_dir):
    actions = (action_yaml("R03.1", status="complete", more="completed: 2014-05-01\n")
               + action_yaml("R03.2", status="cancelled", due="2014-01-01"))
    plan = figures_for(tree_dir, rec_yaml(actions))
    (rec,) = plan.recommendations
    assert [a.rag for a in rec.actions] == ["complete", "grey"]
    assert (rec.rag, rec.complete, rec.live, rec.progress) == ("complete", 1, 1, 1.0)
    assert plan.overdue == ()
    assert plan.action_counts == {"red": 0, "amber": 0, "green": 0, "complete": 1, "grey": 1}
    assert plan.proposed_closures == (rec,)


def test_completed_after_as_of_counts_as_in_progress(tree_dir):
    a = one_action(tree_dir, due="2014-06-30", status="complete", more="completed: 2014-06-20\n")
    assert (a.status, a.rag) == ("in-progress", "green")
    done = one_action(tree_dir, as_of=D(2014, 6, 20), due="2014-06-30", status="complete",
                      more="completed: 2014-06-20\n")
    assert (done.status, done.rag, done.reason) == ("complete", "complete", "complete on 2014-06-20")


def test_blocked_is_red_even_before_its_due_date(tree_dir):
    plan = figures_for(tree_dir, rec_yaml(action_yaml(status="blocked", due="2014-08-01")))
    (a,) = plan.actions
    assert (a.rag, a.reason, a.days_overdue) == ("red", "red: blocked", 0)
    assert plan.blocked == (a,) and plan.overdue == ()


UPDATES = """\
updates:
  - date: 2014-05-01
    by: trainer
    note: On track.
    rag: {first}
  - date: 2014-06-13
    by: trainer
    note: Written after the as-of date.
    rag: {later}
"""


def test_owner_rag_greener_than_derived_is_a_disagreement(tree_dir):
    plan = figures_for(tree_dir, rec_yaml(action_yaml(due="2014-06-01", more=UPDATES.format(first="green", later="red"))))
    (a,) = plan.actions
    assert (a.rag, a.stated_rag, a.rag_disagrees, a.last_update) == ("red", "green", True, D(2014, 5, 1))
    assert plan.disagreements == (a,)


def test_owner_rag_as_red_as_derived_or_redder_is_no_disagreement(tree_dir):
    a = one_action(tree_dir, due="2014-06-20", more=UPDATES.format(first="red", later="green"))
    assert (a.rag, a.stated_rag, a.rag_disagrees) == ("amber", "red", False)


def test_stale_after_more_than_stale_days_without_update(tree_dir):
    more = "updates:\n  - {date: 2014-05-08, by: trainer, note: Started.}\n"
    assert one_action(tree_dir, due="2014-09-01", more=more).stale is False  # 35 days
    assert one_action(tree_dir, as_of=D(2014, 6, 13), due="2014-09-01", more=more).stale is True  # 36 days


def test_an_action_never_updated_is_stale_counted_from_the_plan_start(tree_dir):
    # p1 starts 2014-02-03: 35 days later is 2014-03-10.
    assert one_action(tree_dir, as_of=D(2014, 3, 10), due="2014-09-01").stale is False
    assert one_action(tree_dir, as_of=D(2014, 3, 11), due="2014-09-01").stale is True


def test_complete_actions_are_never_stale(tree_dir):
    a = one_action(tree_dir, due="2014-04-01", status="complete", more="completed: 2014-03-01\n")
    assert (a.rag, a.stale) == ("complete", False)


# --- roll-ups and exceptions -----------------------------------------------------------


def test_recommendation_rag_is_the_worst_of_its_live_actions(tree_dir):
    actions = (action_yaml("R03.1", due="2014-09-01") + action_yaml("R03.2", due="2014-06-02")
               + action_yaml("R03.3", due="2014-06-20") + action_yaml("R03.4", due="2014-01-01", status="cancelled"))
    (rec,) = figures_for(tree_dir, rec_yaml(actions)).recommendations
    assert (rec.rag, rec.reason) == ("red", "R03.2 red: due 2014-06-02, 10 days overdue")
    assert (rec.complete, rec.live, rec.progress) == (0, 3, 0.0)


def test_recommendation_closed_at_a_later_meeting_is_open_until_then(tree_dir):
    closed = rec_yaml(action_yaml(due="2014-06-01", status="complete", more="completed: 2014-05-30\n"),
                      status="closed", extra="closed:\n  meeting: 2014-06-18\n")
    files = {"p1/meetings/2014-06-18.yaml": LATE_MEETING}
    before = figures_for(tree_dir, closed, files=files)
    assert (before.recommendations[0].status, before.recommendations[0].rag) == ("open", "complete")
    assert before.proposed_closures == before.recommendations
    after = figures_for(tree_dir, closed, files=files, as_of=D(2014, 6, 18))
    assert (after.recommendations[0].status, after.recommendations[0].rag) == ("closed", "closed")
    assert after.proposed_closures == ()
    assert after.recommendation_counts == {"open": 0, "closed": 1, "superseded": 0}


def test_open_recommendation_without_actions_has_no_rag(tree_dir):
    (rec,) = figures_for(tree_dir, rec_yaml("[]\n")).recommendations
    assert (rec.rag, rec.reason, rec.progress, rec.proposed_for_closure) == ("none", "no live actions", None, False)


def test_overdue_most_overdue_first_then_due_soon_by_date(tree_dir):
    actions = "".join(action_yaml(f"R03.{n}", due=due) for n, due in
                      enumerate(["2014-06-10", "2014-05-01", "2014-06-20", "2014-06-13", "2014-08-01"], 1))
    plan = figures_for(tree_dir, rec_yaml(actions))
    assert [(a.id, a.days_overdue) for a in plan.overdue] == [("R03.2", 42), ("R03.1", 2)]
    assert [a.id for a in plan.due_soon] == ["R03.4", "R03.3"]


def test_ids_sort_naturally(tree_dir):
    actions = "".join(action_yaml(f"R03.{n}", due="2014-08-01") for n in (10, 2, 1))
    plan = figures_for(tree_dir, rec_yaml(actions), rec_yaml(action_yaml("R10.1"), rec_id="R10"),
                       rec_yaml(action_yaml("R9.1"), rec_id="R9"))
    assert [r.id for r in plan.recommendations] == ["R03", "R9", "R10"]
    assert [a.id for a in plan.recommendations[0].actions] == ["R03.1", "R03.2", "R03.10"]


def test_areas_follow_plan_order_and_roll_up(tree_dir):
    plan = figures_for(tree_dir, rec_yaml(action_yaml("R03.1", due="2014-06-01")),
                       rec_yaml(action_yaml("R04.1", due="2014-09-01"), rec_id="R04", area="leadership"))
    assert [(a.area_id, a.rag, [r.id for r in a.recommendations]) for a in plan.areas] == [
        ("leadership", "green", ["R04"]), ("training", "red", ["R03"])]
    assert plan.rag == "red"


# --- filters ---------------------------------------------------------------------------


def test_owner_filter_keeps_the_roles_items_and_whole_recommendation_figures(tree_dir):
    actions = action_yaml("R03.1", due="2014-06-01", owner="trainer") + action_yaml("R03.2", due="2014-09-01", owner="lead")
    plan = figures_for(tree_dir, rec_yaml(actions, owner="chief-constable"), owner="lead")
    assert [a.id for a in plan.actions] == ["R03.2"]
    assert plan.overdue == ()
    assert plan.recommendations[0].rag == "red"  # its own figure covers every action


def test_area_filter_keeps_only_that_area(tree_dir):
    plan = figures_for(tree_dir, rec_yaml(action_yaml("R03.1")),
                       rec_yaml(action_yaml("R04.1"), rec_id="R04", area="leadership"), area="leadership")
    assert [r.id for r in plan.recommendations] == ["R04"]
    assert [a.area_id for a in plan.areas] == ["leadership"]


@pytest.mark.parametrize("filters, message", [
    ({"plan": "p2"}, "no plan 'p2'; did you mean p1?"),
    ({"area": "trainig"}, "no area 'trainig'; did you mean training?"),
    ({"owner": "trainr"}, "no role 'trainr'; did you mean trainer?"),
    ({"owner": "zzz"}, "no role 'zzz'; known roles: chief-constable, lead, trainer"),
])
def test_unknown_filters_name_close_matches(tree_dir, filters, message):
    tree, _ = load_tree(tree_dir())
    with pytest.raises(progress.UnknownFilter) as raised:
        progress.report(tree, AS_OF, **filters)
    assert str(raised.value) == message


# --- several plans, carried actions, owners ------------------------------------------

P0_PLAN = """\
id: p0
title: Old plan
status: superseded
superseded_by: p1
owner: chief-constable
lead: lead
board: safeguarding-board
source: {title: An inspection, publisher: HMIC, published: 2013-03-27}
areas: {training: {title: Training}}
start: 2013-02-03
"""


def test_superseded_plans_come_last_and_carried_actions_link_both_ways(tree_dir):
    files = {
        "p0/plan.yaml": P0_PLAN,
        "p0/recommendations/R01.yaml": rec_yaml(action_yaml("R01.1", due="2014-01-01"), rec_id="R01"),
        "p1/recommendations/R03.yaml": rec_yaml(action_yaml("R03.1", due="2014-09-01", more="carried_from: p0/R01.1\n")),
    }
    tree, findings = load_tree(tree_dir(files))
    assert findings == []
    new, old = progress.report(tree, AS_OF)
    assert (new.id, old.id, old.superseded) == ("p1", "p0", True)
    assert [a.carried_from for a in new.carried] == ["p0/R01.1"]
    (old_action,) = old.actions
    assert (old_action.rag, old_action.carried_to) == ("red", "p1/R03.1")
    assert old.overdue == ()  # it lives on in p1
    assert old.rag == "none"


def test_a_plan_is_superseded_only_from_its_successors_start(tree_dir):
    files = {
        "p0/plan.yaml": P0_PLAN,
        "p0/recommendations/R01.yaml": rec_yaml(action_yaml("R01.1", due="2014-01-01"), rec_id="R01",
                                               status="superseded"),
    }
    tree, findings = load_tree(tree_dir(files))
    assert findings == []
    # p1 starts 2014-02-03; before then p0 was the live plan and p1 is not reported.
    (old,) = progress.report(tree, D(2014, 2, 2))
    assert (old.id, old.status, old.superseded) == ("p0", "active", False)
    assert (old.recommendations[0].status, old.recommendations[0].rag) == ("open", "red")
    assert [a.id for a in old.overdue] == ["R01.1"]
    new, old = progress.report(tree, D(2014, 2, 3))
    assert (new.id, old.id, old.status) == ("p1", "p0", "superseded")
    assert old.recommendations[0].rag == "superseded"
    # Named explicitly, a plan is reported even before it starts.
    assert [p.id for p in progress.report(tree, D(2014, 2, 2), plan="p1")] == ["p1"]


def test_owners_report_lists_every_role_including_those_owning_nothing(tree_dir):
    tree, _ = load_tree(tree_dir({"p1/recommendations/R03.yaml": rec_yaml(
        action_yaml("R03.1", due="2014-06-01", owner="trainer") + action_yaml("R03.2", due="2014-06-20", owner="trainer"),
        owner="trainer")}))
    owners = {o.role_id: o for o in progress.owners_report(tree, AS_OF)}
    assert list(owners) == ["chief-constable", "lead", "trainer"]
    assert owners["lead"].owns_nothing and owners["lead"].holder == "B. Lead"
    trainer = owners["trainer"]
    assert trainer.holder is None
    assert [r.id for r in trainer.recommendations] == ["R01", "R03"]
    assert [a.id for a in trainer.actions] == ["R01.1", "R01.2", "R03.1", "R03.2"]
    assert (trainer.overdue, trainer.at_risk, trainer.open_recommendations, trainer.complete) == (1, 1, 2, 1)
    assert [r.id for r in owners["chief-constable"].recommendations] == ["R02"]


# --- properties over arbitrary plans -----------------------------------------------------

STATUSES = ("not-started", "in-progress", "complete", "blocked", "cancelled")


@st.composite
def plans(draw):
    n = draw(st.integers(0, 12))
    actions = []
    for i in range(n):
        status = draw(st.sampled_from(STATUSES))
        due = D(2014, 1, 1) + dt.timedelta(days=draw(st.integers(0, 365)))
        completed = due + dt.timedelta(days=draw(st.integers(-60, 60))) if status == "complete" else None
        updates = tuple(Update(D(2014, 1, 1) + dt.timedelta(days=d), "trainer", "note",
                               draw(st.sampled_from((None, "red", "amber", "green", "complete"))))
                        for d in sorted(draw(st.lists(st.integers(0, 365), max_size=3))))
        actions.append(Action(f"R01.{i + 1}", "t", draw(st.sampled_from(("trainer", "lead"))), due, status,
                              completed, (), (), updates, (), None))
    rec = Recommendation("R01", "recommendation", "t", "x", "a", "lead", "soon", D(2014, 6, 30), "open", None,
                         tuple(actions))
    plan = Plan("p", "t", "active", "lead", "lead", "b", None, None, None, {"a": Area("a", "A")},
                D(2013, 1, 1), None, None, recommendations={"R01": rec})
    return Tree("", None, {"p": plan}, 1)


@settings(max_examples=150, deadline=None)
@given(plans(), st.dates(D(2013, 12, 1), D(2015, 2, 1)))
def test_figures_are_consistent_for_any_plan(tree, as_of):
    (plan,) = progress.report(tree, as_of)
    (rec,) = plan.recommendations
    counts = plan.action_counts
    assert sum(counts.values()) == len(plan.actions)
    assert plan.live == len(plan.actions) - counts["grey"] == rec.live
    assert plan.complete == counts["complete"] == rec.complete
    if rec.live:
        assert 0.0 <= rec.progress <= 1.0
    days = [a.days_overdue for a in plan.overdue]
    assert days == sorted(days, reverse=True) and all(d > 0 for d in days)
    for a in plan.actions:
        assert (a.rag == "red") == (a.status == "blocked" or a.days_overdue > 0)
        assert a.last_update is None or a.last_update <= as_of
        assert a.rag_disagrees == (a.stated_rag is not None
                                   and rag.RAG_ORDER.get(a.stated_rag, -1)
                                   > rag.RAG_ORDER.get(a.rag, 9))
    live = [a.rag for a in plan.actions if a.rag != "grey"]
    expected = "none" if not live else min(live, key=rag.RAG_ORDER.__getitem__)
    assert rec.rag == expected
    assert progress.report(tree, as_of) == [plan]  # deterministic
