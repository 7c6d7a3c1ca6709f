"""A second process for a cold read of a large plans directory: it reads the last folders while this process
reads the first ones, and leaves what it read in the parse cache, where this process then finds it.

Parsing YAML is bound to one core, and these machines (a laptop, a CI runner) have two or more. When
enough of a tree is not in the cache yet (the first run, a new version of dagov, a CI job with no cache
kept), the folders still to be parsed are split by size: a forked helper takes the last ones, in the
order the loader reads them, and writes their packs as a warm run would find them; this process reads
the others, then waits for the helper before it reaches the first of its folders and reads them from the
cache. With the cache turned off, the helper's packs go to a private temporary folder, deleted after.

Nothing depends on the helper: if it cannot start, dies or writes nothing, this process finds no entry
and parses those files itself, so the tree and findings are the same whichever way they were read (a
warm run already gives the same result as a cold one). `DAGOV_NO_HELPER=1` reads with one process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

MIN_COLD_BYTES = 512 * 1024
"""Bytes of files not in the cache below which one process reads them all: forking, and reading the helper's
packs back, cost more than they save on a small tree (measured in bench/levers.md)."""

PICKLING = 0.3
"""What pickling a file's model and writing it costs, over parsing it (about, measured in bench/levers.md)."""
UNPICKLING = 0.09
"""What unpickling it costs, over parsing it."""


def helper_share(this_process_keeps: bool) -> float:
    """The helper's share of the bytes to parse, for both processes to end together: the helper parses and
    pickles its share; this process parses (and pickles, if it keeps a cache) the rest, and unpickles the
    helper's share."""
    helper = 1 + PICKLING
    here = 1 + PICKLING if this_process_keeps else 1
    return here / (helper + here - UNPICKLING)


class Folder(NamedTuple):
    rel: str
    """The folder, relative to the plans directory, with '/'."""
    files: tuple[tuple[str, int], ...]
    """(name, bytes) of its plan files, in the order they are read."""
    cold: bool
    """None of its files is in the cache yet (it has no pack)."""


class Part(NamedTuple):
    """Files of one folder the helper reads: from the file named `first` (in reading order) to the last."""

    rel: str
    first: str


def switched_off() -> bool:
    """DAGOV_NO_HELPER=1 (any value but empty or 0)."""
    return os.environ.get("DAGOV_NO_HELPER", "") not in ("", "0")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no sched_getaffinity (macOS, Windows)
        return os.cpu_count() or 1


def can_fork() -> bool:
    """A fork is safe and worth it: the platform has it (and macOS's system libraries are not known to break in a
    forked child without exec: Python's own multiprocessing stopped forking there), a second core is there, and no
    other thread runs (a fork copies only the calling thread, so a lock another thread held would stay held)."""
    threading = sys.modules.get("threading")  # never imported: no thread was started from Python
    return (hasattr(os, "fork") and sys.platform != "darwin" and not switched_off() and cores() >= 2
            and (threading is None or threading.active_count() == 1))


def share(folders: Sequence[Folder], fraction: float, min_cold_bytes: int | None = None) -> list[Part]:
    """What the helper should read, from `folders` in reading order: the last files not cached, about `fraction`
    of their bytes (the first part may start within a folder); [] when there is too little for a helper to pay."""
    cold = [(folder.rel, name, size) for folder in folders if folder.cold for name, size in folder.files]
    total = sum(size for _, _, size in cold)
    if total < (MIN_COLD_BYTES if min_cold_bytes is None else min_cold_bytes) or len(cold) < 2:
        return []
    left = total * fraction
    start = len(cold)
    while start > 1 and left > cold[start - 1][2] / 2:  # take the file before if that brings the share nearer
        start -= 1
        left -= cold[start][2]
    parts: list[Part] = []
    for rel, name, _ in cold[start:]:
        if not parts or parts[-1].rel != rel:
            parts.append(Part(rel, name))
    return parts


class Helper:
    """A forked process reading `parts` into the cache, in that order, and saying as each folder's pack is written:
    `wait_for` a folder before reading it."""

    def __init__(self, pid: int, parts: list[Part], signals: int):
        self.pid = pid
        self.order = {part.rel: index for index, part in enumerate(parts)}
        self.folders = frozenset(self.order)
        self._signals = signals
        """The reading end of a pipe the helper writes one byte to as each folder's pack is written."""
        self._written = 0

    def wait_for(self, rel: str) -> None:
        """Until the helper has written the pack of folder `rel` (of its share), or has ended. Its other folders
        are still being read meanwhile; this process reads this one's entries from the cache."""
        wanted = self.order[rel] + 1
        while self._written < wanted and self._signals >= 0:
            try:
                got = os.read(self._signals, wanted - self._written)
            except InterruptedError:  # pragma: no cover - Python retries reads interrupted by a signal itself
                continue
            except OSError:
                got = b""
            if not got:  # the helper has ended, done or not: what it did not write is read here
                self._close()
                break
            self._written += len(got)

    def _close(self) -> None:
        if self._signals >= 0:
            with contextlib.suppress(OSError):
                os.close(self._signals)
            self._signals = -1

    def wait(self) -> None:
        """Until the helper has finished (at once if it already has). Its exit status does not matter: a pack
        it did not write is a miss, and the file is parsed here."""
        self._close()
        if self.pid:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0

    def stop(self) -> None:
        """End the helper now (this process is giving up: an error, Ctrl-C) and wait for it."""
        if self.pid:
            import signal

            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
        self.wait()


def start(parts: list[Part], work: Callable[[list[Part], Callable[[], object]], None]) -> Helper | None:
    """Fork a helper running `work(parts, written)`, which calls `written()` as it finishes each part, in order;
    None if no helper can be forked here."""
    if not parts or not can_fork():
        return None
    for stream in (sys.stdout, sys.stderr):  # or text buffered here would be written twice
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        signals, signalling = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - runs in the helper, whose coverage is not collected
        status = 1
        try:
            os.close(signals)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            work(parts, lambda: os.write(signalling, b"."))
            status = 0
        finally:
            os._exit(status)  # never the caller's clean-up, atexit or buffered output: they are this process's
    os.close(signalling)  # so that a read sees the end when the helper ends
    return Helper(pid, parts, signals)
