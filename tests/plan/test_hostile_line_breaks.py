"""Hostile line breaks: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and a carriage return on its own.

YAML (libyaml and PyYAML alike) ends a line at each of them; editors, git and GitHub count
only LF (CRLF being one break). Every finding must carry the line an editor shows, each of
these characters is itself a finding at its true place, and text after one in a comment
stays comment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.trees import BASE, EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan import format as fmt
from dagov.plan.load import read_document

runner = CliRunner()
UNUSUAL = ("\x85", "\u2028", "\u2029")
HOSTILE = (*UNUSUAL, "\r")
LABELS = {"\x85": "U+0085 NEXT LINE (NEL) character", "\u2028": "U+2028 LINE SEPARATOR character",
          "\u2029": "U+2029 PARAGRAPH SEPARATOR character", "\r": "carriage return (CR) on its own"}
NAMES = {ch: f"a {label} is here, which YAML " + ("and some editors read as a line break but git and GitHub do not"
                                                  if ch == "\r" else "reads as a line break but editors, git and "
                                                  "GitHub do not") for ch, label in LABELS.items()}
FIX = " (it is often invisible); replace it with a space or a real line break"
KINDS = {"recommendations": fmt.RECOMMENDATION, "meetings": fmt.MEETING, "papers": fmt.PAPER, "measures": fmt.MEASURE}
EXAMPLE_FILES = sorted(str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*.yaml"))


def _kind(rel: str):
    parts = rel.split("/")
    if parts[-1] == "organisation.yaml":
        return fmt.ORGANISATION
    if parts[-1] == "plan.yaml":
        return fmt.PLAN
    return KINDS[parts[-2]]


def _editor_line_col(text: str, index: int) -> tuple[int, int]:
    """Line and column as an editor counts them: str.splitlines() without the unusual breaks (only LF and CRLF)."""
    before = text[:index]
    line = 1 + sum(1 for piece in before.splitlines(keepends=True) if piece.endswith("\n"))
    return line, len(before.split("\n")[-1]) + 1


def _insert(text: str, inserts: list[tuple[float, str]], filler: str | None = None) -> tuple[str, list[int]]:
    """`text` with each character put at a fraction of its length (as `filler` if given); and where they went."""
    places = sorted((int(frac * len(text)), ch) for frac, ch in inserts)
    out, at, last = [], [], 0
    for place, ch in places:
        while ch == "\r" and text[place:place + 1] == "\n":
            place += 1  # before a LF it would make an ordinary CRLF (and blank lines are LFs in a row)
        out.append(text[last:place])
        at.append(sum(map(len, out)))
        out.append(filler or ch)
        last = place
    out.append(text[last:])
    return "".join(out), at


def _breaks(path: str, text: str, at: list[int]) -> set[tuple]:
    """The unusual-line-break findings a file with hostile characters at `at` must give."""
    found = set()
    for index in at:
        line, col = _editor_line_col(text, index)
        found.add((path, line, col, "error", "unusual-line-break", NAMES[text[index]] + FIX))
    return found


def _as_tuples(findings) -> set[tuple]:
    return {(f.path, f.line, f.col, f.severity, f.rule, f.message) for f in findings}


inserts = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(HOSTILE)), min_size=1, max_size=3)


def test_editor_line_col_counts_only_lf():
    text = "a\u2028b\r\nc\rd\n e"
    assert _editor_line_col(text, text.index("e")) == (3, 2)
    assert _editor_line_col(text, text.index("d")) == (2, 3)
    assert text.splitlines()[0] == "a"  # what libyaml and str.splitlines() count instead


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(EXAMPLE_FILES), inserts=inserts)
def test_every_finding_keeps_the_line_an_editor_shows(rel, inserts, yaml_loader):
    """A file with hostile breaks reads exactly like the file with spaces in their place, plus one finding each."""
    original = (EXAMPLE / rel).read_text(encoding="utf-8")
    hostile, at = _insert(original, inserts)
    spaced, _ = _insert(original, inserts, filler=" ")
    path = f"plans/{rel}"
    got: list = []
    want: list = []
    read_document(path, hostile.encode(), _kind(rel), got)
    read_document(path, spaced.encode(), _kind(rel), want)
    assert _as_tuples(got) == _as_tuples(want) | _breaks(path, hostile, at)
    lines = len(hostile.replace("\r\n", "\n").split("\n"))
    assert all(f.line <= lines for f in got)


def _check_json(root: Path) -> list[dict]:
    result = runner.invoke(app, ["check", str(root), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(sorted(BASE)), inserts=inserts)
def test_check_cli_reports_every_break_and_keeps_lines(rel, inserts, tmp_path_factory):
    """Through `dagov check`: rules across files and the text rules count lines as editors do too."""
    root = tmp_path_factory.mktemp("breaks")
    hostile, at = _insert(BASE[rel], inserts)
    spaced, _ = _insert(BASE[rel], inserts, filler=" ")
    for name, text in (("hostile", hostile), ("spaced", spaced)):
        for other, content in BASE.items():
            target = root / name / other
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((text if other == rel else content).encode())
    got = {tuple(f.values()) for f in _check_json(root / "hostile")}
    want = {tuple(v.replace(str(root / "spaced"), str(root / "hostile")) if isinstance(v, str) else v
                  for v in f.values()) for f in _check_json(root / "spaced")}
    assert got == want | _breaks(str(root / "hostile" / rel), hostile, at)


# --- exact cases ------------------------------------------------------------------------------


def run(*args: str):
    return runner.invoke(app, list(args))


BAD_OWNER = BASE["p1/recommendations/R01.yaml"].replace("owner: trainer\ntimescale", "owner:\ntimescale")
"""owner-missing at 6:7."""


@pytest.mark.parametrize("ch", HOSTILE)
def test_a_break_before_an_error_leaves_its_line_alone(ch, tree_dir, monkeypatch):
    text = BAD_OWNER.replace("title: Train everyone", f"title: Train{ch}everyone")
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text}).parent)
    result = run("check")
    assert result.exit_code == 1
    assert result.output == (
        f"plans/p1/recommendations/R01.yaml:3:13: error [unusual-line-break] {NAMES[ch]}{FIX}\n"
        "plans/p1/recommendations/R01.yaml:6:7: error [owner-missing] recommendation R01 has no owner; "
        "add 'owner:' with a role from organisation.yaml\n"
        "2 errors, 0 warnings in 5 files\n"
    )


@pytest.mark.parametrize("ch", HOSTILE)
def test_comment_text_after_a_break_stays_comment(ch, tree_dir, monkeypatch):
    """Before: '# note<LS>status: closed' made a second 'status' key (duplicate-key) out of a comment."""
    text = BASE["p1/recommendations/R01.yaml"].replace("status: open\n", f"status: open\n# note{ch}status: closed\n")
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text}).parent)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == [{
        "path": "plans/p1/recommendations/R01.yaml", "line": 10, "col": 7, "severity": "error",
        "rule": "unusual-line-break", "message": NAMES[ch] + FIX}]


@pytest.mark.parametrize("ch", UNUSUAL)
def test_github_annotations_and_personal_data_use_editor_lines(ch, tree_dir, monkeypatch):
    """The text rules read the same text as YAML: a phone number after a break is on its editor line."""
    text = BASE["p1/recommendations/R01.yaml"].replace(
        "kind: recommendation\n", f"kind: recommendation # a{ch}b{ch}c\n# call 07700 900123\n")
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text}).parent)
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(",title=")[0] for line in lines[:-1]] == [
        "::error file=plans/p1/recommendations/R01.yaml,line=2,col=25",
        "::error file=plans/p1/recommendations/R01.yaml,line=2,col=27",
        "::error file=plans/p1/recommendations/R01.yaml,line=3,col=8",
    ]
    assert "personal-data" in lines[2]


def test_a_whole_file_of_old_mac_line_endings_is_one_finding(tree_dir, monkeypatch):
    text = BASE["p1/recommendations/R01.yaml"].replace("\n", "\r")
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text.encode()}).parent)
    result = run("check")
    assert result.exit_code == 1
    assert result.output == (
        "plans/p1/recommendations/R01.yaml:1:8: error [unusual-line-break] this file's lines end in a carriage "
        "return alone (old Mac line endings), which git and GitHub do not count as line breaks, so the file is not "
        "read; save it with LF (or CRLF) line endings\n"
        "1 error, 0 warnings in 5 files\n"
    )


def test_windows_line_endings_are_ordinary(tree_dir, monkeypatch):
    files = {rel: text.replace("\n", "\r\n").encode() for rel, text in BASE.items()}
    monkeypatch.chdir(tree_dir(files).parent)
    result = run("check")
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings in 5 files\n")


def test_many_breaks_are_listed_up_to_twenty_then_counted(tree_dir, monkeypatch):
    text = BASE["p1/recommendations/R01.yaml"].replace("kind: recommendation\n",
                                                      "kind: recommendation\n#" + "\u2028" * 25 + "\n")
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text}).parent)
    result = run("check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 22
    assert [line.split(": error")[0] for line in lines[:21]] == [
        f"plans/p1/recommendations/R01.yaml:3:{col}" for col in range(2, 23)]
    assert lines[20] == ("plans/p1/recommendations/R01.yaml:3:22: error [unusual-line-break] 5 more unusual line "
                         "breaks from here on, not listed one by one; save the file with ordinary line endings (LF)")
    assert lines[21] == "21 errors, 0 warnings in 5 files"


@pytest.mark.parametrize("ch", UNUSUAL)
def test_a_break_inside_quoted_text_is_read_as_a_space(ch, tree_dir, monkeypatch):
    text = BASE["p1/recommendations/R01.yaml"].replace("title: Train everyone", f'title: "Train{ch}everyone"')
    monkeypatch.chdir(tree_dir({"p1/recommendations/R01.yaml": text}).parent)
    result = run("show", "R01")
    assert result.exit_code == 1  # the file has an error: reports say so
    assert "Train everyone" in result.output
