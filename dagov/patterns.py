"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern runs `re`'s parser and compiler, in Python: a module-level `re.compile`
costs every process that imports the module, whether it uses the pattern or not. A second
`dagov check` over unchanged files uses few of dagov's patterns (the files' fields were
validated when they were parsed, their personal-data scan is kept with them): compiling the
35 at every start cost about a twentieth of it.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _CompiledOnUse:
    """A regular expression compiled when it is first used, then used as the compiled pattern is."""

    def __init__(self, source: str, flags: int):
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # match, search, pattern...: only until each is first asked for
        if name.startswith("_"):  # no public part of a pattern; and pickle or copy asking before __init__ ran
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self._source, self._flags)
        value = getattr(compiled, name)
        setattr(self, name, value)  # the compiled pattern's own bound method, found directly from now on
        return value

    def __repr__(self) -> str:
        return f"compiled_on_use({self._source!r})"


def compiled_on_use(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, compiled at the first use of any of its methods or attributes.

    Use it as the compiled pattern (`.match`, `.sub`, `.pattern`...); not where a `re.Pattern` instance
    itself is needed (`re.sub(PATTERN, ...)`, `isinstance`)."""
    return cast("re.Pattern[str]", _CompiledOnUse(source, flags))
