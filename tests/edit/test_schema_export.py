"""JSON Schema export: well-formed, documented, and in agreement with `dagov check`.

The independent `jsonschema` package is the judge. YAML is loaded the way an editor's
YAML 1.2 parser sees it: an unquoted 2014-06-12 stays a string (PyYAML would make a date).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.editors import DatesAsText, schema_errors
from helpers.trees import BASE, EXAMPLE, PAPER, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app
from dagov.plan import format as fmt
from dagov.plan import json_schema


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if parts[-1] == "organisation.yaml":
        return "organisation"
    if parts[-1] == "plan.yaml":
        return "plan"
    return {"recommendations": "recommendation", "meetings": "meeting", "papers": "paper"}[parts[-2]]


def dagov_errors(root: Path, rel: str) -> list[str]:
    shown = str(root / rel)
    return [f.rule for f in check(root).findings if f.path == shown and f.severity == "error"]


# --- the schema documents ------------------------------------------------------------


@pytest.mark.parametrize("kind", json_schema.KINDS)
def test_each_schema_is_valid_draft_2020_12_with_identity(kind):
    schema = json_schema.schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:dagov:schema:{kind}"
    assert schema["title"] and schema["description"]
    assert schema["additionalProperties"] is False


def _objects(schema: dict, where: str):
    """Every object schema inside `schema`, with a readable path."""
    if schema.get("type") == "object" and "properties" in schema:
        yield where, schema
        for name, prop in schema["properties"].items():
            yield from _objects(prop, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _objects(schema[key], f"{where}[]")
    for branch in schema.get("oneOf", []):
        yield from _objects(branch, where)


@pytest.mark.parametrize("kind", json_schema.KINDS)
def test_every_field_has_title_description_and_a_valid_example(kind):
    for where, obj in _objects(json_schema.schema_for(kind), kind):
        assert obj["additionalProperties"] is False, where
        for name, prop in obj["properties"].items():
            assert prop["title"] and prop["description"], f"{where}.{name}"
            assert prop["description"][0].isupper(), f"{where}.{name}"
            assert len(prop["examples"]) == 1, f"{where}.{name}"
            jsonschema.Draft202012Validator(prop, format_checker=jsonschema.FormatChecker()).validate(prop["examples"][0])


def test_schema_keeps_enums_dates_and_id_patterns():
    rec = json_schema.schema_for("recommendation")
    action = rec["properties"]["actions"]["items"]
    assert action["properties"]["status"]["enum"] == list(fmt.ACTION_STATUSES)
    assert action["properties"]["due"] == {
        "title": "Due", "type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": "When it is due", "examples": ["2014-05-31"],
    }
    assert action["properties"]["id"]["pattern"] == fmt.ACTION_ID
    assert action["required"] == ["id", "title", "owner", "due", "status"]


def test_section_needs_paragraphs_or_include_in_the_schema_too():
    assert schema_errors("paper", PAPER.replace("    include: exceptions\n", "")) != []
    assert schema_errors("paper", PAPER) == []


# --- validation against real files ------------------------------------------------------


@pytest.mark.parametrize("rel", sorted(BASE))
def test_small_valid_tree_validates(rel):
    assert schema_errors(kind_of(rel), BASE[rel]) == []


def _example_files() -> list[str]:
    return sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="the example plan is not in this checkout")
def test_every_file_of_the_example_plan_validates():
    files = _example_files()
    assert len(files) > 20
    failures = {rel: errors for rel in files if (errors := schema_errors(kind_of(rel), (EXAMPLE / rel).read_text()))}
    assert failures == {}


# --- agreement on invalid files ------------------------------------------------------------

R01 = "p1/recommendations/R01.yaml"
MEETING = "p1/meetings/2014-03-12.yaml"
ORG = "organisation.yaml"
PLAN = "p1/plan.yaml"

INVALID_CASES = [
    # (file, text to replace, replacement, the rule dagov reports)
    (R01, "due: 2014-06-30", "due: [2014, 6, 30]", "wrong-type"),
    (R01, "status: open", "status: opened", "bad-value"),
    (R01, "status: complete", "status: done", "bad-value"),
    (R01, "kind: recommendation", "kind: advice", "bad-value"),
    (R01, "timescale: within three months\n", "", "missing-field"),
    (R01, "    owner: trainer\n    due: 2014-04-30", "    due: 2014-04-30", "owner-missing"),
    (R01, "title: Train everyone", "title: Train everyone\ntitel: typo", "unknown-field"),
    (R01, "    status: complete\n", "    status: complete\n    evidance: []\n", "unknown-field"),
    (R01, "due: 2014-06-30", "due: 30/06/2014", "bad-date"),
    (R01, "due: 2014-06-30", "due: 2014-02-30", "bad-date"),
    (R01, "completed: 2014-04-20", "completed: 2014-04-20 10:30:00", "bad-date"),
    (R01, "completed: 2014-04-20", "completed: next week", "bad-date"),
    (R01, "    evidence:\n      - title: Course pack\n        link: evidence/course.pdf\n",
     "    evidence: evidence/course.pdf\n", "wrong-type"),
    (R01, "  - id: R01.1", "  - id: R01-1", "bad-value"),
    (R01, "        rag: green", "        rag: GREEN", "bad-value"),
    (R01, "    partners: [county-council]", "    partners: county-council", "wrong-type"),
    (R01, "area: training", "area: {id: training}", "wrong-type"),
    (R01, "owner: trainer\ntimescale", "owner: no\ntimescale", "ambiguous-boolean"),
    (ORG, "  amber_days: 14", "  amber_days: fourteen", "wrong-type"),
    (ORG, "  amber_days: 14", "  amber_days: 400", "bad-value"),
    (ORG, "  amber_days: 14", "  amber_days: 14\n  colour: blue", "unknown-field"),
    (ORG, "  chief-constable:\n", "  Chief_Constable:\n", "bad-value"),
    (ORG, "    members: [chief-constable, lead, trainer]\n", "", "missing-field"),
    (PLAN, "status: active", "status: live", "bad-value"),
    (PLAN, "  published: 2014-03-27", "  published: March 2014", "bad-date"),
    (PLAN, "start: 2014-02-03\n", "", "missing-field"),
    (PLAN, "end: 2014-09-30", "end: 2014-09-30\nowners: [lead]", "unknown-field"),
    (MEETING, "date: 2014-03-12", "date: 12.03.2014", "bad-date"),
    (MEETING, "chair: chief-constable", "chair: [chief-constable]", "wrong-type"),
    (MEETING, "{name: Jo Guest, organisation: County Council}", "{name: Jo Guest, employer: County Council}", "unknown-field"),
    (MEETING, "    to: 2014-07-31", "    to: 31 July 2014", "bad-date"),
    (MEETING, "    owner: trainer\n", "", "owner-missing"),
    (ORG, "    title: Chief Constable\n", "    title:\n", "missing-field"),
    (R01, "status: open", "status:", "missing-field"),
]


VALID_VARIANTS = [
    # optional fields written with nothing after them, which dagov reads as absent
    (ORG, "    holder: A. Chief\n", "    holder:\n"),
    (PLAN, "end: 2014-09-30", "end:"),
    (R01, "        rag: green", "        rag:"),
    (R01, "    partners: [county-council]", "    partners:"),
    (ORG, "  amber_days: 14", "  amber_days:"),
    # quoted dates and ids
    (R01, "due: 2014-06-30", "due: '2014-06-30'"),
    (MEETING, "id: 2014-03-12", "id: '2014-03-12'"),
]


@pytest.mark.parametrize(("rel", "old", "new"), VALID_VARIANTS, ids=[c[2].strip() for c in VALID_VARIANTS])
def test_jsonschema_and_dagov_check_agree_that_it_is_valid(tmp_path, rel, old, new):
    assert old in BASE[rel]
    text = BASE[rel].replace(old, new, 1)
    root = write_tree(tmp_path / "plans", {rel: text})
    assert dagov_errors(root, rel) == []
    assert schema_errors(kind_of(rel), text) == []


@pytest.mark.parametrize(("rel", "old", "new", "rule"), INVALID_CASES,
                         ids=[f"{c[0].rsplit('/', 1)[-1]}:{c[3]}:{c[2][:20]}" for c in INVALID_CASES])
def test_jsonschema_and_dagov_check_agree_that_it_is_invalid(tmp_path, rel, old, new, rule):
    assert old in BASE[rel]
    text = BASE[rel].replace(old, new, 1)
    root = write_tree(tmp_path / "plans", {rel: text})
    assert rule in dagov_errors(root, rel)
    assert schema_errors(kind_of(rel), text) != []


NAME = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(name=NAME)
def test_any_unknown_field_is_rejected_by_both(tmp_path_factory, name):
    known = set(fmt.ACTION.fields)
    text = BASE[R01].replace("    status: complete\n", f"    status: complete\n    {name}: x\n", 1)
    root = write_tree(tmp_path_factory.mktemp("t") / "plans", {R01: text})
    dagov_says_invalid = "unknown-field" in dagov_errors(root, R01)
    schema_says_invalid = schema_errors("recommendation", text) != []
    assert dagov_says_invalid == schema_says_invalid == (name not in known)


@settings(max_examples=40, deadline=None)
@given(value=st.one_of(st.sampled_from(fmt.ACTION_STATUSES), st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,12}", fullmatch=True)))
def test_any_status_is_judged_alike_by_both(tmp_path_factory, value):
    text = BASE[R01].replace("    status: in-progress\n", f"    status: {value}\n", 1)
    root = write_tree(tmp_path_factory.mktemp("t") / "plans", {R01: text})
    schema_says_invalid = schema_errors("recommendation", text) != []
    loader_rules = {"bad-value", "ambiguous-boolean", "missing-field"}
    dagov_says_invalid = bool(loader_rules & set(dagov_errors(root, R01)))
    assert dagov_says_invalid == schema_says_invalid == (value not in fmt.ACTION_STATUSES)


# --- the command -----------------------------------------------------------------------------

runner = CliRunner()


def test_schema_prints_one_kind_as_json():
    result = runner.invoke(app, ["schema", "meeting"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema.schema_for("meeting")
    assert result.stdout == json_schema.schema_text("meeting")


def test_schema_without_kind_or_write_is_a_usage_error():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 2
    assert result.stderr == ("dagov: give a KIND to print (organisation, plan, recommendation, meeting or paper), "
                             "or --write DIR to write them all, e.g. dagov schema --write schemas\n")


def test_schema_rejects_an_unknown_kind():
    result = runner.invoke(app, ["schema", "minutes"])
    assert result.exit_code == 2
    assert "'minutes' is not one of 'organisation', 'plan', 'recommendation', 'meeting', 'paper'" in result.stderr


def test_write_creates_every_schema_then_reports_them_unchanged(tmp_path):
    target = tmp_path / "schemas"
    first = runner.invoke(app, ["schema", "--write", str(target)])
    assert first.exit_code == 0
    assert first.stdout == "".join(f"wrote {target / (k + '.schema.json')}\n" for k in json_schema.KINDS)
    for kind in json_schema.KINDS:
        assert json.loads((target / f"{kind}.schema.json").read_text()) == json_schema.schema_for(kind)
    again = runner.invoke(app, ["schema", "--write", str(target)])
    assert again.exit_code == 0
    assert again.stdout == "".join(f"unchanged {target / (k + '.schema.json')}\n" for k in json_schema.KINDS)
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{k}.schema.json" for k in json_schema.KINDS)


def test_write_refuses_to_replace_a_different_file_and_writes_nothing(tmp_path):
    (tmp_path / "plan.schema.json").write_text("{\"mine\": true}\n")
    result = runner.invoke(app, ["schema", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"dagov: {tmp_path / 'plan.schema.json'} already exists with different content; nothing "
                             "was written. Use --force to replace it with the schema of this dagov version.\n")
    assert (tmp_path / "plan.schema.json").read_text() == "{\"mine\": true}\n"
    assert not (tmp_path / "organisation.schema.json").exists()
    forced = runner.invoke(app, ["schema", "plan", "-w", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert forced.stdout == f"wrote {tmp_path / 'plan.schema.json'}\n"
    assert (tmp_path / "plan.schema.json").read_text() == json_schema.schema_text("plan")


def test_write_into_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "schemas"
    target.write_text("not a folder")
    result = runner.invoke(app, ["schema", "--write", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"dagov: --write {target} is a file; give a folder, e.g. --write schemas\n"


def test_the_vscode_settings_in_docs_map_every_example_file_to_its_schema():
    import fnmatch
    import re

    from helpers.trees import REPO

    doc = (REPO / "docs" / "editors.md").read_text()
    block = re.search(r"```json\n(.*?)```", doc, re.S).group(1)
    mapping = json.loads(block)["yaml.schemas"]
    assert sorted(mapping) == sorted(f"./schemas/{kind}.schema.json" for kind in json_schema.KINDS)
    for rel in _example_files():
        path = f"plans/{rel}"
        matched = [schema for schema, globs in mapping.items() if any(fnmatch.fnmatchcase(path, g) for g in globs)]
        assert matched == [f"./schemas/{kind_of(rel)}.schema.json"], path


def test_a_new_repository_from_init_has_schemas_its_files_point_at_and_validate_against(tmp_path):
    import re

    result = runner.invoke(app, ["init", str(tmp_path), "--organisation", "Wessex Vale Police", "--start", "2015-01-05"])
    assert result.exit_code == 0, result.output
    for kind in json_schema.KINDS:
        assert (tmp_path / "schemas" / f"{kind}.schema.json").read_text() == json_schema.schema_text(kind)
    yaml_files = sorted((tmp_path / "plans").rglob("*.yaml"))
    assert len(yaml_files) == 2
    for path in yaml_files:
        text = path.read_text()
        target = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text).group(1)
        schema = json.loads((path.parent / target).read_text())
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
            yaml.load(text, Loader=DatesAsText))
