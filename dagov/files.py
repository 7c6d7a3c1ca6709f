"""Where plan files come from: the working tree, or (for `dagov changes`) a git revision.

The loader only asks these three questions, so the same code reads both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol


class FileSource(Protocol):
    def is_file(self, rel: str) -> bool: ...

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        """(files, folders) directly inside `rel` ("" is the root), each sorted by name."""
        ...

    def read(self, rel: str) -> bytes: ...


class DiskFiles:
    """A plans directory on disk."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def is_file(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        files: list[str] = []
        folders: list[str] = []
        try:
            with os.scandir(self.root / rel) as entries:
                for entry in entries:
                    (folders if entry.is_dir() else files).append(entry.name)
        except OSError:
            pass
        return sorted(files), sorted(folders)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()


class MemoryFiles:
    """Files held in a dict of relative path -> bytes (a git revision, or tests)."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self._dirs: dict[str, tuple[set[str], set[str]]] = {"": (set(), set())}
        for rel in files:
            parts = rel.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                entry = self._dirs.setdefault(parent, (set(), set()))
                if depth == len(parts) - 1:
                    entry[0].add(parts[depth])
                else:
                    entry[1].add(parts[depth])

    def is_file(self, rel: str) -> bool:
        return rel in self.files

    def listdir(self, rel: str) -> tuple[list[str], list[str]]:
        files, folders = self._dirs.get(rel, (set(), set()))
        return sorted(files), sorted(folders)

    def read(self, rel: str) -> bytes:
        return self.files[rel]
