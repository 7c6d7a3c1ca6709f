"""Rules on the dated holders of a post (organisation.yaml `holders:`): a period written the wrong
way round, and two holders on the same day. Documents name the holder of their own date
(dagov.plan.people.holder_on), so either would name the wrong person, or nobody."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.model import Holder, Tree


def _day(held: Holder) -> str:
    return held.from_.isoformat() if held.from_ else "?"


def holder_periods(tree: Tree) -> Iterator[Finding]:
    if tree.organisation is None:
        return
    for role in tree.organisation.roles.values():
        if role.holder and role.holders:
            yield Finding.at(role.at("holder"), "holder-and-holders",
                             f"role {role.id} has both 'holder' ({role.holder}) and 'holders'; documents name the "
                             "dated holders only: delete 'holder', or add them to 'holders' with their 'from' date",
                             WARNING)
        dated = [h for h in role.holders if h.from_]
        for held in dated:
            if held.to and held.from_ and held.to < held.from_:
                yield Finding.at(held.at("to"), "holder-date-order",
                                 f"{held.name or 'a holder'} of {role.id} holds the post to {held.to}, before "
                                 f"they start on {_day(held)}; 'to' is their last day: correct 'to' or 'from'",
                                 ERROR)
        ordered = sorted((h for h in dated if not (h.to and h.from_ and h.to < h.from_)), key=_day)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.to is None or (later.from_ and later.from_ <= earlier.to):
                until = f"to {earlier.to}" if earlier.to else "with no 'to'"
                yield Finding.at(later.at("from"), "holders-overlap",
                                 f"{later.name or 'a holder'} holds {role.id} from {_day(later)}, while "
                                 f"{earlier.name or 'the holder before'} still does (from {_day(earlier)} {until}); "
                                 f"give {earlier.name or 'them'} 'to:' the day before {_day(later)}, or correct "
                                 f"the dates", ERROR)
