"""The parse cache (dagov.plan.cache): a second run on unchanged files gives exactly the first run's answer
without parsing them, and the cache is never trusted: corrupt, half-written, foreign, unwritable or shared
by concurrent runs, the answer stays the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.model import deep
from helpers.trees import copy_with_personal_data
from typer.testing import CliRunner

from dagov.check.run import as_json, check
from dagov.cli.app import app
from dagov.plan import cache as cache_module
from dagov.plan.cache import FOLDER_NAME, MAX_AGE_DAYS, PACK_MAGIC, ParseCache, cache_folder

DAGOV = str(Path(sys.executable).parent / "dagov")


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    return copy_with_personal_data(tmp_path / "plans")


def entries(folder: Path) -> list[Path]:
    parse = folder / FOLDER_NAME
    return sorted(p for p in parse.glob("*/*") if p.is_file() and p.parent.name != "stamps") if parse.exists() else []


def packs_of_files(folder: Path) -> list[Path]:
    """The packs holding plan files' entries (not the texts dagov.check.run.Remembered keeps beside them), in
    the order of `entries`, which follows the hashes that name them."""
    import pickle

    found = []
    for pack in entries(folder):
        payload = cache_module.unsealed(PACK_MAGIC, pack.read_bytes())
        assert payload is not None
        if any(not isinstance(pickle.loads(blob), str) for blob in pickle.loads(payload).values()):
            found.append(pack)
    return found


def answer(plans: Path, cache: ParseCache | None) -> object:
    """Everything check says, and the whole tree with every position in it."""
    result = check(plans, cache=cache)
    return as_json(result.findings), deep(result.tree)


def test_a_second_run_reads_every_file_from_the_cache_and_gives_the_same_answer(plans: Path, tmp_path: Path):
    without = answer(plans, None)
    first = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, first) == without
    files = check(plans, cache=None).tree.files
    assert (first.hits, first.misses) == (0, files)
    second = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, second) == without
    assert (second.hits, second.misses) == (files, 0)
    assert 5 <= len(entries(tmp_path / "cache")) < files  # one pack per folder of plan files
    assert "personal-data" in without[0]  # the scan kept with each entry gives the same findings


def test_a_changed_file_is_read_again_and_only_that_file(plans: Path, tmp_path: Path):
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    r02 = plans / "da-2014" / "recommendations" / "R02.yaml"
    r02.write_text(r02.read_text().replace("owner: ", "owner: nobody-", 1))
    again = ParseCache(str(tmp_path / "cache"))
    result = check(plans, cache=again)
    assert again.misses == 1
    assert as_json(result.findings) == as_json(check(plans, cache=None).findings)
    assert any("nobody-" in f.message for f in result.findings)


def test_the_same_file_under_another_name_is_not_mistaken_for_the_first(plans: Path, tmp_path: Path):
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    other = tmp_path / "elsewhere" / "plans"
    shutil.copytree(plans, other)
    again = ParseCache(str(tmp_path / "cache"))
    result = check(other, cache=again)
    assert again.hits == 0
    assert all(f.path.startswith(str(other)) for f in result.findings)


def test_entries_of_other_code_are_not_read(plans: Path, tmp_path: Path, monkeypatch):
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    monkeypatch.setattr(cache_module, "_code_stamp", b"another version of dagov")
    again = ParseCache(str(tmp_path / "cache"))
    check(plans, cache=again)
    assert again.hits == 0


@pytest.mark.parametrize("where", ["magic", "digest", "payload", "last byte"])
def test_a_flipped_byte_in_an_entry_is_found_and_the_entry_rebuilt(plans: Path, tmp_path: Path, where: str):
    without = answer(plans, None)
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    for entry in entries(tmp_path / "cache"):
        blob = bytearray(entry.read_bytes())
        at = {"magic": 3, "digest": len(PACK_MAGIC) + 5, "payload": len(PACK_MAGIC) + 40, "last byte": -1}[where]
        blob[at] ^= 0x5A
        entry.write_bytes(bytes(blob))
    again = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, again) == without
    assert again.hits == 0
    rebuilt = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, rebuilt) == without
    assert rebuilt.misses == 0  # every corrupt entry was replaced by a good one


def test_a_half_written_or_empty_entry_is_discarded(plans: Path, tmp_path: Path):
    without = answer(plans, None)
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    found = packs_of_files(tmp_path / "cache")
    found[0].write_bytes(found[0].read_bytes()[: len(found[0].read_bytes()) // 2])
    found[1].write_bytes(b"")
    again = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, again) == without
    assert 2 <= again.misses < again.hits + again.misses
    rebuilt = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, rebuilt) == without and rebuilt.misses == 0


def test_an_entry_with_a_good_digest_that_does_not_unpickle_is_discarded(plans: Path, tmp_path: Path):
    from dagov.plan.cache import _digest

    without = answer(plans, None)
    check(plans, cache=ParseCache(str(tmp_path / "cache")))
    payload = b"cno_such_module_anywhere\nThing\n."  # a pickle of a class that cannot be imported
    for entry in entries(tmp_path / "cache"):
        entry.write_bytes(PACK_MAGIC + _digest(payload) + payload)
    again = ParseCache(str(tmp_path / "cache"))
    assert answer(plans, again) == without
    assert again.hits == 0
    assert all(e.read_bytes() != PACK_MAGIC + _digest(payload) + payload for e in entries(tmp_path / "cache"))


def test_a_cache_folder_that_cannot_be_made_is_ignored(plans: Path, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = ParseCache(str(blocker / "dagov"))
    assert answer(plans, cache) == answer(plans, None)
    assert blocker.read_text() == "not a folder"


def test_a_cache_folder_others_can_write_to_is_not_used(plans: Path, tmp_path: Path):
    folder = tmp_path / "cache"
    (folder / FOLDER_NAME).mkdir(parents=True)
    (folder / FOLDER_NAME).chmod(0o777)
    cache = ParseCache(str(folder))
    assert answer(plans, cache) == answer(plans, None)
    assert entries(folder) == []


def test_a_cache_folder_that_cannot_be_written_is_ignored(plans: Path, tmp_path: Path, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    cache = ParseCache(str(tmp_path / "cache"))
    monkeypatch.setattr(cache_module.os, "open", refuse)
    assert answer(plans, cache) == answer(plans, None)
    monkeypatch.undo()
    assert entries(tmp_path / "cache") == []
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_the_cache_is_never_kept_inside_the_plans_directory(plans: Path):
    before = sorted(p for p in plans.rglob("*"))
    cache = ParseCache(str(plans / ".cache" / "dagov"))
    assert answer(plans, cache) == answer(plans, None)
    assert sorted(p for p in plans.rglob("*")) == before


def test_cache_folder_follows_xdg_and_ignores_a_relative_one(tmp_path: Path):
    home = os.path.expanduser("~")
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == str(tmp_path / "dagov")
    assert cache_folder({"XDG_CACHE_HOME": "relative/cache"}) == os.path.join(home, ".cache", "dagov")
    assert cache_folder({}) == os.path.join(home, ".cache", "dagov")


def test_old_entries_are_pruned_at_most_once_a_day(plans: Path, tmp_path: Path):
    folder = tmp_path / "cache"
    check(plans, cache=ParseCache(str(folder)))
    # the pack of the meetings folder, which the changes below to a recommendation leave alone
    old = Path(ParseCache(str(folder)).key("meeting", str(plans / "da-2014" / "meetings" / "x.yaml"),
                                           "dagov.check.personal_data.candidates", b"").pack)
    assert old in entries(folder)
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    r03 = plans / "da-2014" / "recommendations" / "R03.yaml"
    r03.write_text(r03.read_text() + "# changed\n")
    check(plans, cache=ParseCache(str(folder)))  # wrote an entry, pruned within the day: nothing deleted
    assert old.exists()
    os.utime(folder / FOLDER_NAME / ".pruned", (long_ago, long_ago))
    r03.write_text(r03.read_text() + "# changed again\n")
    check(plans, cache=ParseCache(str(folder)))
    assert not old.exists()


def run_check(plans: Path, cache_home: Path, *options: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("DAGOV_NO_CACHE", None)
    return subprocess.Popen([DAGOV, *options, "check", "--format", "json", str(plans)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_concurrent_runs_on_an_empty_cache_all_give_the_answer_and_leave_whole_entries(plans: Path, tmp_path: Path):
    env = {**os.environ, "DAGOV_NO_CACHE": "1"}
    expected = subprocess.run([DAGOV, "check", "--format", "json", str(plans)], env=env, capture_output=True).stdout
    home = tmp_path / "shared-cache"
    for _ in range(3):
        shutil.rmtree(home, ignore_errors=True)
        runs = [run_check(plans, home) for _ in range(5)]
        outputs = [run.communicate() for run in runs]
        assert [out for out, _ in outputs] == [expected] * 5, [err for _, err in outputs]
        assert not list(home.rglob("*.tmp"))
    # and every entry they left is whole: a fresh run reads them all
    reader = ParseCache(str(home / "dagov"))
    check(plans, cache=reader)
    assert reader.misses == 0 and reader.hits > 40


def test_no_cache_option_and_environment_turn_it_off(plans: Path, tmp_path: Path, monkeypatch):
    home = tmp_path / "home-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    result = CliRunner().invoke(app, ["--no-cache", "check", str(plans)])
    assert result.exit_code == 1, result.output  # the personal data in R01
    assert entries(home / "dagov") == []
    monkeypatch.setenv("DAGOV_NO_CACHE", "1")
    assert CliRunner().invoke(app, ["check", str(plans)]).exit_code == 1
    assert entries(home / "dagov") == []
    monkeypatch.delenv("DAGOV_NO_CACHE")
    assert CliRunner().invoke(app, ["check", str(plans)]).exit_code == 1  # on by default, --no-cache was one run only
    assert len(entries(home / "dagov")) >= 5


STAMP = "import sys; from dagov.plan.cache import code_stamp; print(code_stamp(sys.argv[1]).hex())"


def stamp_of(package_parent: Path, folder: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    out = subprocess.run([sys.executable, "-c", STAMP, str(folder)], env=env, cwd=package_parent, capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def test_two_installs_of_the_same_code_share_a_stamp_and_an_edit_changes_it(tmp_path: Path):
    """Every CI job installs dagov afresh (new file times): the stamp follows the modules' text, not their times."""
    import dagov

    source = Path(dagov.__file__).parent
    copies = []
    for name in ("one", "two"):
        copy = tmp_path / name / "dagov"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        copies.append(copy.parent)
    os.utime(copies[1] / "dagov" / "plan" / "load.py", (1_000_000_000, 1_000_000_000))
    first = stamp_of(copies[0], tmp_path / "cache-a")
    assert stamp_of(copies[1], tmp_path / "cache-b") == first
    assert stamp_of(copies[0], tmp_path / "cache-a") == first  # and again, from what was kept
    assert list((tmp_path / "cache-a" / "stamps").iterdir())
    rules = copies[1] / "dagov" / "check" / "rules.py"
    rules.write_text(rules.read_text() + "\n# an edit\n")
    assert stamp_of(copies[1], tmp_path / "cache-b") != first


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit, OSError])
def test_a_write_interrupted_leaves_no_temporary_file(tmp_path: Path, monkeypatch, interruption):
    def interrupted(fd: int, data: bytes) -> int:
        raise interruption()

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(interruption):
        cache_module.write_whole(str(tmp_path / "pack"), b"entries")
    assert list(tmp_path.iterdir()) == []


def test_the_stamp_follows_pyyaml_without_importing_it(tmp_path: Path):
    """Another PyYAML (its version, in its __init__.py) or one without its libyaml binding: another stamp.
    PyYAML is not imported to find out: a warm run parses nothing and would pay a tenth of its time for it."""
    import yaml

    import dagov

    installed = Path(yaml.__file__).parent
    copies = {}
    for name in ("same", "newer", "no-binding"):
        copies[name] = tmp_path / name
        shutil.copytree(installed, copies[name] / "yaml", ignore=shutil.ignore_patterns("__pycache__"))
    init = copies["newer"] / "yaml" / "__init__.py"
    init.write_text(init.read_text().replace(f"__version__ = '{yaml.__version__}'", "__version__ = '99.0'"))
    assert "99.0" in init.read_text()
    for binding in (copies["no-binding"] / "yaml").glob("_yaml.*"):
        binding.unlink()

    def stamp(yaml_parent: Path) -> tuple[str, bool]:
        code = ("import sys; from dagov.plan.cache import code_stamp; s = code_stamp(sys.argv[1]).hex(); "
                "print(s, 'yaml' in sys.modules)")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(yaml_parent), str(Path(dagov.__file__).parent.parent)])}
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache")], env=env, capture_output=True,
                             text=True, check=True).stdout.split()
        return out[0], out[1] == "True"

    same, imported = stamp(copies["same"])
    assert not imported
    assert stamp(copies["same"]) == (same, False)  # and again, from what was kept
    assert stamp(copies["newer"])[0] != same
    assert stamp(copies["no-binding"])[0] != same


def test_the_stamp_reads_every_module_of_dagov_once_in_a_fixed_order():
    """A folder's modules by name, then each subfolder's: what os.walk gave, found with os.scandir."""
    import dagov

    package = Path(dagov.__file__).parent
    walked = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
        walked += [os.path.relpath(os.path.join(folder, name), package) for name in sorted(files) if name.endswith(".py")]
    listed = cache_module._modules()
    assert [name for name, _ in listed] == walked
    assert all(os.path.samefile(path, package / name) for name, path in listed)
    assert os.path.join("plan", "cache.py") in walked


def test_a_write_in_parts_writes_them_all_even_when_the_system_writes_less(tmp_path: Path, monkeypatch):
    """os.write may write fewer bytes than it is given; every part is written whole, in order."""
    real = os.write

    def three_at_a_time(fd: int, data: bytes) -> int:
        return real(fd, bytes(data[:3]))

    monkeypatch.setattr(os, "write", three_at_a_time)
    cache_module.write_whole(str(tmp_path / "pack"), b"magic\n", b"", b"digest", b"the payload")
    assert (tmp_path / "pack").read_bytes() == b"magic\ndigestthe payload"
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]


def test_a_file_that_takes_nothing_is_an_error_not_a_hang(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(os, "write", lambda fd, data: 0)
    with pytest.raises(OSError, match=r"nothing written to the cache file \(7 bytes left\)"):
        cache_module.write_whole(str(tmp_path / "pack"), b"entries")
    assert list(tmp_path.iterdir()) == []
