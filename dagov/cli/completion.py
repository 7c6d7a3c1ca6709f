"""Shell completion of recommendation, action and measure ids (`dagov show R0<TAB>`, `dagov record M0<TAB>`).

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
        found.extend((folder.name, stem) for stem in measure_stems(folder))
    return found


def measure_stems(folder: Path) -> list[str]:
    """The measures of one plan folder: the names of its measures/*.yaml files."""
    measures = folder / "measures"
    return sorted(p.stem for p in measures.glob("*.yaml")) if measures.is_dir() else []


def complete_measures(incomplete: str) -> list[str]:
    """Measure ids in ./plans starting with `incomplete` (any case); never raises."""
    try:
        root = Path(DEFAULT_PLANS)
        stems = {stem for folder in root.iterdir() if folder.is_dir() for stem in measure_stems(folder)}
    except Exception:  # completion must never break the user's shell
        return []
    from dagov.words import natural_key

    return sorted((s for s in stems if s.casefold().startswith(incomplete.casefold())), key=natural_key)


def complete_ids(incomplete: str) -> list[str]:
    """Recommendation and action ids in ./plans starting with `incomplete` (any case).

    With a slash (da-2014/R0) the ids are completed with their plan's folder in front.
    For Typer: `typer.Argument(..., autocompletion=complete_ids)`.
    """
    try:
        pairs = ids_in(DEFAULT_PLANS)
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
