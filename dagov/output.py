"""Writing a rendered document to a file: atomically, and never over someone's work by accident."""

from __future__ import annotations

import os
from pathlib import Path


class WouldOverwrite(Exception):
    """The output file exists and --force was not given."""


def write_new(path: str | os.PathLike, text: str, force: bool = False) -> None:
    """Write `text` to `path` via a temporary file in the same folder and os.replace.

    Raises WouldOverwrite when the file exists and `force` is false, FileNotFoundError
    when its folder does not exist. A reader never sees a half-written file, and an
    interrupted write leaves the old file as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(str(target))
    if target.exists() and not force:
        raise WouldOverwrite(str(target))
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    from dagov.writing import RefusedError, atomic_write

    try:
        atomic_write(target, text.encode("utf-8"), overwrite=force)
    except RefusedError:  # created by someone else since we looked
        raise WouldOverwrite(str(target)) from None
