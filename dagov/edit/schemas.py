"""Writing the JSON Schemas (dagov/plan/json_schema.py makes them) into a governance repository's folder."""

from __future__ import annotations

import os
from pathlib import Path

from dagov.edit.output import write_new
from dagov.plan.json_schema import file_name, schema_text


def write_schemas(directory: str | os.PathLike, kinds: tuple[str, ...], force: bool = False) -> list[tuple[Path, str]]:
    """Write each kind's schema into `directory`; return (path, what happened) for each.

    What happened is "wrote", "unchanged" (the file already holds exactly this schema),
    or "refused" (it holds something else and `force` is off). Nothing is written when
    anything would be refused, so a run never leaves a half-updated folder.
    """
    folder = Path(directory)
    planned: list[tuple[Path, str, str]] = []
    for kind in kinds:
        path = folder / file_name(kind)
        text = schema_text(kind)
        if not path.exists():
            planned.append((path, text, "wrote"))
        elif path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
            planned.append((path, text, "unchanged"))
        else:
            planned.append((path, text, "wrote" if force and path.is_file() else "refused"))
    if any(status == "refused" for _, _, status in planned):
        return [(path, status) for path, _, status in planned]
    folder.mkdir(exist_ok=True)  # only the folder named: a missing folder above it is the caller's to report
    for path, text, status in planned:
        if status == "wrote":
            write_new(path, text, force=True)  # atomic: a temporary file, then a rename
    return [(path, status) for path, _, status in planned]
