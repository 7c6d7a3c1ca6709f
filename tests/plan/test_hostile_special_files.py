"""Hostile special files (issue 11, defect 4): a named pipe, a device, a socket, a sparse 20 GB file, links to
/dev/zero and /dev/urandom. Each ends, in well under a second, in a finding at its path, in every reader:
check, status, show, owners, render, import csv, shell completion and the user's templates.

A regression here would hang or exhaust memory, so every run is bounded: in-process runs by an alarm,
the /dev/zero and /dev/urandom runs in a subprocess with a memory limit.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.hostile_fs import COMMANDS, bounded, fingerprint, timed
from helpers.trees import PAPER

from dagov.plan.load import MAX_FILE_BYTES

R03 = "plans/p1/recommendations/R03.yaml"
SPARSE = 20 * 1024 ** 3
FIFO = (f"{R03}:1:1: error [unreadable-file] this is a named pipe (FIFO), not a file, so dagov does not read it; "
        "put an ordinary file here instead")
TOO_LARGE = (f"{R03}:1:1: error [file-too-large] file is {SPARSE:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit "
             "for a plan file; split it (one recommendation or meeting per file)")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _sparse(path: Path) -> None:
    path.touch()
    os.truncate(path, SPARSE)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _link_to_pipe(path: Path) -> None:
    os.mkfifo(path.parents[2] / "pipe")  # plans/pipe: inside the plans directory, and not a plan file
    path.symlink_to("../../pipe")


def _link_to_sparse(path: Path) -> None:
    _sparse(path.parents[2] / "big")
    path.symlink_to("../../big")


CASES = {
    "fifo": (_fifo, FIFO),
    "sparse 20 GB": (_sparse, TOO_LARGE),
    "socket": (_socket, f"{R03}:1:1: error [unreadable-file] this is a socket, not a file, so dagov does not read it; "
                        "put an ordinary file here instead"),
    "link to a fifo inside": (_link_to_pipe, FIFO),
    "link to a sparse file inside": (_link_to_sparse, TOO_LARGE),
}


@pytest.fixture
def plans_with(tree_dir, monkeypatch):
    """plans/ (conftest's tree and a paper) with `make` applied to plans/p1/recommendations/R03.yaml; cwd is its parent."""

    def build(make) -> Path:
        root = tree_dir({"p1/papers/sb-2014-03.yaml": PAPER})
        make(root / "p1" / "recommendations" / "R03.yaml")
        monkeypatch.chdir(root.parent)
        return root

    return build


@pytest.mark.parametrize("case", CASES)
def test_check_reports_a_special_file_at_its_path_and_reads_the_rest(case, plans_with):
    make, line = CASES[case]
    root = plans_with(make)
    before = fingerprint(root)
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.exit_code == 1
    assert result.output == f"{line}\n1 error, 0 warnings in 7 files\n"
    assert fingerprint(root) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES)
def test_every_report_ends_quickly_on_a_special_file(case, command, plans_with):
    root = plans_with(CASES[case][0])
    before = fingerprint(root)
    result, seconds = timed(*COMMANDS[command])
    assert seconds < 1
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    if command == "check":
        assert result.output.splitlines()[0] == CASES[case][1]
    elif command == "render":
        assert result.stderr == (f"{CASES[case][1]}\ndagov: 1 error, 0 warnings in 7 files; nothing was rendered "
                                 "because figures from files with errors could be wrong. Fix them (dagov check plans) "
                                 "and render again, or add --draft for a copy marked DRAFT on every page.\n")
    else:
        assert result.stderr.startswith("dagov: 1 error in the plan files: the figures cover only what could be read")
    assert fingerprint(root) == before


@pytest.mark.parametrize("rel", ["organisation.yaml", "p1/plan.yaml", "p1/meetings/2014-03-12.yaml",
                                 "p1/papers/sb-2014-03.yaml"])
def test_a_pipe_in_place_of_any_plan_file_is_reported_there(rel, plans_with):
    root = plans_with(lambda path: None)
    (root / rel).unlink()
    os.mkfifo(root / rel)
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.exit_code == 1
    assert (f"plans/{rel}:1:1: error [unreadable-file] this is a named pipe (FIFO), not a file, so dagov does not "
            "read it; put an ordinary file here instead") in result.output.splitlines()


def test_a_device_file_inside_the_tree_is_refused_unopened(plans_with):
    def device(path: Path) -> None:
        try:
            os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero's numbers
        except PermissionError:
            pytest.skip("mknod is not allowed here")

    plans_with(device)
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.output == (f"{R03}:1:1: error [unreadable-file] this is a device, not a file, so dagov does not "
                             "read it; put an ordinary file here instead\n1 error, 0 warnings in 7 files\n")
    assert result.exit_code == 1


def _limited_memory():
    limit = 1024 ** 3  # a regression reads /dev/zero until MemoryError, not until the machine swaps
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("command", COMMANDS)
def test_links_to_dev_zero_and_urandom_are_not_followed(command, plans_with):
    root = plans_with(lambda path: path.symlink_to("/dev/zero"))
    (root / "p1" / "meetings" / "2014-04-09.yaml").symlink_to("/dev/urandom")
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "dagov", *COMMANDS[command]], capture_output=True, text=True,
                            timeout=20, preexec_fn=_limited_memory)
    assert time.monotonic() - start < 5  # a whole interpreter start, under load; the read itself is instant
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    if command == "check":
        assert result.stdout == (
            "plans/p1/meetings/2014-04-09.yaml:1:1: error [unreadable-file] this is a symbolic link to /dev/urandom, "
            "outside the plans directory, and dagov does not follow links out of it; copy what it links to into the "
            "plans directory instead\n"
            f"{R03}:1:1: error [unreadable-file] this is a symbolic link to /dev/zero, outside the plans directory, "
            "and dagov does not follow links out of it; copy what it links to into the plans directory instead\n"
            "2 errors, 0 warnings in 8 files\n")


@pytest.mark.parametrize("make, reason", [
    (_fifo, "this is a named pipe (FIFO), not a file, so dagov does not read it; put an ordinary file here instead"),
    (_sparse, f"the file is {SPARSE:,} bytes, over the 52,428,800-byte limit; is it the right file?"),
    (lambda path: path.symlink_to("/dev/zero"), "this is a device, not a file, so dagov does not read it; put an "
                                                "ordinary file here instead"),
])
def test_import_csv_reads_only_a_regular_file_of_bounded_size(make, reason, plans_with):
    root = plans_with(lambda path: None)
    csv = root.parent / "tracker.csv"
    make(csv)
    before = fingerprint(root)
    result, seconds = timed("import", "csv", "tracker.csv", "plans", "--plan", "p1")
    assert seconds < 1
    assert result.exit_code == 2
    assert result.stderr.endswith(f"dagov: cannot read 'tracker.csv': {reason}\n")
    assert fingerprint(root) == before


def test_shell_completion_skips_a_pipe(plans_with):
    from dagov.cli.completion import ids_in

    root = plans_with(_fifo)
    start = time.monotonic()
    with bounded():
        ids = ids_in(root)
    assert time.monotonic() - start < 1
    assert ("p1", "R01.1") in ids and ("p1", "R03") in ids


def test_a_sparse_user_template_is_refused_with_a_message(plans_with):
    root = plans_with(lambda path: None)
    templates = root.parent / "mine"
    templates.mkdir()
    _sparse(templates / "board-paper.md.j2")
    result, seconds = timed("render", "paper", "plans/p1/papers/sb-2014-03.yaml", "--templates", "mine")
    assert seconds < 1
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"the file is {SPARSE:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit" in result.stderr


def test_an_empty_root_is_the_current_folder(tmp_path, monkeypatch):
    """As Path('') was: '' names the folder the command runs in."""
    from dagov.plan.files import DiskFiles

    (tmp_path / "organisation.yaml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "da-2014").mkdir()
    monkeypatch.chdir(tmp_path)
    files = DiskFiles("")
    assert files.listdir("") == (["organisation.yaml"], ["da-2014"])
    assert files.is_file("organisation.yaml") and not files.is_file("da-2014")
    assert files.read("organisation.yaml") == b"name: x\n"
