"""Roles and key areas named by title (issue 17 item 9): --owner, --area, --by, --from and status
filters take an id, a title or a holder's name; `dagov new role` and `dagov new area` add one."""

from __future__ import annotations

import pytest
from helpers.trees import REPO
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.load import load_tree
from dagov.plan.lookup import Names, id_for


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def example(example_copy):
    return example_copy


def test_a_role_by_title_without_its_bracket_by_holder_and_an_area_by_title(example):
    result = run("new", "recommendation", str(example), "--plan", "da-2014-2016",
                 "--owner", "head of public protection", "--area", "VICTIMS AND PARTNERSHIPS")
    assert result.exit_code == 0, result.output
    text = (example / "da-2014-2016/recommendations/L07.yaml").read_text()
    assert "\narea: victims\nowner: head-public-protection\n" in text
    result = run("new", "action", "L07", str(example), "--plan", "da-2014-2016", "--owner", "Claire Dunmore")
    assert result.exit_code == 0, result.output
    assert "    owner: head-public-protection\n" in (example / "da-2014-2016/recommendations/L07.yaml").read_text()


def test_an_unknown_area_is_refused_before_anything_is_written_with_the_id_suggested(example):
    before = sorted(p.name for p in (example / "da-2014-2016/recommendations").iterdir())
    result = run("new", "recommendation", str(example), "--plan", "da-2014-2016", "--area", "Custody")
    assert result.exit_code == 2
    assert result.output == (
        f"dagov: --area 'Custody' is not the id or title of a key area in {example}/da-2014-2016/plan.yaml; "
        "the areas there: governance (Governance and performance); frontline (Frontline response and training); "
        "safeguarding (Safeguarding and investigation); victims (Victims and partnerships); "
        "to add it: dagov new area custody --title 'Custody' --plan da-2014-2016\n")
    assert sorted(p.name for p in (example / "da-2014-2016/recommendations").iterdir()) == before
    result = run("new", "recommendation", str(example), "--plan", "da-2014-2016", "--area", "Victim care")
    assert result.exit_code == 2
    assert result.output == (
        f"dagov: --area 'Victim care' is not the id or title of a key area in {example}/da-2014-2016/plan.yaml; "
        "did you mean victims (Victims and partnerships)? Give its id or title, or add it: "
        "dagov new area victim-care --title 'Victim care' --plan da-2014-2016\n")


def test_update_by_and_paper_from_take_a_title(example):
    result = run("update", "L01.1", str(example), "--plan", "da-2014-2016", "--note", "Reviewed.",
                 "--by", "Head of Learning and Development", "--date", "2016-01-05")
    assert result.exit_code == 0, result.output
    assert "by head-learning-development added" in result.output
    result = run("new", "paper", str(example), "--plan", "da-2014-2016", "--date", "2016-01-20",
                 "--from", "deputy chief constable")
    assert result.exit_code == 0, result.output
    assert "\nfrom: deputy-chief-constable\n" in (example / "da-2014-2016/papers/bcb-2016-01-20.yaml").read_text()


def test_status_filters_by_title(example):
    by_id = run("status", str(example), "--as-of", "2015-01-01", "--owner", "head-public-protection", "--area", "victims")
    by_title = run("status", str(example), "--as-of", "2015-01-01", "--owner", "Head of Public Protection",
                   "--area", "victims and partnerships")
    assert by_id.exit_code == 0 and by_title.exit_code == 0, by_title.output
    assert by_title.output == by_id.output


def test_a_name_that_fits_two_roles_is_never_guessed(tree_dir):
    org = tree_dir() / "organisation.yaml"
    org.write_text(org.read_text().replace("    title: Head of Learning\n", "    title: Head of Learning\n    holder: A. Chief\n"))
    result = run("new", "action", "R01", str(org.parent), "--owner", "a. chief")
    assert result.exit_code == 2
    assert result.output == ("dagov: --owner 'a. chief' could be any of chief-constable (Chief Constable, A. Chief), "
                             "trainer (Head of Learning, A. Chief) (by holder); give the role id\n")


ORG_TAIL = "  pcc-chief-executive:\n    title: Chief Executive, Office of the Police and Crime Commissioner\n    holder: Simon Kettle\n"


def test_new_role_is_added_at_the_end_of_the_roles_keeping_everything_else(example):
    org = example / "organisation.yaml"
    before = org.read_text()
    result = run("new", "role", "head-of-custody", str(example), "--title", "Head of Custody", "--holder", "Pat Jones")
    assert result.exit_code == 0, result.output
    assert result.output == f"added role head-of-custody to {org}\n"
    assert org.read_text() == before.replace(
        ORG_TAIL, ORG_TAIL + "  head-of-custody:\n    title: Head of Custody\n    holder: Pat Jones\n")
    # and from now on the title names it
    result = run("new", "action", "L01", str(example), "--plan", "da-2014-2016", "--owner", "head of custody")
    assert result.exit_code == 0, result.output
    assert run("check", str(example)).exit_code == 1  # only the new action's placeholders
    assert "owner: head-of-custody" in (example / "da-2014-2016/recommendations/L01.yaml").read_text()


def test_new_role_refuses_an_id_or_a_title_already_taken_and_a_bad_id(example):
    org = example / "organisation.yaml"
    before = org.read_text()
    result = run("new", "role", "chief-constable", str(example), "--title", "Chief")
    assert result.exit_code == 1
    assert result.output == (f"dagov: role 'chief-constable' is already in {org}: chief-constable (Chief Constable, "
                             "Andrew Marchbank); choose another id, or edit that entry\n")
    result = run("new", "role", "cc", str(example), "--title", "chief constable")
    assert result.exit_code == 1
    assert result.output == (f"dagov: role chief-constable (Chief Constable, Andrew Marchbank) in {org} already goes by "
                             "'chief constable' (its id); a second role of that title could not be told apart: "
                             "use chief-constable, or choose another title\n")
    result = run("new", "role", "Head of Custody", str(example), "--title", "Head of Custody")
    assert result.exit_code == 2
    assert result.output == ("dagov: ID 'Head of Custody' is not a valid role id: use lower-case letters, digits and "
                             "hyphens, e.g. head-of-custody\n")
    assert org.read_text() == before


def test_new_area_keeps_comments_and_creates_areas_when_missing(tree_dir):
    root = tree_dir()
    plan = root / "p1/plan.yaml"
    plan.write_text(plan.read_text().replace("  training:\n    title: Training\n",
                                             "  training:\n    title: Training\n    # more to come\n"))
    before = plan.read_text()
    result = run("new", "area", "victim-care", str(root), "--title", "Victim care")
    assert result.exit_code == 0, result.output
    assert plan.read_text() == before.replace("    # more to come\n",
                                              "    # more to come\n  victim-care:\n    title: Victim care\n")
    assert load_tree(root)[0].plans["p1"].areas["victim-care"].title == "Victim care"
    # a plan written without areas yet gets the key
    plan.write_text(before.split("areas:\n")[0] + "areas: {}  # none yet\nstart: 2014-02-03\nend: 2014-09-30\n")
    result = run("new", "area", "leadership", str(root), "--title", "Leadership")
    assert result.exit_code == 1  # the plan's recommendations use training too: judged before writing
    assert "training" in result.output


def test_role_and_area_ids_complete_in_the_shell(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, [], prog_name="dagov", env={
        "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": "dagov new action L01 --owner maru", "COMP_CWORD": "5"})
    assert result.output.split() == ["maru-manager"]
    result = CliRunner().invoke(app, [], prog_name="dagov", env={
        "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": "dagov update L01.1 --by tsupt", "COMP_CWORD": "4"})
    assert result.output.split() == ["tsupt-corporate-development"]


def test_ids_made_from_titles():
    assert id_for("Victim care") == "victim-care"
    assert id_for("Head of Public Protection (DCS)") == "head-of-public-protection-dcs"
    assert id_for("!!!", "role") == "role"
    names = Names({}, "role")
    assert names.find("anyone").ident is None


def test_a_refused_new_file_is_never_cited_by_line(example):
    result = run("new", "recommendation", str(example), "--plan", "da-2014")
    assert result.exit_code == 1
    path = example / "da-2014/recommendations/R16.yaml"
    assert result.output == (
        f"dagov: not written: {path} would add 2 error(s) to the plan:\n"
        "  error [open-in-superseded-plan] recommendation R16 is still open, but plan da-2014 is superseded by "
        "da-2014-2016; set status: superseded (with its open actions carried into da-2014-2016), or closed with the "
        "meeting that closed it\n"
        "  error [not-carried-forward] action R16.1 of superseded plan da-2014 is not-started but is neither carried "
        "into a later plan nor cancelled; add carried_from: da-2014/R16.1 to an action of da-2014-2016, or set "
        "status: cancelled\n")
    assert not path.exists()


def test_import_role_option_takes_a_role_by_title_and_refuses_an_unknown_one(tree_dir, tmp_path):
    root = tree_dir({"p1/recommendations/R01.yaml": None, "p1/recommendations/R02.yaml": None,
                     "p1/meetings/2014-03-12.yaml": None})
    source = tmp_path / "t.csv"
    source.write_text("Ref,Action ref,Action,Action owner\nR01,R01.1,Write it,DCI Smith\n")
    result = run("import", "csv", str(source), str(root), "--plan", "p1", "--role", "DCI Smith=nobody")
    assert result.exit_code == 2
    assert result.output == (f"dagov: in --role 'DCI Smith=nobody', ROLE 'nobody' is not the id, title or holder of a role in "
                             f"{root}/organisation.yaml; the roles there: chief-constable (Chief Constable, A. Chief); "
                             "lead (Temporary Superintendent, B. Lead); trainer (Head of Learning); to add it: "
                             "dagov new role nobody --title 'nobody'\n")
    result = run("import", "csv", str(source), str(root), "--plan", "p1", "--role", "dci smith=Head of Learning")
    assert result.exit_code == 0, result.output
    assert "    owner: trainer\n" in (root / "p1/recommendations/R01.yaml").read_text()
    result = run("import", "csv", str(source), str(root), "--plan", "p1", "--role", "DCI Smith")
    assert result.exit_code == 2
    assert result.output == "dagov: --role 'DCI Smith' should be NAME=ROLE, e.g. --role 'DCI Smith=head-daisu'\n"


def test_a_rank_and_surname_find_the_holders_post_unless_two_share_it(tree_dir):
    from dagov.plan.model import Role

    names = Names({"a": Role("a", "Head of A", "Jane Smith"), "b": Role("b", "Head of B", "Ann Jones"),
                   "c": Role("c", "Head of C", "Tom Jones")}, "role")
    assert (names.find("DCI Smith").ident, names.find("DCI Smith").how) == ("a", "holder")
    assert names.find("Smith").ident is None  # a bare surname is not a person with a rank: not guessed
    assert names.find("Supt Jones").several == ("b", "c")
    assert names.find("supt tom jones").ident == "c"
