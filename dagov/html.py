"""One self-contained HTML page from a Markdown document: inline CSS, no network, A4 print.

The HTML is made from the very Markdown dagov prints, with markdown-it-py. Raw HTML
is switched off, so anything in a plan file that looks like HTML (a '<script>' in a
title) shows as text; the page wrapper is a template with HTML autoescaping on.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

from dagov.templating import Templates

PAGE_TEMPLATE = "page.html.j2"


def markdown_to_html(markdown: str) -> str:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    return parser.render(markdown)


def page(markdown: str, title: str, marking: str, templates: Templates) -> str:
    """The whole HTML file: `title` for the browser tab, `marking` at the top and bottom of each printed page."""
    body = Markup(markdown_to_html(markdown))
    return templates.render(PAGE_TEMPLATE, {"title": title, "marking": marking, "body": body}, autoescape_html=True)
