"""Values that become paths of files dagov writes, checked before anything is written.

An id given as an option or read from a spreadsheet becomes a file name
(recommendations/<id>.yaml); unchecked, `--id ../../organisation --force` replaced
organisation.yaml. So every writer checks here: each id against the format's pattern
for it, and each file it would write, with symbolic links and `..` resolved, against
the folder it must stay in (the plans directory, or the folder the user named for
output). `--force` only decides whether an existing file may be replaced; it never
widens these checks.

Output files follow one rule: dagov creates only what you name (the -o file, the
--write or init folder), never the folders above it, so a mistyped path is refused
instead of growing a stray tree somewhere.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from dagov.errors import UsageError
from dagov.plan import format as fmt  # 'format' is a builtin

MAX_ID = 100
"""Longest id a writer makes a file of: with '.yaml' and a temporary file's affixes it stays well inside
every file system's 255-byte limit on a name."""
MAX_NAME_BYTES = 200
"""Longest output file name (UTF-8 bytes) a writer accepts, for the same reason."""
SHOWN_CHARACTERS = 60
"""Longest id a message quotes whole; paths and text are quoted up to SHOWN_PATH_CHARACTERS."""
SHOWN_PATH_CHARACTERS = 400


class UnsafePath(UsageError):
    """A value that must not become (part of) a path; the message names it and says what would be right."""


@dataclass(frozen=True)
class IdKind:
    """A kind of id a command is given (plan, board, recommendation...): the pattern it must match and how to write one."""

    what: str
    pattern: str
    hint: str


PLAN = IdKind("plan id", fmt.ID, "use lower-case letters, digits and hyphens, e.g. da-2014")
BOARD = IdKind("board id", fmt.ID, "use lower-case letters, digits and hyphens, e.g. safeguarding-board")
TEMPLATE = IdKind("template name", fmt.ID, "use lower-case letters, digits and hyphens, e.g. board-paper")
RECOMMENDATION = IdKind("recommendation id", fmt.REC_ID, fmt.REC_ID_HINT)


def shown(value: str, limit: int = SHOWN_CHARACTERS) -> str:
    """A value as a message can quote it: bytes that are not UTF-8 as \\xff, control and invisible
    characters escaped (a newline cannot start a forged line), and cut short when long."""
    out = []
    for char in value:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte of argv that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    text = "".join(out)
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _path(value: str | os.PathLike) -> str:
    return shown(str(value), SHOWN_PATH_CHARACTERS)


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text(option: str, value: str | None) -> str | None:
    """`value` unless it holds bytes that are not UTF-8 (the shell passes them as they are), which no
    plan file, report or file name dagov writes could hold."""
    if value is not None and not _is_text(value):
        raise UnsafePath(f"{option} '{_path(value)}' is not UTF-8 text; type it again in a terminal set to UTF-8")
    return value


def texts(*pairs: tuple[str, str | list[str] | tuple[str, ...] | None]) -> None:
    """`text` for each (option, value or values) pair."""
    for option, value in pairs:
        for one in value if isinstance(value, (list, tuple)) else (value,):
            text(option, one)


def id_problem(value: str, kind: IdKind) -> str | None:
    """Why `value` cannot be a `kind` id (and so a file or folder name), or None when it can."""
    if len(value) > MAX_ID:
        return f"it has {len(value)} characters, at most {MAX_ID}"
    # fullmatch, not match: the pattern's '$' would let a trailing newline through into a file name.
    if not _is_text(value) or not re.fullmatch(kind.pattern.removesuffix("$"), value):
        return kind.hint
    return None


def identifier(option: str, value: str | None, kind: IdKind) -> str | None:
    """`value` when it is a valid `kind` id (None passes: the writer chooses one); UnsafePath otherwise."""
    if value is None:
        return None
    problem = id_problem(value, kind)
    if problem:
        raise UnsafePath(f"{option} '{shown(value)}' is not a valid {kind.what}: {problem}")
    return value


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def inside(root: str | os.PathLike, rel: str, what: str = "the plans directory") -> Path:
    """root/rel, when it still lies inside `root` after symbolic links and '..' are resolved.

    Ids are checked before they become paths; this catches what a pattern cannot: a folder
    or file on the way that is a symbolic link leading out (committed, or made by anyone).
    """
    target = Path(root, *rel.split("/"))
    top = _resolved(Path(root))
    real = _resolved(target)
    if real != top and top not in real.parents:
        raise UnsafePath(f"{_path(target)} leads to {_path(real)}, outside {what} {_path(root)}; "
                         "nothing was written: dagov writes only inside it, so replace the symbolic link on the way "
                         "with a real folder or file")
    return target


def _common(option: str, value: str, what: str) -> None:
    text(option, value)
    if value == "":
        raise UnsafePath(f"{option} is empty; give a {what}")
    if "\0" in value:
        raise UnsafePath(f"{option} '{shown(value)}' holds a NUL character, which no {what} can hold; give another")


def _parent_exists(option: str, value: str, path: Path, noun: str) -> None:
    parent = path.parent
    if parent.is_dir():
        return
    what = "is a file, not a folder" if parent.exists() else "does not exist"
    raise UnsafePath(f"the folder '{_path(parent)}' for {option} {_path(value)} {what}; "
                     f"create it first, or write the {noun} somewhere else")


def output_file(option: str, value: str) -> Path:
    """The file the user named for output (-o), checked: a name, not a folder, in a folder that exists."""
    _common(option, value, "file name")
    path = Path(value)
    if value.endswith(("/", os.sep)) or path.name in ("", ".", "..") or path.is_dir():
        raise UnsafePath(f"{option} {_path(value)} is a folder; give a file name")
    if len(path.name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UnsafePath(f"{option} {_path(value)}: the file name is too long "
                         f"({len(path.name.encode('utf-8'))} bytes, at most {MAX_NAME_BYTES}); choose a shorter one")
    _parent_exists(option, value, path, "file")
    return path


def output_folder(option: str, value: str, hint: str = "give a folder") -> Path:
    """The folder the user named for output (init DIR, schema --write DIR): created if missing,
    but only it; the folder above must exist."""
    _common(option, value, "folder name")
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UnsafePath(f"{option} {_path(value)} is a file; {hint}")
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in path.parts):
        raise UnsafePath(f"{option} {_path(value)}: a folder name in it is too long (at most {MAX_NAME_BYTES} bytes); "
                         "choose a shorter one")
    if not path.exists():
        _parent_exists(option, value, path, "folder")
    return path


def existing_folder(option: str, value: str, holding: str) -> Path:
    """A folder the user named for reading (--templates): it must be there."""
    _common(option, value, "folder name")
    path = Path(value)
    if not path.is_dir():
        raise UnsafePath(f"{option} folder '{_path(value)}' not found; give a folder of {holding}")
    return path
