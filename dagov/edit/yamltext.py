"""Writing YAML text that people will go on editing by hand.

dagov writes its own files (init, new, import) and fragments of files (update)
with this small emitter instead of a YAML dumper, so the layout matches the
example plan: two-space indents, lists indented under their key, blank lines
between sections, and an explanatory comment on every value still to fill in.
Every scalar is checked by reading it back, so what is written always means
exactly the value given.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any, NamedTuple

import yaml

try:  # the same parser the loader uses, so "reads back the same" means the same thing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

UNSAFE_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
"""Text written plain would read as one of these in some YAML reader, so it is written in quotes."""

YAML12_NUMBER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                           r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
"""What YAML 1.2 (editors, the JSON Schema's readers) reads as a number: `1.10` is 1.1 there, `1e3` 1000."""


class Blank(NamedTuple):
    """A value the user must fill in: written as `key:  # hint`, which reads as empty."""

    hint: str


def _reads_back(document: str, expected: str) -> bool:
    try:
        node = yaml.compose(document, Loader=_Loader)
    except yaml.YAMLError:
        return False
    if node is None or not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    value = node.value[0][1]
    # dagov reads dates as the text typed where it expects text (an id like 2014-06-12), but text
    # that any YAML reader takes for a number (an id 1.10 is the number 1.1), true/false or null is
    # quoted: ids and other text are always strings, in dagov, in editors and in the JSON Schema.
    return (isinstance(value, yaml.ScalarNode) and value.tag not in UNSAFE_TAGS and value.value == expected
            and (bool(value.style) or not YAML12_NUMBER.fullmatch(expected)))


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch == "\n" for ch in text)


def inline(value: Any) -> str:
    """A value as it can follow `key: ` on one line: plain when that is safe, else double-quoted."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and "\n" not in text and _printable(text) and _reads_back(f"k: {text}\n", text):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """A double-quoted scalar: JSON's escapes are YAML's, plus escapes for characters a YAML file may not hold."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
                   for ch in json.dumps(text, ensure_ascii=False))


WRAP = 80
"""Long single-line text is folded (`>-`) to about this width, as people write it by hand."""


def _folded(value: str, indent: int) -> list[str] | None:
    """The lines of `value` as a folded block, or None when folding would not read back exactly."""
    import textwrap

    if not _printable(value) or "\t" in value or value != value.strip():
        return None
    width = max(40, WRAP - indent)
    lines = [" " * indent + line for line in
             textwrap.wrap(value, width, break_long_words=False, break_on_hyphens=False)]
    if len(lines) > 1 and _reads_back("k: >-\n" + "".join(line + "\n" for line in lines), value):
        return lines
    return None


def scalar_lines(value: Any, indent: int) -> tuple[str, list[str]]:
    """(text after `key: ` or `- `, continuation lines) for a value whose content sits at `indent`.

    Text with line breaks becomes a literal block (`|`), so notes keep their lines.
    """
    if isinstance(value, str) and "\n" not in value and len(value) > WRAP:
        folded = _folded(value, indent)
        if folded:
            return ">-", folded
    if not isinstance(value, str) or "\n" not in value:
        return inline(value), []
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    first = next((line for line in body.split("\n") if line), "")
    if _printable(value) and "\t" not in value and first and not first[0].isspace():
        pad = " " * indent
        lines = [pad + line if line else "" for line in body.split("\n")] + [""] * (trailing - 1)
        head = "|" + chomp
        if _reads_back("k: " + head + "\n" + "".join(line + "\n" for line in lines), value):
            return head, lines
    return quoted(value), []


def render_mapping(mapping: dict, indent: int = 0, gaps: frozenset[str] = frozenset(),
                   spaced: frozenset[str] = frozenset()) -> list[str]:
    """Lines of a block mapping at `indent`; keys in `gaps` get a blank line before them, and the
    entries of a list under a key in `spaced` (the actions of a recommendation) a blank line between them."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if key in gaps and lines:
            lines.append("")
        if isinstance(value, Blank):
            lines.append(f"{pad}{key}:  # {value.hint}")
        elif isinstance(value, dict):
            if value:
                lines.append(f"{pad}{key}:")
                lines.extend(render_mapping(value, indent + 2))
            else:
                lines.append(f"{pad}{key}: {{}}")
        elif isinstance(value, (list, tuple)):
            if value:
                lines.append(f"{pad}{key}:")
                lines.extend(render_sequence(value, indent + 2, spaced=key in spaced))
            else:
                lines.append(f"{pad}{key}: []")
        else:
            head, more = scalar_lines(value, indent + 2)
            lines.append(f"{pad}{key}: {head}")
            lines.extend(more)
    return lines


def render_item(item: Any, dash: int, key_offset: int = 2) -> list[str]:
    """Lines of one sequence entry whose dash is at column `dash` (0-based), its keys `key_offset` further in."""
    prefix = " " * dash + "-" + " " * (key_offset - 1)
    if isinstance(item, Blank):
        return [f"{' ' * dash}-  # {item.hint}"]
    if isinstance(item, dict):
        lines = render_mapping(item, dash + key_offset)
        return [prefix + lines[0][dash + key_offset:], *lines[1:]]
    head, more = scalar_lines(item, dash + key_offset)
    return [prefix + head, *more]


def render_sequence(items, dash: int, spaced: bool = False) -> list[str]:
    lines: list[str] = []
    for item in items:
        if spaced and lines:
            lines.append("")
        lines.extend(render_item(item, dash))
    return lines


def document(mapping: dict, comments: tuple[str, ...] = (), gaps: frozenset[str] = frozenset(),
             spaced: frozenset[str] = frozenset()) -> str:
    """A whole file: comment lines, then the mapping."""
    lines = [f"# {c}" if c else "#" for c in comments]
    return "\n".join(lines + render_mapping(mapping, 0, gaps, spaced)) + "\n"


def schema_modeline(kind: str, file_path: str | os.PathLike, repo_root: str | os.PathLike) -> str:
    """The comment that points YAML editors (VS Code's YAML extension) at the file's JSON Schema.

    The path is relative from the file's folder to `schemas/<kind>.schema.json` in the
    repository root, with forward slashes, so it works wherever the repository is cloned.
    """
    folder = os.path.dirname(os.path.abspath(file_path))
    target = os.path.join(os.path.abspath(repo_root), "schemas", f"{kind}.schema.json")
    relative = os.path.relpath(target, folder).replace(os.sep, "/")
    return f"yaml-language-server: $schema={relative}"
