"""`dagov log ID`: the story of one recommendation or action, commit by commit.

One `git log --raw` lists every commit that touched a plan file with the blobs before
and after; one `git cat-file --batch` reads those blobs. The item is found by its id
inside the files, not by file name, so a renamed file keeps its story.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dagov.history import git
from dagov.history.compare import Change, Context, action_changes, recommendation_changes
from dagov.history.git import Commit, FileChange, HistoryError
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.files import DiskFiles
from dagov.plan.load import read_document
from dagov.plan.model import Recommendation
from dagov.words import close_matches, natural_key, suggestion

_UNREADABLE = object()
"""A state that could not be read: the file holding the item had a YAML or format error."""


@dataclass(frozen=True)
class LogEntry:
    """What one commit (or the uncommitted edits) changed about one recommendation or action."""

    commit: Commit | None
    """None: uncommitted edits in the working tree."""
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ItemLog:
    """The story of one recommendation or action, commit by commit, oldest first."""

    plan: str
    item: str
    title: str | None
    entries: tuple[LogEntry, ...]
    """Oldest first."""


class UnknownItem(HistoryError):
    """No recommendation or action with that id in the history of the plans."""


def _split(ident: str) -> tuple[str | None, str]:
    plan, _, item = ident.rpartition("/")
    return (plan or None), item


def _plan_of(rel: str | None) -> str | None:
    """The plan folder of a recommendation file path, or None for any other file."""
    if rel is None:
        return None
    parts = rel.split("/")
    return parts[0] if len(parts) == 3 and parts[1] == "recommendations" else None


def _find(rec: Recommendation | None, item: str):
    if rec is None:
        return None
    if "." not in item:
        return rec if rec.id == item else None
    return next((a for a in rec.actions if a.id == item), None)


class _Reader:
    """Parses recommendation blobs once each, and finds the item in them."""

    def __init__(self, plans: str, item: str, blobs: dict[str, bytes]):
        self.plans, self.item, self.blobs = plans, item, blobs
        self.needle = item.encode()
        self.cache: dict[str, object] = {}

    def state(self, sha: str, rel: str):
        """The item in one blob: the object, None when absent, or _UNREADABLE."""
        if sha not in self.cache:
            self.cache[sha] = self.parse(self.blobs.get(sha, b""), rel)
        return self.cache[sha]

    def parse(self, data: bytes, rel: str):
        if self.needle not in data:  # most files never mention the item: skip parsing them
            return None
        rec = read_document(os.path.join(self.plans, rel), data, fmt.RECOMMENDATION, [])
        return _UNREADABLE if rec is None else _find(rec, self.item)


def _after(reader: _Reader, changes: tuple[FileChange, ...], plan: str):
    """The item's state after a commit, or `...` when the commit did not touch it."""
    olds = [reader.state(c.old_blob, c.old_path) for c in changes if c.old_path and _plan_of(c.old_path) == plan]
    news = [reader.state(c.new_blob, c.new_path) for c in changes if c.new_path and _plan_of(c.new_path) == plan]
    found = [s for s in news if s is not None and s is not _UNREADABLE]
    if found:
        return found[0]
    if any(s is _UNREADABLE for s in news):
        return _UNREADABLE
    if any(s is not None for s in olds):
        return None  # it was in a file this commit changed, and is in none now: removed
    return ...


def _renames(changes: tuple[FileChange, ...], plan: str, reader: _Reader) -> list[str]:
    return [f"file renamed: {c.old_path} → {c.new_path}" for c in changes
            if c.status == "R" and c.new_path is not None and _plan_of(c.new_path) == plan
            and reader.state(c.new_blob, c.new_path) is not None]


def _describe(plan: str, item: str, old, new) -> list[Change]:
    area = getattr(new or old, "area", None) or ""
    ctx = Context(plan, area, {})
    if "." in item:
        return list(action_changes(ctx, old, new))
    return list(recommendation_changes(ctx, old, new))


def _story(plan: str, item: str, history, reader: _Reader) -> tuple[list[LogEntry], object, object]:
    """The entries, the item at HEAD, and the item as last seen (for its title once removed)."""
    entries: list[LogEntry] = []
    state = seen = None
    for commit, file_changes in history:
        after = _after(reader, file_changes, plan)
        if after is ...:
            continue
        if after is _UNREADABLE:
            entries.append(LogEntry(commit, (Change(plan, "", item, "unreadable",
                                                    "the file holding it could not be read at this commit"),)))
            continue
        changes = _describe(plan, item, state, after)
        changes += [Change(plan, "", item, "moved", text) for text in _renames(file_changes, plan, reader)]
        if changes:
            entries.append(LogEntry(commit, tuple(changes)))
        state = after
        seen = after or seen
    return entries, state, seen


def _working_state(plans: str, plan: str, item: str):
    """The item as it stands in the working tree (uncommitted edits included)."""
    folder = Path(plans) / plan / "recommendations"
    reader = _Reader(plans, item, {})
    found = None
    disk = DiskFiles(plans)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        rel = f"{plan}/recommendations/{path.name}"
        try:  # as the loader reads: regular files inside the plans directory only
            data = disk.read(rel)
        except OSError:
            found = _UNREADABLE
            continue
        state = reader.parse(data, rel)
        if state is _UNREADABLE:
            found = state
        elif state is not None:
            return state
    return found


def _plans_on_disk(plans: str, item: str) -> list[str]:
    folders = sorted(p.name for p in Path(plans).iterdir() if p.is_dir()) if Path(plans).is_dir() else []
    return [f for f in folders if _working_state(plans, f, item) not in (None, _UNREADABLE)]


def _recommendation_blobs(history: Iterable[tuple[Commit, tuple[FileChange, ...]]]) -> Iterator[tuple[str, str]]:
    """(blob sha, relative path) of every version of a recommendation file in the history."""
    for _, changes in history:
        for c in changes:
            for sha, rel in ((c.old_blob, c.old_path), (c.new_blob, c.new_path)):
                if rel is not None and _plan_of(rel):
                    yield sha, rel


def _choose_plan(plans: str, plan_asked: str | None, item: str, seen_in: list[str], ident: str) -> str:
    """The plan whose item is meant: the one named, or the only one the id is found in."""
    if plan_asked is not None:
        if plan_asked in seen_in or _working_state(plans, plan_asked, item) is not None:
            return plan_asked
        raise UnknownItem(_unknown_message(plans, ident))
    seen_in = seen_in or _plans_on_disk(plans, item)  # never committed: only the working tree has it
    if len(seen_in) > 1:
        raise HistoryError(f"'{item}' is in more than one plan ({', '.join(seen_in)}); "
                           f"name the plan, e.g. dagov log {seen_in[0]}/{item}")
    if not seen_in:
        raise UnknownItem(_unknown_message(plans, ident))
    return seen_in[0]


def item_log(plans: str, ident: str) -> ItemLog:
    """Every commit that changed one recommendation or action (ID, or PLAN/ID), oldest first."""
    plan_asked, item = _split(ident)
    repo = git.find_repo(plans)
    history = list(reversed(git.log_changes(repo)))
    versions = list(_recommendation_blobs(history))
    reader = _Reader(plans, item, git.read_blobs(repo, {sha for sha, _ in versions}))
    seen_in = sorted({_plan_of(rel) or "" for sha, rel in versions if reader.state(sha, rel) is not None})  # never "": see _recommendation_blobs
    plan = _choose_plan(plans, plan_asked, item, seen_in, ident)
    entries, committed, seen = _story(plan, item, history, reader)
    if repo.shallow and entries and entries[0].commit is not None and not entries[0].commit.parents:
        raise HistoryError(f"the history of {item} before {entries[0].commit.date} is missing: this clone is shallow; "
                           f"{git.UNSHALLOW_HINT}")
    working = _working_state(plans, plan, item)
    if working is not _UNREADABLE:
        uncommitted = _describe(plan, item, committed, working)
        if uncommitted:
            entries.append(LogEntry(None, tuple(uncommitted)))
    latest = working if working not in (None, _UNREADABLE) else seen
    return ItemLog(plan, item, getattr(latest, "title", None), tuple(entries))


def _unknown_message(plans: str, ident: str) -> str:
    from dagov.plan.load import load_tree

    tree, _ = load_tree(plans)
    known = {i for p in tree.plans.values() for i in list(p.recommendations) + list(p.actions)}
    close = close_matches(_split(ident)[1], sorted(known, key=natural_key))
    hint = suggestion(close, "give the id of a recommendation (R03) or an action (R03.2)")
    return f"no recommendation or action '{ident}' in the history of {plans}; {hint}"
