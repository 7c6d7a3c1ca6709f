"""Issue 11, defect 14: a multi-file write is all or nothing. `kill -9` half way through an import
leaves a staging folder that the next writer rolls back under the lock; no temporary file piles up
or is read as a plan file."""

from __future__ import annotations

import errno
import os
import random
import signal
import time

import pytest
from helpers.trees import snapshot
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.edit import transaction as writing

ROWS = 8
CSV = "Ref,Recommendation,Key area,Action ref,Action,Action owner,Target date\n" + "".join(
    f"R{n:02},Do thing {n}.,{'New Area' if n == 13 else 'Training'},R{n:02}.1,Thing {n},trainer,30/09/2014\n"
    for n in range(10, 10 + ROWS))
NEW = [f"p1/recommendations/R{n:02}.yaml" for n in range(10, 10 + ROWS)]
KILLS = 20
SLOW = 0.03  # seconds after each rename: the run is killed somewhere among its 9 renames


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(CSV)
    return path


def _leftovers(plans):
    return [str(p.relative_to(plans)) for p in plans.rglob("*")
            if p.name.endswith(".tmp") or writing.STAGING_NAME in p.parts]


def _import_in_a_child(tracker, plans) -> int:
    """Fork a process that runs `dagov import csv` (dagov is already imported: no start-up cost)."""
    pid = os.fork()
    if pid == 0:  # the child: run the command, then leave without pytest's clean-up
        try:
            run("import", "csv", tracker, plans, "--plan", "p1")
        finally:
            os._exit(0)
    return pid


def test_kill_9_mid_import_is_rolled_back_by_the_next_writer(tree_dir, tmp_path, tracker, monkeypatch):
    import shutil

    base = tree_dir()
    (base / writing.LOCK_NAME).touch()
    pristine = snapshot(base)
    copies = [shutil.copytree(base, tmp_path / f"run{n}" / "plans") for n in range(KILLS)]
    monkeypatch.setenv(writing.SLOW_COMMIT_ENV, str(SLOW))
    rng = random.Random(11)
    children = {_import_in_a_child(tracker, copy): copy for copy in copies}
    kill_at: dict[int, float] = {}
    ended: set[int] = set()  # killed and reaped, or finished by itself (a loaded machine is slow to stage)
    deadline = time.monotonic() + 60
    while len(ended) < len(children):
        assert time.monotonic() < deadline, f"{len(children) - len(ended)} imports neither finished nor were killed"
        for pid, copy in children.items():
            if pid in ended:
                continue
            if pid not in kill_at and any(copy.glob(f"{writing.STAGING_NAME}/*/{writing.MANIFEST}")):
                # staged and renaming: kill it somewhere among its renames
                kill_at[pid] = time.monotonic() + rng.uniform(0, SLOW * (ROWS + 1))
            if pid in kill_at and kill_at[pid] <= time.monotonic():
                os.kill(pid, signal.SIGKILL)
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                ended.add(pid)
        time.sleep(0.002)
    half_done = 0
    for copy in children.values():
        present = sum((copy / rel).exists() for rel in NEW)
        half_done += 0 < present < ROWS
    assert half_done >= KILLS // 4, f"only {half_done} runs were killed half way"
    monkeypatch.delenv(writing.SLOW_COMMIT_ENV)
    assert run("import", "csv", tracker, base, "--plan", "p1").exit_code == 0
    imported = snapshot(base)
    import_changed = {rel for rel in imported if imported[rel] != pristine.get(rel)}
    assert import_changed == {*NEW, "p1/plan.yaml"}  # the new area, added to confirm
    for n, copy in enumerate(copies):
        # the next writer (here an update) first rolls a killed import back, under the lock
        result = run("update", "R01.2", copy, "--note", "next writer", "--date", "2014-08-01")
        assert result.exit_code == 0, result.output
        assert not _leftovers(copy)
        after = snapshot(copy)
        changed = {rel for rel in after if after[rel] != pristine.get(rel)} - {"p1/recommendations/R01.yaml"}
        if changed:  # killed after its last step: the import is whole
            assert changed == import_changed and all(after[rel] == imported[rel] for rel in changed)
        elif n % 5 == 0:  # rolled back: the import simply runs again
            again = run("import", "csv", tracker, copy, "--plan", "p1")
            assert again.exit_code == 0, again.output
            assert all((copy / rel).read_bytes() == imported[rel] for rel in import_changed)


def test_a_failure_on_the_fifth_file_puts_back_the_first_four(tree_dir, tracker, monkeypatch):
    plans = tree_dir()
    before = snapshot(plans)
    real, calls = os.link, []

    def link(src, dst, *args, **kwargs):
        if ".dagov-staging" in str(src) and str(dst).endswith(".yaml"):
            calls.append(dst)
            if len(calls) == 5:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    result = run("import", "csv", tracker, plans, "--plan", "p1")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"dagov: cannot write {plans}/{NEW[4]}: the disk is full; nothing was written: free some space, "
        "then run the command again")
    after = snapshot(plans)
    assert after == {**before, ".dagov.lock": b""}


def test_a_run_killed_while_staging_leaves_nothing_after_the_next_writer(tree_dir):
    plans = tree_dir()
    stale = plans / writing.STAGING_NAME / "123-dead"
    stale.mkdir(parents=True)
    (stale / "0.new").write_text("id: R99\n")  # no manifest: no target was touched
    assert run("update", "R01.2", plans, "--note", "x", "--date", "2014-08-01").exit_code == 0
    assert not (plans / writing.STAGING_NAME).exists()


def test_a_file_edited_by_hand_after_a_crash_is_not_rolled_back(tree_dir):
    import json

    plans = tree_dir()
    target = plans / "p1/recommendations/R01.yaml"
    stale = plans / writing.STAGING_NAME / "123-dead"
    stale.mkdir(parents=True)
    os.link(target, stale / "0.old")
    (stale / writing.MANIFEST).write_text(json.dumps({"entries": [
        {"target": "p1/recommendations/R01.yaml", "staged": "0.new", "backup": "0.old", "new": "0" * 64,
         "overwrite": True}]}))
    target.unlink()
    target.write_text(target.with_name("R02.yaml").read_text().replace("R02", "R01"))  # the user's own fix
    mine = target.read_bytes()
    run("new", "meeting", plans, "--date", "2014-05-01")
    assert target.read_bytes() == mine
    assert not (plans / writing.STAGING_NAME).exists()


def test_check_ignores_the_staging_folder_and_dot_temporary_files(tree_dir):
    plans = tree_dir()
    clean = run("check", plans)
    staged = plans / writing.STAGING_NAME / "123-dead"
    staged.mkdir(parents=True)
    (staged / "0.new").write_text("id: [broken\n")
    (staged / "p1").mkdir()
    (staged / "p1/plan.yaml").write_text("id: [broken\n")
    (plans / writing.LOCK_NAME).write_text("")
    for folder in ("", "p1/", "p1/recommendations/"):
        (plans / f"{folder}.R05.yaml.k2j4.tmp").write_text("id: [broken\n")
    result = run("check", plans)
    assert (result.exit_code, result.output) == (clean.exit_code, clean.output)


@pytest.mark.parametrize("args", [
    ["new", "recommendation", "{plans}", "--plan", "p1", "--title", "A new one"],
    ["new", "action", "R01", "{plans}", "--title", "Another"],
    ["update", "R01.1", "{plans}", "--note", "A note", "--date", "2014-07-01"],
    ["import", "csv", "{tracker}", "{plans}", "--plan", "p1", "--date", "2014-10-01"],
])
def test_a_write_reads_and_checks_the_plan_once_as_it_is_and_once_as_it_would_be(tree_dir, tracker, monkeypatch, args):
    """Issue 12: the command's own read is the 'before' its change is judged against, not read again."""
    from dagov.check import run as check_run
    from dagov.plan import load

    plans, reads = tree_dir(), []
    original = load.load_tree

    def counted(root, source=None, **kwargs):
        reads.append(type(source).__name__)
        return original(root, source, **kwargs)

    monkeypatch.setattr(load, "load_tree", counted)
    monkeypatch.setattr(check_run, "load_tree", counted)
    result = run(*[a.format(plans=plans, tracker=tracker) for a in args])
    assert result.exit_code == 0, result.output
    assert reads == ["NoneType", "OverlayFiles"]


def test_temporaries_left_beside_an_output_by_killed_runs_do_not_pile_up(tree_dir, tmp_path):
    """A run killed while writing `-o FILE` outside the plans directory leaves '.FILE.xxxxxxxx.tmp';
    the next write of that file removes those old enough to be from dead runs, and nothing else."""
    plans = tree_dir()
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".progress.md.k1ll3d_1.tmp", out / ".progress.md.k1ll3d_2.tmp"]
    young = out / ".progress.md.w0rking_.tmp"  # a live run's, just made
    others = [out / ".other.md.k1ll3d_1.tmp", out / "progress.md.k1ll3d_1.tmp", out / "notes.txt"]
    for path in [*stale, young, *others]:
        path.write_text("half a paper")
    old = time.time() - writing.STALE_TEMPORARY_SECONDS - 60
    for path in [*stale, *others]:
        os.utime(path, (old, old))
    result = run("render", "progress", plans, "--as-of", "2014-06-12", "-o", out / "progress.md")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["progress.md", young.name, *(p.name for p in others)])
