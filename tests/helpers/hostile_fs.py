"""Helpers for the hostile directory-walk and special-file tests: a timed CLI run and a tree fingerprint."""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import signal
import stat
import time
from pathlib import Path

from typer.testing import CliRunner

from dagov.cli.app import app

HANG_LIMIT = 5
"""Seconds after which a run counts as hung and is stopped (each case must take well under a second)."""

COMMANDS = {
    "check": ("check", "plans"),
    "status": ("status", "plans"),
    "show": ("show", "R01", "plans"),
    "owners": ("owners", "plans"),
    "render": ("render", "paper", "plans/p1/papers/sb-2014-03.yaml"),
}
"""The read-only commands every hostile tree goes through (run from the folder holding plans/)."""


class Hung(Exception):
    pass


def _alarm(signum, frame):
    raise Hung(f"the command did not finish within {HANG_LIMIT} s")


MEMORY_HEADROOM = 2 * 1024 ** 3
"""Address space a run may add: a regression that reads a sparse 20 GB file whole fails with MemoryError
instead of filling the machine's memory."""


@contextlib.contextmanager
def bounded():
    """Interrupt what blocks for more than HANG_LIMIT s, and cap the memory it may take."""
    old = signal.signal(signal.SIGALRM, _alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    in_use = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + MEMORY_HEADROOM, hard))
    signal.alarm(HANG_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, old)


def timed(*args: str):
    """(result, seconds) of one in-process CLI run, bounded."""
    start = time.monotonic()
    with bounded():
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result, time.monotonic() - start


def fingerprint(root: Path) -> dict[str, tuple]:
    """Every entry under `root` by type, size and (for small regular files) content hash, never opening anything else."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            if name == ".dagov.lock":  # the writers' lock file: made once, empty, never data
                continue
            path = os.path.join(folder, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode) and info.st_size < 1 << 20:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            found[os.path.relpath(path, root)] = (stat.S_IFMT(info.st_mode), info.st_size, digest)
    return found
