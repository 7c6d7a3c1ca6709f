"""The plan at points in its git history: `dagov changes` and `dagov log` as library calls.

A point is a revision, a date (the last commit on or before the end of that day),
`last-meeting`, or the working tree (uncommitted edits included). Trees at commits
are read with `dagov.history.git` (one ls-tree per revision, one cat-file for all blobs) and
loaded by the same loader as the working tree, from memory.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from dagov.history import git
from dagov.history.compare import PlanChanges, Snapshot, compare
from dagov.history.git import Commit, HistoryError, Repo
from dagov.plan.files import MemoryFiles
from dagov.plan.load import load_tree
from dagov.plan.model import Meeting, Tree

LAST_MEETING = "last-meeting"
WORKING_TREE = "working tree"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Point:
    """One end of a comparison, as the user asked for it and as it was resolved."""

    asked: str
    """What the user gave: a revision, a date, 'last-meeting', or 'working tree'."""
    commit: Commit | None
    """None for the working tree."""
    date: dt.date
    """The date RAGs are judged at: the date asked for, the meeting's, the commit's, or --as-of."""
    note: str = ""

    @property
    def label(self) -> str:
        if self.commit is None:
            return f"the working tree (as of {self.date})"
        extra = f", {self.note}" if self.note else ""
        return f"commit {self.commit.short} of {self.commit.date}{extra}"


@dataclass(frozen=True)
class ChangeSet:
    """What moved in every plan of a plans directory between two points in its history."""

    plans_dir: str
    since: Point
    until: Point
    plans: tuple[PlanChanges, ...]

    @property
    def count(self) -> int:
        return sum(len(p.changes) for p in self.plans)


def parse_date(text: str) -> dt.date | None:
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise HistoryError(f"'{text}' is not a real date; write it as YYYY-MM-DD, e.g. 2014-06-11") from None


def resolve(repo: Repo, spec: str, option: str | None = None) -> Point:
    """A revision or a date as a commit point."""
    day = parse_date(spec)
    if day is not None:
        commit = git.commit_on_or_before(repo, day)
        return Point(spec, commit, day, f"the last commit on or before {day}")
    commit = git.commit_of(repo, spec, option)
    return Point(spec, commit, commit.date)


def _tree_at(plans: str, files: dict[str, bytes]) -> Tree:
    tree, _ = load_tree(plans, source=MemoryFiles(files))
    return tree


def load_points(plans: str, repo: Repo, points: list[Point]) -> list[Tree]:
    """The tree at each point; all committed ones read with one cat-file."""
    commits = [p.commit for p in points if p.commit is not None]
    contents = git.read_revisions(repo, {c.sha: c for c in commits}.values())
    return [load_tree(plans)[0] if p.commit is None else _tree_at(plans, contents[p.commit.sha]) for p in points]


def last_meeting(tree: Tree, before: dt.date) -> Meeting | None:
    """The last meeting, before `before`, of the board of the plans (the live ones, when some are)."""
    live = [p for p in tree.plans.values() if p.status not in ("superseded", "closed")] or list(tree.plans.values())
    boards = {p.board for p in live if p.board}
    meetings = [m for p in tree.plans.values() for m in p.meetings_by_date
                if m.board in boards and m.date is not None and m.date < before]
    return max(meetings, key=lambda m: (m.date, m.id), default=None)


def _since_last_meeting(repo: Repo, until_tree: Tree, until: Point) -> Point:
    meeting = last_meeting(until_tree, until.date)
    if meeting is None or meeting.date is None:  # (never None: last_meeting picks a dated meeting)
        raise HistoryError(f"no board meeting before {until.date} is recorded in the plans; "
                           "give --since a date (YYYY-MM-DD) or a revision instead",
                           f"no board meeting before {until.date} is recorded")
    try:
        commit = git.commit_on_or_before(repo, meeting.date)
    except git.BeforeHistory as err:
        first = err.first
        raise HistoryError(f"--since last-meeting: the last board meeting before {until.date} ({meeting.board}, "
                           f"{meeting.date}) is older than the plans' git history, which starts with commit "
                           f"{first.short} of {first.date}; give --since {first.short} to compare with the first "
                           "commit", err.reason) from None
    return Point(LAST_MEETING, commit, meeting.date, f"the last commit on or before the {meeting.board} meeting of {meeting.date}")


def changes(plans: str, since: str, until: str | None, as_of: dt.date) -> ChangeSet:
    """What moved in the plans between `since` and `until` (the working tree when None).

    `as_of` is the date RAGs are judged at for the working tree.
    """
    if until == LAST_MEETING:
        raise HistoryError("--until cannot be last-meeting; give a revision or a date, or leave it out "
                           "for the working tree")
    repo = git.find_repo(plans)
    until_point = Point(WORKING_TREE, None, as_of) if until is None else resolve(repo, until, "--until")
    if since == LAST_MEETING:
        [after] = load_points(plans, repo, [until_point])
        since_point = _since_last_meeting(repo, after, until_point)
        [before] = load_points(plans, repo, [since_point])
    else:
        since_point = resolve(repo, since, "--since")
        before, after = load_points(plans, repo, [since_point, until_point])
    found = compare(Snapshot(before, since_point.date), Snapshot(after, until_point.date))
    return ChangeSet(os.path.normpath(plans), since_point, until_point, found)


def changes_since_last_meeting(plans: str, as_of: dt.date, plan: str | None = None,
                               since: dt.date | None = None) -> ChangeSet:
    """For a board paper dated `as_of`: what moved since the board last met (or since `since`).

    The paper's side is the working tree when `as_of` is on or after the last commit
    (a paper being written now), otherwise the last commit on or before `as_of`
    (an old paper rendered again gives the same list). `plan` keeps one plan's changes.
    """
    repo = git.find_repo(plans)
    head = git.commit_of(repo, "HEAD")
    until = (Point(WORKING_TREE, None, as_of) if as_of >= head.date
             else Point(as_of.isoformat(), git.commit_on_or_before(repo, as_of), as_of))
    [after] = load_points(plans, repo, [until])
    if since is None:
        start = _since_last_meeting(repo, after, until)
    else:
        start = Point(since.isoformat(), git.commit_on_or_before(repo, since), since,
                      f"the last commit on or before {since}")
    [before] = load_points(plans, repo, [start])
    found = compare(Snapshot(before, start.date), Snapshot(after, until.date))
    if plan is not None:
        found = tuple(p for p in found if p.plan == plan)
    return ChangeSet(os.path.normpath(plans), start, until, found)
