"""Writing plan files safely: lock, check the would-be result, then write all or nothing.

Commands that write (init, new, update, import csv) go through one `WriteTransaction`
so that nothing the user wrote is ever lost:
- it holds an advisory lock (`.dagov.lock` in the plans directory) from reading the plan
  to the last rename, so two commands at once cannot lose one's change;
- a change that would add errors to the plan is refused before any file is touched, and
  an existing file is never replaced unless asked;
- every file is staged in `.dagov-staging/<txn>/` first and only then renamed into place,
  with the old files kept there until the end; a run that is killed or fails half way is
  rolled back (by itself, or by the next writer, under the lock), so a multi-file write is
  all or nothing and its temporary files never pile up;
- an OS error (disk full, read-only, permission denied ...) is one line naming the path.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from dagov.errors import DagovError
from dagov.plan.files import DiskFiles, FileSource
from dagov.plan.findings import ERROR, Finding

if TYPE_CHECKING:
    from dagov.check.run import CheckResult

LOCK_NAME = ".dagov.lock"
"""The lock file every writer holds (git-ignored: `dagov init` writes plans/.gitignore)."""
STAGING_NAME = ".dagov-staging"
"""Where a write stages its files; the loader skips folders whose names start with '.'."""
LOCK_WAIT_SECONDS = 5.0
"""How long a writer waits for another to finish before giving up (exit 1, nothing written)."""
SLOW_COMMIT_ENV = "DAGOV_TEST_SLOW_COMMIT"
"""Testing only: seconds to pause after each rename, so a test can kill a run half way."""

PLACEHOLDER_RULES = frozenset({"missing-field", "owner-missing"})
"""Findings that only say a value is still empty: what `dagov new` leaves for people to fill in."""


class RefusedError(DagovError):
    """A write that dagov will not do; the message says why and how to proceed."""


class WriteFailed(RefusedError):
    """The operating system refused a write (disk full, read-only ...); nothing was written."""


class Exists(RefusedError):
    """The file is there already and overwriting was not asked for."""


class Busy(RefusedError):
    """Another dagov command held the lock for longer than LOCK_WAIT_SECONDS."""


_REASONS = {
    "ENOSPC": ("the disk is full", "free some space"),
    "EDQUOT": ("the disk quota is used up", "free some space or ask for a larger quota"),
    "EROFS": ("the file system is read-only", "work in a copy on a writable disk"),
    "EACCES": ("permission denied", "check who may write to this folder"),
    "EPERM": ("permission denied", "check who may write to this folder"),
    "ENAMETOOLONG": ("the file name is too long", "use a shorter path"),
    "ENOENT": ("a folder on the path does not exist", "check the path"),
    "ENOTDIR": ("part of the path is a file, not a folder", "check the path"),
    "EISDIR": ("it is a folder", "give a file name"),
    "ELOOP": ("too many symbolic links on the path", "check the path"),
    "EMLINK": ("the folder holds too many entries", "tidy the folder"),
    "EXDEV": ("it is on another disk than the plans directory", "keep the file inside the plans directory"),
    "EIO": ("an input/output error (the disk may be failing)", "check the disk"),
    "EBUSY": ("the file is in use", "close the program using it"),
    "ETXTBSY": ("the file is in use", "close the program using it"),
}


def os_failure(err: OSError, path: str | os.PathLike | None = None) -> WriteFailed:
    """One plain line for an OS error while writing: which path, why, and what to do."""
    import errno

    name = errno.errorcode.get(err.errno or 0, "")
    reason, fix = _REASONS.get(name, ((err.strerror or str(err)).lower(), "fix that"))
    where = path if path is not None else (err.filename or "a file")
    return WriteFailed(f"cannot write {where}: {reason}; nothing was written: {fix}, then run the command again")


class _ManifestEntry(TypedDict):
    """One file of a commit, as the manifest records it for rolling back (paths relative to the staging folder)."""

    target: str
    staged: str
    backup: str | None
    new: str | None
    """The sha of the new content: a target that holds it was written by this commit."""
    overwrite: bool


class OverlayFiles:
    """A plans directory on disk as it would be with some files added or replaced."""

    def __init__(self, base: FileSource, changes: dict[str, bytes]):
        self.base = base
        self.changes = changes

    def is_file(self, rel: str) -> bool:
        return rel in self.changes or self.base.is_file(rel)

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        files, folders = self.base.listdir(rel)
        files_set, folders_set = set(files), set(folders)
        prefix = rel + "/" if rel else ""
        for path in self.changes:
            if not path.startswith(prefix):
                continue
            head, sep, _ = path[len(prefix):].partition("/")
            (folders_set if sep else files_set).add(head)
        return sorted(files_set), sorted(folders_set)

    def read(self, rel: str) -> bytes:
        if rel in self.changes:
            return self.changes[rel]
        return self.base.read(rel)

    def problem(self, rel: str) -> str | None:
        return None if rel in self.changes else self.base.problem(rel)


def read_for_edit(path: str | os.PathLike) -> bytes:
    """A plan file's bytes, to edit; read as the loader reads (regular files only, size-limited).

    The file was read a moment ago by the loader, but may have been replaced since (by a pipe,
    say): RefusedError then says why, rather than a hang or a traceback.
    """
    from dagov.plan.files import os_reason, read_regular

    try:
        return read_regular(path)
    except OSError as err:
        raise RefusedError(f"cannot read {path}: {os_reason(err)}; nothing was written") from None


def _error_key(finding: Finding) -> tuple[str, str, str]:
    # Lines move when text is inserted above a finding, so compare without them.
    return finding.path, finding.rule, finding.message


@dataclass(frozen=True)
class Verdict:
    """What a change would do to the plan's findings."""

    added_errors: list[Finding]
    """New errors that are not just empty placeholders: any of these refuses the change."""
    placeholders: list[Finding]
    """New 'still empty' errors, in the changed files only: reported, and allowed where the command says so."""

    @property
    def ok(self) -> bool:
        return not self.added_errors


def judge(plans: str | os.PathLike, changes: dict[str, bytes], allow_placeholders: bool = False,
          also_allowed: frozenset[str] | set[str] = frozenset(), now: CheckResult | None = None) -> Verdict:
    """Check the plans directory as it would be after `changes` (paths relative to it) against how it is now.

    `now`: the plan as the command checked it (check.run.check, under the lock), so a write reads the
    plan twice in all (as it is and as it would be) and runs the rules once on each, not three times."""
    from dagov.check.run import check

    if now is None:
        now = check(plans)
    before = Counter(_error_key(f) for f in now.findings if f.severity == ERROR)
    after = [f for f in check(plans, source=OverlayFiles(DiskFiles(plans), changes)).findings if f.severity == ERROR]
    changed_paths = {os.path.join(os.path.normpath(str(plans)), *rel.split("/")) for rel in changes}
    added: list[Finding] = []
    placeholders: list[Finding] = []
    for finding in after:
        key = _error_key(finding)
        if before[key] > 0:
            before[key] -= 1
            continue
        if allow_placeholders and finding.rule in PLACEHOLDER_RULES | also_allowed and finding.path in changed_paths:
            placeholders.append(finding)
        else:
            added.append(finding)
    return Verdict(added, placeholders)


def atomic_write(path: str | os.PathLike, data: bytes, overwrite: bool = False) -> None:
    """Write one file outside any plans directory (-o FILE): a temporary file beside it, then a rename.

    Refuses an existing file unless `overwrite`. For files in a plans directory use
    WriteTransaction, which also locks and can undo a run killed half way.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not overwrite:
            raise Exists(f"{target} already exists; dagov never overwrites a file unless you add --force")
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        _remove_stale_temporaries(target)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                _write_synced(handle, data)
            os.chmod(temp, mode)
            _move_into_place(Path(temp), target, overwrite)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    except OSError as err:
        raise os_failure(err, target) from None


STALE_TEMPORARY_SECONDS = 600
"""A temporary file of an output older than this was left by a run that was killed: no live run
takes that long to write one file, so removing it cannot disturb one."""


def _remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files that killed runs left beside `target` (named as mkstemp names
    ours: '.NAME.xxxxxxxx.tmp'), so that they never pile up in the user's folder."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    now = time.time()
    for entry in os.scandir(target.parent):
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_SECONDS:
                    os.unlink(entry.path)


def write_output(path: str | os.PathLike, data: bytes, overwrite: bool = False,
                 plans: str | os.PathLike | None = None) -> None:
    """Write one output file (a rendered paper, an export): under the plans lock when it lies
    inside `plans`, else atomically on its own (there is nothing to lock against outside)."""
    if plans is not None and _inside(path, plans):
        with WriteTransaction(plans) as txn:
            txn.add(os.path.relpath(path, plans), data, overwrite=overwrite)
            txn.commit()
    else:
        atomic_write(path, data, overwrite=overwrite)


def _inside(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, base]) == base


@dataclass(frozen=True)
class _Change:
    """One file a transaction will write: its path, its new bytes, and whether it may replace a file already there."""

    rel: str
    """Relative to the transaction's root, with '/'."""
    data: bytes
    overwrite: bool


class WriteTransaction:
    """Every write of one command: locked, judged once, and all or nothing.

        with WriteTransaction(plans) as txn:
            now = check(plans)                  # read and checked under the lock
            txn.add(rel, data, expected=before)
            if txn.judge(now=now).ok:
                txn.commit()

    Leaving the block without commit() writes nothing. Paths given to add() are relative
    to `root` (default: the plans directory; `dagov init` gives the new repository).
    """

    def __init__(self, plans: str | os.PathLike, root: str | os.PathLike | None = None, create: bool = False,
                 lock: bool = True):
        self.plans = Path(plans)
        self.lock = lock
        """False for a dry run, which only reads: no lock file is created, and commit() is refused."""
        self.root = os.fspath(root if root is not None else plans)  # kept as given: messages show the user's path
        self.create = create
        self.changes: dict[str, _Change] = {}
        self._lock_fd: int | None = None
        self._made: list[Path] = []  # folders created for a new repository, removed again if nothing is written
        self._committed = False

    # --- the lock ---------------------------------------------------------------------------

    @property
    def lock_path(self) -> Path:
        return self.plans / LOCK_NAME

    def __enter__(self) -> WriteTransaction:
        if not self.lock:
            return self
        try:
            if self.create:
                missing = [p for p in (self.plans, *self.plans.parents) if not p.exists()]
                self.plans.mkdir(parents=True, exist_ok=True)
                self._made = missing
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as err:
            raise os_failure(err, self.lock_path) from None
        self._lock_fd = fd
        try:
            self._wait_for_lock(fd)
            recover(self.plans)
        except BaseException:
            self._release()
            raise
        return self

    def _wait_for_lock(self, fd: int) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no advisory locks; staging and rollback still apply
            return
        import time

        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"another dagov command is writing to {self.plans} (it holds {self.lock_path}); "
                               f"waited {LOCK_WAIT_SECONDS:g} seconds and wrote nothing: run the command again "
                               "when it has finished") from None
                time.sleep(0.005)
            except OSError as err:
                raise os_failure(err, self.lock_path) from None

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the file releases the lock
            self._lock_fd = None

    def __exit__(self, *exc) -> None:
        self._release()
        if self._made and not self._committed:
            # a refused `dagov init` leaves no trace: not even the lock file in the folders it made
            self.lock_path.unlink(missing_ok=True)
            for folder in self._made:
                try:
                    folder.rmdir()
                except OSError:
                    break

    # --- planning ---------------------------------------------------------------------------

    def path(self, rel: str) -> str:
        return os.path.join(self.root, *rel.split("/"))

    def add(self, rel: str | os.PathLike, data: bytes, overwrite: bool = False, expected: bytes | None = None) -> None:
        """Plan to write `data` at `rel`. Refuses now (RefusedError) an existing file unless `overwrite`,
        and, with `expected`, a file that no longer holds those bytes (someone saved it meanwhile)."""
        rel = os.fspath(rel).replace(os.sep, "/")
        shown = self.path(rel)
        target = Path(shown)
        try:
            if target.is_dir():
                raise RefusedError(f"{shown} is a folder; nothing was written: give a file name")
            if expected is not None:
                if _read_or_none(target) != expected:
                    raise RefusedError(f"{shown} changed while dagov was working on it; nothing was written: "
                                       "run the command again")
            elif target.exists() and not overwrite:
                raise Exists(f"{shown} already exists; dagov never overwrites a file unless you add --force")
        except OSError as err:
            raise os_failure(err, shown) from None
        self.changes[rel] = _Change(rel, data, overwrite or expected is not None)

    def plan_changes(self) -> dict[str, bytes]:
        """The planned files that lie in the plans directory, relative to it (what the checks read)."""
        inside = {}
        for rel, change in self.changes.items():
            inner = os.path.relpath(self.path(rel), self.plans).replace(os.sep, "/")
            if inner != ".." and not inner.startswith("../"):
                inside[inner] = change.data
        return inside

    def judge(self, allow_placeholders: bool = False, also_allowed: frozenset[str] | set[str] = frozenset(),
              now: CheckResult | None = None) -> Verdict:
        """What the planned changes would do to the plan's findings (read under the lock; `now`: the plan
        as check.run.check read it in this transaction, saving a second read and check)."""
        return judge(self.plans, self.plan_changes(), allow_placeholders, also_allowed, now)

    # --- writing ----------------------------------------------------------------------------

    def commit(self) -> list[str]:
        """Stage every planned file, then rename them all into place; on any failure put back what
        was there. Returns the paths written. Raises WriteFailed (an OS error) or RefusedError."""
        import json
        import secrets

        if self._lock_fd is None and self.lock:
            raise RuntimeError("commit() outside 'with WriteTransaction(...)'")
        if not self.lock:
            raise RuntimeError("commit() of a dry run")
        staging = self.plans / STAGING_NAME
        folder = staging / f"{os.getpid()}-{secrets.token_hex(4)}"
        entries: list[_ManifestEntry] = []
        # The file named if the OS refuses: the user's file being written, not dagov's staging
        # folder or manifest (which the user never sees); before any, the first file.
        first = current = self.path(next(iter(self.changes))) if self.changes else str(staging)
        try:
            staging.mkdir(exist_ok=True)
            folder.mkdir()
            for number, change in enumerate(self.changes.values()):
                current = self.path(change.rel)
                target = Path(current)
                entry: _ManifestEntry = {"target": os.path.relpath(target, self.plans), "staged": f"{number}.new",
                                         "backup": None, "new": _sha(change.data), "overwrite": change.overwrite}
                self._stage(folder / entry["staged"], target, change.data)
                if target.exists():
                    backup = f"{number}.old"
                    entry["backup"] = backup
                    _keep_copy(target, folder / backup)
                entries.append(entry)
            current = first
            _write_durably(folder / MANIFEST, json.dumps({"entries": entries}).encode("utf-8"))
            _fsync_dir(folder)
            pause = float(os.environ.get(SLOW_COMMIT_ENV) or 0)
            for entry, change in zip(entries, self.changes.values(), strict=True):
                current = self.path(change.rel)
                target = Path(current)
                target.parent.mkdir(parents=True, exist_ok=True)
                _move_into_place(folder / entry["staged"], target, entry["overwrite"])
                _fsync_dir(target.parent)
                if pause:
                    import time

                    time.sleep(pause)
            (folder / MANIFEST).unlink()  # done: from here on nothing is rolled back
        except BaseException as err:
            _roll_back(self.plans, folder, entries)
            if isinstance(err, OSError):
                raise os_failure(err, current) from None
            raise
        self._committed = True
        _remove_folder(folder)
        with contextlib.suppress(OSError):
            staging.rmdir()  # leave no empty folder behind (fails, harmlessly, if another write's is there)
        return [self.path(rel) for rel in self.changes]

    @staticmethod
    def _stage(staged: Path, target: Path, data: bytes) -> None:
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            _write_synced(handle, data)
        os.chmod(staged, mode)


MANIFEST = "manifest.json"
"""Written once every file is staged, before the first rename: a rollback reads it."""


def _sha(data: bytes | None) -> str | None:
    import hashlib

    return None if data is None else hashlib.sha256(data).hexdigest()


def _read_or_none(path: Path) -> bytes | None:
    """What a write target holds now, read as the loader reads (a FIFO put there cannot hang a writer)."""
    from dagov.plan.files import read_regular

    try:
        return read_regular(path)
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_synced(handle, data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _write_durably(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as handle:
        _write_synced(handle, data)
    os.replace(partial, path)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


def _keep_copy(target: Path, backup: Path) -> None:
    """The old file, kept until the write is done: a hard link (instant), else a copy."""
    try:
        os.link(target, backup)
    except OSError:
        import shutil

        shutil.copy2(target, backup)


def _move_into_place(staged: Path, target: Path, overwrite: bool) -> None:
    import errno

    if overwrite:
        os.replace(staged, target)
        return
    # A new file: refuse if something created it since we looked (os.link fails on an existing name).
    try:
        os.link(staged, target)
    except FileExistsError:
        raise Exists(f"{target} already exists; dagov never overwrites a file unless you add --force") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        os.replace(staged, target)  # file systems without hard links
    else:
        staged.unlink()


def _roll_back(plans: Path, folder: Path, entries: list[_ManifestEntry]) -> None:
    """Put every target back as it was before the write, then remove the staging folder.

    A target that holds neither the old nor the new content was changed by someone else
    after a crash: it is left as they wrote it."""
    for entry in reversed(entries):
        target = plans / entry["target"]
        backup = folder / entry["backup"] if entry["backup"] else None
        try:
            now = _read_or_none(target)
            ours = now is not None and _sha(now) == entry["new"]
            if backup is not None and backup.exists():
                if now is None or ours:
                    os.replace(backup, target)
            elif backup is None and ours:
                target.unlink()
        except OSError:
            return  # keep the staging folder: the next writer tries again
    _remove_folder(folder)


def _remove_folder(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def recover(plans: str | os.PathLike) -> list[str]:
    """Undo writes that were interrupted (killed, power cut); every writer calls it under the lock.

    A staging folder without a manifest never touched a target: it is removed. With one, the
    write had begun renaming: every target is put back as it was. Returns the folders handled."""
    import json

    staging = Path(plans) / STAGING_NAME
    try:
        folders = sorted(p for p in staging.iterdir() if p.is_dir())
    except OSError:
        return []
    for folder in folders:
        try:
            entries = json.loads((folder / MANIFEST).read_bytes())["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            entries = []  # killed while staging: no target was touched yet
        _roll_back(Path(plans), folder, entries)
    return [folder.name for folder in folders]
