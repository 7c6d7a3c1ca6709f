"""A role or key area named the way people name it: by its id, its title, or (a role) whoever holds it.

Options (`--owner "Head of Public Protection"`, `--area "Victim care"`) and spreadsheet cells
("DCI Smith") name roles and areas by title or by person. One lookup serves them all, so a
name that works in one place works in every other: the id as written, else the title or the
holder's name compared without case, spacing or punctuation. A title's trailing bracket is
optional ("Head of Public Protection" finds "Head of Public Protection (Detective Chief
Superintendent)"), and a rank before a surname finds the post its holder holds ("DCI
Pritchard" finds the role Joanne Pritchard holds). A name that fits several is never guessed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from dagov.errors import UsageError
from dagov.patterns import compiled_on_use
from dagov.plan.model import Plan, Tree
from dagov.words import close_matches

_BRACKET = compiled_on_use(r"\s*\([^()]*\)\s*$")

RANKS = frozenset(
    "mr mrs ms miss mx dr prof cllr sir dame pc dc ps ds sgt sergeant insp inspector di ci dci ch chief supt "
    "superintendent dsupt tsupt csupt dsu dcs d t a acting temporary det detective acc dcc".split())
"""Ranks and honorifics a tracker puts before a surname ('DCI Smith', 'D/Supt Jones', 'Dr Callow')."""


def words(text: str) -> str:
    """`text` as names are compared: lower case, runs of anything but letters and digits one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def id_for(title: str, fallback: str = "item") -> str:
    """The id a title would get: 'Victim care' -> victim-care (lower-case letters, digits, hyphens)."""
    text = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return text[:60].rstrip("-") or fallback


@dataclass(frozen=True)
class Match:
    """What a name given on the command line stands for: an id, how it was found, or the several it could be."""

    ident: str | None
    """The id the name stands for; None when nothing, or more than one, fits."""
    how: str = "id"
    """How it was found: 'id', 'title' or 'holder'."""
    several: tuple[str, ...] = ()
    """Every id that fits, when more than one does."""


class Names:
    """The roles of organisation.yaml, or the areas of a plan, by every name they go by."""

    def __init__(self, entries: Mapping[str, object], kind: str):
        self.kind = kind
        """'role' or 'area'."""
        self.entries = dict(entries)
        self._by: dict[str, dict[str, set[str]]] = {"id": {}, "title": {}, "holder": {}, "surname": {}}
        for ident, entry in self.entries.items():
            self._add("id", ident, ident)
            title = getattr(entry, "title", None)
            if title:
                self._add("title", title, ident)
                short = _BRACKET.sub("", title)
                if short and short != title:
                    self._add("title", short, ident)
            holder = getattr(entry, "holder", None)
            if holder:
                self._add("holder", holder, ident)
                self._add("surname", words(holder).split(" ")[-1], ident)

    def _add(self, how: str, name: str, ident: str) -> None:
        key = words(name)
        if key:
            self._by[how].setdefault(key, set()).add(ident)

    def find(self, name: str) -> Match:
        """The entry `name` stands for: its id exactly, else by id, title or holder without case."""
        if name in self.entries:
            return Match(name)
        key = words(name)
        for how in ("id", "title", "holder"):
            found = self._by[how].get(key, set())
            if len(found) == 1:
                return Match(next(iter(found)), how)
            if found:
                return Match(None, how, tuple(sorted(found)))
        # 'DCI Smith': a rank or honorific, then the holder's surname (or whole name)
        tokens = key.split(" ")
        rest = tokens[next((i for i, t in enumerate(tokens) if t not in RANKS), len(tokens)):]
        if rest and len(rest) < len(tokens):
            found = self._by["holder"].get(" ".join(rest)) or \
                (self._by["surname"].get(rest[0], set()) if len(rest) == 1 else set())
            if len(found) == 1:
                return Match(next(iter(found)), "holder")
            if found:
                return Match(None, "holder", tuple(sorted(found)))
        return Match(None, "")

    def describe(self, ident: str) -> str:
        """'head-daisu (Head of the DAISU, Joanne Pritchard)': an id with what it stands for."""
        entry = self.entries.get(ident)
        said = [x for x in (getattr(entry, "title", None), getattr(entry, "holder", None)) if x]
        return f"{ident} ({', '.join(said)})" if said else ident

    def close(self, name: str) -> list[str]:
        """Ids of the entries whose id, title or holder is close to `name`, closest first."""
        key = words(name)
        names = {k: ids for by in self._by.values() for k, ids in by.items()}
        out: list[str] = []
        for near in close_matches(key, names, n=3, cutoff=0.6):
            out.extend(sorted(i for i in names[near] if i not in out))
        return out

    def listing(self) -> str:
        """Every entry, described; for a message saying what there is to choose from."""
        return "; ".join(self.describe(i) for i in self.entries) or f"none yet: there is no {self.kind}"


class UnknownName(UsageError):
    """An option names a role or area by something that is not its id, title or holder; the message
    suggests the close ones, or the id a new one would get and the command that adds it."""


def resolve(names: Names, option: str, given: str, where: str, adding: str) -> str:
    """The id `given` stands for, or UnknownName saying what to give instead.

    `where`: the file the entries live in, for the message; `adding`: the command that adds one,
    with {id} and {title} to fill in (e.g. "dagov new role {id} --title '{title}'")."""
    match = names.find(given)
    if match.ident is not None:
        return match.ident
    if match.several:
        raise UnknownName(f"{option} '{given}' could be any of {', '.join(names.describe(i) for i in match.several)} "
                          f"(by {match.how}); give the {names.kind} id")
    close = names.close(given)
    add = adding.format(id=id_for(given, names.kind), title=given.replace("'", ""))
    if close:
        hint = f"did you mean {' or '.join(names.describe(i) for i in close)}? Give its id or title, or add it: {add}"
    else:
        there = f"the {names.kind}s there: {names.listing()}" if len(names.entries) <= 8 else \
            f"`{'dagov owners' if names.kind == 'role' else 'dagov status'}` lists the {names.kind}s there"
        hint = f"{there}; to add it: {add}"
    what = "the id, title or holder of a role" if names.kind == "role" else "the id or title of a key area"
    raise UnknownName(f"{option} '{given}' is not {what} in {where}; {hint}")

ADD_ROLE = "dagov new role {id} --title '{title}'"
ADD_AREA = "dagov new area {id} --title '{title}'"


def roles_of(tree: Tree) -> Names:
    return Names(tree.organisation.roles if tree.organisation else {}, "role")


def role_id(tree: Tree, option: str, given: str | None) -> str | None:
    """The role id `given` (an id, a title or a holder's name) stands for; None passes through."""
    if given is None:
        return None
    return resolve(roles_of(tree), option, given, os.path.join(tree.root, "organisation.yaml"), ADD_ROLE)


def area_id(plan: Plan, option: str, given: str | None, root: str | os.PathLike[str] = "") -> str | None:
    """The id of the key area of `plan` that `given` (an id or a title) stands for; None passes through."""
    if given is None:
        return None
    where = os.path.join(root, plan.folder, "plan.yaml")
    return resolve(Names(plan.areas, "area"), option, given, where, ADD_AREA + f" --plan {plan.id or plan.folder}")


def by_title(tree: Tree, role: str | None, area: str | None) -> tuple[str | None, str | None]:
    """(role, area) of a report's filters, each as its id when given by title or holder; else as given
    (the report then says it names nothing, with its close matches)."""
    if role is not None:
        role = roles_of(tree).find(role).ident or role
    if area is not None:
        areas = Names({k: v for p in tree.plans.values() for k, v in p.areas.items()}, "area")
        area = areas.find(area).ident or area
    return role, area
