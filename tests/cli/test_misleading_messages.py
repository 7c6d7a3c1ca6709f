"""Messages that used to mislead a new user (issue 17): each through `dagov check`, exact text and place."""

from __future__ import annotations

import json

import pytest
from helpers.trees import BASE, PAPER
from typer.testing import CliRunner

from dagov.cli.app import app

runner = CliRunner()
R01 = BASE["p1/recommendations/R01.yaml"]


def check_output(tree_dir, monkeypatch, files: dict[str, str | None]) -> list[str]:
    monkeypatch.chdir(tree_dir(files).parent)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    return result.output.splitlines()[:-1]  # without the summary line


TAB = "YAML indents with spaces only: replace the tab with spaces"
SLIP = "line the keys up"
YAML_SLIPS = {  # what is replaced in R01, by what, and the one finding it gives
    "a tab in the indentation": ("    due: 2014-04-30", "\tdue: 2014-04-30",
                                 f"14:1: error [yaml-syntax] line 14 is indented with a tab; {TAB}"),
    "a tab after spaces": ("      - title: Course pack", "  \t    - title: Course pack",
                           f"18:3: error [yaml-syntax] line 18 is indented with a tab; {TAB}"),
    "one space too many before a key": ("    owner: trainer\n    due", "     owner: trainer\n    due",
                                        "13:6: error [yaml-syntax] line 13 is indented by 5 spaces but the fields "
                                        f"around it by 4 spaces; {SLIP}"),
    "one space too few before a key": ("    owner: trainer\n    due", "   owner: trainer\n    due",
                                       "13:4: error [yaml-syntax] line 13 is indented by 3 spaces but the fields "
                                       f"around it by 4 spaces; {SLIP}"),
    "a top-level key indented": ("owner: trainer\ntimescale", " owner: trainer\ntimescale",
                                 "6:2: error [yaml-syntax] line 6 is indented by 1 space but the fields around it "
                                 f"are not indented; {SLIP}"),
    # the keys line up, so the ': ' is in the value: quoting is the fix
    "a colon in a value": ("    title: Write the course", "    title: Course: write it",
                           "12:18: error [yaml-syntax] there is a ': ' inside a value; put the whole value in quotes "
                           "(\"...\"), or use '|' for a block of text"),
}


@pytest.mark.parametrize("slip", sorted(YAML_SLIPS))
def test_yaml_syntax_messages_name_the_real_mistake(slip, tree_dir, monkeypatch, yaml_loader):
    old, new, finding = YAML_SLIPS[slip]
    assert old in R01
    files = {"p1/recommendations/R01.yaml": R01.replace(old, new, 1)}
    assert check_output(tree_dir, monkeypatch, files) == [f"plans/p1/recommendations/R01.yaml:{finding}"]


R02 = BASE["p1/recommendations/R02.yaml"]
WINDOWS_COPY = {"p1/recommendations/R02 - Copy.yaml": R02.replace("title: Lead from the top", "title: Copied")}


def test_a_windows_copy_is_told_the_next_free_id_and_both_edits(tree_dir, monkeypatch):
    assert check_output(tree_dir, monkeypatch, WINDOWS_COPY) == [
        "plans/p1/recommendations/R02 - Copy.yaml:1:5: error [id-mismatch] recommendation id 'R02' is already the "
        "id of plans/p1/recommendations/R02.yaml, and the file name 'R02 - Copy' cannot be an id: if this is a spare "
        "copy, delete it; to keep it as a new recommendation, rename the file to R03.yaml and change its id to R03 "
        "(its actions' ids to R03.1, R03.2, ...)",
        "plans/p1/recommendations/R02 - Copy.yaml:13:9: error [duplicate-id] action id 'R02.1' is already used at "
        "plans/p1/recommendations/R02.yaml:13; give this action the next free number",
    ]


def test_the_original_keeps_its_place_when_its_copy_sorts_first(tree_dir, monkeypatch):
    monkeypatch.chdir(tree_dir(WINDOWS_COPY).parent)
    assert "Title: Lead from the top" in runner.invoke(app, ["show", "R02"]).output


def test_a_file_named_unlike_an_id_whose_id_is_free_is_told_to_take_its_id(tree_dir, monkeypatch):
    files = {"p1/recommendations/R02.yaml": None, "p1/recommendations/R02 (1).yaml": R02}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R02 (1).yaml:1:5: error [id-mismatch] recommendation id 'R02' differs from its "
        "file name 'R02 (1).yaml', which cannot be an id (use letters, digits, '-' or '_', e.g. R03); rename the "
        "file to R02.yaml",
    ]


def test_a_copied_meeting_is_told_to_take_its_date_as_id(tree_dir, monkeypatch):
    meeting = BASE["p1/meetings/2014-03-12.yaml"]
    files = {"p1/meetings/2014-03-12 - Copy.yaml": meeting.replace("date: 2014-03-12", "date: 2014-04-09")}
    assert check_output(tree_dir, monkeypatch, files)[:1] == [
        "plans/p1/meetings/2014-03-12 - Copy.yaml:1:5: error [id-mismatch] meeting id '2014-03-12' is already the id "
        "of plans/p1/meetings/2014-03-12.yaml, and the file name '2014-03-12 - Copy' cannot be an id: if this is a "
        "spare copy, delete it; to keep it as a new meeting, rename the file to 2014-04-09.yaml and change its id to "
        "2014-04-09",
    ]


def codequality(tree_dir, monkeypatch, files: dict[str, str | None], rule: str) -> dict[tuple[str, int], str]:
    """(rule, line) -> fingerprint of each `rule` finding of `dagov check --format codequality`."""
    monkeypatch.chdir(tree_dir(files).parent)
    result = runner.invoke(app, ["check", "--format", "codequality"])
    assert result.exit_code == 1
    return {(issue["check_name"], issue["location"]["lines"]["begin"]): issue["fingerprint"]
            for issue in json.loads(result.stdout) if issue["check_name"] == f"dagov/{rule}"}


DUPLICATE_OWNER = R01.replace("timescale:", "owner: lead\ntimescale:")
DUPLICATE_AREA = R01.replace("timescale:", "area: training\ntimescale:")


def test_a_duplicate_key_keeps_its_fingerprint_when_lines_move(tree_dir, monkeypatch):
    before = codequality(tree_dir, monkeypatch, {"p1/recommendations/R01.yaml": DUPLICATE_OWNER}, "duplicate-key")
    after = codequality(tree_dir, monkeypatch, {"p1/recommendations/R01.yaml": "# moved\n# down\n" + DUPLICATE_OWNER}, "duplicate-key")
    assert list(before) == [("dagov/duplicate-key", 7)] and list(after) == [("dagov/duplicate-key", 9)]
    assert list(after.values()) == list(before.values())


def test_two_different_duplicate_keys_keep_different_fingerprints(tree_dir, monkeypatch):
    owner = codequality(tree_dir, monkeypatch, {"p1/recommendations/R01.yaml": DUPLICATE_OWNER}, "duplicate-key")
    area = codequality(tree_dir, monkeypatch, {"p1/recommendations/R01.yaml": DUPLICATE_AREA}, "duplicate-key")
    assert list(area) == [("dagov/duplicate-key", 7)]
    assert set(owner.values()).isdisjoint(area.values())


def test_a_duplicate_id_keeps_its_fingerprint_when_the_first_use_moves(tree_dir, monkeypatch):
    copy = {"p1/recommendations/R03.yaml": R02.replace("id: R02\n", "id: R03\n")}
    before = codequality(tree_dir, monkeypatch, copy, "duplicate-id")
    after = codequality(tree_dir, monkeypatch, {**copy, "p1/recommendations/R02.yaml": "# moved\n" + R02}, "duplicate-id")
    assert list(before) == list(after) == [("dagov/duplicate-id", 13)]
    assert list(after.values()) == list(before.values())


def test_two_different_duplicate_ids_keep_different_fingerprints(tree_dir, monkeypatch):
    copy = R01.replace("id: R01\n", "id: R03\n")
    fingerprints = codequality(tree_dir, monkeypatch, {"p1/recommendations/R03.yaml": copy}, "duplicate-id")
    assert [rule for rule, _ in fingerprints] == ["dagov/duplicate-id", "dagov/duplicate-id"]
    assert len(set(fingerprints.values())) == 2


PAPER_FILE = "p1/papers/sb-2014-03.yaml"
ORGANISATION = BASE["organisation.yaml"]
MARKINGS_HINT = ("use one of: OFFICIAL, OFFICIAL-SENSITIVE, SECRET, TOP SECRET (the Government Security "
                 "Classifications), or add the organisation's own to 'markings' in the settings of organisation.yaml")


def marked_paper(classification: str, foi: str = "not-disclosable") -> dict[str, str | None]:
    return {PAPER_FILE: PAPER.replace("foi: disclosable\n", f"classification: {classification}\nfoi: {foi}\n")}


def test_a_misspelt_marking_is_refused_with_did_you_mean(tree_dir, monkeypatch):
    assert check_output(tree_dir, monkeypatch, marked_paper("OFFICAL")) == [
        f"plans/{PAPER_FILE}:7:17: error [unknown-marking] 'classification' of paper sb-2014-03 is 'OFFICAL', which "
        f"is not a protective marking (did you mean 'OFFICIAL'?); {MARKINGS_HINT}",
    ]


def test_a_marking_spelt_apart_is_refused_and_cannot_dodge_the_foi_rule(tree_dir, monkeypatch):
    assert check_output(tree_dir, monkeypatch, marked_paper("OFFICIAL - SENSITIVE", "disclosable")) == [
        f"plans/{PAPER_FILE}:7:17: error [unknown-marking] 'classification' of paper sb-2014-03 is 'OFFICIAL - "
        f"SENSITIVE', which is not a protective marking (did you mean 'OFFICIAL-SENSITIVE'?); {MARKINGS_HINT}",
        f"plans/{PAPER_FILE}:8:6: error [protective-marking] paper sb-2014-03 is marked OFFICIAL - SENSITIVE but foi: "
        "disclosable; a paper with that marking must not be published: set foi: not-disclosable, or correct its "
        "classification",
    ]


def test_a_misspelt_sensitive_marking_cannot_dodge_the_foi_rule(tree_dir, monkeypatch):
    output = check_output(tree_dir, monkeypatch, marked_paper("OFFICAL-SENSITIVE", "disclosable"))
    assert [line.split(" ")[2] for line in output] == ["[unknown-marking]", "[protective-marking]"]
    assert "(did you mean 'OFFICIAL-SENSITIVE'?)" in output[0]


def test_the_organisations_default_marking_is_checked_too(tree_dir, monkeypatch):
    files = {"organisation.yaml": ORGANISATION + "  classification: Offical\n"}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/organisation.yaml:22:19: error [unknown-marking] 'classification' of the settings is 'Offical', "
        "which is not a protective marking (did you mean 'OFFICIAL'?); "
        f"{MARKINGS_HINT}",
    ]


def test_markings_of_the_classifications_and_the_organisations_own_are_accepted(tree_dir, monkeypatch):
    org = ORGANISATION + "  classification: OFFICIAL-SENSITIVE PERSONAL\n  markings: [OFFICIAL-SENSITIVE OPERATIONAL]\n"
    monkeypatch.chdir(tree_dir({"organisation.yaml": org, **marked_paper("OFFICIAL-SENSITIVE OPERATIONAL")}).parent)
    result = runner.invoke(app, ["check"])
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings in 6 files\n")
    for marking in ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET", "OFFICIAL-SENSITIVE COMMERCIAL"):
        monkeypatch.chdir(tree_dir(marked_paper(marking)).parent)
        assert runner.invoke(app, ["check"]).exit_code == 0, marking


def test_an_organisations_own_sensitive_marking_is_sensitive_under_foi(tree_dir, monkeypatch):
    org = ORGANISATION + "  markings: [OFFICIAL-SENSITIVE OPERATIONAL]\n"
    files = {"organisation.yaml": org, **marked_paper("OFFICIAL-SENSITIVE OPERATIONAL", "disclosable")}
    assert [line.split(" ")[2] for line in check_output(tree_dir, monkeypatch, files)] == ["[protective-marking]"]
