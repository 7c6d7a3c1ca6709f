"""Text from plan files made safe for Markdown and Mermaid.

Plan files are written by people, not by template authors: a pipe in a title must
not split a table cell, a line starting with '#' must not become a heading, and a
'<script>' must show as text. Everything a template prints goes through `inline`
unless a filter has already made it Markdown (then it is a `Markup` string).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from dagov.textsafe import markdown_inline

_WHITESPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^[-*]\s+")


def inline(text: object) -> Markup:
    """One line of literal text as Markdown (see `dagov.textsafe.markdown_inline`), marked safe."""
    if isinstance(text, Markup):
        return text
    return Markup(markdown_inline(text))


def cell(text: object) -> Markup:
    """Text for a table cell: as `inline`, and never empty (an empty cell reads as an omission)."""
    escaped = inline(text).strip()
    return Markup(escaped) if escaped else Markup("\u2014")


def prose(text: object) -> Markup:
    """Several lines of literal text (minutes, notes) as Markdown paragraphs and bullet lists.

    Blank lines separate paragraphs; lines starting with '- ' are list items (an
    indented line continues the item above). Nothing else the writer typed is markup.
    """
    if isinstance(text, Markup):
        return text
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", str(text).strip()):
        blocks.extend(_prose_block(chunk.splitlines()))
    return Markup("\n\n".join(blocks))


def _prose_block(lines: list[str]) -> list[str]:
    """One chunk without blank lines: runs of plain lines and runs of list items."""
    runs: list[tuple[str, list[str]]] = []  # ("p", lines) or ("li", [item, item...])
    for line in lines:
        if _BULLET.match(line):
            if not runs or runs[-1][0] != "li":
                runs.append(("li", []))
            runs[-1][1].append(_BULLET.sub("", line))
        elif line[:1].isspace() and runs and runs[-1][0] == "li":
            runs[-1][1][-1] += " " + line.strip()
        elif runs and runs[-1][0] == "p":
            runs[-1][1].append(line)
        else:
            runs.append(("p", [line]))
    out = []
    for kind, parts in runs:
        if kind == "li":
            out.append("\n".join(f"- {inline(p)}" for p in parts))
        else:
            out.append(str(inline(" ".join(parts))))
    return out


# Words that Mermaid's gantt reads as a statement when a line starts with them (it
# matches them case-insensitively, before a task's text), and a date, which it reads
# as a date token: a task label starting with one would be lost or break the chart.
_MERMAID_KEYWORD_START = re.compile(
    r"^(?:(?:call|click|accTitle|accDescr|accDescription|href|gantt|inclusiveEndDates|topAxis|weekday|weekend"
    r"|dateFormat|axisFormat|tickInterval|includes|excludes|todayMarker|title|section)\b|\d{4}-\d\d-\d\d)",
    re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_MERMAID_SYNTAX = re.compile(r"[#`{}<>\[\]]")
_WORD_JOINER = "\u2060"


def mermaid_text(text: object, limit: int = 60, fallback: object = "\u2014") -> Markup:
    """A label for a Mermaid diagram: one line, none of the characters Mermaid treats as syntax,
    and never empty, so it parses whatever the plan's titles hold.

    Diagrams sit in a code fence, where Markdown escapes would show, so this is the
    only escaping they get; backticks are among the characters removed, so the text
    cannot close the fence. `%` (which starts a comment, `%%{` a directive) becomes
    "per cent", `:` (which ends a task's text) a dash, `;` a comma. A label that would
    be empty after this (a title of only '#' or '[]': `section ` alone does not parse)
    is `fallback` instead, and if that is empty too, a dash. A label that starts with a
    word Mermaid reads as a statement (`title`, `section`, `gantt` ...) or with a date
    gets an invisible word joiner in front, so it stays a label."""
    flat = _clean_mermaid(text, limit) or _clean_mermaid(fallback, limit) or "\u2014"
    if _MERMAID_KEYWORD_START.match(flat):
        flat = _WORD_JOINER + flat
    return Markup(flat)


def _clean_mermaid(text: object, limit: int) -> str:
    flat = _CONTROL.sub(" ", "" if text is None else str(text))
    flat = _WHITESPACE.sub(" ", flat).strip()
    flat = re.sub(r"(\d):(\d)", r"\1.\2", flat)  # 08:00 -> 08.00, as British style writes times
    flat = re.sub(r"%+", " per cent", flat).replace(":", " -").replace(";", ",").replace('"', "'")
    flat = _MERMAID_SYNTAX.sub(" ", flat)
    flat = _WHITESPACE.sub(" ", flat).strip()
    if len(flat) > limit:
        cut = flat[: limit - 1]
        if " " in cut[limit // 2:]:
            cut = cut.rsplit(" ", 1)[0]  # end on a whole word
        flat = cut.rstrip(" ,.-") + "\u2026"
    return flat


def mermaid_id(text: object) -> Markup:
    """A Mermaid task id: letters, digits and underscores only (R05.4 -> R05_4)."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", str(text))
    return Markup(cleaned if cleaned[:1].isalpha() else "t" + cleaned)
