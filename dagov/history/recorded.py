"""The plans as recorded: the tree as committed at the end of a day, for documents and reports
that must read the same later (issue 14).

"As of" a date, reports reconstruct the past from the dates written in today's files; anything
added later without a date (a new action, a reworded update) leaks into old figures. When the
plans' git history reaches the date, the tree as committed at the end of that day is what was
recorded then, and later commits or working-tree edits cannot change it. Where history does not
reach (no repository, or it starts later), the current files are used as before, and the
`Source` says which it was, for the colophon of a document or the note of a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dagov.history import git
from dagov.history.git import Commit, HistoryError
from dagov.plan.files import MemoryFiles
from dagov.plan.load import load_tree
from dagov.plan.model import Tree
from dagov.report.source import current_colophon, recorded_colophon


@dataclass(frozen=True)
class Source:
    """Where a document's or report's figures come from."""

    day: dt.date
    commit: Commit | None
    """The last commit on or before the end of `day`; None when the current files were used."""
    reason: str = ""
    """Why the current files were used, when history was asked for and did not reach."""

    @property
    def recorded(self) -> bool:
        return self.commit is not None

    @property
    def colophon(self) -> str:
        if self.commit is not None:
            return recorded_colophon(self.day, self.commit.short)
        return current_colophon(self.day)

    @property
    def note(self) -> str:
        """One line for a report's reader: the colophon, and why history was not used."""
        return self.colophon + (f" ({self.reason})" if self.reason else "")


def current(day: dt.date, reason: str = "") -> Source:
    return Source(day, None, reason)


def reaches(plans: str, day: dt.date) -> Commit | None:
    """The last commit on or before `day` when the plans' history reaches it and later commits exist
    (a paper dated on or after the last commit is still being written: its files are the working tree)."""
    recorded, _ = _commit_for(plans, day, newer_only=True)
    return recorded


def _commit_for(plans: str, day: dt.date, newer_only: bool) -> tuple[Commit | None, str]:
    try:
        repo = git.find_repo(plans)
        commit = git.commit_on_or_before(repo, day)
        if newer_only and git.commit_of(repo, "HEAD").date <= day:
            return None, f"nothing is committed after {day}: the current files are what was recorded"
    except HistoryError as err:
        return None, err.reason
    return commit, ""


def recorded_tree(plans: str, day: dt.date, newer_only: bool = False) -> tuple[Tree | None, Source]:
    """The plans as committed at the end of `day`, with its Source; (None, a current Source saying why)
    when history does not reach it. `newer_only`: only when a later commit exists (see `reaches`)."""
    commit, reason = _commit_for(plans, day, newer_only)
    if commit is None:
        return None, current(day, reason)
    repo = git.find_repo(plans)
    files = git.read_revisions(repo, [commit])[commit.sha]
    tree, _ = load_tree(plans, source=MemoryFiles(files))
    return tree, Source(day, commit)
