"""Shell completion of recommendation, action, meeting and plan ids (`dagov show R0<TAB>`).

Runs on every TAB press, so it must be fast and must never fail: it reads only the
recommendation files' names and their `- id:` lines with a regular expression (no YAML
parsing, no checks), and answers nothing rather than raise when anything is odd.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from dagov.plan.files import read_regular

DEFAULT_PLANS = "plans"
ACTION_ID_LINE = re.compile(r"^\s*-?\s*id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_-]*\.[0-9A-Za-z.]+)['\"]?\s*(?:#.*)?$", re.M)
MAX_BYTES = 2 * 1024 * 1024


def ids_in(plans: str | os.PathLike) -> list[tuple[str, str]]:
    """(plan folder, id) for every recommendation and action under `plans`, in file order."""
    found: list[tuple[str, str]] = []
    for folder in _plan_folders(plans):
        recommendations = folder / "recommendations"
        if not recommendations.is_dir():
            continue
        for path in sorted(recommendations.glob("*.yaml")):
            found.append((folder.name, path.stem))
            try:  # never a pipe or a device: a TAB press must not hang the shell
                text = read_regular(path, MAX_BYTES).decode("utf-8", errors="replace")
            except OSError:
                continue
            found.extend((folder.name, action) for action in ACTION_ID_LINE.findall(text))
    return found


def meetings_in(plans: str | os.PathLike) -> list[tuple[str, str]]:
    """(plan folder, meeting id) for every meeting file under `plans` (a meeting's id is its file's name)."""
    return [(folder.name, path.stem) for folder in _plan_folders(plans)
            for path in sorted((folder / "meetings").glob("*.yaml"))]


def _plan_folders(plans: str | os.PathLike) -> list[Path]:
    return sorted(p for p in Path(plans).iterdir() if p.is_dir() and not p.name.startswith("."))


def _matching(incomplete: str, pairs, qualify: bool = True) -> list[str]:
    """The ids of `pairs` starting with `incomplete` (any case), with their plan in front after a slash."""
    qualified = qualify and "/" in incomplete
    wanted = incomplete.casefold()
    seen: dict[str, None] = {}
    for plan, ident in pairs:
        candidate = f"{plan}/{ident}" if qualified else ident
        if candidate.casefold().startswith(wanted):
            seen.setdefault(candidate, None)
    from dagov.words import natural_key

    return sorted(seen, key=natural_key)


def _safely(find, incomplete: str, qualify: bool = True) -> list[str]:
    try:
        return _matching(incomplete, find(DEFAULT_PLANS), qualify)
    except Exception:  # completion must never break the user's shell
        return []


def complete_ids(incomplete: str) -> list[str]:
    """Recommendation and action ids in ./plans starting with `incomplete` (any case).

    With a slash (da-2014/R0) the ids are completed with their plan's folder in front.
    For Typer: `typer.Argument(..., autocompletion=complete_ids)`.
    """
    return _safely(ids_in, incomplete)


def complete_recommendations(incomplete: str) -> list[str]:
    """Recommendation ids only (`dagov close R0<TAB>`)."""
    return _safely(lambda plans: [(p, i) for p, i in ids_in(plans) if "." not in i], incomplete)


def complete_actions(incomplete: str) -> list[str]:
    """Action ids only (`dagov extend R04.<TAB>`)."""
    return _safely(lambda plans: [(p, i) for p, i in ids_in(plans) if "." in i], incomplete)


def complete_meetings(incomplete: str) -> list[str]:
    """Meeting ids (`--meeting 2014-0<TAB>`): the commands take a meeting by its id alone."""
    return _safely(meetings_in, incomplete, qualify=False)


def complete_plans(incomplete: str) -> list[str]:
    """Plan folders (`dagov supersede da-<TAB>`)."""
    return _safely(lambda plans: [("", p.name) for p in _plan_folders(plans) if (p / "plan.yaml").is_file()],
                   incomplete, qualify=False)
