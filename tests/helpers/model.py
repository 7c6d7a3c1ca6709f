"""Model objects as plain data, for comparing two ways of reading the same files."""

from __future__ import annotations

import dataclasses


def deep(value: object) -> object:
    """A model object as plain data, with where every object and field was written (which repr leaves out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple((f.name, deep(getattr(value, f.name))) for f in dataclasses.fields(value)
                       if f.name not in ("locs", "texts", "scans"))
        locs = getattr(value, "locs", None)
        return type(value).__name__, fields, tuple((name, locs[name]) for name in locs) if locs else ()
    if isinstance(value, dict):
        return tuple((k, deep(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [deep(v) for v in value]
        return tuple(sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else tuple(items)
    return type(value).__name__, value
