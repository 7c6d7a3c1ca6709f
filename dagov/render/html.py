"""One self-contained HTML page from a Markdown document: inline CSS, no network, A4 print.

The HTML is made from the very Markdown dagov prints, with markdown-it-py. Raw HTML
is switched off, so anything in a plan file that looks like HTML (a '<script>' in a
title) shows as text; the page wrapper is a template with HTML autoescaping on.
"""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

from dagov.plan.vocabulary import AMBER, COMPLETE, GREEN, GREY, RED
from dagov.render import svg
from dagov.render.templating import Templates

PAGE_TEMPLATE = "page.html.j2"


# The Markdown's RAG badges are emoji, which GitHub shows in colour; printers and machines
# without an emoji font show an empty box instead, so on the page they become CSS dots.
RAG_DOTS = {
    "\U0001F534": RED,
    "\U0001F7E0": AMBER,
    "\U0001F7E2": GREEN,
    "\U0001F535": COMPLETE,
    "\u26AA": GREY,
}


MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December|"
               "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# Text a line must never break inside: a date ("12 June 2014", "2014-06-12") and an id with a
# hyphen or dot ("SB-18", "R05.4", "da-2014-2016"); kept whole in a no-wrap span.
_UNBREAKABLE = re.compile(rf"\b(?:\d{{1,2}} (?:{MONTH_NAMES}) \d{{4}}|\d{{4}}-\d\d-\d\d"
                          r"|[A-Za-z]{1,6}\d*(?:[-.][A-Za-z]*\d+)+(?:\.\d+)?)\b")
_TEXT = re.compile(r">([^<]+)<")
_BADGE = re.compile("(" + "|".join(RAG_DOTS) + r")(?: (\w+))?")
CHART_FENCE = "dagov-chart"


def _fence(self, tokens, idx, options, env) -> str:
    """A `dagov-chart` fence becomes the chart dagov draws from its spec; any other fence stays code."""
    token = tokens[idx]
    if token.info.strip() == CHART_FENCE:
        try:
            spec = json.loads(token.content)
            drawn = svg.draw(spec) if isinstance(spec, dict) else None
        except (ValueError, KeyError, TypeError, AttributeError):
            drawn = None  # a hand-written fence that is not a chart dagov draws: shown as the text it is
        if drawn is not None:
            return f'<figure class="chart">\n{drawn}\n</figure>\n'
    return self.fence(tokens, idx, options, env)


def _keep_whole(match: re.Match) -> str:
    text = _UNBREAKABLE.sub(lambda m: f'<span class="nowrap">{m.group()}</span>', match.group(1))
    return f">{text}<"


def _badge(match: re.Match) -> str:
    dot = f'<span class="rag rag-{RAG_DOTS[match.group(1)]}"></span>'
    # the dot and its word in one no-wrap span: a dot alone at a line's end reads as nothing
    return f'<span class="rag-status">{dot}\u00a0{match.group(2)}</span>' if match.group(2) else dot


WIDE_TABLE = 7
"""A table with this many columns or more is set smaller, so its text columns stay readable on A4."""


def _mark_wide_tables(html: str) -> str:
    parts = html.split("<table>")
    for i in range(1, len(parts)):
        head = parts[i].split("</thead>", 1)[0]
        if head.count("<th") >= WIDE_TABLE:
            parts[i] = ' class="wide">' + parts[i]
        else:
            parts[i] = ">" + parts[i]
    return "<table".join(parts)


def markdown_to_html(markdown: str) -> str:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "xhtmlOut": False})
    parser.enable(["table", "strikethrough"])
    parser.add_render_rule("fence", _fence)
    html = parser.render(markdown)
    parts = re.split(r"(<svg[^>]*>.*?</svg>)", html, flags=re.S)  # drawn charts are left as drawn
    for i in range(0, len(parts), 2):
        parts[i] = _BADGE.sub(_badge, _TEXT.sub(_keep_whole, parts[i]))
    return _mark_wide_tables("".join(parts))


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: every character but letters, digits and spaces as a hex
    escape, so nothing in it can end the string, the rule or the style element."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text) + '"'


def page_boxes(marking: str, reference: str, draft: bool = False) -> Markup:
    """The printed page's margin boxes: the marking at the top and bottom of every page, the
    reference at the bottom left, "Page n of m" at the bottom right (CSS paged media), and a
    document rendered with --draft says DRAFT at the top left and right of every page."""
    mark, ref = css_string(marking), css_string(reference)
    drafted = ('  @top-left { content: "DRAFT"; color: #b00020; font-weight: bold; }\n'
               '  @top-right { content: "DRAFT"; color: #b00020; font-weight: bold; }\n') if draft else ""
    return Markup(
        "@page {\n" + drafted +
        f"  @top-center {{ content: {mark}; }}\n"
        f"  @bottom-center {{ content: {mark}; }}\n"
        f"  @bottom-left {{ content: {ref}; }}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); }\n'
        "}\n" + "".join(f".rag-{rag} {{ background: {colour}; }}\n" for rag, colour in svg.RAG_COLOURS.items()))


def page(markdown: str, title: str, marking: str, templates: Templates, reference: str = "",
         draft: str | None = None) -> str:
    """The whole HTML file: `title` for the browser tab, `marking` at the top and bottom of each
    printed page, `reference` (the paper's id) and the page number at its foot, and `draft` (the
    DRAFT mark of a document rendered with --draft) above and below the text and on every page."""
    body = Markup(markdown_to_html(markdown))
    return templates.render(PAGE_TEMPLATE, {"title": title, "marking": marking, "draft": draft, "body": body,
                                            "page_boxes": page_boxes(marking, reference or title, draft is not None)},
                            autoescape_html=True)
