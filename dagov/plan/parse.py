"""One file's bytes into YAML nodes and then its model object, with messages a person can act on.

The one module of the loader that imports PyYAML (a tenth of a warm `dagov check`, where every
file's model comes from the parse cache): `dagov.plan.load` imports it when a file is parsed.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from dagov.plan.fields import INVALID, LAZY_TAG, REPORTED_TAG, STR_TAG, Obj, Reader, plain_tag, report_unusual_tags
from dagov.plan.files import MAX_FILE_BYTES
from dagov.plan.findings import ERROR, Finding
from dagov.plan.linebreaks import OLD_MAC_FILE, as_editors_read, line_col, report_unusual_breaks

try:  # libyaml's C parser is ~8x faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


MAX_NESTING = 100
"""Levels of nested lists and mappings the pure-Python composer accepts (plan files use about six).

libyaml stops at 1,000 levels itself; PyYAML's Python composer recurses and would
hit Python's recursion limit at about 300, without saying where.
"""

TOO_DEEP = "the file is nested too deeply to be a plan file; flatten it"


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__("nested too deeply")
        self.mark = mark


@functools.cache
def _fast_loader(base: type[Any]) -> type[Any]:
    """A subclass of `base` with its per-scalar type resolution memoised.

    A subclass, never a patch of `base`: PyYAML's own loaders stay as they are for any
    other code in the process (a test imports dagov, loads a tree and compares them).
    PyYAML resolves every plain scalar's type (str, int, bool, date...) by trying
    regular expressions in Python, even under the C parser: a third of the time it
    takes to compose a plan file. The answer depends only on the text (safe
    loaders have no path resolvers, so the no-op descend/ascend hooks are exact).
    """
    resolve_uncached: Callable[[Any, type[Node], str, tuple[bool, bool]], str] = base.resolve

    def resolve(self: Any, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:  # quoted, or tagged with the non-specific '!': always text
                return STR_TAG
            return plain_tag(value)  # remembered, as for the files composed with lazy tags
        return resolve_uncached(self, kind, value, implicit)

    if base.yaml_path_resolvers:  # pragma: no cover - never the case for the safe loaders
        return base
    # The path hooks do nothing for safe loaders; libyaml's composer calls both for every node, so they are
    # C callables rather than Python functions.
    methods: dict[str, Any] = {"resolve": resolve, "descend_resolver": operator.is_,  # (parent, index) -> ignored
                               "ascend_resolver": type(None)}  # () -> None
    if issubclass(base, yaml.composer.Composer):  # the pure-Python loader: bound its recursion
        compose_unbounded = base.compose_node

        def compose_node(self: Any, parent: Node | None, index: int) -> Node | None:
            depth = getattr(self, "_dagov_depth", 0) + 1
            if depth > MAX_NESTING:
                raise _TooDeep(self.peek_event().start_mark)
            self._dagov_depth = depth
            try:
                return compose_unbounded(self, parent, index)
            finally:
                self._dagov_depth = depth - 1

        methods["compose_node"] = compose_node
    return type(f"Fast{base.__name__}", (base,), methods)


@functools.cache
def _lazy_loader(base: type[Any]) -> type[Any]:
    """`_fast_loader(base)` for a file with no explicit tag (no '!' in it): no tag is resolved while composing.

    Every node gets LAZY_TAG, and `fields.tag_of` resolves a scalar's tag from its text and style when a
    reader asks, exactly as PyYAML would have: a file's keys, lists and mappings, half its nodes, are never
    resolved, and composing makes no call back into Python for them (resolve is a C callable, as the
    path hooks of `_fast_loader` are)."""
    # resolve(kind, value, implicit) -> "?": str.format ignores arguments it has no field for
    methods = {"resolve": LAZY_TAG.format}
    return type(f"Lazy{base.__name__}", (_fast_loader(base),), methods)  # type: ignore[arg-type]  # a class is hashable


_KEY_LINE = re.compile(r"^(?P<indent>(?: *- +)* *)[^\s#'\"\-][^:#]*:(?:\s|$)")
"""A `key: value` line (or `- key: value`); `indent` is everything before the key."""


def _key_column(line: str) -> int | None:
    """Where the key of a `key: value` line starts (0-based, a list item's '- ' counted), or None."""
    match = _KEY_LINE.match(line)
    return len(match["indent"]) if match else None


def _opens_block(line: str) -> bool:
    """`key:` with nothing after it: the lines below are its children, not its siblings."""
    return line.split("#", 1)[0].rstrip().endswith(":")


def _significant(lines: list[str], start: int, step: int) -> str | None:
    """The first line from `start` (going by `step`) that is neither blank nor only a comment."""
    index = start
    while 0 <= index < len(lines):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return lines[index]
        index += step
    return None


def _spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _tab_in_indentation(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """(line, column, message) when line `index` is indented with a tab, which YAML never allows."""
    if not 0 <= index < len(lines):
        return None
    line = lines[index]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return (index + 1, indent.index("\t") + 1,
            f"line {index + 1} is indented with a tab; YAML indents with spaces only: replace the tab with spaces")


def _indentation_slip(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """(line, column, message) when the key on line `index` is indented differently from the keys around it.

    One space too many before `owner:` makes YAML read the line as more of the value above, and
    it then complains about the ': ' in it; quoting would hide the real mistake.
    """
    if not 0 <= index < len(lines):
        return None
    if lines[index].lstrip().startswith("-"):
        return None  # a list item's '- ' lines up with other dashes, not with keys: left to the general message
    column = _key_column(lines[index])
    above = _significant(lines, index - 1, -1)
    below = _significant(lines, index + 1, 1)
    # the siblings are the lines above, unless the line above opens this block (then the lines below)
    sibling = below if above is None or _opens_block(above) else above
    around = _key_column(sibling) if sibling is not None else None
    if column is None or around is None or around == column:
        return None
    return (index + 1, column + 1,
            f"line {index + 1} is indented by {_spaces(column)} but the fields around it "
            f"{f'by {_spaces(around)}' if around else 'are not indented'}; line the keys up")


def _char_at(lines: list[str], mark: yaml.Mark | None) -> str:
    """The character a mark points at, or '' (past the end of its line or of the file)."""
    if mark is None or not 0 <= mark.line < len(lines):
        return ""
    return lines[mark.line][mark.column:mark.column + 1]


def _syntax_message(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where a YAML syntax error really is, and what a non-programmer should do about it."""
    problem = err.problem or str(err)
    mark = err.problem_mark or err.context_mark
    lines = text.split("\n")
    if err.context == "while scanning a simple key" and err.context_mark is not None:
        # libyaml notices the missing ':' only on the next line; the key is where the mistake is
        mark = err.context_mark
        message = "a 'key: value' line is missing its ':' (or a line of text is not indented under its key); " \
                  "write it as 'key: value'"
    elif mark is not None and (found := _tab_in_indentation(lines, mark.line) or _indentation_slip(lines, mark.line)):
        return found
    elif "tab" in problem or _char_at(lines, mark) == "\t":
        message = "a tab character is used here; YAML needs spaces, not tabs: replace the tab with spaces"
    elif problem.startswith("mapping values are not allowed"):
        message = "there is a ': ' inside a value; put the whole value in quotes (\"...\"), or use '|' for a block of text"
    else:
        context = f" ({err.context})" if err.context else ""
        message = f"YAML syntax error: {problem}{context}; check the indentation and punctuation here"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, col, message


def too_large(path: str, size: int) -> Finding:
    return Finding(path, 1, 1, ERROR, "file-too-large",
                   f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a plan file; "
                   "split it (one recommendation or meeting per file)")


def parse_yaml(path: str, data: bytes, findings: list[Finding]) -> Node | None:
    """Compose one YAML document into nodes, or report why it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        findings.append(too_large(path, len(data)))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax",
                                f"byte 0x{data[err.start]:02x} is not valid UTF-8; save the file as UTF-8 text"))
        return None
    read_as = as_editors_read(text)
    if read_as is not text:
        if "\n" not in text and "\r" in text:  # a whole file of old Mac lines: one finding, not one per line
            findings.append(Finding(path, 1, text.index("\r") + 1, ERROR, "unusual-line-break", OLD_MAC_FILE))
            return None
        report_unusual_breaks(path, text, findings)
        text = read_as
    # Every explicit tag is written with a '!'; without one, tags are resolved only when read (fields.tag_of).
    loader = (_fast_loader(_Loader) if "!" in text else _lazy_loader(_Loader))(text)
    try:
        node: Node | None = loader.get_single_node()
        if node is not None and "!" in text:  # every explicit tag is written with a '!'
            report_unusual_tags(node, path, findings)
        return node
    except yaml.reader.ReaderError as err:
        line, col = line_col(text, err.position)
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax",
                                f"character {err.character!r} is not allowed in a YAML file; delete it"))
    except yaml.composer.ComposerError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if err.problem and "another document" in err.problem:
            findings.append(Finding(path, line, col, ERROR, "yaml-multiple-documents",
                                    "this file holds more than one YAML document (a second '---'); "
                                    "keep one document per file"))
        else:
            findings.append(Finding(path, line, col, ERROR, "yaml-syntax", f"{err.problem or err}; fix the YAML here"))
    except yaml.MarkedYAMLError as err:
        line, col, message = _syntax_message(err, text)
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax", message))
    except yaml.YAMLError as err:
        findings.append(Finding(path, 1, 1, ERROR, "yaml-syntax", f"YAML error: {err}"))
    except _TooDeep as err:
        findings.append(Finding(path, err.mark.line + 1, err.mark.column + 1, ERROR, "too-deep", TOO_DEEP))
    except RecursionError:
        findings.append(Finding(path, 1, 1, ERROR, "too-deep", TOO_DEEP))
    finally:
        loader.dispose()
    return None


def model_of(path: str, data: bytes, kind: Obj, findings: list[Finding]) -> Any:
    """The model object of one file of `kind` (or None), its problems added to `findings`."""
    node = parse_yaml(path, data, findings)
    if node is None:
        if not any(f.path == path for f in findings):
            findings.append(Finding(path, 1, 1, ERROR, "not-a-mapping",
                                    f"file is empty; a {kind.noun} file needs its fields (see docs/format.md)"))
        return None
    if node.tag is REPORTED_TAG:
        return None
    if not isinstance(node, MappingNode):
        mark = node.start_mark
        findings.append(Finding(path, mark.line + 1, mark.column + 1, ERROR, "not-a-mapping",
                                f"a {kind.noun} file must be a mapping of 'field: value' lines, not a single value or a list"))
        return None
    value = kind.read(node, Reader(path, findings), f"this {kind.noun}")
    return None if value is INVALID else value
