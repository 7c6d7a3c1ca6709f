"""JSON text as `json.dumps(value, indent=2, ensure_ascii=...)` writes it, byte for byte, faster.

With an indent, `json.dumps` runs the standard library's pure-Python encoder (its C
encoder serves only compact output), and that is most of the time `status --format json`
spends printing on a large tree. Here every string, number and flat list or object is
written by the C encoder, and a short recursive writer adds the indentation around them:
2–3× faster on a large tree's status (0.37 s to 0.17 s), the same text
(tests/test_jsontext.py compares the two on generated documents, both `ensure_ascii`
settings).

What it accepts is what `json.dumps` accepts without a `default`: dicts (keys str, int,
float, bool or None), lists and tuples, str, int, float (NaN and the infinities written
as `NaN`, `Infinity`, as `json.dumps` does), bool and None, subclasses included; and `Items`,
a list made item by item as it is written. Anything else raises the same TypeError. A document
that contains itself raises RecursionError rather than json's ValueError; dagov's documents are
built fresh and never do.
"""

from __future__ import annotations

import _json  # the C half of the standard library's json: its encoder and string quoting
from collections.abc import Callable, Sequence
from typing import Any

_INDENT = "  "
_INFINITY = float("inf")
# A list or object whose items are all of these exact types is flat: written by the C encoder
# in one call. Anything else (a nested container, a subclass) goes item by item.
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _key(key: object, quote: Callable[[str], str]) -> str:
    """An object key as json.dumps writes it: strings quoted, numbers, true/false/null turned into strings."""
    if isinstance(key, str):
        return quote(key)
    if isinstance(key, float):
        return quote(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return quote(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


class _Writer:
    """The writer for one `ensure_ascii` setting, with a C encoder for each depth, made once."""

    def __init__(self, ensure_ascii: bool) -> None:
        self.quote: Callable[[str], str] = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
        self.encoders: dict[str, _json.make_encoder] = {}
        self.scalar = self.encoder("\n")

    def encoder(self, newline: str) -> _json.make_encoder:
        """The C encoder writing the items of a flat list or object each on `newline`.

        Without an indent it writes `item_separator` between items: here a comma, the
        newline and the indentation. Called as `encoder(value, 0)`, it returns the text in pieces."""
        encoder = self.encoders.get(newline)
        if encoder is None:
            # (markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan)
            encoder = self.encoders[newline] = _json.make_encoder(
                None, _unserializable, self.quote, None, ": ", "," + newline, False, False, True)
        return encoder

    def write(self, value: Any, newline: str) -> str:
        """`value` as json.dumps writes it, indented by `newline` (less its line break)."""
        if isinstance(value, dict):
            if not value:
                return "{}"
            inner = newline + _INDENT
            if _SCALAR_TYPES.issuperset(map(type, value.values())):
                return "{" + inner + "".join(self.encoder(inner)(value, 0))[1:-1] + newline + "}"
            quote, write = self.quote, self.write
            return "{" + inner + ("," + inner).join([
                _key(key, quote) + ": " + write(item, inner) for key, item in value.items()
            ]) + newline + "}"
        if isinstance(value, (list, tuple)):
            if not value:
                return "[]"
            inner = newline + _INDENT
            if _SCALAR_TYPES.issuperset(map(type, value)):
                return "[" + inner + "".join(self.encoder(inner)(value, 0))[1:-1] + newline + "]"
            write = self.write
            return "[" + inner + ("," + inner).join([write(item, inner) for item in value]) + newline + "]"
        if isinstance(value, Items):
            if not value.sources:
                return "[]"
            inner, write, make = newline + _INDENT, self.write, value.make
            # Each item is made, written and dropped before the next is made: only their text is kept. (Not the
            # list's loop above over map(make, ...): its loop variable would hold an item while the next is made.)
            return "[" + inner + ("," + inner).join([write(make(source), inner) for source in value.sources]) + \
                newline + "]"
        if type(value) is str:
            return self.quote(value)
        return "".join(self.scalar(value, 0))


class Items:
    """A list in a document whose items are made only as they are written, each dropped once written:
    `[make(s) for s in sources]`, written the same, without the whole list held at once.

    A report's document holds a mapping for every action of every plan: on the 15,000-action bench tree
    about 20 MB of them, on top of the tree, the figures and the text. Made one plan at a time, that much
    is never in memory together."""

    __slots__ = ("make", "sources")

    def __init__(self, make: Callable[[Any], Any], sources: Sequence[Any]):
        self.make = make
        self.sources = sources


def _unserializable(value: object) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


_WRITERS = {True: _Writer(True), False: _Writer(False)}


def dumps(value: Any, *, ensure_ascii: bool = True) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=ensure_ascii)`, the same text."""
    return _WRITERS[bool(ensure_ascii)].write(value, "\n")
