"""JSON Schema (draft 2020-12) for each file kind, for editors and other validators.

Generated from the same definitions the loader reads with (dagov/format.py), so the
schema cannot drift from what `dagov check` accepts. Editors read YAML 1.2, where an
unquoted 2014-06-12 is a string: dates are therefore strings with format "date".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dagov import format as fmt
from dagov.output import write_new

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"
"""Where a governance repository keeps the exported schemas: schemas/<kind>.schema.json at its root."""

KINDS = tuple(fmt.FILE_KINDS)


def schema_id(kind: str) -> str:
    # A URN, not a web address: the schema is not published anywhere, it travels with the repository.
    return f"urn:dagov:schema:{kind}"


def schema_for(kind: str) -> dict:
    """The complete JSON Schema document for one file kind (a key of format.FILE_KINDS)."""
    body = fmt.FILE_KINDS[kind].json_schema()
    return {"$schema": DIALECT, "$id": schema_id(kind), **body}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


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
