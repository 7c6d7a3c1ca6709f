"""Shell completion of role and key-area ids (`dagov new action R03 --owner head-<TAB>`).

As dagov.cli.completion: runs on every TAB press, so it reads only the `roles:` block of
./plans/organisation.yaml and the `areas:` blocks of each plan.yaml with a regular
expression (no YAML parsing, no checks), and answers nothing rather than raise.
"""

from __future__ import annotations

import re
from pathlib import Path

from dagov.cli.completion import DEFAULT_PLANS, MAX_BYTES

_ENTRY = re.compile(r"^(?P<indent> +)['\"]?(?P<id>[a-z0-9][a-z0-9-]*)['\"]?:\s*(?:#.*)?$")


def entries_under(text: str, key: str) -> list[str]:
    """The keys of the block mapping under top-level `key:` in `text`, in file order."""
    found: list[str] = []
    inside, indent = False, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            inside, indent = line.split("#", 1)[0].strip() == f"{key}:", None
            continue
        if not inside:
            continue
        match = _ENTRY.match(line)
        width = len(line) - len(line.lstrip(" "))
        if indent is None and match:
            indent = width
        if match and width == indent:
            found.append(match["id"])
    return found


def _read(path: Path) -> str:
    from dagov.plan.files import read_regular

    return read_regular(path, MAX_BYTES).decode("utf-8", errors="replace")


def _matching(ids: list[str], incomplete: str) -> list[str]:
    wanted = incomplete.casefold()
    return sorted({i for i in ids if i.casefold().startswith(wanted)})


def complete_roles(incomplete: str) -> list[str]:
    """Role ids in ./plans/organisation.yaml starting with `incomplete`."""
    try:
        return _matching(entries_under(_read(Path(DEFAULT_PLANS, "organisation.yaml")), "roles"), incomplete)
    except Exception:  # completion must never break the user's shell
        return []


def complete_areas(incomplete: str) -> list[str]:
    """Key-area ids of every plan in ./plans starting with `incomplete`."""
    try:
        ids: list[str] = []
        for plan_file in sorted(Path(DEFAULT_PLANS).glob("*/plan.yaml")):
            try:
                ids.extend(entries_under(_read(plan_file), "areas"))
            except OSError:
                continue
        return _matching(ids, incomplete)
    except Exception:  # completion must never break the user's shell
        return []
