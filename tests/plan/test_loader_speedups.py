"""The shortcuts that make loading fast give exactly the answers of the plain path."""

from __future__ import annotations

import gc

import pytest
from helpers.trees import BASE
from hypothesis import given
from hypothesis import strategies as st

from dagov.plan import format as fmt
from dagov.plan.fields import Locs
from dagov.plan.findings import Pos
from dagov.plan.load import load_tree, read_document

PATH = "plans/p1/recommendations/R01.yaml"
R01 = BASE["p1/recommendations/R01.yaml"]


def _read(text: str, kind=fmt.RECOMMENDATION):
    findings: list = []
    return read_document(PATH, text.encode(), kind, findings), findings


def test_field_locations_read_like_a_dict():
    rec, findings = _read(R01)
    assert findings == []
    assert isinstance(rec.locs, Locs)
    assert rec.locs["id"] == (1, 5) and rec.locs.get("due") == (8, 6)
    assert "closed" not in rec.locs and rec.locs.get("closed") is None
    with pytest.raises(KeyError):
        rec.locs["closed"]
    assert list(rec.locs)[:3] == ["id", "kind", "title"]
    assert dict(rec.locs) == {name: rec.locs[name] for name in rec.locs} and len(rec.locs) == 10
    assert rec.at("owner") == Pos(PATH, 6, 8)
    assert rec.actions[1].at("partners") == Pos(PATH, 30, 15)


def test_remembered_scalar_types_never_turn_quoted_text_into_booleans(yaml_loader):
    quoted, plain = R01.replace("owner: trainer", 'owner: "no"', 1), R01.replace("owner: trainer", "owner: no", 1)
    for _ in range(2):  # in either order, and again once both are remembered
        assert [f.rule for f in _read(quoted)[1]] == []
        assert [f.as_text() for f in _read(plain)[1]] == [
            f"{PATH}:6:8: error [ambiguous-boolean] 'owner' of recommendation R01 is 'no', which YAML reads as the "
            "boolean false, not as text; put it in quotes: \"no\""]


def test_a_remembered_date_is_not_used_for_an_explicit_null(yaml_loader):
    _read(R01)  # 2014-06-30 is now a known date
    rec, findings = _read(R01.replace("due: 2014-06-30", "due: !!null 2014-06-30", 1))
    assert rec.due is None
    assert [f.as_text() for f in findings] == [
        f"{PATH}:8:6: error [yaml-tag] the YAML tag '!!null' makes '2014-06-30' read as empty (dagov reads only "
        "plain text, numbers, dates, lists and mappings); remove the tag and write the value itself"]


def test_dates_are_shared_between_files():
    a, _ = _read(R01)
    b, _ = _read(R01)
    assert a.due == b.due and a.due is b.due


def test_messages_name_nested_values_in_full():
    text = R01.replace("    partners: [county-council]", "    partners: [county-council, [x]]", 1)
    assert [f.message for f in _read(text)[1]] == [
        "an entry of 'partners' of action R01.2 should be a single value, not a list"]


def test_loading_leaves_the_garbage_collector_as_it_found_it(tree_dir):
    root = tree_dir()
    assert gc.isenabled()
    load_tree(root)
    assert gc.isenabled()
    gc.disable()
    try:
        load_tree(root)
        assert not gc.isenabled()
    finally:
        gc.enable()


LIBRARY_USE = """
import gc, sys, yaml, yaml.composer, yaml.constructor, yaml.resolver


def pyyaml_state():
    state = {}
    for module in (yaml, yaml.composer, yaml.constructor, yaml.resolver, yaml.loader, getattr(yaml, "cyaml", yaml)):
        for name, value in vars(module).items():
            state[module.__name__, name] = repr(value)  # a function's repr holds its address: a swap shows
            if isinstance(value, type):
                for attr, member in vars(value).items():
                    state[module.__name__, name, attr] = repr(member)
    return state


before = pyyaml_state()
import dagov.cli.app  # every command module the CLI imports at start
from dagov.check.run import check

result = check(sys.argv[1])
assert result.tree.files > 0
after = pyyaml_state()
changed = sorted(str(key) for key in before.keys() | after.keys() if before.get(key) != after.get(key))
print(gc.isenabled(), changed)
"""


def test_importing_and_loading_leave_gc_and_pyyaml_as_they_were(tree_dir):
    """A program that uses dagov as a library keeps its garbage collector and PyYAML's loaders unchanged."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", LIBRARY_USE, str(tree_dir())], capture_output=True, text=True,
                         check=True).stdout
    assert out == "True []\n"


def test_file_texts_are_read_again_when_asked_not_kept(tree_dir):
    root = tree_dir()
    tree, _ = load_tree(root)
    r01 = str(root / "p1" / "recommendations" / "R01.yaml")
    assert len(tree.texts) == tree.files == 5
    assert r01 in list(tree.texts)
    assert tree.texts[r01] == R01
    (root / "p1" / "recommendations" / "R01.yaml").unlink()
    assert tree.texts[r01] == ""  # gone since loading: nothing to scan, no traceback


def test_a_loaded_tree_holds_no_reference_cycles():
    """load_tree moves the tree out of the cyclic collector's sight (gc.freeze): that is only safe because a
    tree is freed by reference counting alone when dropped, which a cycle anywhere in it would prevent.
    In a fresh interpreter, so that nothing else frozen is counted; unfrozen again before collecting."""
    import subprocess
    import sys

    from helpers.trees import EXAMPLE

    program = (
        "import gc, sys\n"
        "from dagov.check.run import check\n"
        "gc.collect()\n"
        "for cache in (None, 'default', 'default'):\n"
        "    result = check(sys.argv[1]) if cache else check(sys.argv[1], cache=None)\n"
        "    assert result.tree.plans and gc.isenabled()\n"
        "    del result\n"
        "    gc.unfreeze()\n"
        "    print(gc.collect())\n"
    )
    out = subprocess.run([sys.executable, "-c", program, str(EXAMPLE)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0", "0"]


def _both_ways(monkeypatch, data: bytes, kind=fmt.RECOMMENDATION, path: str = PATH):
    """(findings, model) read with tags resolved only when asked (the usual path), then with every tag resolved
    while composing (the path of files with a '!', forced here)."""
    from helpers.model import deep

    from dagov.plan import parse

    results = []
    for lazy in (True, False):
        if not lazy:
            monkeypatch.setattr(parse, "_lazy_loader", parse._fast_loader)
        findings: list = []
        value = read_document(path, data, kind, findings)
        results.append(([f.as_text() for f in findings], deep(value)))
    monkeypatch.undo()
    return results


def _corpus():
    import csv

    from helpers.trees import CORPUS

    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [row["file"] for row in csv.DictReader(fh, delimiter="\t")]


@pytest.mark.parametrize("case", _corpus())
def test_lazy_tags_read_every_yaml_test_suite_case_as_resolved_tags_do(case, monkeypatch, yaml_loader):
    from helpers.trees import CORPUS

    lazy, resolved = _both_ways(monkeypatch, (CORPUS / case).read_bytes())
    assert lazy == resolved


SCALARS = ["yes", "No", "on", "~", "null", "", "12", "012", "0o17", "0x1F", "1_000", "1.10", "-3", ".inf", "-.Inf",
           ".NaN", "1e3", "2014-06-12", "2014-6-1", "2014-06-12T10:00:00Z", "12/06/2014", "true", "False", "=", "<<",
           "a: b", "'quoted yes'", '"007"', "|\n    block", ">\n    folded", "plain text", "R03.2", "-", "?"]


@given(st.lists(st.sampled_from(SCALARS), min_size=1, max_size=12))
def test_lazy_tags_read_any_scalar_in_any_field_as_resolved_tags_do(values):
    """Every field kind (text, ids, enums, dates, numbers, booleans, lists) given every kind of YAML scalar."""
    fields = ["id", "title", "owner", "due", "status", "completed", "rag", "public", "timescale", "partners"]
    lines = ["id: R01", "recommendation: text", "actions:", "  - id: R01.1"]
    for name, value in zip(fields, values, strict=False):
        lines.append(f"    {name}: {value}" if "\n" not in value else f"    {name}: {value.replace(chr(10), chr(10) + '    ')}")
    data = ("\n".join(lines) + "\n").encode()
    with pytest.MonkeyPatch.context() as monkeypatch:
        lazy, resolved = _both_ways(monkeypatch, data)
    assert lazy == resolved


def test_lazy_tags_read_the_example_as_resolved_tags_do(monkeypatch):
    from helpers.trees import EXAMPLE

    kinds = {"recommendations": fmt.RECOMMENDATION, "meetings": fmt.MEETING, "papers": fmt.PAPER, "measures": fmt.MEASURE}
    files = [(path, kinds.get(path.parent.name, fmt.PLAN if path.name == "plan.yaml" else fmt.ORGANISATION))
             for path in sorted(EXAMPLE.rglob("*.yaml"))]
    assert len(files) > 40
    for path, kind in files:
        lazy, resolved = _both_ways(monkeypatch, path.read_bytes(), kind, str(path))
        assert lazy == resolved, path
