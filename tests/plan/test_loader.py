"""The loader on hostile input: every file ends in a clean result or located findings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.trees import BASE, CORPUS
from dagov.plan import format as fmt
from dagov.check.run import check
from dagov.plan.load import read_document

PATH = "plans/p1/recommendations/R01.yaml"


def _corpus_cases() -> list[tuple[str, bool]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [(row["file"], row["invalid"] == "1") for row in csv.DictReader(fh, delimiter="\t")]


CORPUS_CASES = _corpus_cases()


def _assert_located(findings, path=PATH):
    for finding in findings:
        assert finding.path == path
        assert finding.line >= 1 and finding.col >= 1
        assert finding.rule and finding.message
        assert finding.severity in ("error", "warning")


@pytest.mark.skipif(not CORPUS_CASES, reason="yaml-test-suite corpus not found beside the repository")
@pytest.mark.parametrize("case,invalid", CORPUS_CASES, ids=[c for c, _ in CORPUS_CASES])
def test_yaml_test_suite_case_ends_clean_or_located(case, invalid, yaml_loader, time_limit):
    data = (CORPUS / case).read_bytes()
    findings: list = []
    result = read_document(PATH, data, fmt.RECOMMENDATION, findings)
    _assert_located(findings)
    if invalid:
        assert findings, "invalid YAML must give at least one finding"
    if result is None:
        assert findings, "a file that gives no object must say why"


def test_corpus_is_present_in_ci():
    """The corpus belongs in the suite: if it went missing, say so instead of silently skipping."""
    assert CORPUS_CASES, f"expected the yaml-test-suite corpus at {CORPUS}"
    assert len(CORPUS_CASES) >= 400


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    findings: list = []
    read_document(PATH, text.encode("utf-8", "surrogatepass"), fmt.RECOMMENDATION, findings)
    _assert_located(findings)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    findings: list = []
    read_document(PATH, data, fmt.RECOMMENDATION, findings)
    _assert_located(findings)


MUTATION_CHARS = ":-[]{}\t\n #&*!|>'\",?%@`"


@st.composite
def mutated(draw, text: str):
    """A plan file after a few keystroke-sized accidents: deletions, insertions, moved lines."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "swap", "duplicate"]))
        if kind in ("delete", "insert") and text:
            at = draw(st.integers(0, len(text) - 1))
            if kind == "delete":
                text = text[:at] + text[at + 1:]
            else:
                text = text[:at] + draw(st.sampled_from(MUTATION_CHARS)) + text[at:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            text = "\n".join(lines)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(BASE)).flatmap(lambda rel: st.tuples(st.just(rel), mutated(BASE[rel]))))
def test_mutated_plan_files_give_located_findings(tmp_path_factory, rel_and_text):
    from helpers.trees import write_tree

    rel, text = rel_and_text
    root = write_tree(tmp_path_factory.mktemp("mut") / "plans", {rel: text})
    result = check(root)
    for finding in result.findings:
        assert finding.path.startswith(str(root))
        assert finding.line >= 1 and finding.col >= 1


def test_deep_nesting_is_bounded(yaml_loader, time_limit):
    data = ("a: " + "[" * 1000 + "]" * 1000 + "\n").encode()
    findings: list = []
    read_document(PATH, data, fmt.RECOMMENDATION, findings)
    _assert_located(findings)
    assert findings


def test_alias_bomb_is_rejected_quickly(yaml_loader, time_limit):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
    lines.append("actions: *a9")
    findings: list = []
    read_document(PATH, "\n".join(lines).encode(), fmt.RECOMMENDATION, findings)
    _assert_located(findings)
    rules = {f.rule for f in findings}
    assert "unknown-field" in rules


def test_alias_reuse_inside_known_fields_is_an_error():
    text = BASE["p1/recommendations/R01.yaml"].replace(
        "    partners: [county-council]", "    partners: &p [county-council]\n    evidence: *p")
    findings: list = []
    read_document(PATH, text.encode(), fmt.RECOMMENDATION, findings)
    assert [f.as_text() for f in findings] == [
        f"{PATH}:30:15: error [yaml-alias] this list or mapping is repeated through an alias (*name) later in the "
        "file; write the content out in full where the alias is (aliases of lists and mappings are not allowed in "
        "plan files)"
    ]


def test_loading_never_writes(tree_dir):
    root = tree_dir({"p1/recommendations/R01.yaml": "id: [broken\n"})
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in Path(root).rglob("*") if p.is_file()}
    check(root)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in Path(root).rglob("*") if p.is_file()}
    assert before == after


def test_all_files_are_read_even_when_several_are_broken(tree_dir):
    root = tree_dir({
        "p1/recommendations/R01.yaml": "id: [broken\n",
        "p1/meetings/2014-03-12.yaml": "- not a mapping\n",
    })
    rules = sorted((Path(f.path).name, f.rule) for f in check(root).findings)
    assert ("R01.yaml", "yaml-syntax") in rules
    assert ("2014-03-12.yaml", "not-a-mapping") in rules


def test_utf8_byte_order_mark_is_accepted(tree_dir):
    text = BASE["p1/recommendations/R02.yaml"]
    root = tree_dir({"p1/recommendations/R02.yaml": "\ufeff".encode() + text.encode()})
    assert check(root).findings == []
