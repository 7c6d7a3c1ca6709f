"""Editing a YAML file in place, changing only the lines meant to change.

A YAML round trip through any dumper loses something people wrote: comments,
folded lines, quoting, blank lines, indentation. Instead this module composes the
file once to learn where each node starts and ends, then splices new text into
the original at those positions. Everything outside the edited spans is kept
byte for byte (line endings and a byte-order mark included).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dagov.edit import yamltext
from dagov.errors import DagovError

PLACEHOLDER_HINT = "to fill in"
"""How the comments of dagov's empty placeholders start; they go when the value is filled in."""


class EditError(DagovError):
    """The file is not laid out in a way this edit can change safely; the message says what to do."""

    @property
    def message(self) -> str:
        return f"{self}; nothing was written"  # raised before anything is written, always


@dataclass(frozen=True)
class _Splice:
    """Text to put in place of the bytes from `start` to `end` of a file, in the order edits were asked for."""

    start: int
    end: int
    text: str
    order: int
    new_key: bool = False
    """A new 'key:' line: at the same place as an entry added to an existing list, it goes after that entry."""


class YamlEdit:
    """One file's text, its node positions, and the splices planned so far."""

    def __init__(self, data: bytes, path: str = "the file"):
        self.path = path
        self.bom = data.startswith(b"\xef\xbb\xbf")
        self.text = data.decode("utf-8-sig")
        self.nl = "\r\n" if "\r\n" in self.text else "\n"
        # The pure-Python composer: its marks count characters of this very string.
        root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        if not isinstance(root, MappingNode):
            raise EditError(f"{path} is not a mapping of 'field: value' lines")
        self.root: MappingNode = root
        self._splices: list[_Splice] = []

    # --- finding things -------------------------------------------------------------

    @staticmethod
    def get(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def find_in_list(self, mapping: MappingNode, list_key: str, field: str, value: str) -> MappingNode | None:
        pair = self.get(mapping, list_key)
        if pair is None or not isinstance(pair[1], SequenceNode):
            return None
        for item in pair[1].value:
            if isinstance(item, MappingNode):
                found = self.get(item, field)
                if found and isinstance(found[1], ScalarNode) and found[1].value == value:
                    return item
        return None

    def key_column(self, mapping: MappingNode) -> int:
        return mapping.value[0][0].start_mark.column

    def list_offset(self) -> int:
        """How far this file indents a list's dashes past its key (2, or 0 for 'indentless' lists)."""
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
                        dash, _ = self._dash(value_node.value[0])
                        return max(0, dash - key_node.start_mark.column)
                    stack.append(value_node)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        return 2

    # --- positions ---------------------------------------------------------------------

    def _line_end(self, index: int) -> int:
        """Index just after the line break of the line holding `index` (or the end of the text)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _content_end(self, node: Node) -> int:
        """Just after the last character of the node's own text (not the comments or blank lines after it)."""
        while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _after(self, node: Node, deeper_than: int) -> int:
        """Where to insert lines after `node`: past its last line, and past comment lines indented
        more than column `deeper_than` that follow it (they belong to it)."""
        index = self._line_end(self._content_end(node))
        scan = index
        while scan < len(self.text):
            line = self.text[scan:self._line_end(scan)]
            stripped = line.lstrip(" ")
            scan += len(line)
            if not stripped.strip():
                continue  # a blank line: keep looking, but insert before it unless a deeper comment follows
            if not stripped.startswith("#") or len(line) - len(stripped) <= deeper_than:
                break
            index = scan
        return index

    def _dash(self, item: Node) -> tuple[int, int]:
        """(column of the dash, columns from dash to content) of a block list entry."""
        start = item.start_mark.index
        before = self.text[self._line_start(start):start]
        if "-" in before:
            dash = before.rindex("-")
            return dash, item.start_mark.column - dash
        return max(0, item.start_mark.column - 2), 2

    def _spaced(self, sequence: SequenceNode) -> bool:
        """Whether the list's last two entries are separated by a blank line (a new entry follows suit)."""
        if len(sequence.value) < 2:
            return False
        start = self._line_end(self._content_end(sequence.value[-2]))
        between = self.text[start:self._line_start(sequence.value[-1].start_mark.index)]
        return any(not line.strip() for line in between.split("\n")[:-1])

    # --- planning splices ----------------------------------------------------------------

    def _splice(self, start: int, end: int, text: str, new_key: bool = False) -> None:
        self._splices.append(_Splice(start, end, text, len(self._splices), new_key))

    def _insert_lines(self, index: int, lines: list[str], new_key: bool = False) -> None:
        lead = self.nl if index == len(self.text) and self.text and not self.text.endswith("\n") else ""
        self._splice(index, index, lead + "".join(line + self.nl for line in lines), new_key)

    def _above(self, key_node: Node) -> int:
        """Start of the line of `key_node`, or of the comment lines just above it at its indent (they are about it)."""
        index = self._line_start(key_node.start_mark.index)
        column = key_node.start_mark.column
        while index > 0:
            previous = self._line_start(index - 1)
            line = self.text[previous:index]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) != column:
                break
            index = previous
        return index

    def _value_text(self, node: ScalarNode, value) -> str:
        """The new value, in the quotes the old one was written in (if any)."""
        text = yamltext.inline(value)
        if text.startswith('"') or node.style not in ("'", '"'):
            return text
        if node.style == "'":
            return "'" + text.replace("'", "''") + "'"
        return yamltext.quoted(text)

    def _empty_value_span(self, key_node: Node) -> tuple[int, int]:
        """From just after the key's colon to the end of its line (without the line break)."""
        colon = self.text.index(":", key_node.end_mark.index)
        end = self._line_end(colon)
        while end > colon + 1 and self.text[end - 1] in "\r\n":
            end -= 1
        return colon + 1, end

    def _kept_comment(self, start: int, end: int) -> str:
        rest = self.text[start:end].strip()
        comment = rest[rest.index("#"):] if "#" in rest else ""
        if comment.lstrip("# ").startswith(PLACEHOLDER_HINT):
            return ""
        return "  " + comment if comment else ""

    def set_scalar(self, mapping: MappingNode, key: str, value, after: str | None = None) -> None:
        """Set `key` to a single-line value: in place if present, else as a new line after `after`'s value."""
        pair = self.get(mapping, key)
        if pair is not None:
            key_node, value_node = pair
            if not isinstance(value_node, ScalarNode):
                raise EditError(f"'{key}' at {self.path}:{value_node.start_mark.line + 1} is not a single value")
            if value_node.value == "" and value_node.style is None:
                start, end = self._empty_value_span(key_node)
                self._splice(start, end, " " + yamltext.inline(value) + self._kept_comment(start, end))
            else:
                self._splice(value_node.start_mark.index, value_node.end_mark.index, self._value_text(value_node, value))
            return
        column = self.key_column(mapping)
        anchor = self.get(mapping, after) if after else None
        index = self._after(anchor[1] if anchor else mapping, column - 1)
        self._insert_lines(index, yamltext.render_mapping({key: value}, column), new_key=True)

    def delete_key(self, mapping: MappingNode, key: str) -> None:
        pair = self.get(mapping, key)
        if pair is None:
            return
        if pair[0] is mapping.value[0][0]:
            raise EditError(f"'{key}' at {self.path}:{pair[0].start_mark.line + 1} is the first field of its entry; "
                            "remove it by hand")
        start = self._line_start(pair[0].start_mark.index)
        self._splice(start, self._after(pair[1], self.key_column(mapping)), "")

    def replace_key(self, mapping: MappingNode, key: str, new_key: str, value) -> None:
        """Replace the field `key` (its line, its value and the comments indented under it) by `new_key: value`,
        in the same place."""
        pair = self.get(mapping, key)
        if pair is None:
            raise EditError(f"{self.path} has no '{key}:' to replace")
        column = self.key_column(mapping)
        start = self._line_start(pair[0].start_mark.index)
        lines = yamltext.render_mapping({new_key: value}, column)
        self._splice(start, self._after(pair[1], column), "".join(line + self.nl for line in lines))

    def append_to_list(self, mapping: MappingNode, key: str, *items: dict, before: str | None = None) -> None:
        """Add `items` at the end of the block list under `key`, creating the key if needed
        (above the key `before` when the mapping has it, else at the end of the mapping)."""
        column = self.key_column(mapping)
        pair = self.get(mapping, key)
        if pair is None:
            following = self.get(mapping, before) if before else None
            index = self._above(following[0]) if following else self._after(mapping, column - 1)
            offset = column + self.list_offset()
            lines = [" " * column + f"{key}:"] + [line for item in items for line in yamltext.render_item(item, offset)]
            self._insert_lines(index, lines, new_key=True)
            return
        key_node, value_node = pair
        if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
            dash, offset = self._dash(value_node.value[-1])
            gap = [""] if self._spaced(value_node) else []
            lines = [line for item in items for line in gap + yamltext.render_item(item, dash, offset)]
            self._insert_lines(self._after(value_node, dash), lines)
            return
        empty = (isinstance(value_node, ScalarNode) and value_node.value == "" and value_node.style is None) or \
                (isinstance(value_node, SequenceNode) and not value_node.value)
        if not empty:
            where = f"{self.path}:{value_node.start_mark.line + 1}"
            raise EditError(f"'{key}' at {where} is not a list written one entry per line ('- ...'); "
                            f"rewrite it that way, then run the command again")
        start, end = self._empty_value_span(key_node)
        self._splice(start, end, self._kept_comment(start, end))
        offset = column + self.list_offset()
        self._insert_lines(self._line_end(end), [line for item in items for line in yamltext.render_item(item, offset)])

    def add_to_map(self, mapping: MappingNode, key: str, entry: str, value: dict, comment: str | None = None) -> None:
        """Add `entry: value` at the end of the block mapping under `key` (with a comment line above it, if
        given); a missing or empty `key` gets the mapping, indented as the file indents."""
        pair = self.get(mapping, key)
        comment_lines = [f"# {comment}"] if comment else []
        empty = pair is not None and ((isinstance(pair[1], ScalarNode) and pair[1].value == "" and pair[1].style is None)
                                      or (isinstance(pair[1], MappingNode) and not pair[1].value))
        if pair is None or empty:
            column = self.key_column(mapping)
            inner = column + 2
            lines = [" " * inner + line for line in comment_lines] + yamltext.render_mapping({entry: value}, inner)
            if pair is None:
                self._insert_lines(self._after(mapping, column - 1), [" " * column + f"{key}:", *lines], new_key=True)
            else:
                start, end = self._empty_value_span(pair[0])
                self._splice(start, end, self._kept_comment(start, end))
                self._insert_lines(self._line_end(end), lines)
            return
        if not isinstance(pair[1], MappingNode) or pair[1].flow_style:
            raise EditError(f"'{key}' in {self.path} is not written one entry per line; "
                            f"add the new entry '{entry}' by hand")
        column = self.key_column(pair[1])
        lines = [" " * column + line for line in comment_lines] + yamltext.render_mapping({entry: value}, column)
        self._insert_lines(self._after(pair[1], column - 1), lines)

    # --- result ------------------------------------------------------------------------------

    def result(self) -> bytes:
        pieces: list[str] = []
        cursor = 0
        for splice in sorted(self._splices, key=lambda s: (s.start, s.new_key, s.order)):
            if splice.start < cursor:
                raise EditError(f"two changes to {self.path} overlap; make them one at a time")
            pieces.append(self.text[cursor:splice.start])
            pieces.append(splice.text)
            cursor = splice.end
        pieces.append(self.text[cursor:])
        text = "".join(pieces)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")
