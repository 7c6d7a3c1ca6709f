"""Where plan files come from: the working tree, or (for `dagov changes`) a git revision.

The loader only asks these questions, so the same code reads both.

On disk a plans directory is opened with care, because what is committed to a
repository can be anything: a symbolic link to /dev/zero, a named pipe that blocks
the first reader for ever, a sparse 20 GB file. So only regular files are read,
never more than the size limit (and one byte, to know it was over), and a link is
followed only when it stays inside the plans directory.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Protocol

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A recommendation with a hundred actions is ~100 KB; anything near this is a mistake or an attack."""

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_NOFOLLOW", 0)
"""Non-blocking, so a named pipe cannot hang the open; no-follow, as the path opened is already resolved."""

_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                  (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class FileRefused(OSError):
    """A file or folder dagov will not or cannot read; `reason` says why, and what to do, in plain words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FileTooLarge(FileRefused):
    """A regular file over the size limit; `size` is how big it is (at least limit + 1)."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"the file is {size:,} bytes, over the {limit:,}-byte limit; is it the right file?")
        self.size = size
        self.limit = limit


def os_reason(err: OSError) -> str:
    """An OS error in plain words, with what to do about it."""
    if isinstance(err, FileRefused):
        return err.reason
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make it readable (chmod a+r, and a+x for a folder) or move it out of the plans directory"
    if err.errno == errno.ELOOP:
        return "this is a symbolic link that leads round in a loop; point it at a real file or delete it"
    return err.strerror or str(err)


def _kind_of(mode: int) -> str | None:
    """'a named pipe (FIFO)' etc. for anything that is not a regular file, None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), "not a regular file")


def read_regular(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path`, reading at most `limit` + 1 bytes.

    Raises FileRefused (an OSError) for anything else, FileTooLarge when over `limit`,
    and lets other OSErrors through. Never blocks on a pipe or device and never opens one:
    the type is looked at before opening, and again on the open file (it may have been swapped).
    """
    kind = _kind_of(os.stat(path).st_mode)
    if kind is not None:
        raise FileRefused(_not_a_file(kind))
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        kind = _kind_of(info.st_mode)
        if kind is not None:
            raise FileRefused(_not_a_file(kind))
        if info.st_size > limit:  # a sparse 20 GB file is refused here, unread
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew after fstat
        raise FileTooLarge(len(data), limit)
    return data


def _not_a_file(kind: str) -> str:
    if kind == "a folder":
        return "this is a folder, not a file; give the path of a file"
    return f"this is {kind}, not a file, so dagov does not read it; put an ordinary file here instead"


class FileSource(Protocol):
    def is_file(self, rel: str) -> bool: ...

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        """(files, folders) directly inside `rel` ("" is the root), each sorted by name.

        `files` holds every entry that is not a folder (special files and broken links too:
        `read` says what is wrong with them). Empty when `rel` does not exist; raises
        OSError when it exists but cannot be listed.
        """
        ...

    def read(self, rel: str) -> bytes:
        """The file's bytes; raises OSError (FileRefused with a plain reason, FileTooLarge) when it cannot be read."""
        ...

    def problem(self, rel: str) -> str | None:
        """Why the entry at `rel` is broken (a link to nothing, or a loop), in plain words; None if it is not."""
        ...


class DiskFiles:
    """A plans directory on disk."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = os.fspath(root) or "."  # as Path("") would be: the current folder
        self._real_root = os.path.realpath(self.root)
        self._inside: dict[str, str] = {}
        """Path to open for each entry known to lie inside the plans directory (listed there and not a link, or checked)."""

    def _path(self, rel: str) -> str:
        return os.path.join(self.root, *rel.split("/")) if rel else self.root

    def _resolve(self, rel: str) -> str:
        """The real path of `rel`, refusing broken links, loops and links that lead out of the plans directory."""
        known = self._inside.get(rel)
        if known is not None:
            return known  # the common case: no link on the way, and no system call to know it
        path = self._path(rel)
        real = os.path.realpath(path)
        if real != (os.path.join(self._real_root, *rel.split("/")) if rel else self._real_root):
            reason = self.problem(rel)
            if reason is not None:
                raise FileRefused(reason)
            if real != self._real_root and not real.startswith(self._real_root.rstrip(os.sep) + os.sep):
                raise FileRefused(f"this is a symbolic link to {real}, outside the plans directory, and dagov does "
                                  "not follow links out of it; copy what it links to into the plans directory instead")
        self._inside[rel] = real
        return real

    def problem(self, rel: str) -> str | None:
        path = self._path(rel)
        try:
            os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                return (f"this is a symbolic link to {os.readlink(path)}, which does not exist; "
                        "point the link at an existing file or delete it")
            return None
        except OSError as err:
            if err.errno == errno.ELOOP:
                return os_reason(err)
        return None

    def is_file(self, rel: str) -> bool:
        return os.path.isfile(self._path(rel))

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        files: list[str] = []
        folders: list[str] = []
        if not os.path.lexists(self._path(rel)):
            return files, folders
        real = self._resolve(rel)
        if not os.path.isdir(real):
            return files, folders
        with os.scandir(real) as entries:
            for entry in entries:
                if not entry.is_symlink():  # known from the listing itself (d_type): no system call
                    self._inside[f"{rel}/{entry.name}" if rel else entry.name] = os.path.join(real, entry.name)
                try:
                    is_dir = entry.is_dir()  # follows links: a link to a folder is a folder, checked when listed
                except OSError:  # a loop: read() and problem() say so
                    is_dir = False
                (folders if is_dir else files).append(entry.name)
        return sorted(files), sorted(folders)

    def yaml_sizes(self, rel: str, largest: int) -> tuple[tuple[str, int], ...]:
        """(name, bytes) of the .yaml files in folder `rel`, by name (none if it cannot be listed): how much there
        is to parse there. A file over `largest` bytes, which is not parsed, counts as 0; so does one whose size
        cannot be known (a link to nothing, a loop)."""
        try:
            with os.scandir(self._resolve(rel)) as entries:
                found = [entry for entry in entries if entry.name.endswith(".yaml")]
        except OSError:
            return ()
        sizes = []
        for entry in found:
            try:
                size = entry.stat().st_size if entry.is_file() else 0
            except OSError:
                size = 0
            sizes.append((entry.name, size if size <= largest else 0))
        return tuple(sorted(sizes))

    def read(self, rel: str) -> bytes:
        try:
            return read_regular(self._resolve(rel))
        except FileRefused:
            raise
        except OSError:  # a loop resolves to itself, so it is found only here
            reason = self.problem(rel)
            if reason is None:
                raise
            raise FileRefused(reason) from None


class MemoryFiles:
    """Files held in a dict of relative path -> bytes (a git revision, or tests)."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self._dirs: dict[str, tuple[set[str], set[str]]] = {"": (set(), set())}
        for rel in files:
            parts = rel.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                entry = self._dirs.setdefault(parent, (set(), set()))
                if depth == len(parts) - 1:
                    entry[0].add(parts[depth])
                else:
                    entry[1].add(parts[depth])

    def is_file(self, rel: str) -> bool:
        return rel in self.files

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        files, folders = self._dirs.get(rel, (set(), set()))
        return sorted(files), sorted(folders)

    def read(self, rel: str) -> bytes:
        return self.files[rel]

    def problem(self, rel: str) -> str | None:
        return None
