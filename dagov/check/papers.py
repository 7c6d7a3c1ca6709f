"""Rules on what a paper's writer wrote: paragraphs that number themselves, internal blocks
in a paper that may be published.

dagov numbers a paper's paragraphs (2.1, 2.2 ...); a paragraph that starts with its own
number prints both (`**2.1** 2.1 The force ...`). A paper marked `foi: disclosable` is
rendered for the public by default, which leaves out the blocks internal as a whole
(dagov.plan.audience); including one without saying `audience: internal` is most likely
a mistake, so `check` says what the public paper will lack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dagov.patterns import compiled_on_use
from dagov.plan import audience
from dagov.plan.findings import WARNING, Finding, Pos
from dagov.plan.model import Paper, Section, Tree
from dagov.plan.vocabulary import DISCLOSABLE

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode

OWN_NUMBER = compiled_on_use(r"\s*(\(?\d{1,3}(?:\.\d{1,3})+\.?\)?|\d{1,3}[.)])(?=\s+[A-Z\"'(\u2018\u201c]|\s*$)")
"""A paragraph that starts like `1.1 The`, `2.3.1 A`, `4. The` or `3) An`: numbered by hand. A number
followed by a lower-case word (`1.5 million calls ...`) is part of the sentence."""


def _papers(tree: Tree) -> Iterator[Paper]:
    for plan in tree.plans.values():
        yield from plan.papers.values()


def self_numbered_paragraphs(tree: Tree) -> Iterator[Finding]:
    """A paragraph that starts with a number of its own, which would print after dagov's."""
    for paper in _papers(tree):
        root: list[Node | None] = []  # the paper's YAML, composed again only if a paragraph needs its place
        for number, section in enumerate(paper.sections, start=1):
            for place, text in enumerate(section.paragraphs, start=1):
                found = OWN_NUMBER.match(text)
                if found is None:
                    continue
                own = found.group(1)
                yield Finding.at(
                    _paragraph_pos(tree, root, section, place, text, found.start(1)), "self-numbered-paragraph",
                    f"paragraph {number}.{place} starts with a number of its own ('{own}'); dagov numbers every "
                    f"paragraph, so the paper would print '{number}.{place} {own} ...': delete '{own}' from the "
                    f"start of the paragraph", WARNING)


def internal_blocks_in_disclosable_papers(tree: Tree) -> Iterator[Finding]:
    """A disclosable paper's section that includes a block internal as a whole, without `audience: internal`."""
    for paper in _papers(tree):
        if paper.foi != DISCLOSABLE:
            continue
        for number, section in enumerate(paper.sections, start=1):
            internal = audience.whole_block(section.include or "")
            if internal is None or section.audience == audience.INTERNAL:
                continue
            yield Finding.at(
                section.at("include"), "internal-block-in-disclosable-paper",
                f"paper {paper.id} may be disclosed under FOI, but section {number} ({section.title}) includes "
                f"'{section.include}', which is internal ({internal.why}): the public version of the paper leaves "
                f"it out; add 'audience: internal' to the section to say the board alone sees it, or include "
                f"another block", WARNING)


def _paragraph_pos(tree: Tree, root: list[Node | None], section: Section, place: int, text: str,
                   offset: int) -> Pos:
    """Where the paragraph's own number is written: line and column in the paper file
    (the paragraphs' field when the file cannot be read again); `root` caches the file's nodes.
    Only here is PyYAML imported: a paragraph that numbers itself is rare, and the file's model is
    usually read from the parse cache."""
    from yaml.nodes import ScalarNode

    from dagov.plan.parse import parse_yaml

    fallback = section.at("paragraphs")
    try:
        source = tree.texts[fallback.path]
    except KeyError:
        return fallback
    if not root:
        root.append(parse_yaml(fallback.path, source.encode("utf-8"), []))
    items = _paragraph_nodes(root[0], section.pos)
    node = items[place - 1] if len(items) >= place else None
    if not isinstance(node, ScalarNode) or node.value != text:
        return fallback
    return Pos(fallback.path, *_text_start(node, source, offset))


def _paragraph_nodes(root: Node | None, pos: Pos) -> list[Node]:
    """The paragraph nodes of the section written at `pos`."""
    from yaml.nodes import SequenceNode

    sections = _value(root, "sections")
    if not isinstance(sections, SequenceNode):
        return []
    for item in sections.value:
        if (item.start_mark.line + 1, item.start_mark.column + 1) == (pos.line, pos.col):
            paragraphs = _value(item, "paragraphs")
            return list(paragraphs.value) if isinstance(paragraphs, SequenceNode) else []
    return []


def _value(node: Node | None, key: str) -> Node | None:
    from yaml.nodes import MappingNode, ScalarNode

    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)


def _text_start(node: ScalarNode, source: str, offset: int) -> tuple[int, int]:
    """Line and column of the character `offset` into the scalar's first line of text."""
    line, col = node.start_mark.line, node.start_mark.column
    if node.style in ("|", ">"):  # the text starts on the first line with something on it after the indicator
        lines = source.splitlines()
        line += 1
        while line < len(lines) and not lines[line].strip():
            line += 1
        col = len(lines[line]) - len(lines[line].lstrip()) if line < len(lines) else 0
        offset -= len(node.value) - len(node.value.lstrip())
    elif node.style in ("'", '"'):
        col += 1
    return line + 1, col + 1 + offset
