"""`dagov new` as a library: the next recommendation, action, meeting or paper, pre-filled from the plan.

Each function returns what to write; nothing here touches the disk. Values the plan
cannot know are left empty with a `# to fill in: ...` comment, which `dagov check`
reports as still empty until someone fills them in.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from dagov.edit.textedit import PLACEHOLDER_HINT, YamlEdit
from dagov.edit.yamltext import Blank, document, schema_modeline
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan import ids
from dagov.plan.fields import Obj
from dagov.plan.model import BoardAction, Meeting, Plan, Tree
from dagov.plan.vocabulary import BOARD_PAPER

STANDARD_ITEMS = ("Declarations of interest", "Minutes of the last meeting", "Progress report", "Any other business")
"""The agenda of a new meeting. Apologies are not an item: the meeting's `apologies` list is, and the minutes
print it under their own heading (an item too would show them twice)."""
STANDARD_RECOMMENDATION = "It is recommended that the board note the contents of this paper."


@dataclass(frozen=True)
class NewFile:
    """A file `dagov new` would create, with its bytes."""

    rel: str
    """Path relative to the plans directory."""
    data: bytes


def blank(kind: Obj, name: str, extra: str = "") -> Blank:
    """The placeholder for a field, explained with the field's own description from the format."""
    return Blank(f"{PLACEHOLDER_HINT}: {kind.fields[name].description}{extra}")


def repo_root(plans: str | os.PathLike) -> Path:
    """The repository the plans directory belongs to: the nearest folder above it holding .git,
    else the plans directory's parent (where `dagov init` puts schemas/)."""
    plans_path = Path(plans).resolve()
    for folder in (plans_path, *plans_path.parents):
        if (folder / ".git").exists():
            return folder
    return plans_path.parent


def _file(plans: str | os.PathLike, rel: str, kind: str, mapping: dict, gaps: frozenset[str],
          spaced: frozenset[str] = frozenset()) -> NewFile:
    path = Path(plans) / rel
    modeline = schema_modeline(kind, path, repo_root(plans))
    return NewFile(rel, document(mapping, (modeline,), gaps, spaced).encode("utf-8"))


def _area_hint(plan: Plan) -> str:
    return f"; one of: {', '.join(plan.areas)}" if plan.areas else ""


def new_action_item(action_id: str, title: str | None, owner: str | None, due: dt.date | None) -> dict:
    a = fmt.ACTION
    return {
        "id": action_id,
        "title": title or blank(a, "title"),
        "owner": owner or blank(a, "owner", " (a role id from organisation.yaml)"),
        "due": due or blank(a, "due", " (YYYY-MM-DD)"),
        "status": "not-started",
    }


def new_recommendation(plans: str | os.PathLike, plan: Plan, rec_id: str | None = None, title: str | None = None,
                       area: str | None = None, owner: str | None = None, due: dt.date | None = None, *,
                       kind: str | None = None, text: str | None = None, timescale: str | None = None) -> NewFile:
    rec_id = rec_id or ids.next_numbered(plan.recommendations)
    r = fmt.RECOMMENDATION
    mapping: dict[str, object] = {
        "id": rec_id,
        "kind": kind or "recommendation",
        "title": title or blank(r, "title"),
        "text": text or blank(r, "text"),
        "area": area or blank(r, "area", _area_hint(plan)),
        "owner": owner or blank(r, "owner", " (a role id from organisation.yaml)"),
        "timescale": timescale or blank(r, "timescale"),
        "due": due or blank(r, "due", " (YYYY-MM-DD)"),
        "status": "open",
    }
    if plan.publication is not None:  # a published plan shows the response to each recommendation
        mapping["response"] = {"decision": blank(fmt.RESPONSE, "decision")}
    mapping["actions"] = [new_action_item(f"{rec_id}.1", None, owner, None)]
    rel = f"{plan.folder}/recommendations/{rec_id}.yaml"
    return _file(plans, rel, "recommendation", mapping, frozenset({"actions"}), frozenset({"actions"}))


def new_action(data: bytes, path: str, rec_id: str, existing: list[str], title: str | None, owner: str | None,
               due: dt.date | None) -> tuple[str, bytes]:
    """(new action id, the recommendation file's new bytes with the action appended)."""
    action_id = ids.next_action_id(rec_id, existing)
    doc = YamlEdit(data, path)
    doc.append_to_list(doc.root, "actions", new_action_item(action_id, title, owner, due))
    return action_id, doc.result()


def open_board_actions(tree: Tree, board: str, before: dt.date) -> list[tuple[Meeting, BoardAction]]:
    """Board actions raised by `board` at meetings before `before` and not discharged since (oldest first)."""
    meetings = sorted((m for p in tree.plans.values() for m in p.meetings.values()
                       if m.board == board and m.date is not None and m.date < before),
                      key=lambda m: (m.date, m.id or ""))
    raised: dict[str, tuple[Meeting, BoardAction]] = {}
    for meeting in meetings:
        for review in meeting.action_log:
            if review.status == "discharged":
                raised.pop(review.action or "", None)
        for board_action in meeting.actions:
            if board_action.id:
                raised.setdefault(board_action.id, (meeting, board_action))
    return list(raised.values())


def new_meeting(plans: str | os.PathLike, tree: Tree, plan: Plan, date: dt.date) -> NewFile:
    m = fmt.MEETING
    board = tree.organisation.boards.get(plan.board or "") if tree.organisation else None
    reviews = []
    for _, board_action in open_board_actions(tree, plan.board or "", date):
        due = f", due {board_action.due.isoformat()}" if board_action.due else ""
        reviews.append({"action": board_action.id, "status": Blank(
            f"{PLACEHOLDER_HINT}: open, discharged or carried-forward ({board_action.owner}{due}: {board_action.text})")})
    mapping = {
        "id": date.isoformat(),
        "board": plan.board or blank(m, "board"),
        "date": date,
        "venue": Blank(f"{PLACEHOLDER_HINT}: {m.fields['venue'].description} (optional)"),
        "chair": (board.chair if board and board.chair else blank(m, "chair")),
        "present": list(board.members) if board and board.members else [blank(m, "present")],
        "apologies": [],
        "items": [{"title": title, "minutes": blank(fmt.ITEM, "minutes")} for title in STANDARD_ITEMS],
        "decisions": [],
        "actions": [],
        "action_log": reviews,
    }
    rel = f"{plan.folder}/meetings/{date.isoformat()}.yaml"
    return _file(plans, rel, "meeting", mapping, frozenset({"present", "items", "decisions", "actions", "action_log"}))


def new_paper(plans: str | os.PathLike, plan: Plan, date: dt.date, to: str | None = None, from_: str | None = None,
              template: str = BOARD_PAPER) -> NewFile:
    p = fmt.PAPER
    to = to or plan.reports_to or plan.board
    para = Blank(f"{PLACEHOLDER_HINT}: a paragraph of text")
    background: list[str | Blank] = [part.strip() for part in (plan.summary or "").split("\n\n") if part.strip()] or [para]
    sections = [
        {"title": "Purpose", "paragraphs": [para]},
        {"title": "Background", "paragraphs": background},
        {"title": "Response to the report", "paragraphs": [para]},
        {"title": "Action plan", "include": "progress-by-area"},
        {"title": "Recommendation", "paragraphs": [STANDARD_RECOMMENDATION]},
    ]
    paper_id = ids.paper_id(to or "board", date)
    mapping = {
        "id": paper_id,
        "template": template,
        "to": to or blank(p, "to"),
        "from": from_ or plan.owner or blank(p, "from"),
        "date": date,
        "subject": f"{plan.title}: progress" if plan.title else blank(p, "subject"),
        "foi": blank(p, "foi", ": disclosable or not-disclosable"),
        "sections": sections,
    }
    rel = f"{plan.folder}/papers/{paper_id}.yaml"
    return _file(plans, rel, "paper", mapping, frozenset({"sections"}), frozenset({"sections"}))
