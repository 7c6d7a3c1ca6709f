"""Shell completion of every argument and option that takes an id: recommendations and actions
(`dagov show R0<TAB>`), plans, meetings, boards, roles, key areas paper files and measures
(`dagov record M0<TAB>`).

Runs on every TAB press, so it must be fast and must never fail: it reads only file names,
and lines of the files with a regular expression (no YAML parsing, no checks, none of the
loader), and answers nothing rather than raise when anything is odd.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from dagov.plan.files import read_regular

DEFAULT_PLANS = "plans"
KEY_LINE = re.compile(r"^( +)([A-Za-z0-9][A-Za-z0-9_-]*)\s*:(?:\s|$)")
ACTION_ID_LINE = re.compile(r"^\s*-?\s*id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_-]*\.[0-9A-Za-z.]+)['\"]?\s*(?:#.*)?$", re.M)
MAX_BYTES = 2 * 1024 * 1024


def ids_in(plans: str | os.PathLike, measures: bool = True) -> list[tuple[str, str]]:
    """(plan folder, id) for every recommendation and action (and measure, unless not `measures`)
    under `plans`, in file order."""
    found: list[tuple[str, str]] = []
    root = Path(plans)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
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
        if measures:
            found.extend((folder.name, stem) for stem in measure_stems(folder))
    return found


def measure_stems(folder: Path) -> list[str]:
    """The measures of one plan folder: the names of its measures/*.yaml files."""
    measures = folder / "measures"
    return sorted(p.stem for p in measures.glob("*.yaml")) if measures.is_dir() else []


def complete_measures(incomplete: str) -> list[str]:
    """Measure ids in ./plans starting with `incomplete` (any case); never raises."""
    return complete("measures", incomplete)


def complete_ids(incomplete: str) -> list[str]:
    """Recommendation and action ids in ./plans starting with `incomplete` (any case).

    With a slash (da-2014/R0) the ids are completed with their plan's folder in front.
    For Typer: `typer.Argument(..., autocompletion=complete_ids)`.
    """
    return ids_completing(incomplete, DEFAULT_PLANS)


def ids_completing(incomplete: str, plans: str | os.PathLike, kind: str | None = None) -> list[str]:
    """Recommendation and action ids under `plans` (only `kind`, recommendations or actions, when
    given) starting with `incomplete` (see complete_ids)."""
    try:
        pairs = [(plan, ident) for plan, ident in ids_in(plans, measures=kind is None)
                 if kind is None or ("." in ident) == (kind == "actions")]
    except Exception:  # completion must never break the user's shell
        return []
    qualified = "/" in incomplete
    wanted = incomplete.casefold()
    seen: dict[str, None] = {}
    for plan, ident in pairs:
        candidate = f"{plan}/{ident}" if qualified else ident
        if candidate.casefold().startswith(wanted):
            seen.setdefault(candidate, None)
    from dagov.words import natural_key

    return sorted(seen, key=natural_key)


def _plan_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "plan.yaml").is_file())


def _text(path: Path) -> str:
    try:  # never a pipe or a device: a TAB press must not hang the shell
        return read_regular(path, MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def section_keys(text: str, section: str) -> list[str]:
    """The keys of the top-level mapping `section:` of a YAML text (roles, boards, areas), read by
    their indentation: the first key's indentation is that of every key."""
    keys: list[str] = []
    inside, indent = False, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            inside = line.split("#")[0].rstrip() == f"{section}:"
            indent = None
            continue
        found = KEY_LINE.match(line) if inside else None
        if found and (indent is None or len(found[1]) == indent):
            indent = len(found[1])
            keys.append(found[2])
    return keys


def _names(kind: str, root: Path) -> list[str]:
    """Every name of `kind` under the plans directory `root`."""
    if kind == "plans":
        return [p.name for p in _plan_folders(root)]
    if kind in ("roles", "boards", "partners"):
        return section_keys(_text(root / "organisation.yaml"), kind)
    if kind == "areas":
        return [key for folder in _plan_folders(root) for key in section_keys(_text(folder / "plan.yaml"), "areas")]
    if kind == "measures":
        return [stem for folder in _plan_folders(root) for stem in measure_stems(folder)]
    if kind == "meetings":
        return [p.stem for folder in _plan_folders(root) for p in sorted((folder / "meetings").glob("*.yaml"))]
    if kind == "papers":
        return [str(p) for folder in _plan_folders(root) for p in sorted((folder / "papers").glob("*.yaml"))]
    pairs = ids_in(root)
    if kind == "recommendations":
        return [ident for _, ident in pairs if "." not in ident]
    if kind == "actions":
        return [ident for _, ident in pairs if "." in ident]
    raise ValueError(kind)


def complete(kind: str, incomplete: str, plans: str | os.PathLike | None = None) -> list[str]:
    """The `kind` names (plans, roles, boards, partners, areas, meetings, papers, recommendations,
    actions) in the plans directory `plans` (default ./plans) starting with `incomplete` (any
    case), once each, in natural order; nothing, never an error, when anything is odd.
    Recommendations and actions after a slash (da-2014/R0) come with their plan's folder in front."""
    if kind in ("recommendations", "actions"):
        return ids_completing(incomplete, plans or DEFAULT_PLANS, kind)
    try:
        names = _names(kind, Path(plans or DEFAULT_PLANS))
    except Exception:  # completion must never break the user's shell
        return []
    from dagov.words import natural_key

    wanted = incomplete.casefold()
    return sorted({name for name in names if name.casefold().startswith(wanted)}, key=natural_key)
