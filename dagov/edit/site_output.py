"""Writing a whole website into a folder at once: staged beside it, then swapped in.

`dagov publish -o DIR` goes through here. Every file is written and synced into a staging
folder next to DIR first; only then is DIR replaced, by two renames (the old site moved
aside, the new one moved in) and the old one removed. A reader or a web server sees the old
site or the new one, never half of each; a run killed while staging leaves DIR as it was
(and the staging folder is removed by the next run).

A dagov site carries a small manifest (`dagov-site.json`: who made it and its files), so a
later run knows it may replace the folder. A non-empty folder without one is somebody
else's: it is refused unless `force`, and a folder inside the plans directory always is.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from dagov import jsontext
from dagov.edit.transaction import RefusedError, _fsync_dir, _umask, _write_synced, os_failure

MANIFEST = "dagov-site.json"
GENERATOR = "dagov publish"
STAGING_PREFIX = ".dagov-site-"
STALE_SECONDS = 600
"""A staging or old folder older than this was left by a run that was killed: it is removed."""


class NotASite(RefusedError):
    """DIR holds files that are not a site dagov wrote, and --force was not given."""


def manifest(files: dict[str, bytes]) -> bytes:
    """The manifest of a site of `files`: deterministic (no time, no user), so the same site is the same bytes."""
    return (jsontext.dumps({"generator": GENERATOR, "manifest_version": 1, "files": sorted(files)}) + "\n").encode()


def is_site(folder: Path) -> bool:
    """`folder` holds a site dagov wrote: its manifest names dagov as the generator."""
    try:
        return json.loads((folder / MANIFEST).read_bytes()).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def check_target(folder: str | os.PathLike, force: bool, plans: str | os.PathLike | None = None) -> Path:
    """Refuse a target that must not be replaced, before any slow work: a file, a folder in (or holding) the
    plans directory, or a non-empty folder that is not a dagov site (unless `force`)."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise NotASite(f"-o {target} is a file; give a folder for the site")
    if plans is not None:
        real, base = os.path.realpath(target), os.path.realpath(plans)
        if os.path.commonpath([real, base]) in (real, base):
            raise NotASite(f"-o {target} is inside the plans directory {plans} (or holds it); give a folder outside "
                           "it, e.g. site beside plans")
    if target.is_dir() and any(target.iterdir()) and not is_site(target) and not force:
        raise NotASite(f"-o {target} is not empty and is not a site dagov published (it has no {MANIFEST}); nothing "
                       "was written. Give an empty or new folder, or add --force to replace everything in it")
    return target


def write_site(folder: str | os.PathLike, files: dict[str, bytes], force: bool = False,
               plans: str | os.PathLike | None = None) -> Path:
    """Write `files` (relative '/'-separated paths → bytes) and the manifest as the whole content of `folder`."""
    target = check_target(folder, force, plans)
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(parent, target.name)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}.", suffix=".new", dir=parent))
        try:
            for rel, data in {**files, MANIFEST: manifest(files)}.items():
                path = staging / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as handle:
                    _write_synced(handle, data)
            for sub in sorted({p.parent for p in staging.rglob("*")}, key=lambda p: -len(p.parts)):
                _fsync_dir(sub)
            os.chmod(staging, 0o777 & ~_umask())
            _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # only left when something failed
    except OSError as err:
        raise os_failure(err, target) from None
    return target


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    else:
        old = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}.", suffix=".old", dir=staging.parent))
        os.rmdir(old)
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)  # put the old site back
            raise
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(target.absolute().parent)


def _remove_stale(parent: Path, name: str) -> None:
    now = time.time()
    for entry in parent.iterdir():
        if entry.name.startswith(f"{STAGING_PREFIX}{name}.") and entry.is_dir() and not entry.is_symlink():
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(entry)

