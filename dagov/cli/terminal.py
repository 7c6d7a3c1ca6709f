"""Printing report blocks (dagov.report.layout) on a terminal with rich: colour, fitted tables.

Imported only inside commands, and only when stdout is a terminal without NO_COLOR,
so piped output and --format json never load rich.
"""

from __future__ import annotations

from dagov.plan.vocabulary import AMBER, CLOSED, COMPLETE, GREEN, GREY, NO_ACTIONS, RED, SUPERSEDED

RAG_STYLES = {
    RED: "bold red",
    AMBER: "bold yellow",
    GREEN: "green",
    COMPLETE: "blue",
    GREY: "dim",
    CLOSED: "blue",
    SUPERSEDED: "dim",
    NO_ACTIONS: "dim",
}


def print_sections(sections) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from dagov.report.layout import RAG_HEADERS, Heading, Line, column_widths, printable_sections

    console = Console(highlight=False)
    for section in printable_sections(sections):
        dim = "dim" if section.dim else ""
        for block in section.blocks:
            if isinstance(block, Heading):
                console.print()
                console.print(Text(block.text, style=f"bold underline {dim}" if block.level == 1 else f"bold {dim}"),
                              overflow="ellipsis", no_wrap=True)
            elif isinstance(block, Line):
                console.print(Text(block.text, style=dim))
            else:
                # The same widths as plain text: only the shrinkable column (titles) gives way,
                # so ids, owners, dates and RAGs are never cut.
                widths = column_widths(block, console.width)
                console.print()
                table = Table(title=block.title, title_justify="left", title_style=f"bold {dim}", box=None,
                              padding=(0, 1), pad_edge=False, show_edge=False, style=dim,
                              header_style=f"bold underline {dim}")
                for column, width in zip(block.columns, widths, strict=True):
                    table.add_column(column.header, justify="right" if column.right else "left", no_wrap=True,
                                     overflow="ellipsis", width=width)
                rag_columns = {i for i, c in enumerate(block.columns) if c.header in RAG_HEADERS}
                for row in block.rows:
                    table.add_row(*(Text(cell, style=RAG_STYLES.get(cell, "") if i in rag_columns else "")
                                    for i, cell in enumerate(row)), style=dim)
                console.print(table)
