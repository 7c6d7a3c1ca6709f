"""How papers and minutes name people: posts by their title, guests by name and organisation."""

from __future__ import annotations

from dataclasses import dataclass

from dagov.plan.model import Attendee, Organisation, Tree

NO_ORGANISATION = Organisation(None, {}, {}, {}, None)


def organisation_of(tree: Tree) -> Organisation:
    """The tree's organisation, or an empty one when organisation.yaml could not be read."""
    return tree.organisation or NO_ORGANISATION


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
