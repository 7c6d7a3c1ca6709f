"""Issue 11, defect 5: an OS error while writing (disk full, read-only, permission denied ...) is one
line naming the path and the reason, exit 1, nothing changed and no temporary file left."""

from __future__ import annotations

import errno
import os

import pytest
from typer.testing import CliRunner

from helpers.trees import snapshot
from dagov.cli.app import app

REASONS = {
    errno.ENOSPC: "the disk is full; nothing was written: free some space",
    errno.EDQUOT: "the disk quota is used up; nothing was written: free some space or ask for a larger quota",
    errno.EROFS: "the file system is read-only; nothing was written: work in a copy on a writable disk",
    errno.EACCES: "permission denied; nothing was written: check who may write to this folder",
    errno.EPERM: "permission denied; nothing was written: check who may write to this folder",
    errno.ENAMETOOLONG: "the file name is too long; nothing was written: use a shorter path",
    errno.EIO: "an input/output error (the disk may be failing); nothing was written: check the disk",
}

CSV = "Ref,Recommendation,Action ref,Action,Owner\nR09,Do it.,R09.1,Do it,trainer\nR10,Do more.,R10.1,Do more,trainer\n"

# (name, arguments, the file named in the message, relative to the plans directory)
WRITERS = [
    ("update", ["update", "R01.2", "{plans}", "--note", "x", "--date", "2014-08-01"], "p1/recommendations/R01.yaml"),
    ("new recommendation", ["new", "recommendation", "{plans}", "--title", "t", "--owner", "trainer"],
     "p1/recommendations/R03.yaml"),
    ("new action", ["new", "action", "R01", "{plans}", "--title", "t", "--owner", "trainer"],
     "p1/recommendations/R01.yaml"),
    ("new meeting", ["new", "meeting", "{plans}", "--date", "2014-05-01"], "p1/meetings/2014-05-01.yaml"),
    ("import csv", ["import", "csv", "{csv}", "{plans}", "--plan", "p1"], "p1/recommendations/R09.yaml"),
    ("render -o", ["render", "progress", "{plans}", "--as-of", "2014-05-01", "-o", "{plans}/p1/out.md"], "p1/out.md"),
    ("export -o", ["export", "csv", "{plans}", "--as-of", "2014-05-01", "-o", "{plans}/p1/out.csv"], "p1/out.csv"),
]

# Where the error strikes: writing a staged file's bytes, syncing it, or renaming it into place.
POINTS = ["fsync", "replace", "link"]


def _inject(monkeypatch, point: str, code: int) -> None:
    real = getattr(os, point)

    def failing(*args, **kwargs):
        if point == "fsync" or any(".dagov-staging" in str(a) for a in args):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, point, failing)


# Every reason where the bytes are written; two where files are renamed or linked (the same code path).
CASES = [("fsync", code) for code in REASONS] + [(p, c) for p in POINTS[1:] for c in (errno.EROFS, errno.EPERM)]


@pytest.mark.parametrize("point,code", CASES, ids=[f"{p}-{errno.errorcode[c]}" for p, c in CASES])
@pytest.mark.parametrize("name,args,named", WRITERS, ids=[w[0] for w in WRITERS])
def test_an_os_error_is_one_line_exit_1_and_changes_nothing(tree_dir, tmp_path, monkeypatch, code, point, name,
                                                            args, named):
    plans = tree_dir()
    source = tmp_path / "t.csv"
    source.write_text(CSV)
    (plans / ".dagov.lock").touch()
    before = snapshot(plans)
    _inject(monkeypatch, point, code)
    result = CliRunner().invoke(app, [a.format(plans=plans, csv=source) for a in args])
    monkeypatch.undo()
    if point == "link" and (name in ("update", "new action") or code == errno.EPERM):
        # links are an optimisation: a changed file's old copy is copied instead, and a file system
        # that refuses hard links (EPERM) gets a plain rename; either way the write goes through
        assert result.exit_code == 0, result.output
        assert not (plans / ".dagov-staging").exists()
        return
    assert isinstance(result.exception, SystemExit), result.exception  # never a traceback
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == f"dagov: cannot write {plans}/{named}: {REASONS[code]}, then run the command again"
    assert snapshot(plans) == before, "files changed or temporary files left"


def test_an_os_error_outside_the_plans_is_one_line_too(tree_dir, tmp_path, monkeypatch):
    plans = tree_dir()
    _inject(monkeypatch, "fsync", errno.ENOSPC)
    result = CliRunner().invoke(app, ["export", "csv", str(plans), "--as-of", "2014-05-01", "-o", str(tmp_path / "x.csv")])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"dagov: cannot write {tmp_path}/x.csv: {REASONS[errno.ENOSPC]}, "
                                          "then run the command again"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]


def test_a_plans_folder_where_the_lock_cannot_be_made(tree_dir, monkeypatch):
    plans = tree_dir()
    before = snapshot(plans)
    real = os.open

    def failing(path, *args, **kwargs):
        if str(path).endswith(".dagov.lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing)
    result = CliRunner().invoke(app, ["update", "R01.2", str(plans), "--note", "x", "--date", "2014-08-01"])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"dagov: cannot write {plans}/.dagov.lock: {REASONS[errno.EROFS]}, "
                                          "then run the command again"]
    assert snapshot(plans) == before


def test_schema_write_reports_a_full_disk_in_one_line(tmp_path, monkeypatch):
    _inject(monkeypatch, "fsync", errno.ENOSPC)
    result = CliRunner().invoke(app, ["schema", "--write", str(tmp_path / "schemas")])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"dagov: cannot write {tmp_path}/schemas/organisation.schema.json: "
                                          f"{REASONS[errno.ENOSPC]}, then run the command again"]
