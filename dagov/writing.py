"""Writing plan files safely: check the would-be result first, then write atomically.

Commands that write (init, new, update, import csv) go through here so that
nothing the user wrote is ever lost: a change that would add errors to the plan
is refused before any file is touched; an existing file is never replaced unless
asked; and each file is written to a temporary file in its own folder and moved
into place, so a crash or a full disk leaves the old file whole.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dagov.files import DiskFiles, FileSource
from dagov.findings import ERROR, Finding

PLACEHOLDER_RULES = frozenset({"missing-field", "owner-missing"})
"""Findings that only say a value is still empty: what `dagov new` leaves for people to fill in."""


class RefusedError(Exception):
    """A write that dagov will not do; the message says why and how to proceed."""


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
    from dagov.files import os_reason, read_regular

    try:
        return read_regular(path)
    except OSError as err:
        raise RefusedError(f"cannot read {path}: {os_reason(err)}; nothing was written") from None


def findings_with(root: str | os.PathLike, source: FileSource | None) -> list[Finding]:
    """Every finding of `dagov check` on the plans directory, read from `source` (default: the disk)."""
    from dagov.loader import load_tree
    from dagov.rules import run_rules

    tree, findings = load_tree(root, source)
    return run_rules(tree, findings)


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
          also_allowed: frozenset[str] | set[str] = frozenset()) -> Verdict:
    """Check the plans directory as it would be after `changes` (paths relative to it) against how it is now."""
    before = Counter(_error_key(f) for f in findings_with(plans, None) if f.severity == ERROR)
    after = [f for f in findings_with(plans, OverlayFiles(DiskFiles(plans), changes)) if f.severity == ERROR]
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


def atomic_write(path: str | os.PathLike, data: bytes, overwrite: bool = False,
                 expected: bytes | None = None) -> None:
    """Write `data` to `path` via a temporary file in the same folder and os.replace.

    Refuses an existing file unless `overwrite`; with `expected`, refuses if the file no
    longer holds those bytes (someone saved it while dagov was working).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if expected is not None:
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current != expected:
            raise RefusedError(f"{target} changed while dagov was working on it; nothing was written: run the command again")
    elif target.exists() and not overwrite:
        raise RefusedError(f"{target} already exists; dagov never overwrites a file unless you add --force")
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if not overwrite and expected is None:
            # Refuse if another process created the file since we looked (os.link fails on an existing name).
            try:
                os.link(temp, target)
            except FileExistsError:
                raise RefusedError(f"{target} already exists; dagov never overwrites a file unless you add --force") from None
            except OSError:
                os.replace(temp, target)  # file systems without hard links
            else:
                os.unlink(temp)
        else:
            os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_all(root: str | os.PathLike, files: dict[str, bytes], overwrite: bool = False) -> list[Path]:
    """Write several new files under `root`, refusing before writing any if one exists."""
    root = Path(root)
    if not overwrite:
        existing = [rel for rel in files if (root / rel).exists()]
        if existing:
            raise RefusedError("these files already exist and dagov never overwrites a file unless you add --force: "
                               + ", ".join(str(root / rel) for rel in existing))
    written = []
    for rel, data in files.items():
        atomic_write(root / rel, data, overwrite=overwrite)
        written.append(root / rel)
    return written
