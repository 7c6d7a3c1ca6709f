"""Text from plan files and git made safe to print: control characters shown, never obeyed.

A YAML escape ("\\e[2J"), a file name or a commit author can hold control characters.
Printed raw, ESC and CSI sequences clear the screen, retitle the window or hide text
(OSC 8 links), a BEL rings, a CR overwrites what was printed, and a newline in a file
name starts a line that reads as a finding of its own. So every text output passes
text that came from files or git through one of these two functions, at the edge
where it is printed:

- `printable(text)` for text that may span lines (a rendered paper): tab and newline
  are kept, every other control character is replaced;
- `one_line(text)` for a line that must stay one line (a finding, a table cell, a file
  name, a commit subject): newline, CR and tab are replaced too.

A replaced character is shown as its Python-style escape, so it can be read and
searched for: `\\x1b` for ESC, `\\x9b` for the C1 CSI, `\\x7f` for DEL, and `\\n`,
`\\r`, `\\t` for newline, carriage return and tab. Backslashes themselves are left as
they are (Windows paths and ordinary text stay readable), so a file that literally
holds the four characters `\\x1b` prints the same as one that holds ESC; the findings
of `dagov check` (JSON included) say which it is.

Replaced: C0 controls (U+0000-U+001F), DEL (U+007F) and C1 controls (U+0080-U+009F),
which some terminals obey as 8-bit escapes.
"""

from __future__ import annotations

import re

from dagov.patterns import compiled_on_use

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROL = compiled_on_use("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = compiled_on_use("[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def printable(text: str) -> str:
    """`text` with every control character but tab and newline shown as an escape (`\\x1b`)."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def one_line(text: str) -> str:
    """`text` with every control character, newline, CR and tab included, shown as an escape."""
    return _CONTROL_OR_BREAK.sub(_escape, text) if _CONTROL_OR_BREAK.search(text) else text


_JSON_UNSAFE = compiled_on_use("[\x7f-\x9f]")


def json_safe(document: str) -> str:
    """A JSON text with DEL and the C1 controls written as \\u escapes (json.dumps escapes only C0).

    They can occur only inside strings, so the document still parses to the same data."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document) if _JSON_UNSAFE.search(document) else document


# --- Markdown -------------------------------------------------------------------------
# The one Markdown escaper of every output: reports, papers, history. Plain text in, plain
# text out, so the layers below rendering (which alone knows Jinja2) can use it too.

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the ones
# that can start emphasis, code, links, HTML, entities or table cells anywhere in a line.
_INLINE_SPECIAL = compiled_on_use(r"([\\`*_\[\]<>|~&#])")
# At the start of a line these would make a list item or a setext heading underline.
_ORDERED_START = compiled_on_use(r"^(\d+)([.)])")
_WHITESPACE = compiled_on_use(r"\s+")


def markdown_inline(text: object) -> str:
    """One line of literal text: runs of whitespace (newlines too) become one space, every
    Markdown character is escaped, and so is a start that would make a list item."""
    # Control characters are shown as escapes (\x1b), whose backslash is then escaped like any other.
    flat = "" if text is None else printable(_WHITESPACE.sub(" ", str(text)))
    escaped = _INLINE_SPECIAL.sub(r"\\\1", flat)
    body = escaped.lstrip(" ")
    lead = escaped[: len(escaped) - len(body)]
    body = "\\" + body if body[:1] in ("-", "+", "=") else _ORDERED_START.sub(r"\1\\\2", body)
    return lead + body
