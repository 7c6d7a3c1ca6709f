"""The public view: only public fields, chosen by data; refusals when nothing may be published; the
personal-data hard stop naming file, line and column."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.sites import PUBLICATION, PUBLISHED
from helpers.tools import need_module
from helpers.trees import BASE, EXAMPLE, ORGANISATION, PLAN

from dagov.plan.load import load_tree
from dagov.report import public
from dagov.report.public import NotPublishable, PersonalDataInPublicText, public_site

AS_OF = dt.date(2014, 8, 15)


def _site(tree_dir, files=None, as_of=AS_OF, plan=None):
    tree, _ = load_tree(tree_dir({**PUBLISHED, **(files or {})}))
    return public_site(tree, as_of, plan)


def test_the_view_holds_public_updates_only_and_the_rag_from_the_dates(tree_dir):
    site = _site(tree_dir)
    (plan,) = site.plans
    r01 = next(r for r in plan.recommendations if r.id == "R01")
    assert [(u.date, u.action_id, u.note) for u in r01.updates] == [
        (dt.date(2014, 8, 1), "R01.2", "Half the courses delivered, more booked.")]
    action = next(a for a in r01.actions if a.id == "R01.2")
    assert (action.rag, action.rag_reason) == ("red", "15 days overdue")  # the owner said green: not shown
    assert r01.response == public.PublicResponse("partly-accepted", "Everyone who meets the public.")
    assert (site.organisation, plan.contact, plan.last_updated) == ("Test Constabulary", "Corporate Development, Force Headquarters",
                                                                    dt.date(2014, 8, 1))


def test_an_update_after_the_date_of_the_data_is_not_shown(tree_dir):
    site = _site(tree_dir, as_of=dt.date(2014, 7, 31))
    assert [u for r in site.plans[0].recommendations for u in r.updates] == []


def test_the_view_has_no_field_for_what_is_internal():
    names = {f for cls in (public.PublicPlan, public.PublicRecommendation, public.PublicAction, public.PublicUpdate)
             for f in cls.__dataclass_fields__}
    assert not names & {"owner", "holder", "by", "stated_rag", "stale", "evidence", "meetings", "minutes", "papers", "lead"}


def test_closures_and_completions_are_the_events_newest_first(tree_dir):
    events = _site(tree_dir).events
    assert [(e.date.isoformat(), e.kind, e.recommendation_id, e.action_id) for e in events] == [
        ("2014-04-20", "completed", "R01", "R01.1"),
        ("2014-03-12", "closed", "R02", None),
        ("2014-02-20", "completed", "R02", "R02.1"),
    ]


def test_a_plan_without_publication_is_not_published(tree_dir):
    tree, _ = load_tree(tree_dir({**BASE}))
    with pytest.raises(NotPublishable) as err:
        public_site(tree, AS_OF)
    assert err.value.message == (f"no plan in {tree.root} is marked for publication (as of 2014-08-15); add a publication: "
                                 "block (summary, contact) to the plan.yaml of each plan to publish (docs/publishing.md)")


def test_asking_for_an_unpublished_plan_says_how_to_publish_it(tree_dir):
    tree, _ = load_tree(tree_dir({**BASE}))
    with pytest.raises(NotPublishable) as err:
        public_site(tree, AS_OF, "p1")
    assert err.value.message == (f"plan p1 is not marked for publication; add a publication: block (summary, contact) to "
                                 f"{tree.root}/p1/plan.yaml to publish it (docs/publishing.md)")


@pytest.mark.parametrize("marking", ["OFFICIAL-SENSITIVE", "SECRET", "OFFICIAL-SENSITIVE PERSONAL"])
def test_plans_marked_sensitive_are_never_published(tree_dir, marking):
    tree, _ = load_tree(tree_dir({**PUBLISHED, "organisation.yaml": ORGANISATION + f"  classification: {marking}\n"}))
    with pytest.raises(NotPublishable) as err:
        public_site(tree, AS_OF)
    assert err.value.message == (f"{tree.root}/organisation.yaml marks the plans {marking} (settings: classification); a plan "
                                 "with that marking must not be published, so nothing was published. If the marking "
                                 "is wrong, correct it there")


def test_personal_data_in_a_public_update_stops_publishing_naming_file_line_and_column(tree_dir):
    note = "note: Half the courses delivered, more booked."
    planted = PUBLISHED["p1/recommendations/R01.yaml"].replace(note, "note: Course booked for victim Sarah Jones.")
    with pytest.raises(PersonalDataInPublicText) as err:
        _site(tree_dir, {"p1/recommendations/R01.yaml": planted})
    root = err.value.findings[0].path.rsplit("/p1/", 1)[0]
    assert err.value.message == (
        f"{root}/p1/recommendations/R01.yaml:38:40: error [personal-data] this public text looks like a person's name "
        "after victim/suspect/offender ('Sar…'); personal data must never be published\n"
        "nothing was published: 1 public text looks like personal data; remove it (refer to people by role), or, if it "
        "is not personal data, add the exact text to settings: personal_data: allow: in organisation.yaml")


def test_the_hard_stop_holds_when_the_guard_is_switched_off(tree_dir):
    org = ORGANISATION + "  personal_data:\n    severity: off\n"
    plan = PLAN + PUBLICATION.replace("Force Headquarters", "tel 07700 900123")
    with pytest.raises(PersonalDataInPublicText) as err:
        _site(tree_dir, {"organisation.yaml": org, "p1/plan.yaml": plan})
    assert [(f.line, f.col, f.rule) for f in err.value.findings] == [(20, 39, "personal-data")]


def test_personal_data_in_an_internal_update_does_not_stop_publishing(tree_dir):
    planted = PUBLISHED["p1/recommendations/R01.yaml"].replace("INTERNAL-ONLY", "victim Sarah Jones")
    assert _site(tree_dir, {"p1/recommendations/R01.yaml": planted}).plans  # `dagov check` reports it; the site never shows it


def test_the_open_data_validates_against_its_schema_and_the_docs_copy_is_the_same():
    need_module("jsonschema", "pip install '.[test]'")
    import jsonschema
    tree, _ = load_tree(EXAMPLE)
    site = public_site(tree, dt.date(2014, 11, 30))
    schema = json.loads(public.open_data_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(public.open_data_json(site))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["schema_version"] == public.SCHEMA_VERSION
    assert (EXAMPLE.parent / "docs" / "open-data-schema-v1.json").read_text(encoding="utf-8") == public.open_data_schema()
    broken = {**document, "plans": [{**document["plans"][0], "owner": "chief-constable"}]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)  # nothing but the public fields


def test_the_csv_files_hold_the_same_rows_as_the_json():
    tree, _ = load_tree(EXAMPLE)
    site = public_site(tree, dt.date(2014, 11, 30))
    recs = public.open_data_csv(site, "recommendations.csv").splitlines()
    actions = public.open_data_csv(site, "actions.csv").splitlines()
    updates = public.open_data_csv(site, "updates.csv").splitlines()
    assert recs[0] == ",".join(public.CSV_FILES["recommendations.csv"])
    assert len(recs) - 1 == sum(len(p.recommendations) for p in site.plans) == 21
    assert len(actions) - 1 == sum(len(r.actions) for p in site.plans for r in p.recommendations)
    assert len(updates) - 1 == 6
