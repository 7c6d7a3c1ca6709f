"""Who a paper is for, and what in it is internal: the one place that says so.

A paper goes to its board (`internal`: the whole paper) or, when it may be disclosed
under FOI, out of the force (`public`). What names the posts behind a judgement or
quotes what owners wrote in their updates is internal: a public paper leaves it out,
and says so in one line. `dagov render paper --audience` chooses; `dagov check` warns
when a disclosable paper includes a block that is internal as a whole (rule
`internal-block-in-public-paper`). docs/templates.md lists the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from dagov.plan.classcode import CompiledOnce
from dagov.plan.vocabulary import AUDIENCES, DISCLOSABLE, INTERNAL, PUBLIC

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

__all__ = ["AUDIENCES", "INTERNAL", "PUBLIC", "InternalPart", "default_audience", "internal_parts", "whole_block"]


@dataclass(frozen=True)
class InternalPart:
    """A part of a document left out of its public version: the block, what is left out and why."""

    block: str
    part: str
    """The name a block template asks about: `shows("stale")`; "" for the whole block."""
    what: str
    """What is left out, as the public paper's line names it."""
    why: str


INTERNAL_PARTS = (
    InternalPart("exceptions", "disagreements",
                 "the table of actions whose owner's RAG is greener than the dates allow",
                 "it names the owning posts and questions their judgement"),
    InternalPart("exceptions", "stale", "the list of actions with no recent update",
                 "it is a management prompt to owners, not a measure of progress"),
    InternalPart("exceptions", "blocked-updates", "the latest updates of blocked actions",
                 "it quotes what owners wrote in their updates"),
    InternalPart("changes-since-last-meeting", "", "the changes since the last meeting",
                 "it quotes owners' updates and names who wrote them"),
    InternalPart("assessments", "partners", "what partners told the board about each recommendation",
                 "it quotes partner organisations' views given to the board"),
)
"""Everything internal by default: parts of a block (`part` set) and whole blocks (`part` "")."""

INTERNAL_BLOCKS = tuple(p.block for p in INTERNAL_PARTS if not p.part)
"""Blocks internal as a whole: a public paper leaves out the section's block."""


def internal_parts(block: str) -> tuple[InternalPart, ...]:
    """The internal parts of `block` (not the block as a whole)."""
    return tuple(p for p in INTERNAL_PARTS if p.block == block and p.part)


def whole_block(block: str) -> InternalPart | None:
    return next((p for p in INTERNAL_PARTS if p.block == block and not p.part), None)


def default_audience(foi: str | None) -> str:
    """Public for a paper marked `foi: disclosable`, internal for any other."""
    return PUBLIC if foi == DISCLOSABLE else INTERNAL


_compiling.close()
