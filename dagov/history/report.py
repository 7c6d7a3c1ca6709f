"""Laying out `dagov changes` and `dagov log` results: plain text, JSON and Markdown.

Pure functions from the result dataclasses to strings; the same input gives the same
bytes. The Markdown of a change set is also the paper block `changes-since-last-meeting`.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from dagov import jsontext
from dagov.history.compare import Change, Group
from dagov.history.git import HistoryError
from dagov.history.itemlog import ItemLog, LogEntry
from dagov.history.points import ChangeSet, Point
from dagov.textsafe import json_safe, one_line
from dagov.words import plural

JSON_VERSION = 1
"""Bumped whenever a field of the JSON documents is renamed, removed or changes meaning."""


def _by_subject(changes: tuple[Change, ...]):
    """Consecutive changes of one subject (compare() orders each subject's changes together)."""
    for subject, items in groupby(changes, key=lambda c: c.subject):
        listed = list(items)
        yield subject, listed[0].title, listed


# --- text ------------------------------------------------------------------------------


def changes_text(result: ChangeSet) -> str:
    lines = [f"Changes in {result.plans_dir}",
             f"  from {result.since.label}",
             f"  to   {result.until.label}",
             ""]
    if not result.plans:
        lines.append("Nothing has changed.")
        return _lines(lines)
    for plan in result.plans:
        lines.append(f"{plan.plan}: {plan.title or '(untitled plan)'}")
        for group in plan.groups:
            lines.append(f"  {group.title}")
            for subject, title, items in _by_subject(group.changes):
                lines.append(f"    {subject}" + (f"  {title}" if title else ""))
                lines.extend(f"      {c.detail}" for c in items)
        lines.append("")
    lines.append(f"{plural(result.count, 'change')}.")
    return _lines(lines)


def _lines(lines: list[str]) -> str:
    """Each line one printable line: titles, subjects and authors come from files and git,
    so a newline or ESC in them is shown as an escape (see dagov.textsafe)."""
    return "".join(one_line(line) + "\n" for line in lines)


def _entry_heading(entry: LogEntry) -> str:
    if entry.commit is None:
        return "uncommitted  (working tree)"
    c = entry.commit
    return f"{c.date}  {c.short}  {c.author}  {c.subject}"


def _in_log(log: ItemLog, change: Change) -> str:
    """A change in the story; changes to a recommendation's actions say which action."""
    return change.detail if change.subject == log.item else f"{change.subject}: {change.detail}"


def log_text(log: ItemLog) -> str:
    lines = [f"{log.item}  {log.title or ''}".rstrip() + f"  (plan {log.plan})", ""]
    if not log.entries:
        lines.append("No commit changed it.")
    for entry in log.entries:
        lines.append(_entry_heading(entry))
        lines.extend(f"    {_in_log(log, c)}" for c in entry.changes)
    return _lines(lines)


# --- JSON ------------------------------------------------------------------------------


def _point(point: Point) -> dict:
    return {
        "asked": point.asked,
        "commit": point.commit.sha if point.commit else None,
        "commit_date": point.commit.date.isoformat() if point.commit else None,
        "date": point.date.isoformat(),
        "label": point.label,
    }


def _change(change: Change) -> dict:
    return {"subject": change.subject, "title": change.title, "kind": change.kind, "detail": change.detail}


def _group(group: Group) -> dict:
    return {"key": group.key, "title": group.title, "changes": [_change(c) for c in group.changes]}


def changes_json(result: ChangeSet) -> str:
    document = {
        "version": JSON_VERSION,
        "plans_dir": result.plans_dir,
        "since": _point(result.since),
        "until": _point(result.until),
        "count": result.count,
        "plans": [{"plan": p.plan, "title": p.title, "groups": [_group(g) for g in p.groups]} for p in result.plans],
    }
    return json_safe(jsontext.dumps(document, ensure_ascii=False)) + "\n"


def log_json(log: ItemLog) -> str:
    document = {
        "version": JSON_VERSION,
        "plan": log.plan,
        "item": log.item,
        "title": log.title,
        "entries": [{
            "commit": e.commit.sha if e.commit else None,
            "date": e.commit.date.isoformat() if e.commit else None,
            "author": e.commit.author if e.commit else None,
            "message": e.commit.subject if e.commit else None,
            "changes": [_change(c) for c in e.changes],
        } for e in log.entries],
    }
    return json_safe(jsontext.dumps(document, ensure_ascii=False)) + "\n"


# --- Markdown --------------------------------------------------------------------------

def md(text: str) -> str:
    """Text a user wrote, safe to put in Markdown (it stays the same words when rendered):
    escaped by dagov.textsafe.markdown_inline, the one Markdown escaper of every output."""
    from dagov.textsafe import markdown_inline

    return str(markdown_inline(text))


def _md_point(point: Point) -> str:
    if point.commit is None:
        return f"the working tree (as of {point.date})"
    return f"commit `{point.commit.short}` of {point.commit.date}" + (f" ({md(point.note)})" if point.note else "")


def changes_markdown(result: ChangeSet, level: int = 2, plan_headings: bool = True) -> str:
    """The change set as Markdown; headings start at `level` (a paper block sits under its section's)."""
    out = [f"Changes from {_md_point(result.since)} to {_md_point(result.until)}.", ""]
    if not result.plans:
        out += ["Nothing has changed.", ""]
    for plan in result.plans:
        sub = level
        if plan_headings:
            out += [f"{'#' * level} {md(plan.plan)}: {md(plan.title or '(untitled plan)')}", ""]
            sub = level + 1
        for group in plan.groups:
            out += [f"{'#' * sub} {md(group.title)}", ""]
            for subject, title, items in _by_subject(group.changes):
                out.append(f"- **{md(subject)}**" + (f" {md(title)}" if title else ""))
                out.extend(f"  - {md(c.detail)}" for c in items)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def changes_block(plans: str, plan: str, as_of: dt.date, since: dt.date | None = None) -> str:
    """The paper block `changes-since-last-meeting`: Markdown for one plan, headings at level 3
    (under the paper's `##` sections), or a note saying why the history cannot be read.

    `since` is the start of the paper's period (its `since:`, else the board's previous meeting);
    without it, the last meeting of the plan's board before `as_of`.
    """
    from dagov.history.points import changes_since_last_meeting

    try:
        result = changes_since_last_meeting(plans, as_of, plan, since)
    except HistoryError as err:
        return f"*(Changes since the last meeting are not available: {md(err.reason)}.)*\n"
    return changes_markdown(result, level=3, plan_headings=False)
