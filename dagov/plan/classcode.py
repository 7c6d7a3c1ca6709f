"""The compiled methods of dataclasses, kept between runs: the model's, and those of the other modules of many.

`dataclasses` writes the source of `__init__`, `__eq__`, `__hash__`, `__repr__` and the frozen
`__setattr__` of every class and compiles it with `exec`, at every start of every process: for
the model's 46 classes that is two thirds of the time it takes to import the model (about 30 ms of
a `dagov check` of one plan that takes 200 ms), and the report's figures and layout cost `dagov
status` as much again. Python keeps compiled modules in `__pycache__`, but not code made at run
time; this keeps it, the same way, in dagov's cache folder, one file per module.

While a module's classes are defined, `dataclasses`' `exec` is given the compiled code of each
source text it has seen before: the same text compiles to the same code, so the classes are exactly
what `dataclasses` alone makes. Anything wrong with the kept file (missing, from another Python, cut
short, a changed byte, not code) and it is compiled as usual and the file written afresh. With the
cache off (DAGOV_NO_CACHE=1) nothing is read or written.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import os
import sys
from types import CodeType
from typing import Any

from dagov.plan.cache import cache_folder, cache_is_off, private_folder, sealed, unsealed, write_whole

MAGIC = b"dagov-class-code 1\n"


def store_path(module: str) -> str:
    """One file per module and Python build: marshal's format and the code `dataclasses` writes both change
    between builds, and a module keeps only what it compiles (each module of a run would otherwise rewrite a
    shared file with its own classes alone)."""
    tag = f"{sys.implementation.cache_tag}-{sys.version_info.releaselevel}{sys.version_info.serial}"
    return os.path.join(cache_folder(), "class-code", f"{tag}-{module}.bin")


def _read(path: str) -> dict[str, CodeType]:
    import marshal

    try:
        with open(path, "rb") as fh:
            payload = unsealed(MAGIC, fh.read())
        if payload is None:
            return {}
        codes = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(codes, dict) or not all(isinstance(k, str) and isinstance(v, CodeType) for k, v in codes.items()):
        return {}
    return codes


class CompiledOnce:
    """Between `CompiledOnce()` and `close()`, dataclasses reuse the code compiled for them by an earlier run.

    A module of many dataclasses (the model, the report's figures and layout...) opens one, named by its
    `__name__`, before its first class and closes it after its last (a `with` block would indent the whole
    module). `reused` and `compiled` count the source texts, for tests."""

    def __init__(self, module: str) -> None:
        self.reused = 0
        self.compiled = 0
        self._active = not cache_is_off() and getattr(dataclasses, "exec", None) is None
        if not self._active:
            return  # off; or already open (a nested use): leave dataclasses as they are
        self._path = store_path(module)
        self._kept = _read(self._path)
        self._used: dict[str, CodeType] = {}
        dataclasses.exec = self._exec  # type: ignore[attr-defined]  # found before the builtin, in its module

    def _exec(self, source: Any, globals_: Any = None, locals_: Any = None) -> None:
        if not isinstance(source, str):
            builtins.exec(source, globals_, locals_)
            return
        code = self._kept.get(source)
        if code is None:
            code = compile(source, "<dataclass>", "exec")
            self.compiled += 1
        else:
            self.reused += 1
        self._used[source] = code
        builtins.exec(code, globals_, locals_)

    def close(self) -> None:
        """Give dataclasses their `exec` back; keep the code of this run if it differs from what was kept."""
        if not self._active:
            return
        self._active = False
        del dataclasses.exec  # type: ignore[attr-defined]
        if self._used.keys() != self._kept.keys() and private_folder(os.path.dirname(self._path)):
            import marshal

            with contextlib.suppress(OSError, ValueError):
                write_whole(self._path, *sealed(MAGIC, marshal.dumps(self._used)))
