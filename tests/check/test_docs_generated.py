"""docs/format.md and the README are in step with the code they describe.

The field tables (from dagov/plan/format.py) and the rule lists (from
dagov/check/catalogue.py) are generated into the documents between marker
comments by dagov/check/reference_docs.py. When a test here fails because a document
is stale, run `pytest tests/check/test_docs_generated.py --update-golden` and review
the diff before committing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from helpers.trees import REPO
from dagov.plan import format as fmt
from dagov.check import reference_docs
from dagov.check import catalogue as rule_catalogue
from dagov.plan.fields import INVALID, MISSING, Reader

FORMAT_MD = REPO / "docs" / "format.md"
README = REPO / "README.md"
UPDATE = "run `pytest tests/check/test_docs_generated.py --update-golden` and review the diff"


@pytest.mark.parametrize("path", [FORMAT_MD, README], ids=["docs/format.md", "README.md"])
def test_generated_parts_are_up_to_date(path, request):
    text = path.read_text(encoding="utf-8")
    fresh = reference_docs.update(text)
    if request.config.getoption("--update-golden"):
        path.write_text(fresh, encoding="utf-8")
        return
    assert fresh == text, f"{path.relative_to(REPO)} is stale: the code it documents has changed; {UPDATE}"


def test_every_generated_part_has_its_place_in_the_docs():
    sections = set(reference_docs.generated_sections())
    in_format = reference_docs.markers(FORMAT_MD.read_text(encoding="utf-8"))
    in_readme = reference_docs.markers(README.read_text(encoding="utf-8"))
    assert len(in_format) == len(set(in_format)), "a generated part appears twice in docs/format.md"
    missing = sorted(sections - {"rule ids"} - set(in_format))
    assert missing == [], (f"docs/format.md has no place for {missing}: add `<!-- generated: NAME -->` and "
                           f"`<!-- end generated -->` where each belongs (with a sentence saying what it is), then {UPDATE}")
    assert in_readme == ["rule ids"]


def test_every_field_of_the_format_is_documented_with_a_meaning_and_an_example():
    text = FORMAT_MD.read_text(encoding="utf-8")
    for key, field in reference_docs.documented_fields():
        assert field.description, f"{key} has no description in dagov/plan/format.py"
        assert field.example is not None, f"{key} has no example in dagov/plan/format.py"
    # and each table lists exactly its block's fields (the up-to-date test checks the rest of each row)
    for part, obj in reference_docs.fields_parts().items():
        assert reference_docs.field_table(part, obj) in text, f"the table of {part} is missing or stale; {UPDATE}"


def test_every_part_of_the_format_is_generated_once():
    parts = reference_docs.fields_parts()
    assert len({id(obj) for obj in parts.values()}) == len(parts)
    assert set(fmt.FILE_KINDS) <= set(parts)


@pytest.mark.parametrize("key,field", list(reference_docs.documented_fields()),
                         ids=[key for key, _ in reference_docs.documented_fields()])
def test_every_example_is_a_valid_value_of_its_field(key, field):
    """The examples are what readers copy: each one, written as the table shows it, must read without a finding."""
    node = yaml.compose(f"{field.name}: {reference_docs.example_text(field.example)}\n").value[0][1]
    findings: list = []
    value = field.type.read(node, Reader("example", findings), key)
    assert [f.message for f in findings] == []
    assert value is not INVALID and value is not MISSING


def test_the_reference_says_more_only_about_fields_that_exist():
    fields = {key for key, _ in reference_docs.documented_fields()}
    assert sorted(set(reference_docs.MEANINGS) - fields) == []
    assert sorted(set(reference_docs.REQUIRED_WHEN) - fields) == []
    required = sorted(key for key, field in reference_docs.documented_fields()
                      if field.required and key in reference_docs.REQUIRED_WHEN)
    assert required == [], "a field that is always required needs no 'when' in REQUIRED_WHEN"


def test_every_generated_block_a_paper_can_include_is_described():
    """The table of `include` blocks is hand-written (what each shows is prose), so check it names them all."""
    text = FORMAT_MD.read_text(encoding="utf-8")
    undescribed = [block for block in fmt.BLOCKS if f"| `{block}` |" not in text]
    assert undescribed == []


def test_rule_tables_show_every_rule_once_in_its_group():
    text = FORMAT_MD.read_text(encoding="utf-8")
    for rule in rule_catalogue.RULES:
        assert text.count(f"| `{rule.id}` | {rule.meaning} |") == 1, rule.id


def test_check_does_not_import_the_catalogue_or_the_generator(tree_dir):
    """They are for docs and tests; `dagov check` must not pay for them at start-up."""
    code = ("import sys\nfrom dagov.cli.app import app\ntry:\n"
            f"    app(['check', {str(tree_dir())!r}])\nexcept SystemExit:\n    pass\n"
            "print('IMPORTED', sorted(m for m in ('dagov.check.catalogue', 'dagov.check.reference_docs') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.rsplit("IMPORTED", 1)[1].strip() == "[]"
