"""Issue 11, defect 2: two writers at once never lose an update; a writer waits for the plans lock
(`.dagov.lock`), then gives up with a message naming it; reads never lock and never write."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.trees import R01, snapshot
from dagov.edit import update
from dagov.edit import transaction as writing
from dagov.cli.app import app
from dagov.plan.load import load_tree

PAIRS = 200


def run(*args: str):
    return CliRunner().invoke(app, list(args))


FILES = 10


@pytest.fixture
def small_plan(tmp_path):
    """Ten one-action recommendations, on a RAM disk when there is one: the test is about the
    lock, not about how fast a disk syncs, and 400 updates spread over ten files stay small."""
    import shutil
    import tempfile

    from helpers.trees import write_tree

    ram = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    folder = tempfile.mkdtemp(dir=ram or tmp_path)
    recs = {f"p1/recommendations/R{n:02}.yaml": RECOMMENDATION.format(n=f"{n:02}") for n in range(1, FILES + 1)}
    yield write_tree(Path(folder) / "plans", {"p1/meetings/2014-03-12.yaml": None, **recs})
    shutil.rmtree(folder)


# conftest's R01 with its id templated and one open action
RECOMMENDATION = R01.split("actions:")[0].replace("R01", "R{n}") + """\
actions:
  - id: R{n}.1
    title: Write the course
    owner: trainer
    due: 2014-09-30
    status: in-progress
"""


def test_200_concurrent_pairs_of_updates_lose_nothing(small_plan):
    """Each pair: two threads released together call what `dagov update` calls, on the same action."""
    errors: list[BaseException] = []

    def one(action: str, note: str, start: threading.Barrier) -> None:
        try:
            start.wait()
            request = update.UpdateRequest(date=dt.date(2014, 8, 1), note=note, by="trainer")
            _, verdict = update.record(small_plan, action, request)
            assert verdict.ok, verdict.added_errors
        except BaseException as err:  # reported below with the pair that failed
            errors.append(err)

    for pair in range(PAIRS):
        start = threading.Barrier(2)
        action = f"R{pair % FILES + 1:02}.1"
        threads = [threading.Thread(target=one, args=(action, f"pair {pair} {side}", start)) for side in "ab"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, (pair, errors)
    tree, _ = load_tree(small_plan)
    notes = [u.note for a in tree.plans["p1"].actions.values() for u in a[1].updates]
    assert sorted(notes) == sorted(f"pair {p} {s}" for p in range(PAIRS) for s in "ab")
    assert run("check", str(small_plan)).exit_code == 0


def _hold_lock(plans):
    fd = os.open(plans / writing.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


WRITERS = [
    ("update", ["update", "R01.2", "{plans}", "--note", "x", "--date", "2014-08-01"]),
    ("new recommendation", ["new", "recommendation", "{plans}", "--title", "t", "--owner", "trainer"]),
    ("new action", ["new", "action", "R01", "{plans}", "--title", "t", "--owner", "trainer"]),
    ("new meeting", ["new", "meeting", "{plans}", "--date", "2014-05-01"]),
    ("new paper", ["new", "paper", "{plans}", "--date", "2014-05-01"]),
    ("import csv", ["import", "csv", "{csv}", "{plans}", "--plan", "p1"]),
    ("render -o into the plans", ["render", "progress", "{plans}", "--as-of", "2014-05-01", "-o", "{plans}/p1/out.md"]),
    ("export -o into the plans", ["export", "csv", "{plans}", "--as-of", "2014-05-01", "-o", "{plans}/p1/out.csv"]),
]


@pytest.mark.parametrize("name,args", WRITERS, ids=[w[0] for w in WRITERS])
def test_a_second_writer_waits_then_exits_1_naming_the_lock(tree_dir, tmp_path, monkeypatch, name, args):
    plans = tree_dir()
    source = tmp_path / "t.csv"
    source.write_text("Ref,Recommendation,Action ref,Action,Owner\nR09,Do it.,R09.1,Do it,trainer\n")
    monkeypatch.setattr(writing, "LOCK_WAIT_SECONDS", 0.2)
    fd = _hold_lock(plans)
    before = snapshot(plans)
    try:
        result = run(*(a.format(plans=plans, csv=source) for a in args))
    finally:
        os.close(fd)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        f"dagov: another dagov command is writing to {plans} (it holds {plans}/.dagov.lock); waited 0.2 seconds "
        "and wrote nothing: run the command again when it has finished")
    assert snapshot(plans) == before


def test_the_lock_is_waited_for_not_refused_when_it_is_released_in_time(tree_dir):
    plans = tree_dir()
    fd = _hold_lock(plans)
    threading.Timer(0.3, os.close, [fd]).start()
    result = run("update", "R01.2", str(plans), "--note", "after the wait", "--date", "2014-08-01")
    assert result.exit_code == 0, result.output
    assert "note: after the wait" in (plans / "p1/recommendations/R01.yaml").read_text()


READERS = [
    ["check", "{plans}"], ["status", "{plans}", "--as-of", "2014-05-01"], ["show", "R01", "{plans}"],
    ["owners", "{plans}", "--as-of", "2014-05-01"], ["render", "progress", "{plans}", "--as-of", "2014-05-01"],
    ["export", "csv", "{plans}", "--as-of", "2014-05-01"],
    ["update", "R01.2", "{plans}", "--note", "x", "--date", "2014-08-01", "--dry-run"],
    ["import", "csv", "{csv}", "{plans}", "--plan", "p1", "--dry-run"],
]


@pytest.mark.parametrize("args", READERS, ids=[" ".join(r[:2]) for r in READERS])
def test_reads_and_dry_runs_neither_lock_nor_write(tree_dir, tmp_path, args):
    plans = tree_dir()
    source = tmp_path / "t.csv"
    source.write_text("Ref,Recommendation,Action ref,Action,Owner\nR09,Do it.,R09.1,Do it,trainer\n")
    before = snapshot(plans)
    fd = _hold_lock(plans)  # a writer at work: reads do not wait for it
    os.unlink(plans / writing.LOCK_NAME)
    try:
        result = run(*(a.format(plans=plans, csv=source) for a in args))
    finally:
        os.close(fd)
    assert result.exit_code in (0, 1), result.output
    assert snapshot(plans) == before


def test_init_git_ignores_the_lock_file_and_the_staging_folder(tmp_path):
    result = run("init", str(tmp_path / "gov"), "--organisation", "Org", "--start", "2015-01-05")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gov/plans/.gitignore").read_text().splitlines()[1:] == [".dagov.lock", ".dagov-staging/"]
    assert not (tmp_path / "gov/plans/.dagov-staging").exists()


def test_a_refused_init_leaves_no_folder_and_no_lock_file(tmp_path, monkeypatch):
    from dagov.cli import init

    def refuse(root, changes):
        raise init.typer.Exit(1)

    monkeypatch.setattr(init, "_refuse_if_invalid", refuse)
    result = run("init", str(tmp_path / "gov"), "--organisation", "Org")
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []
