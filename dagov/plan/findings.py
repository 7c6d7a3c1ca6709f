"""Findings: what `dagov check` reports, each pinned to a file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from dagov.plan.classcode import CompiledOnce
from dagov.textsafe import one_line

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

ERROR = "error"
WARNING = "warning"


class Pos(NamedTuple):
    """A place in a file: 1-based line and column, as editors count them."""

    path: str
    line: int
    col: int

    def __reduce__(self) -> tuple[Any, tuple[type[Pos], tuple[str, int, int]]]:
        # Unpickled by tuple.__new__ itself, not a NamedTuple's Python __new__: a warm run unpickles one
        # Pos per object of the plans (7,700 on 1,500 actions), and this takes a quarter off unpickling them.
        return tuple.__new__, (Pos, (self.path, self.line, self.col))


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One thing wrong (or worth a warning) in a plan file, at a line and column, from one rule."""

    path: str
    line: int
    col: int
    severity: str
    rule: str
    message: str

    @classmethod
    def at(cls, pos: Pos, rule: str, message: str, severity: str = ERROR) -> Finding:
        return cls(pos.path, pos.line, pos.col, severity, rule, message)

    def as_text(self) -> str:
        """One line, whatever the path and message hold: a newline or ESC in a file name or a
        quoted value is shown as an escape, so it cannot forge a finding line or drive the terminal."""
        return f"{one_line(self.path)}:{self.line}:{self.col}: {self.severity} [{self.rule}] {one_line(self.message)}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


def count(findings: Iterable[Finding], severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


_compiling.close()
