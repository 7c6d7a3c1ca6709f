"""Messages that used to mislead a new user (issue 17): each through `dagov check`, exact text and place."""

from __future__ import annotations

from helpers.trees import BASE
from typer.testing import CliRunner

from dagov.cli.app import app

runner = CliRunner()
R01 = BASE["p1/recommendations/R01.yaml"]


def check_output(tree_dir, monkeypatch, files: dict[str, str | None]) -> list[str]:
    monkeypatch.chdir(tree_dir(files).parent)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    return result.output.splitlines()[:-1]  # without the summary line


def test_a_tab_in_indentation_is_named_with_its_line(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("    owner: trainer\n    due: 2014-04-30",
                                                        "    owner: trainer\n\tdue: 2014-04-30")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:14:1: error [yaml-syntax] line 14 is indented with a tab; "
        "YAML indents with spaces only: replace the tab with spaces",
    ]


def test_a_tab_after_spaces_is_found_where_it_is(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("      - title: Course pack", "  \t    - title: Course pack")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:18:3: error [yaml-syntax] line 18 is indented with a tab; "
        "YAML indents with spaces only: replace the tab with spaces",
    ]


def test_one_space_too_many_before_a_key_is_an_indentation_slip(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("    owner: trainer\n    due: 2014-04-30",
                                                        "     owner: trainer\n    due: 2014-04-30")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:13:6: error [yaml-syntax] line 13 is indented by 5 spaces but the "
        "fields around it by 4 spaces; line the keys up",
    ]


def test_one_space_too_few_before_a_key_is_an_indentation_slip(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("    owner: trainer\n    due: 2014-04-30",
                                                        "   owner: trainer\n    due: 2014-04-30")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:13:4: error [yaml-syntax] line 13 is indented by 3 spaces but the "
        "fields around it by 4 spaces; line the keys up",
    ]


def test_a_top_level_key_indented_by_one_space(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("owner: trainer\ntimescale", " owner: trainer\ntimescale")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:6:2: error [yaml-syntax] line 6 is indented by 1 space but the "
        "fields around it are not indented; line the keys up",
    ]


def test_a_colon_in_a_value_whose_keys_line_up_still_asks_for_quotes(tree_dir, monkeypatch, yaml_loader):
    files = {"p1/recommendations/R01.yaml": R01.replace("    title: Write the course",
                                                        "    title: Course: write it")}
    assert check_output(tree_dir, monkeypatch, files) == [
        "plans/p1/recommendations/R01.yaml:12:18: error [yaml-syntax] there is a ': ' inside a value; put the whole "
        "value in quotes (\"...\"), or use '|' for a block of text",
    ]
