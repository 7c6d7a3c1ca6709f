"""Writing a rendered document to a file: atomically, and never over someone's work by accident."""

from __future__ import annotations

import os
from pathlib import Path

from dagov.errors import DagovError


class WouldOverwrite(DagovError):
    """The output file exists and --force was not given."""

    def __init__(self, path: str | os.PathLike):
        super().__init__(f"{os.fspath(path)} already exists; nothing was written. Use --force to replace it "
                         "(any edits made to it since it was rendered will be lost), or choose another -o file.")


def write_new(path: str | os.PathLike, text: str | bytes, force: bool = False,
              plans: str | os.PathLike | None = None) -> None:
    """Write `text` to `path` via a temporary file and a rename (under the plans lock when
    `path` lies in `plans`).

    Raises WouldOverwrite when the file exists and `force` is false, FileNotFoundError
    when its folder does not exist, RefusedError (one line) for an OS error or a busy lock. A reader never
    sees a half-written file, and an interrupted write leaves the old file as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(str(target))
    if target.exists() and not force:
        raise WouldOverwrite(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    from dagov.edit.transaction import Exists, write_output

    try:
        write_output(target, text.encode("utf-8") if isinstance(text, str) else text, overwrite=force, plans=plans)
    except Exists:  # created by someone else since we looked
        raise WouldOverwrite(path) from None
