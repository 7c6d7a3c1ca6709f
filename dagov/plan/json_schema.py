"""JSON Schema (draft 2020-12) for each file kind, for editors and other validators.

Generated from the same definitions the loader reads with (dagov/plan/format.py), so the
schema cannot drift from what `dagov check` accepts. Editors read YAML 1.2, where an
unquoted 2014-06-12 is a string: dates are therefore strings with format "date".
"""

from __future__ import annotations

from typing import Any

from dagov import jsontext
from dagov.plan import format as fmt  # 'format' is a builtin

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"
"""Where a governance repository keeps the exported schemas: schemas/<kind>.schema.json at its root."""

KINDS = tuple(fmt.FILE_KINDS)


def schema_id(kind: str) -> str:
    # A URN, not a web address: the schema is not published anywhere, it travels with the repository.
    return f"urn:dagov:schema:{kind}"


def schema_for(kind: str) -> dict[str, Any]:
    """The complete JSON Schema document for one file kind (a key of format.FILE_KINDS)."""
    body = fmt.FILE_KINDS[kind].json_schema()
    return {"$schema": DIALECT, "$id": schema_id(kind), **body}


def schema_text(kind: str) -> str:
    return jsontext.dumps(schema_for(kind), ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"
