"""`dagov new role` and `dagov new area` as a library: one entry added where roles and areas live.

A role goes at the end of `roles:` in organisation.yaml, an area at the end of `areas:` in
its plan's plan.yaml; everything else in the file (comments, blank lines, order) is kept
byte for byte (dagov.edit.textedit). Nothing is written here: the command adds the new
bytes to a WriteTransaction, which checks the result before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dagov.edit.textedit import YamlEdit
from dagov.edit.transaction import read_for_edit
from dagov.errors import DagovError
from dagov.plan.lookup import Names, roles_of
from dagov.plan.model import Plan, Tree


class AlreadyThere(DagovError):
    """The id, or the title, is already another role's or area's: a second would make names ambiguous."""


@dataclass(frozen=True)
class NewEntry:
    """A file with an entry added to it (a role, a board): its bytes before and after."""

    rel: str
    """The file changed, relative to the plans directory."""
    before: bytes
    after: bytes


def _refuse_duplicates(names: Names, ident: str, title: str, where: str) -> None:
    if ident in names.entries:
        raise AlreadyThere(f"{names.kind} '{ident}' is already in {where}: {names.describe(ident)}; "
                           "choose another id, or edit that entry")
    match = names.find(title)
    taken = match.ident or (match.several[0] if match.several else None)
    if taken is not None:
        raise AlreadyThere(f"{names.kind} {names.describe(taken)} in {where} already goes by '{title}' (its {match.how}); "
                           f"a second {names.kind} of that title could not be told apart: use {taken}, or choose "
                           "another title")

def _added(plans: str, rel: str, key: str, ident: str, value: dict) -> NewEntry:
    path = os.path.join(plans, *rel.split("/"))
    before = read_for_edit(path)
    doc = YamlEdit(before, path)
    doc.add_to_map(doc.root, key, ident, value)
    return NewEntry(rel, before, doc.result())


def new_role(plans: str, tree: Tree, ident: str, title: str, holder: str | None = None) -> NewEntry:
    """organisation.yaml with role `ident` added at the end of its roles."""
    where = os.path.join(plans, "organisation.yaml")
    _refuse_duplicates(roles_of(tree), ident, title, where)
    value = {"title": title, **({"holder": holder} if holder else {})}
    return _added(plans, "organisation.yaml", "roles", ident, value)


def new_area(plans: str, plan: Plan, ident: str, title: str) -> NewEntry:
    """The plan's plan.yaml with key area `ident` added at the end of its areas."""
    rel = f"{plan.folder}/plan.yaml"
    _refuse_duplicates(Names(plan.areas, "area"), ident, title, os.path.join(plans, *rel.split("/")))
    return _added(plans, rel, "areas", ident, {"title": title})
