"""One self-contained HTML page from a Markdown document: inline CSS, no network, A4 print.

The HTML is made from the very Markdown dagov prints, with markdown-it-py. Raw HTML
is switched off, so anything in a plan file that looks like HTML (a '<script>' in a
title) shows as text; the page wrapper is a template with HTML autoescaping on.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

from dagov.plan.vocabulary import AMBER, COMPLETE, GREEN, GREY, RED
from dagov.render import trend_svg
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


def markdown_to_html(markdown: str) -> str:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    html = trend_svg.replace_fences(parser.render(markdown))
    for emoji, rag in RAG_DOTS.items():
        # a no-break space keeps the dot beside its word in a narrow table column
        html = html.replace(emoji + " ", f'<span class="rag rag-{rag}"></span>\u00a0').replace(
            emoji, f'<span class="rag rag-{rag}"></span>')
    return html


def page(markdown: str, title: str, marking: str, templates: Templates) -> str:
    """The whole HTML file: `title` for the browser tab, `marking` at the top and bottom of each printed page."""
    body = Markup(markdown_to_html(markdown))
    return templates.render(PAGE_TEMPLATE, {"title": title, "marking": marking, "body": body}, autoescape_html=True)
