"""The parse cache: what the loader made of each file, kept between runs so that unchanged files are not parsed again.

An entry is keyed by a hash of everything its result depends on: dagov's own code (its version and
the text of every module, so an edited checkout never reads stale entries while two installs of the
same code share them), PyYAML's version, the kind of file, the path it is shown as (the model
remembers where each field was written) and the file's bytes. It holds the model object, the
findings from reading that file and its personal-data scan; cross-file rules are never cached and
run every time. The entries of one folder of plan files are kept together in one file, a pack.

The cache is a convenience and never a source of truth:

- it lives under the user's cache folder (`$XDG_CACHE_HOME/dagov`, else `~/.cache/dagov`), never
  inside the plans directory; `DAGOV_NO_CACHE=1` or `dagov --no-cache` turns it off;
- a pack is written to a temporary file and renamed into place, so a concurrent run sees the
  whole pack or none; its first bytes are a digest of the rest, checked before anything is
  unpickled, and a pack that fails the check (or does not unpickle) is rebuilt;
- a folder that cannot be made, read or written is ignored: the run goes on without the cache;
- a folder another user could write to is not used (a pack is a pickle, run as code when read);
- packs not rewritten for `MAX_AGE_DAYS` are deleted, at most once a day.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import stat
import sys
import time
from typing import Any, NamedTuple

from dagov import __version__

PACK_MAGIC = b"dagov-parse-cache 2\n"
DIGEST_BYTES = 32
FOLDER_NAME = "parse-2"
"""Where the entries of this layout live inside the cache folder; a new layout gets a new name."""
MAX_AGE_DAYS = 30
PRUNE_EVERY_SECONDS = 24 * 3600

_switched_off = False
"""Set by `dagov --no-cache` for the rest of the process."""


def digest_of(data: bytes) -> str:
    """A short hash of `data`, in hex: a name for what is kept under it."""
    return _digest(data, size=10).hex()


def _digest(*parts: bytes | memoryview, size: int = DIGEST_BYTES) -> bytes:
    from _blake2 import blake2b  # hashlib would load OpenSSL (~4 MB, ~4 ms) for a hash Python has built in

    hasher = blake2b(digest_size=size)
    for part in parts:
        hasher.update(part)
    return hasher.digest()


def private_folder(folder: str) -> bool:
    """Make `folder` (private to the user) if it is missing; False if it cannot be made, or someone else could write
    into it: what is kept there is run as code when read (a pickle; compiled code), so only the user may write it."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
        return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    except (OSError, AttributeError):  # AttributeError: no getuid (Windows)
        return False


def sealed(magic: bytes, payload: bytes) -> tuple[bytes, bytes, bytes]:
    """`payload` behind `magic` and a digest of it, as `unsealed` checks it: the three parts, for `write_whole`
    to write one after the other (joined, a report of 12 MB would be in memory twice more)."""
    return magic, _digest(payload), payload


def unsealed(magic: bytes, blob: bytes) -> memoryview | None:
    """The payload of a `sealed` blob, or None if any byte of it changed (or it was cut short)."""
    head = len(magic) + DIGEST_BYTES
    if blob[:len(magic)] != magic or blob[len(magic):head] != _digest(memoryview(blob)[head:]):
        return None
    return memoryview(blob)[head:]


def write_whole(path: str, *parts: bytes) -> None:
    """Write `parts`, one after the other, beside `path`, then rename the file there: a reader sees the old
    file or the whole new one. Raises OSError (the temporary file removed, as on any exception)."""
    temporary = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            for part in parts:
                _write_all(fd, part)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:  # a full disk, and also Ctrl-C or a signal while writing: never a temporary file left
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_all(fd: int, data: bytes) -> None:
    """All of `data`: one os.write may write less than it is given (a signal, or over 2 GB at once)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # never loop for ever on a file that takes nothing
            raise OSError(f"nothing written to the cache file ({len(view)} bytes left)")
        view = view[written:]


def cache_is_off() -> bool:
    """DAGOV_NO_CACHE=1 (any value but empty or 0), or `dagov --no-cache` earlier in this process."""
    return _switched_off or os.environ.get("DAGOV_NO_CACHE", "") not in ("", "0")


def switch_off(off: bool = True) -> None:
    """Turn the cache off (or on again) for the rest of the process, whatever the environment says."""
    global _switched_off
    _switched_off = off


def cache_folder(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The user's cache folder for dagov: `$XDG_CACHE_HOME/dagov`, else `~/.cache/dagov` (as the XDG
    specification says, a relative XDG_CACHE_HOME is ignored)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dagov")


def default_cache() -> ParseCache | None:
    """The cache every command uses, or None when it is turned off (DAGOV_NO_CACHE=1, `--no-cache`)."""
    return None if cache_is_off() else ParseCache(cache_folder())


def _is_within(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


_code_stamp: bytes | None = None
STAMP_MAGIC = b"dagov-code-stamp 1\n"


def _yaml_files() -> list[tuple[str, str]]:
    """(name, path) of PyYAML's files the loader's results depend on, found without importing it (a tenth of
    a warm run): its `__init__.py`, which holds its version, and its binding to libyaml, if there is one."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:  # pragma: no cover - dagov requires PyYAML
        return []
    package = os.path.dirname(spec.origin)
    try:
        binding = sorted(name for name in os.listdir(package) if name.startswith("_yaml."))
    except OSError:
        binding = []
    return [(f"yaml/{name}", os.path.join(package, name)) for name in ["__init__.py", *binding]]


def _modules() -> list[tuple[str, str]]:
    """(name within the package, path) of every module of dagov, in a fixed order: a folder's modules by name,
    then its subfolders' by name (os.scandir, not os.walk and os.path.relpath: a tenth of the cost, at every start)."""
    found: list[tuple[str, str]] = []
    _add_modules(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "", found)
    return found


def _add_modules(folder: str, prefix: str, found: list[tuple[str, str]]) -> None:
    # A function of the module's, not one nested in _modules: a nested function that calls itself is a
    # reference cycle, and a run's objects are left to reference counting (the cyclic collector is off).
    # As os.walk: a link to a folder is a folder, but not looked into.
    with os.scandir(folder) as listing:
        entries = sorted((entry.name, entry.path, entry.is_dir(), entry.is_symlink()) for entry in listing)
    found.extend((prefix + name, path) for name, path, is_dir, _ in entries if not is_dir and name.endswith(".py"))
    for name, path, is_dir, is_link in entries:
        if is_dir and not is_link and name != "__pycache__":
            _add_modules(path, f"{prefix}{name}{os.sep}", found)


def code_stamp(folder: str | None = None) -> bytes:
    """What the loader's results depend on besides the file: dagov's code and version, Python's and PyYAML's.

    The text of every module of dagov counts, so that a checkout being edited (an editable install
    keeps its version number) never reads what older code made, while two installs of the same code
    (every CI job installs afresh, with new file times) share their entries. Reading the modules (1 MB)
    at every start would cost more than it saves on a small tree, so the stamp is kept in `folder`
    under the modules' sizes and times, and worked out again only when one of those changes. PyYAML
    counts by its version (the text of its `__init__.py`) and its libyaml binding (the file's size), read
    from its files: importing it would cost a warm run, where nothing is parsed, a tenth of its time."""
    global _code_stamp
    if _code_stamp is not None:
        return _code_stamp
    modules = _modules()
    yaml_files = _yaml_files()
    versions = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    try:
        times = [f"{name}:{(info := os.stat(path)).st_size}:{info.st_mtime_ns}" for name, path in modules + yaml_files]
    except OSError:
        times = []
    memo = os.path.join(folder, "stamps", _digest("\0".join(versions + times).encode("utf-8", "surrogateescape"), size=20).hex()) \
        if folder is not None and times else None
    if memo is not None:
        try:
            with open(memo, "rb") as fh:
                kept = unsealed(STAMP_MAGIC, fh.read())
            if kept is not None and len(kept) == DIGEST_BYTES:
                _code_stamp = bytes(kept)
                return _code_stamp
        except OSError:
            pass
    parts = ["\0".join(versions).encode("utf-8", "surrogateescape")]
    for name, path in modules + yaml_files:
        try:
            if name.startswith("yaml/_yaml."):  # a compiled binding: its size, not its 2 MB
                content = str(os.stat(path).st_size).encode()
            else:
                with open(path, "rb") as fh:
                    content = fh.read()
            parts += [name.encode("utf-8", "surrogateescape"), content]
        except OSError:
            parts.append(os.urandom(16))  # a module that cannot be read: a stamp no other run shares
    _code_stamp = _digest(*(len(part).to_bytes(8, "big") + part for part in parts))
    if memo is not None and private_folder(os.path.dirname(memo)):
        with contextlib.suppress(OSError):
            write_whole(memo, *sealed(STAMP_MAGIC, _code_stamp))
    return _code_stamp


class CacheKey(NamedTuple):
    pack: str
    """The file holding the entries of one folder of plan files (see ParseCache)."""
    entry: str
    """The entry of one file within it."""


class ParseCache:
    """Entries under `folder`; every failure to read or write one is silent and only costs a parse.

    The entries of the files of one folder (a plan's recommendations, say) are kept together in one
    file, a pack, read whole when the first of them is asked for and written again, whole, when the
    folder is done (`close_folder`) if any of its files changed: creating a file costs about as much
    as parsing one on some disks, so 1,861 plan files make about 40 packs, not 1,861 entries. A pack
    holds the entries of the files its folder held when it was written, no more."""

    def __init__(self, folder: str, writable: bool = True):
        self.base = folder
        """The cache folder itself (`folder`): a helper process opens its own ParseCache there."""
        self.folder = os.path.join(folder, FOLDER_NAME)
        self.usable = True
        self.writable = writable
        """False: entries are read, never written (a temporary cache this process only reads a helper's packs from)."""
        self.hits = 0
        self.misses = 0
        self._checked = False
        self._wrote = False
        self._packs: dict[str, dict[str, bytes]] = {}
        """Packs read in this run: entry key -> the entry's pickle."""
        self._now: dict[str, dict[str, bytes]] = {}
        """What each pack should hold after this run: the entries of the files read from its folder."""
        self._folders: dict[str, set[str]] = {}
        """The packs of each folder (as shown, with '/'), to write when it is done."""
        self._pack_paths: dict[tuple[str, str, bytes], str] = {}
        """pack_path's answers, by folder, scanner and code stamp."""
        self.read: list[CacheKey] | None = []
        """The keys of every file the loader read through this cache, in order; None once a file was read
        around it (too large to keep, or unreadable). See `read_digest`."""

    def start_reading(self) -> None:
        """A load begins: `read` holds what it reads, and nothing of an earlier load through this cache."""
        self.read = []

    def note_read(self, key: CacheKey) -> None:
        if self.read is not None:
            self.read.append(key)

    def note_read_around(self) -> None:
        self.read = None

    def read_digest(self) -> bytes | None:
        """A hash of everything the tree read through this cache was made of: every file's path as shown,
        kind and bytes (its key; the pack's name holds the code stamp, the scanner and the folder), in
        order; None when some file was read around the cache, or nothing was read. What is worked out from
        the tree alone may be kept under it (see dagov.check.run.Remembered)."""
        if not self.read:
            return None
        return _digest(*(f"{key.pack}\0{key.entry}\n".encode("utf-8", "surrogateescape") for key in self.read))

    def use_for(self, plans: str) -> bool:
        """Whether entries may be kept for the plans directory `plans` (never when the cache folder is in it)."""
        if self.usable and _is_within(self.folder, plans):
            self.usable = False
        return self.usable

    def key(self, kind: str, shown: str, scanner: str, data: bytes) -> CacheKey:
        folder, _, name = shown.replace(os.sep, "/").rpartition("/")
        path = self.pack_path(folder, scanner)
        entry = _digest(kind.encode(), b"\0", name.encode("utf-8", "surrogateescape"), b"\0", data, size=20).hex()
        self._folders.setdefault(folder, set()).add(path)
        return CacheKey(path, entry)

    def pack_path(self, folder: str, scanner: str) -> str:
        """The pack of the files of `folder` (as shown, with '/') read with the text scanner named `scanner`."""
        stamp = code_stamp(self.folder)
        path = self._pack_paths.get((folder, scanner, stamp))
        if path is None:  # once per folder: every file of it asks
            pack = _digest(stamp, b"\0", scanner.encode(), b"\0", folder.encode("utf-8", "surrogateescape"),
                           size=20).hex()
            path = self._pack_paths[folder, scanner, stamp] = os.path.join(self.folder, pack[:2], pack[2:])
        return path

    def ready(self) -> bool:
        """Whether entries can be read and written here (the folder made, private to the user, writable so far)."""
        return self.writable and self._safe_folder()

    def _safe_folder(self) -> bool:
        """The folder, once per run: made private if missing; refused if someone else could write entries into it."""
        if not self._checked:
            self._checked = True
            self.usable = self.usable and private_folder(self.folder)
        return self.usable

    def _pack(self, path: str) -> dict[str, bytes]:
        """The entries of the pack at `path`: {} if it is missing, or corrupt (then rewritten when its folder is done)."""
        pack = self._packs.get(path)
        if pack is None:
            pack = {}
            try:
                with open(path, "rb") as fh:
                    payload = unsealed(PACK_MAGIC, fh.read())
                kept = pickle.loads(payload) if payload is not None else None
                if isinstance(kept, dict) and all(isinstance(k, str) and isinstance(v, bytes) for k, v in kept.items()):
                    pack = kept
            except Exception:
                pass
            self._packs[path] = pack
            self._now.setdefault(path, {})
        return pack

    def reread(self, path: str) -> None:
        """Take in the entries another process has since written to the pack at `path`, if it was read already
        in this run (a helper's half of a folder this process read the other half of)."""
        pack = self._packs.pop(path, None)
        if pack is not None:
            self._packs[path] = {**pack, **self._pack(path)}

    def get(self, key: CacheKey, counted: bool = True) -> Any:
        """The entry stored under `key`, or None (missing, unreadable, or corrupt: then rebuilt). `hits` and
        `misses` count the files' entries (`counted`), not what else is kept beside them."""
        if not self.usable or not self._safe_folder():
            return None
        blob = self._pack(key.pack).get(key.entry)
        if blob is not None:
            try:
                entry = pickle.loads(blob)
                self.hits += counted
                self._now[key.pack][key.entry] = blob
                return entry
            except Exception:
                pass
        self.misses += counted
        return None

    def put(self, key: CacheKey, entry: Any) -> None:
        """Keep `entry` under `key`, to be written with its folder's pack."""
        if not self.usable or not self.writable or not self._safe_folder():
            return
        try:
            blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        self._pack(key.pack)
        self._now[key.pack][key.entry] = blob

    def close_folder(self, shown: str) -> None:
        """Every file of the folder shown as `shown` has been read: write its pack if it changed, and let it go."""
        for path in self._folders.pop(shown.replace(os.sep, "/").rstrip("/"), ()):
            if path in self._now:
                self._write(path)

    def _write(self, path: str) -> None:
        pack, now = self._packs.pop(path), self._now.pop(path)
        if not self.writable or now.keys() == pack.keys():
            return  # nothing new, nothing gone: leave the file as it is
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            write_whole(path, *sealed(PACK_MAGIC, pickle.dumps(now, protocol=pickle.HIGHEST_PROTOCOL)))
            self._wrote = True
        except OSError:
            self.writable = False  # a full disk or a read-only folder: stop trying for the rest of this run

    def finish(self, now: float | None = None, prune: bool = True) -> None:
        """After reading: write the packs not yet written; if any was (and `prune`), delete those not rewritten
        for MAX_AGE_DAYS, at most once a day."""
        for path in list(self._now):
            self._write(path)
        if not self._wrote or not prune:
            return
        now = time.time() if now is None else now
        stamp = os.path.join(self.folder, ".pruned")
        try:
            if now - os.stat(stamp).st_mtime < PRUNE_EVERY_SECONDS:
                return
        except OSError:
            pass
        try:
            with open(stamp, "w"):
                pass
            oldest = now - MAX_AGE_DAYS * 24 * 3600
            for sub in os.scandir(self.folder):
                if sub.is_dir(follow_symlinks=False):
                    for entry in os.scandir(sub.path):
                        if entry.stat(follow_symlinks=False).st_mtime < oldest:
                            with contextlib.suppress(OSError):
                                os.unlink(entry.path)
        except OSError:
            pass
