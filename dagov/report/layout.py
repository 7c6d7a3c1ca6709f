"""A report as plain blocks (headings, lines, tables), and two ways to print it.

Reports are built once as blocks; `as_text` prints them as plain text that fits a
given width and `as_markdown` as GitHub-flavoured Markdown. The CLI prints the same
blocks with rich on a terminal. So the three forms cannot disagree about content.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dagov.plan.classcode import CompiledOnce
from dagov.textsafe import one_line

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

ELLIPSIS = "…"
GAP = "  "
MIN_SHRINK = 8
"""A truncated column never gets narrower than this."""


@dataclass(frozen=True)
class Column:
    """A column of a report's table: its header, its alignment, and whether it is the one cut to fit."""

    header: str
    right: bool = False
    shrink: bool = False
    """The column that is truncated (with an ellipsis) to make the table fit; titles, never ids."""


@dataclass(frozen=True)
class Table:
    """A table of a report section: its title, columns and rows of text."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Heading:
    """A heading of a report section, at a level (1 is the top)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Line:
    """A line of text of a report section; `dim` to show it quieter than the rest."""

    text: str
    dim: bool = False


Block = Table | Heading | Line
"""What a section is made of."""


@dataclass(frozen=True)
class ReportSection:
    """Part of a report; `dim` for what is shown for the record only (a superseded plan)."""

    blocks: tuple[Block, ...] = field(default_factory=tuple)
    dim: bool = False


RAG_HEADERS = frozenset({"RAG", "Stated"})
"""Columns whose cells are RAG names (the terminal colours them)."""


def truncate(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + ELLIPSIS


def column_widths(table: Table, width: int) -> list[int]:
    """Natural widths, with the shrinkable column cut so the row fits `width` when it can."""
    widths = [max([len(c.header)] + [len(row[i]) for row in table.rows]) for i, c in enumerate(table.columns)]
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    for i, column in enumerate(table.columns):
        if column.shrink and total > width:
            widths[i] = max(MIN_SHRINK, len(column.header), widths[i] - (total - width))
            break
    return widths


def _text_row(cells: Sequence[str], columns: Sequence[Column], widths: Sequence[int]) -> str:
    parts = []
    for cell, column, w in zip(cells, columns, widths, strict=False):
        cell = truncate(cell, w)
        parts.append(cell.rjust(w) if column.right else cell.ljust(w))
    return GAP.join(parts).rstrip()


def table_text(table: Table, width: int) -> list[str]:
    widths = column_widths(table, width)
    lines = [truncate(table.title, width), _text_row([c.header for c in table.columns], table.columns, widths),
             _text_row(["-" * w for w in widths], table.columns, widths)]
    lines.extend(_text_row(row, table.columns, widths) for row in table.rows)
    return lines


def _safe_block(block: Block) -> Block:
    if isinstance(block, Table):
        return replace(block, title=one_line(block.title), columns=tuple(replace(c, header=one_line(c.header))
                                                                          for c in block.columns),
                       rows=tuple(tuple(one_line(cell) for cell in row) for row in block.rows))
    return replace(block, text=one_line(block.text))


def printable_sections(sections: list[ReportSection]) -> list[ReportSection]:
    """The report with every heading, line and cell one printable line (see dagov.textsafe).

    Report text comes from plan files: a newline in a title must not break a table row,
    nor an ESC reach the terminal. Done before widths are measured, so escapes are counted."""
    return [replace(s, blocks=tuple(_safe_block(b) for b in s.blocks)) for s in sections]


def as_text(sections: list[ReportSection], width: int = 80) -> str:
    out: list[str] = []
    for section in printable_sections(sections):
        for block in section.blocks:
            if isinstance(block, Heading):
                if out:
                    out.append("")
                heading = truncate(block.text, width)
                out.append(heading)
                out.append(("=" if block.level == 1 else "-") * len(heading))
            elif isinstance(block, Line):
                # Sentences wrap (nothing is lost); only table cells are truncated.
                out.extend(textwrap.wrap(block.text, width, subsequent_indent="  ", break_on_hyphens=False) or [""])
            elif isinstance(block, Table):
                out.append("")
                out.extend(table_text(block, width))
    return "\n".join(out) + "\n"


def as_markdown(sections: list[ReportSection]) -> str:
    """GitHub-flavoured Markdown in which every text is escaped by dagov.textsafe.markdown_inline, the one Markdown
    escaper (papers use it too): titles cannot become HTML, links, images or formatting."""
    from dagov.textsafe import markdown_inline

    def md(text: str) -> str:
        return str(markdown_inline(text))  # a str: Markup would HTML-escape what is added to it

    def md_cell(text: str) -> str:
        return md(text).strip() or " "  # an empty cell would end the row early

    out: list[str] = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Heading):
                out += ["#" * (block.level + 1) + " " + md(block.text), ""]
            elif isinstance(block, Line):
                out.append("- " + md(block.text))
            elif isinstance(block, Table):
                if out and out[-1] != "":  # a table needs a blank line before it
                    out.append("")
                out.append(f"**{md(block.title)}**")
                out.append("")
                out.append("| " + " | ".join(md_cell(c.header) for c in block.columns) + " |")
                out.append("|" + "|".join("---:" if c.right else "---" for c in block.columns) + "|")
                out.extend("| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in block.rows)
                out.append("")
        if out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


_compiling.close()
