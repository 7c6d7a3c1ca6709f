"""A second process for a cold read of a large plans directory: it parses the last files while this process
parses the first ones, and leaves what it parsed in the parse cache, where this process then finds it.

Parsing YAML is bound to one core, and these machines (a laptop, a CI runner) have two or more. When
enough of a tree is not in the cache yet (the first run, a new version of dagov, a CI job with no cache
kept), the files still to be parsed are split by size in the order the loader reads them (`share`): a
forked helper takes the last ones (its first part may start inside a folder) and writes their packs as a
warm run would find them, telling this process through a pipe as each folder's pack is written; this
process parses the others and, as it reaches each of the helper's folders, waits for its pack and reads
it from the cache. With the cache turned off, the helper's packs go to a private temporary folder,
deleted after.

Nothing depends on the helper: if it cannot start, dies, stalls or writes nothing, this process finds no
entry and parses those files itself, so the tree and findings are the same whichever way they were read
(a warm run already gives the same result as a cold one). `DAGOV_NO_HELPER=1` reads with one process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

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


PATIENCE_SECONDS = 60.0
"""How long this process waits for the helper's next pack before it gives up on the helper (stopped, stuck) and
parses the files itself: far longer than the largest folder takes to parse."""

ENDING_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals that end a process without its clean-up by default (`kill`, a CI job cancelled, a terminal closed)."""


class Ended(BaseException):
    """An ending signal arrived (see `ending_signals_raise`): unwinds so that clean-up runs, then the signal is
    delivered again."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def ending_signals_raise() -> Iterator[None]:
    """While reading with a helper, SIGTERM and SIGHUP raise `Ended` where they would have killed the process
    outright, so the helper is stopped and a temporary folder removed; the process then dies of the same signal,
    as it would have. A handler the program installed itself is left alone."""
    import signal

    previous: dict[int, Any] = {}
    for name in ENDING_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            try:
                signal.signal(signum, _raise_ended)
            except ValueError:  # not the main thread: leave it
                continue
            previous[signum] = signal.SIG_DFL
    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    try:
        yield
    except Ended as ended:
        restore()
        os.kill(os.getpid(), ended.signum)  # default again: the process ends here, as it would have
        raise  # pragma: no cover - only if the signal is blocked
    finally:
        restore()


def _raise_ended(signum: int, frame: object) -> None:
    raise Ended(signum)


class Helper:
    """A forked process reading `parts` into the cache, in that order, and saying as each folder's pack is written:
    `wait_for` a folder before reading the helper's part of it."""

    def __init__(self, pid: int, parts: list[Part], signals: int):
        self.pid = pid
        self.order = {part.rel: index for index, part in enumerate(parts)}
        self.first = {part.rel: part.first for part in parts}
        """The first file of each folder the helper reads: this process reads those before it itself."""
        self._signals = signals
        """The reading end of a pipe the helper writes one byte to as each folder's pack is written."""
        self._written = 0

    def wait_for(self, rel: str) -> None:
        """Until the helper has written the pack of folder `rel` (of its share), or has ended, or has written
        nothing for PATIENCE_SECONDS (then it is stopped). Its other folders are still being read meanwhile;
        this process reads this one's entries from the cache."""
        import select

        wanted = self.order[rel] + 1
        while self._written < wanted and self._signals >= 0:
            ready, _, _ = select.select([self._signals], [], [], PATIENCE_SECONDS)
            if not ready:  # stopped or stuck: what it did not write is read here
                self.stop(kill=True)
                break
            try:
                got = os.read(self._signals, wanted - self._written)
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

    def stop(self, kill: bool = False) -> None:
        """End the helper now (this process is giving up: an error, Ctrl-C) and wait for it. It removes the
        temporary file of a pack it was writing; `kill` ends it even if it is stopped, as it is then."""
        if self.pid:
            import signal

            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL if kill else signal.SIGTERM)
        self.wait()


def start(parts: list[Part], work: Callable[[list[Part], Callable[[], object]], None],
          orphaned: Callable[[], None] | None = None) -> Helper | None:
    """Fork a helper running `work(parts, written)`, which calls `written()` as it finishes each part, in order;
    None if no helper can be forked here. If this process dies first, the helper is ended (on Linux) and runs
    `orphaned` (to remove what only this process would have read)."""
    if not parts or not can_fork():
        return None
    for stream in (sys.stdout, sys.stderr):  # or text buffered here would be written twice
        with contextlib.suppress(Exception):
            stream.flush()
    parent = os.getpid()
    try:
        signals, signalling = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - runs in the helper, whose coverage is not collected
        status = 1
        try:
            try:
                import signal

                os.close(signals)
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)
                os.dup2(quiet, 2)
                signal.signal(signal.SIGINT, _raise_ended)  # Ctrl-C reaches the whole group: end as for SIGTERM
                signal.signal(signal.SIGTERM, _raise_ended)  # from stop(): unwind, so a pack's temporary file goes
                _end_with_parent(parent)
                work(parts, lambda: os.write(signalling, b"."))
                status = 0
            finally:
                if orphaned is not None and os.getppid() != parent:
                    orphaned()
        finally:
            os._exit(status)  # never the caller's clean-up, atexit or buffered output: they are this process's
    os.close(signalling)  # so that a read sees the end when the helper ends
    return Helper(pid, parts, signals)


def _end_with_parent(parent: int) -> None:  # pragma: no cover - runs in the helper
    """Have the kernel send SIGTERM to this helper when its parent dies (Linux's PR_SET_PDEATHSIG), even by
    SIGKILL; elsewhere the helper finishes its share, which does no harm."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # died before the request was made
        raise Ended(signal.SIGTERM)
