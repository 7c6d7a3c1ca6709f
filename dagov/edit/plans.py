"""A plan's folder: `dagov new plan` adds one to a repository, `dagov supersede` makes a successor's.

The plan.yaml is laid out as `dagov init` lays out the first plan's; the folders a plan holds
(recommendations/, meetings/, papers/) are made with a .gitkeep so that git keeps them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from dagov.edit.init import DEFAULT_AREAS, slug
from dagov.edit.new import NewFile, blank, repo_root
from dagov.edit.textedit import PLACEHOLDER_HINT
from dagov.edit.transaction import RefusedError, Verdict, WriteTransaction
from dagov.edit.yamltext import Blank, document, schema_modeline
from dagov.errors import UsageError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.model import Tree
from dagov.words import did_you_mean

PLAN_FOLDERS = ("recommendations", "meetings", "papers")


class CannotCreate(UsageError):
    """The plan asked for names a board or role that does not exist."""


class PlanExists(RefusedError):
    """The plan's folder, or a plan with its id, is there already: dagov never writes over a plan."""


@dataclass(frozen=True)
class PlanRequest:
    """What a new plan is: its id (its folder's name), title, people and dates; its source report."""

    id: str
    title: str
    board: str
    owner: str
    lead: str
    start: dt.date
    end: dt.date | None = None
    reports_to: str | None = None
    source_title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    areas: tuple[str, ...] = DEFAULT_AREAS
    summary: str | None = None


def plan_mapping(request: PlanRequest, areas: dict | None = None) -> dict:
    """plan.yaml's fields, in the format's order; `areas` (id -> {title}) instead of slugs of the titles asked for."""
    s = fmt.SOURCE
    mapping = {
        "id": request.id,
        "title": request.title,
        "status": "active",
        "owner": request.owner,
        "lead": request.lead,
        "board": request.board,
        "reports_to": request.reports_to,
        "source": {
            "title": request.source_title or blank(s, "title"),
            "publisher": request.publisher or blank(s, "publisher"),
            "published": request.published or blank(s, "published", " (YYYY-MM-DD)"),
        },
        "summary": request.summary or Blank(f"{PLACEHOLDER_HINT}: a paragraph of background for papers (optional)"),
        "areas": areas if areas is not None else {slug(title): {"title": title} for title in request.areas},
        "start": request.start,
        "end": request.end,
    }
    return {key: value for key, value in mapping.items() if value is not None}


def yaml_file(plans: str | os.PathLike, rel: str, kind: str, mapping: dict, gaps: frozenset[str],
              spaced: frozenset[str] = frozenset(), comments: tuple[str, ...] = ()) -> NewFile:
    """A new YAML file of `kind` at `rel` (relative to `plans`), its first line pointing editors at the schema."""
    modeline = schema_modeline(kind, os.path.join(os.fspath(plans), *rel.split("/")), repo_root(plans))
    return NewFile(rel, document(mapping, (modeline, *comments), gaps, spaced).encode("utf-8"))


def plan_folder(plans: str | os.PathLike, tree: Tree, request: PlanRequest, areas: dict | None = None,
                comments: tuple[str, ...] = ()) -> list[NewFile]:
    """Every file of a new plan's folder: plan.yaml and a .gitkeep in each of its folders.
    PlanExists when the folder, or a plan with that id, is there already; CannotCreate when the board or a role
    is unknown."""
    if os.path.lexists(os.path.join(os.fspath(plans), request.id)):
        raise PlanExists(f"{os.path.join(os.fspath(plans), request.id)} already exists; give the new plan an id "
                           "of its own (its folder's name); nothing was written")
    taken = next((p for p in tree.plans.values() if p.id == request.id), None)
    if taken is not None:
        raise PlanExists(f"plan id '{request.id}' is already used by {taken.pos.path}; give the new plan an id of its own")
    if tree.organisation is not None:
        boards, roles = tree.organisation.boards, tree.organisation.roles
        for option, board in (("--board", request.board), ("--reports-to", request.reports_to)):
            if board is not None and board not in boards:
                raise CannotCreate(f"{option} '{board}' is not a board in organisation.yaml; "
                                   f"the boards there: {', '.join(boards) or 'none yet'}")
        for option, role in (("--owner", request.owner), ("--lead", request.lead)):
            if role not in roles:
                raise CannotCreate(f"{option} '{role}' is not a role in organisation.yaml{did_you_mean(role, roles)}; "
                                   "give a role id from there")
    rel = f"{request.id}/plan.yaml"
    files = [yaml_file(plans, rel, "plan", plan_mapping(request, areas), frozenset({"source", "summary", "areas", "start"}),
                       comments=comments)]
    files += [NewFile(f"{request.id}/{folder}/.gitkeep", b"") for folder in PLAN_FOLDERS]
    return files


def new_plan(plans: str | os.PathLike, request: PlanRequest, dry_run: bool = False) -> tuple[list[NewFile], Verdict]:
    """`dagov new plan` end to end: under the lock, work out the folder, judge it (values still to fill in
    are allowed, as `dagov new` allows them), and write it all unless refused or `dry_run`."""
    from dagov.check.run import check
    from dagov.edit import safepath

    with WriteTransaction(plans, lock=not dry_run) as txn:
        now = check(plans)
        files = plan_folder(plans, now.tree, request)
        for new in files:
            safepath.inside(plans, new.rel)
            txn.add(new.rel, new.data)
        verdict = txn.judge(allow_placeholders=True, now=now)
        if verdict.ok and not dry_run:
            txn.commit()
    return files, verdict
