"""The helper process of a cold read (dagov.plan.helper): it reads the last files of a tree into the parse cache
while the loader reads the first ones, and whatever it does (all of it, part of it, nothing, killed), the
loader's answer is the one a single process gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from helpers.model import deep
from helpers.trees import EXAMPLE, copy_with_personal_data

from dagov.check.run import as_json, check
from dagov.plan import helper
from dagov.plan.cache import ParseCache
from dagov.plan.files import DiskFiles, MemoryFiles
from dagov.plan.helper import Folder, Part, share
from dagov.plan.load import load_tree

DAGOV = str(Path(sys.executable).parent / "dagov")


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """The example plans, with personal data so the scan goes through the helper too."""
    return copy_with_personal_data(tmp_path / "plans")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[list[Part]]:
    """Any tree is worth a helper; records what each helper started was given."""
    monkeypatch.setattr(helper, "MIN_COLD_BYTES", 0)
    monkeypatch.delenv("DAGOV_NO_HELPER", raising=False)
    given: list[list[Part]] = []
    start = helper.start

    def recording(parts: list[Part], work, orphaned=None):  # type: ignore[no-untyped-def]
        started = start(parts, work, orphaned)
        if started is not None:
            given.append(parts)
        return started

    monkeypatch.setattr(helper, "start", recording)
    return given


def one_process(plans: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setenv("DAGOV_NO_HELPER", "1")
        return answer(plans, None)


def answer(plans: Path, cache: ParseCache | None) -> object:
    """Everything check says, and the whole tree with every position in it."""
    result = check(plans, cache=cache)
    return as_json(result.findings), deep(result.tree), sorted(result.tree.scans or {})


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.skipif(not hasattr(os, "fork") or helper.cores() < 2, reason="the helper needs fork and two cores")
class TestWithAHelper:
    def test_with_the_cache_the_helper_fills_it_and_the_answer_is_the_same(self, plans, tmp_path, forks, monkeypatch):
        alone = one_process(plans, monkeypatch)
        first = ParseCache(str(tmp_path / "cache"))
        assert answer(plans, first) == alone
        assert len(forks) == 1 and forks[0], "a helper read part of the tree"
        assert first.hits == sum(1 for _ in helper_files(plans, forks[0])) > 0  # read here from the helper's packs
        second = ParseCache(str(tmp_path / "cache"))
        assert answer(plans, second) == alone
        assert second.misses == 0, "every file, the helper's too, is cached for the next run"
        assert len(forks) == 1, "no helper for a warm run"
        assert no_children_left()

    def test_with_the_cache_off_the_helpers_packs_go_in_a_folder_deleted_after(self, plans, tmp_path, forks,
                                                                               monkeypatch):
        alone = one_process(plans, monkeypatch)
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(temporary))
        assert answer(plans, None) == alone
        assert forks and list(temporary.iterdir()) == []
        assert no_children_left()

    def test_a_folder_split_between_the_two_processes_is_read_whole(self, plans, tmp_path, forks, monkeypatch):
        recommendations = sorted(p.name for p in (plans / "da-2014-2016" / "recommendations").iterdir())
        split = Part("da-2014-2016/recommendations", recommendations[len(recommendations) // 2])
        monkeypatch.setattr(helper, "share", lambda folders, fraction: [
            split for f in folders if f.rel == split.rel and f.cold])
        alone = one_process(plans, monkeypatch)
        cache = ParseCache(str(tmp_path / "cache"))
        assert answer(plans, cache) == alone
        assert cache.hits == len(recommendations) - len(recommendations) // 2
        again = ParseCache(str(tmp_path / "cache"))
        assert answer(plans, again) == alone and again.misses == 0  # the pack holds both halves
        assert forks == [[split]]

    @pytest.mark.parametrize("how", ["exits at once", "is killed after one folder", "fails"])
    def test_whatever_becomes_of_the_helper_the_answer_is_the_same(self, plans, tmp_path, forks, monkeypatch, how):
        start = helper.start

        def unreliable(parts: list[Part], work, orphaned=None):  # type: ignore[no-untyped-def]
            def badly(parts: list[Part], written) -> None:  # type: ignore[no-untyped-def]
                if how == "exits at once":
                    os._exit(0)
                if how == "fails":
                    raise RuntimeError("the helper broke")
                work(parts[:1], written)
                os.kill(os.getpid(), 9)
            return start(parts, badly, orphaned)

        monkeypatch.setattr(helper, "start", unreliable)
        alone = one_process(plans, monkeypatch)
        for cache in (ParseCache(str(tmp_path / "cache")), None):
            assert answer(plans, cache) == alone
        assert no_children_left()

    def test_an_error_while_reading_stops_the_helper(self, plans, forks, monkeypatch, tmp_path):
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(temporary))

        def interrupted(files: int) -> None:
            if files == 3:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            load_tree(plans, on_files_read=interrupted, cache=None)
        assert forks and no_children_left() and list(temporary.iterdir()) == []

    def test_the_command_line_says_the_same_with_and_without_a_helper(self, tmp_path):
        root = tmp_path / "plans"
        shutil.copytree(EXAMPLE, root)
        for plan in ("da-2014", "da-2014-2016"):
            for copy in range(3):  # four sets of kind folders, 580 KB: over the 512 KB a helper needs
                shutil.copytree(EXAMPLE / plan, root / f"{plan}-copy{copy}")
        said = {}
        for label, env in {"one process": {"DAGOV_NO_HELPER": "1", "DAGOV_NO_CACHE": "1"},
                           "helper, cache off": {"DAGOV_NO_CACHE": "1"},
                           "helper, cold cache": {"XDG_CACHE_HOME": str(tmp_path / "cache")}}.items():
            run = subprocess.run([DAGOV, "check", "--format", "json", str(root)], capture_output=True,
                                 env={**os.environ, "DAGOV_NO_HELPER": "", **env}, timeout=120)
            said[label] = run.returncode, run.stdout, run.stderr
        assert said["helper, cache off"] == said["one process"] == said["helper, cold cache"]
        code, out, _ = said["one process"]
        assert code == 1 and out.count(b'"rule": "duplicate-id"') >= 4  # the copies' ids clash: findings to compare


    def test_a_stuck_helper_is_given_up_on_and_its_files_read_here(self, plans, forks, monkeypatch):
        monkeypatch.setattr(helper, "PATIENCE_SECONDS", 0.5)
        start = helper.start
        monkeypatch.setattr(helper, "start", lambda parts, work, orphaned=None: start(
            parts, lambda parts, written: time.sleep(60), orphaned))
        alone = one_process(plans, monkeypatch)
        began = time.monotonic()
        assert answer(plans, None) == alone
        assert time.monotonic() - began < 20 and forks and no_children_left()

    @pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
    def test_killed_by_a_signal_the_helper_ends_and_nothing_is_left(self, plans, tmp_path, signal_name):
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        run = subprocess.run([sys.executable, "-c", DIES_READING, str(plans), signal_name, str(tmp_path / "pid"),
                              "parent-only"],
                             env={**os.environ, "TMPDIR": str(temporary), "DAGOV_NO_CACHE": "1", "DAGOV_NO_HELPER": ""},
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == -getattr(signal, signal_name), run.stderr  # died of it, as without a helper
        assert ended((tmp_path / "pid").read_text(), within=0), "stopped before its parent died"
        assert list(temporary.iterdir()) == []

    def test_killed_outright_its_helper_ends_and_removes_the_temporary_folder(self, plans, tmp_path):
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        run = subprocess.run([sys.executable, "-c", DIES_READING, str(plans), "SIGKILL", str(tmp_path / "pid"), "-"],
                             env={**os.environ, "TMPDIR": str(temporary), "DAGOV_NO_CACHE": "1", "DAGOV_NO_HELPER": ""},
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == -signal.SIGKILL, run.stderr
        assert ended((tmp_path / "pid").read_text(), within=10), "ended long before its 30 s of work"
        deadline = time.monotonic() + 10
        while list(temporary.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(temporary.iterdir()) == [], "the helper, told of its parent's death, removed the folder"


DIES_READING = """
import os, signal, sys
from dagov.plan import helper
from dagov.plan.load import load_tree
from dagov.check import personal_data

helper.MIN_COLD_BYTES = 0
start = helper.start

def recorded(parts, work, orphaned=None):
    def slowly(parts, written):
        import time
        time.sleep(30)  # still working when its parent dies: it has to be told
        work(parts, written)
    started = start(parts, slowly, orphaned)
    with open(sys.argv[3], "w") as fh:
        fh.write(str(started.pid))
    return started

helper.start = recorded
if sys.argv[4] == "parent-only":  # the parent's own clean-up alone, without the kernel telling the helper
    helper._end_with_parent = lambda parent: None

def files_read(count):
    if count == 3:
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))

load_tree(sys.argv[1], on_files_read=files_read, cache=None, scan_text=personal_data.candidates)
print("not killed")
"""


def ended(pid: str, within: float = 20) -> bool:
    """Process `pid` has exited (or is a zombie no one reaps: this machine's first process may not)."""
    deadline = time.monotonic() + within
    while True:
        try:
            with open(f"/proc/{int(pid)}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        except OSError:
            return not os.path.exists(f"/proc/{int(pid)}")
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def helper_files(plans: Path, parts: list[Part]) -> list[Path]:
    return [path for rel, first in parts for path in sorted((plans / rel).glob("*.yaml")) if path.name >= first]


class TestWithoutAHelper:
    def test_not_when_switched_off(self, plans, forks, monkeypatch):
        monkeypatch.setenv("DAGOV_NO_HELPER", "1")
        answer(plans, None)
        assert forks == []

    def test_not_for_a_small_tree(self, plans, monkeypatch):
        monkeypatch.delenv("DAGOV_NO_HELPER", raising=False)
        monkeypatch.setattr(os, "fork", fail_to_fork)
        answer(plans, None)  # the example is under MIN_COLD_BYTES

    def test_not_when_another_thread_runs(self, plans, forks, monkeypatch):
        monkeypatch.setattr(os, "fork", fail_to_fork)
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        try:
            answer(plans, None)
        finally:
            stop.set()
            thread.join()
        assert forks == []

    def test_not_on_one_core(self, plans, forks, monkeypatch):
        monkeypatch.setattr(helper, "cores", lambda: 1)
        monkeypatch.setattr(os, "fork", fail_to_fork)
        answer(plans, None)

    def test_not_when_fork_fails(self, plans, forks, monkeypatch):
        alone = one_process(plans, monkeypatch)
        monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError(11, "Resource temporarily unavailable")))
        assert answer(plans, None) == alone and forks == []

    def test_not_for_files_from_elsewhere_than_the_disk(self, forks, monkeypatch):
        files = {str(p.relative_to(EXAMPLE)).replace(os.sep, "/"): p.read_bytes() for p in EXAMPLE.rglob("*.yaml")}
        monkeypatch.setattr(os, "fork", fail_to_fork)
        tree, _ = load_tree("plans", source=MemoryFiles(files), cache=None)
        assert tree.plans and forks == []


def fail_to_fork() -> int:
    raise AssertionError("no helper should be forked here")


def folder(rel: str, *sizes: int, cold: bool = True) -> Folder:
    return Folder(rel, tuple((f"R{i:02}.yaml", size) for i, size in enumerate(sizes, 1)), cold)


class TestShare:
    def test_the_last_files_about_the_fraction_of_the_bytes_not_cached(self):
        folders = [folder("a/recommendations", 100, 100), folder("a/meetings", 50, cold=False),
                   folder("b/recommendations", 100, 100)]
        assert share(folders, 0.5, min_cold_bytes=0) == [Part("b/recommendations", "R01.yaml")]
        assert share(folders, 0.75, min_cold_bytes=0) == [Part("a/recommendations", "R02.yaml"),
                                                          Part("b/recommendations", "R01.yaml")]

    def test_this_process_always_keeps_the_first_file(self):
        assert share([folder("a/meetings", 10, 10)], 1.0, min_cold_bytes=0) == [Part("a/meetings", "R02.yaml")]

    def test_the_nearest_boundary(self):
        assert share([folder("a/meetings", 100, 100, 100, 100)], 0.3, min_cold_bytes=0) == [Part("a/meetings", "R04.yaml")]
        assert share([folder("a/meetings", 100, 100, 100, 100)], 0.4, min_cold_bytes=0) == [Part("a/meetings", "R03.yaml")]

    def test_nothing_when_too_little_is_cold(self):
        folders = [folder("a/recommendations", 300_000, 300_000, cold=False), folder("b/recommendations", 100, 100)]
        assert share(folders, 0.5) == []
        assert share([folder("a/meetings", 600_000)], 0.5) == [], "one file cannot be shared"
        assert share([folder("a/meetings", 300_000, 300_000)], 0.5) == [Part("a/meetings", "R02.yaml")]

    def test_a_fraction_too_small_for_one_file_gives_nothing(self):
        assert share([folder("a/meetings", 100, 100)], 0.1, min_cold_bytes=0) == []

    def test_the_shares_let_both_processes_end_together(self):
        assert 0.5 < helper.helper_share(this_process_keeps=True) < 0.55
        assert 0.4 < helper.helper_share(this_process_keeps=False) < 0.5


class TestSizes:
    def test_what_cannot_be_parsed_or_sized_counts_nothing_and_hides_nothing_else(self, tmp_path):
        folder = tmp_path / "plans" / "p" / "recommendations"
        folder.mkdir(parents=True)
        (folder / "R01.yaml").write_text("id: R01\n")
        (folder / "R02.yaml").write_bytes(b"#" * 3000)
        (folder / "R03.yaml").symlink_to(folder / "R03.yaml")  # a loop
        (folder / "R04.yaml").symlink_to(tmp_path / "nothing")
        (folder / "R05.yaml").mkdir()
        (folder / "notes.txt").write_text("not a plan file")
        sizes = DiskFiles(tmp_path / "plans").yaml_sizes("p/recommendations", largest=2000)
        assert sizes == (("R01.yaml", 8), ("R02.yaml", 0), ("R03.yaml", 0), ("R04.yaml", 0), ("R05.yaml", 0))
        assert DiskFiles(tmp_path / "plans").yaml_sizes("p/meetings", largest=2000) == ()
