"""How papers and minutes name people: posts by their title, guests by name and organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dagov.plan.model import Attendee, Organisation, Role, Tree

NO_ORGANISATION = Organisation(None, {}, {}, {}, None)


def organisation_of(tree: Tree) -> Organisation:
    """The tree's organisation, or an empty one when organisation.yaml could not be read."""
    return tree.organisation or NO_ORGANISATION


def holder_on(role: Role, day: dt.date) -> str | None:
    """Who held the post on `day`: the dated holder whose period covers it (first and last day included),
    None when nobody's does; a role with no dated holders has its `holder`, since an unknown date."""
    if not role.holders:
        return role.holder
    for held in role.holders:
        if held.from_ and held.from_ <= day and (held.to is None or day <= held.to):
            return held.name
    return None


def organisation_on(organisation: Organisation, day: dt.date) -> Organisation:
    """The organisation as it stood on `day`: each role's `holder` is the holder of that date."""
    roles = {key: replace(role, holder=holder_on(role, day)) for key, role in organisation.roles.items()}
    return replace(organisation, roles=roles)


def tree_on(tree: Tree, day: dt.date) -> Tree:
    """The tree with the post holders of `day`, for a document or report of that date."""
    if tree.organisation is None or not any(r.holders for r in tree.organisation.roles.values()):
        return tree
    return replace(tree, organisation=organisation_on(tree.organisation, day))


def role_title(organisation: Organisation, role_id: str | None) -> str:
    """A role's title; its id when organisation.yaml does not define it."""
    role = organisation.roles.get(role_id or "")
    return (role.title or role.id) if role else (role_id or "")


@dataclass(frozen=True)
class Person:
    """Someone at a meeting: a post (with who holds it now) or a named guest."""

    name: str | None
    post: str

    def __str__(self) -> str:
        return f"{self.name}, {self.post}" if self.name and self.post else (self.name or self.post)


def person(organisation: Organisation, attendee: Attendee) -> Person:
    if attendee.name:
        post = role_title(organisation, attendee.role) if attendee.role else (attendee.organisation or "")
        return Person(attendee.name, post)
    role = organisation.roles.get(attendee.role or "")
    return Person(role.holder if role else None, role_title(organisation, attendee.role))
