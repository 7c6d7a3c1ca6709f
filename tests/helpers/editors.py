"""YAML as an editor reads it, and the JSON Schema's verdict on it (the independent `jsonschema` package judges)."""

from __future__ import annotations

import jsonschema
import yaml

from dagov.plan import json_schema

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class DatesAsText(yaml.SafeLoader):
    """PyYAML's safe loader, but dates stay strings, as editors (YAML 1.2) read them; numbers are numbers."""


DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_errors(kind: str, text: str) -> list[str]:
    """The messages of the JSON Schema of `kind` on the YAML `text`, as an editor would read it."""
    validator = jsonschema.Draft202012Validator(json_schema.schema_for(kind), format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(yaml.load(text, Loader=DatesAsText))]
