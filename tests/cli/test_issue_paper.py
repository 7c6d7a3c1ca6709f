"""`dagov issue paper` (issue 14): the issued copy is written once, recorded in the paper, checked
for tampering, and printed by `render paper`."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from helpers.gitrepo import git
from helpers.trees import snapshot
from typer.testing import CliRunner

from dagov.cli.app import app

PAPER = "plans/da-2014/papers/sb-2014-06.yaml"
COPY = "plans/da-2014/papers/issued/sb-2014-06.md"
HTML = "plans/da-2014/papers/issued/sb-2014-06.html"
WORDS = "Three recommendations are ready for closure"


@pytest.fixture
def repo(replayed_example, tmp_path, monkeypatch) -> Path:
    top = tmp_path / "example"
    shutil.copytree(replayed_example, top)
    monkeypatch.chdir(top)
    return top


def dagov(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def issued(*args: str):
    result = dagov("issue", "paper", PAPER, "--date", "2014-06-09", *args)
    assert result.exit_code == 0, result.output
    return result


def _files(repo: Path) -> dict[str, bytes]:
    """The plans' files, without the (git-ignored) lock every writer holds."""
    return {k: v for k, v in snapshot(repo / "plans").items() if k != ".dagov.lock"}


def _line_of(path: str, text: str) -> int:
    return next(n for n, line in enumerate(Path(path).read_text().splitlines(), 1) if line.startswith(text))


def test_issue_writes_the_copies_and_records_them_in_the_paper(repo):
    result = issued("--format", "both")
    assert result.stderr.splitlines()[:2] == [f"dagov: wrote {COPY}", f"dagov: wrote {HTML}"]
    commit = git(repo, "log", "-1", "--format=%h", "--before=2014-06-07T00:00:00+00:00", "HEAD")
    copy, html = Path(COPY).read_bytes(), Path(HTML).read_bytes()
    assert f"*Figures from the plan as recorded on 6 June 2014, commit {commit}*".encode() in copy
    tail = Path(PAPER).read_text().split("\nissued:\n")[1]
    assert tail.splitlines()[:4] == ["  date: 2014-06-09", f'  commit: "{commit}"',
                                     f'  sha256: "{hashlib.sha256(copy).hexdigest()}"',
                                     f'  html_sha256: "{hashlib.sha256(html).hexdigest()}"']
    checked = dagov("check", "plans")
    assert checked.exit_code == 0 and "issued-paper" not in checked.stdout
    assert dagov("render", "paper", PAPER).stdout == copy.decode()
    assert dagov("render", "paper", PAPER, "--format", "html").stdout == html.decode()


def test_render_prints_the_issued_copy_even_after_the_words_change_and_rerender_renders_afresh(repo):
    issued()
    path = Path(PAPER)
    path.write_text(path.read_text().replace(WORDS, "Four recommendations are ready for closure"))
    assert dagov("render", "paper", PAPER).stdout == Path(COPY).read_text()
    assert "Four recommendations" in dagov("render", "paper", PAPER, "--rerender").stdout
    result = dagov("check", "plans")
    line = _line_of(PAPER, "  prose:")
    assert f"{PAPER}:{line}:10: warning [issued-paper-edited] paper sb-2014-06's words were edited after it was " \
           "issued on 2014-06-09; the issued copy still says what the board received: undo the edit, or write a " \
           "new paper\n" in result.stdout
    assert result.exit_code == 0


def test_an_issued_paper_is_never_issued_again(repo):
    issued()
    before = snapshot(repo / "plans")
    result = dagov("issue", "paper", PAPER)
    assert result.exit_code == 1
    line = _line_of(PAPER, "issued:")
    assert result.stderr == (f"dagov: paper sb-2014-06 was issued on 2014-06-09 ({PAPER}:{line + 1}); an issued "
                             "paper is a record and is never issued again: write a new paper for a new issue\n")
    assert snapshot(repo / "plans") == before


def test_an_existing_copy_is_never_overwritten_and_nothing_is_written(repo):
    Path(COPY).parent.mkdir()
    Path(COPY).write_text("someone's draft\n")
    before = _files(repo)
    result = dagov("issue", "paper", PAPER)
    assert result.exit_code == 1
    assert "already exists; dagov never overwrites a file" in result.stderr
    assert _files(repo) == before


def test_a_modified_issued_copy_is_an_error_at_the_copy(repo):
    issued()
    Path(COPY).write_text(Path(COPY).read_text().replace("Three", "Four"))
    result = dagov("check", "plans")
    assert result.exit_code == 1
    line = _line_of(PAPER, "  sha256:")
    assert f"{COPY}:1:1: error [issued-paper-modified] the issued copy of paper sb-2014-06 no longer matches the " \
           f"sha256 recorded in {PAPER}:{line} when it was issued on 2014-06-09; an issued paper is a record: " \
           "restore it from git (git checkout -- <file>)\n" in result.stdout


def test_a_missing_issued_copy_is_an_error_at_the_recorded_sha256(repo):
    issued()
    Path(COPY).unlink()
    result = dagov("check", "plans")
    assert result.exit_code == 1
    line = _line_of(PAPER, "  sha256:")
    assert f"{PAPER}:{line}:11: error [issued-paper-modified] paper sb-2014-06 was issued on 2014-06-09, but its " \
           f"issued copy {COPY} is missing; restore it from git (git checkout -- <file>)\n" in result.stdout
