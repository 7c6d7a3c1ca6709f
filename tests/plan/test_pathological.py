"""Hostile sizes and shapes end quickly with a finding that says where, under both YAML loaders."""

from __future__ import annotations

from pathlib import Path

from helpers.trees import BASE
from dagov.plan import format as fmt
from dagov.check.run import check
from dagov.plan.load import MAX_FILE_BYTES, read_document
from dagov.plan.fields import MAX_UNKNOWN_LISTED

PATH = "plans/p1/recommendations/R01.yaml"


def _read(data: bytes, kind=fmt.RECOMMENDATION):
    findings: list = []
    result = read_document(PATH, data, kind, findings)
    return result, findings


def test_ten_megabyte_file_is_refused_unread(tree_dir):
    big = b"id: R01\ntext: " + b"x" * 10_000_000 + b"\n"
    root = tree_dir({"p1/recommendations/R01.yaml": big})
    findings = [f for f in check(root).findings if f.rule == "file-too-large"]
    assert [f.as_text() for f in findings] == [
        f"{Path(root, 'p1', 'recommendations', 'R01.yaml')}:1:1: error [file-too-large] file is 10,000,015 bytes, "
        f"over the {MAX_FILE_BYTES:,}-byte limit for a plan file; split it (one recommendation or meeting per file)"
    ]


def test_a_hundred_thousand_unknown_keys_give_a_bounded_list(yaml_loader, time_limit):
    keys = 100_000 if yaml_loader == "c" else 20_000  # the pure-Python parser alone needs ~5 s for 100,000
    data = "".join(f"key{i}: {i}\n" for i in range(keys)).encode()
    _, findings = _read(data)
    unknown = [f for f in findings if f.rule == "unknown-field"]
    assert len(unknown) == MAX_UNKNOWN_LISTED + 1
    assert unknown[0].as_text().startswith(
        f"{PATH}:1:1: error [unknown-field] this recommendation has an unknown field 'key0'; allowed fields: id, kind,")
    summary = unknown[-1]
    assert (summary.line, summary.col) == (MAX_UNKNOWN_LISTED + 1, 1)
    assert summary.message.startswith(
        f"this recommendation has {keys - MAX_UNKNOWN_LISTED:,} more unknown fields from here on, not listed one by one; "
        "is this the right file? allowed fields: id, kind, title,")
    # the fields it lacks are still reported
    assert {f.rule for f in findings} == {"unknown-field", "missing-field", "owner-missing"}


def test_a_few_unknown_keys_are_each_listed():
    text = BASE["p1/recommendations/R01.yaml"] + "".join(f"extra{i}: x\n" for i in range(MAX_UNKNOWN_LISTED))
    _, findings = _read(text.encode())
    assert len(findings) == MAX_UNKNOWN_LISTED
    assert all("not listed one by one" not in f.message for f in findings)


def test_twenty_thousand_ids_in_a_map_are_read(time_limit):
    roles = "".join(f"  r{i}: {{title: R}}\n" for i in range(20_000))
    text = BASE["organisation.yaml"].replace("roles:\n", "roles:\n" + roles, 1)
    organisation, findings = _read(text.encode(), fmt.ORGANISATION)
    assert findings == []
    assert len(organisation.roles) == 20_003


def test_thousand_levels_of_block_nesting_give_a_located_finding(yaml_loader, time_limit):
    data = "".join(" " * i + f"k{i}:\n" for i in range(1000)).encode()
    _, findings = _read(data)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.line > 1  # where the nesting became too deep, not the top of the file
    if yaml_loader == "c":  # libyaml stops at 1,000 levels
        assert finding.rule == "yaml-syntax"
        assert "exceeded maximum nesting depth" in finding.message
    else:  # the pure-Python composer stops at 100
        assert finding.as_text() == (f"{PATH}:100:100: error [too-deep] the file is nested too deeply to be a plan "
                                     "file; flatten it")


def test_deep_nesting_inside_a_known_field_gives_a_located_finding(yaml_loader, time_limit):
    data = ("id: R01\nactions: " + "[" * 1000 + "]" * 1000 + "\n").encode()
    _, findings = _read(data)
    assert len(findings) == 1
    assert findings[0].line == 2 and findings[0].col > 1
    assert findings[0].rule == ("yaml-syntax" if yaml_loader == "c" else "too-deep")


def test_nesting_a_plan_file_needs_is_accepted_by_both_loaders(yaml_loader):
    text = BASE["p1/recommendations/R01.yaml"]
    result, findings = _read(text.encode())
    assert findings == [] and result.id == "R01"


def test_alias_bomb_inside_a_known_field_is_refused(yaml_loader, time_limit):
    lines = ["id: R01", 'x0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("actions: [*a9, *a9]")
    _, findings = _read("\n".join(lines).encode())
    wrong = [f for f in findings if f.rule == "wrong-type"]
    assert [f.message for f in wrong] == [
        "an entry of 'actions' of recommendation R01 should be a mapping of action fields, not a list"] * 2
    assert len(findings) == 20  # ten unknown x-fields, two wrong entries, eight missing fields
