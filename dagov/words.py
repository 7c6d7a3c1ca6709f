"""Small shared words: counts with their nouns, the natural order of ids, suggestions for a typo.

At the package root so that every layer (the plan layer included, which may import no other)
says these things the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from dagov.patterns import compiled_on_use


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 action', '3 actions'; `many` for a plural that is not singular + 's' ('3 open actions have')."""
    return f"{count} {singular}" if count == 1 else f"{count} {many or singular + 's'}"


_NUMBERS = compiled_on_use(r"(\d+)")


NaturalKey = tuple[tuple[int, int, str], ...]
"""What natural_key returns: (kind, number, text) per part."""


def natural_key(text: str | None) -> NaturalKey:
    """Sort R2 before R10 and R01.2 before R01.10; None sorts last."""
    if type(text) is not str:
        return _natural_key(text)
    key = _natural_keys.get(text)  # a report sorts the same ids many times over
    if key is None:
        key = _natural_keys[text] = _natural_key(text)
    return key


_natural_keys: dict[str, NaturalKey] = {}
"""The keys worked out so far: as many as the ids and titles sorted, which a run reads anyway."""


def _natural_key(text: str | None) -> NaturalKey:
    # Numbers and words never meet in one comparison (a plan id '7' against 'da-2014' would raise):
    # each part is (kind, number, text), numbers first. isdecimal, as \d: '²' is a digit but no number.
    if text is None:
        return ((2, 0, ""),)
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part)
                 for part in _NUMBERS.split(str(text)) if part != "") or ((1, 0, ""),)


# Two shapes of suggestion, because messages use them in two ways: an aside added to a
# sentence that reads whole without it (did_you_mean: the one closest name, or nothing), and
# a clause of its own that must always say something (suggestion: up to three close names,
# else what the user could give instead).


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to `n` of `choices` close to `word`, closest first."""
    import difflib  # only when something is misspelt: not worth importing on every clean run

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest of `choices`, or '' when nothing is close."""
    close = close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggestion(close: list[str], otherwise: str) -> str:
    """'did you mean a, b?' for the close matches found, else `otherwise` (what to give instead)."""
    return f"did you mean {', '.join(close)}?" if close else otherwise
