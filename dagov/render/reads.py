"""Which plan files a document reads, so that only errors in those stop it being rendered.

A paper's figures could be wrong when a file they are worked out from has an error; an
error anywhere else (another plan, next month's meeting still full of placeholders after
`dagov new meeting`) cannot change them, and must not stop the secretary printing it.

What each document reads:

- every document: organisation.yaml (roles, boards, settings, the marking);
- a paper or progress report of a plan as of a date: the plan's plan.yaml and
  recommendations, its meetings up to that date (extensions and closures count from
  them), the paper's own file, and the plan.yaml and recommendations of the plans it is
  linked to (the plan it supersedes or that supersedes it, and the plans its actions are
  carried from or to);
- minutes: the meeting's plan.yaml, and every meeting of its board, in any plan, up to
  the meeting's date (the action log it reviews);
- the action log as of a date: every meeting of the board, in any plan, up to that date.

A file that could not be read at all is counted as read when it might be one of these
(a meeting whose date cannot be known): refusing then is safer than a wrong figure.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dagov.errors import DagovError
from dagov.plan.model import Meeting, Plan, Tree

ORGANISATION = "organisation.yaml"


@dataclass
class Reads:
    """The files a document reads, as paths relative to the plans directory (with '/')."""

    root: str
    plan_folders: set[str] = field(default_factory=set)
    """Folders whose plan.yaml and recommendations/ are read."""
    meetings: Callable[[str, str], bool] = lambda folder, stem: False
    """Whether meetings/<stem>.yaml of plan folder `folder` is read."""
    files: set[str] = field(default_factory=set)
    """Single files read besides (a paper)."""
    every: bool = False
    """Every file: what a document reads when it is not known which plan or board it is of."""

    def __contains__(self, path: str) -> bool:
        """Whether the file at `path` (as a finding shows it) is one the document reads."""
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")
        if self.every or rel in (".", ORGANISATION) or rel in self.files:
            return True
        parts = rel.split("/")
        if parts[0] == "..":
            return False
        if len(parts) == 1:  # a plan's folder itself (unreadable, no plan.yaml)
            return parts[0] in self.plan_folders
        folder, rest = parts[0], parts[1:]
        if rest == ["plan.yaml"] or rest[0] == "recommendations":
            return folder in self.plan_folders
        if rest[0] == "meetings" and len(rest) == 2 and rest[1].endswith(".yaml"):
            return self.meetings(folder, rest[1].removesuffix(".yaml"))
        return False

    def left_aside(self, paths: Iterable[str]) -> list[str]:
        """The paths of `paths` the document does not read, once each, in order."""
        return list(dict.fromkeys(p for p in paths if p not in self))


def _meeting_date(tree: Tree, folder: str, stem: str) -> tuple[Meeting | None, dt.date | None]:
    """The meeting of meetings/<stem>.yaml and its date, as far as they can be known (its id is its date)."""
    plan = tree.plans.get(folder)
    meeting = plan.meetings.get(stem) if plan is not None else None
    if meeting is not None and meeting.date is not None:
        return meeting, meeting.date
    try:
        return meeting, dt.date.fromisoformat(stem)
    except ValueError:
        return meeting, None


def linked_plans(tree: Tree, folder: str) -> set[str]:
    """`folder` and the plans its figures are worked out with: superseded by or superseding it,
    and those its actions are carried from or to."""
    linked = {folder}
    plan = tree.plans.get(folder)
    if plan is None:
        return linked
    if plan.superseded_by:
        linked.add(plan.superseded_by)
    for other_folder, other in tree.plans.items():
        if other.superseded_by in (folder, plan.id):
            linked.add(other_folder)
        for _, action in other.actions.values():
            source = (action.carried_from or "").split("/")[0]
            if other_folder == folder and source:
                linked.add(source)
            elif source in (folder, plan.id):
                linked.add(other_folder)
    return linked


def for_plan(tree: Tree, folder: str, as_of: dt.date | None, paper_path: str | None = None) -> Reads:
    """What a paper (at `paper_path`) or the progress report of plan `folder` as of `as_of` reads;
    every meeting of the plan when the date is not known (a paper that could not be read)."""

    def meetings(meeting_folder: str, stem: str) -> bool:
        if meeting_folder != folder:
            return False
        _, date = _meeting_date(tree, meeting_folder, stem)
        return as_of is None or date is None or date <= as_of

    files = set()
    if paper_path is not None:
        files.add(os.path.relpath(os.path.abspath(paper_path), os.path.abspath(tree.root)).replace(os.sep, "/"))
    return Reads(tree.root, linked_plans(tree, folder), meetings, files)


def _board_meetings(tree: Tree, board: str | None, until: dt.date | None, also: str | None = None
                    ) -> Callable[[str, str], bool]:
    def meetings(folder: str, stem: str) -> bool:
        if stem == also:
            return True
        meeting, date = _meeting_date(tree, folder, stem)
        if meeting is not None and meeting.board is not None and meeting.board != board:
            return False
        return until is None or date is None or date <= until

    return meetings


def for_minutes(tree: Tree, plan: Plan | None, meeting_id: str) -> Reads:
    """What the minutes of meeting `meeting_id` (of `plan`, when it was found) read."""
    meeting = plan.meetings.get(meeting_id) if plan is not None else None
    if plan is None or meeting is None:  # not read as a meeting: any file of that name, to say why
        return Reads(tree.root, set(), lambda folder, stem: stem == meeting_id)
    return Reads(tree.root, set(), _board_meetings(tree, meeting.board, meeting.date, meeting_id),
                 {f"{plan.folder}/plan.yaml"})


def for_action_log(tree: Tree, board: str | None, as_of: dt.date) -> Reads:
    """What the action log of `board` as of `as_of` reads."""
    return Reads(tree.root, set(), _board_meetings(tree, board, as_of))


def everything(tree: Tree) -> Reads:
    return Reads(tree.root, every=True)


# --- what the document asked for reads ------------------------------------------------------
# When what is asked for cannot be found (the paper, plan, meeting or board), the files it might be
# are counted as read: an error in them may be why, and is said before the command says it is missing.


def of_paper(tree: Tree, folder: str, paper_path: str, as_of: dt.date | None) -> Reads:
    """What the paper at `paper_path` (of plan `folder`) reads, as of `as_of` or else its own date."""
    from dagov.render.documents import find_paper

    try:
        _, paper = find_paper(tree, folder, paper_path)
    except DagovError:
        return for_plan(tree, folder, as_of, paper_path)
    return for_plan(tree, folder, as_of or paper.date, paper_path)


def of_progress(tree: Tree, plan_id: str | None, as_of: dt.date) -> Reads:
    """What the progress report of plan `plan_id` (default: the only active plan) reads."""
    from dagov.plan.choice import choose_plan

    try:
        plan = choose_plan(tree, plan_id)
    except DagovError:
        return for_plan(tree, plan_id, as_of) if plan_id else everything(tree)
    return for_plan(tree, plan.folder, as_of)


def of_minutes(tree: Tree, meeting_id: str, plan_id: str | None) -> Reads:
    """What the minutes of meeting `meeting_id` (of plan `plan_id`, when given) read."""
    from dagov.render.documents import find_meeting

    try:
        plan, _ = find_meeting(tree, meeting_id, plan_id)
    except DagovError:
        return for_minutes(tree, None, meeting_id)
    return for_minutes(tree, plan, meeting_id)


def of_action_log(tree: Tree, board_id: str | None, as_of: dt.date) -> Reads:
    """What the action log of board `board_id` (default: the only board with meetings) reads."""
    from dagov.render.documents import choose_board

    try:
        board = choose_board(tree, board_id)
    except DagovError:
        return for_action_log(tree, board_id, as_of) if board_id else everything(tree)
    return for_action_log(tree, board, as_of)


def of_agenda(tree: Tree, meeting_id: str, plan_id: str | None, as_of: dt.date | None) -> Reads:
    """What the agenda of meeting `meeting_id` reads: its plan as the progress report of the day
    before the meeting (or `as_of`) reads it, the board's meetings up to then, and its own file."""
    from dagov.render.documents import find_meeting

    try:
        plan, meeting = find_meeting(tree, meeting_id, plan_id)
    except DagovError:
        return for_minutes(tree, None, meeting_id)
    day = as_of or (meeting.date - dt.timedelta(days=1) if meeting.date else None)
    of_plan = for_plan(tree, plan.folder, day)
    of_board = _board_meetings(tree, meeting.board, day, meeting_id)
    return Reads(tree.root, of_plan.plan_folders, lambda folder, stem: of_plan.meetings(folder, stem) or of_board(folder, stem),
                 of_plan.files)
