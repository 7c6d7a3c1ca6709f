"""The command line: parse options, call the library, print, set the exit code.

This module is the entry point (`dagov = dagov.cli.app:main`) and imports almost nothing:
`dagov --version` answers without typer, `dagov --help` lists the commands from their
summaries without importing a command module (`commands.help_app`), a plain `dagov check`
and a plain `dagov status` run without typer too (dagov.cli.bare), and a run imports only the command it names
(dagov.cli.commands, where the app is built). `app` and `app_for`
are dagov.cli.commands' own.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any


def main() -> None:
    # A run is short and its objects (a whole plans tree) live until it exits: the
    # cyclic collector would only rescan them, costing ~10% on large trees. Loaders
    # break their own cycles, so nothing accumulates. The one process-wide switch, and
    # here rather than at import: a library user keeps the collector (the loader only
    # pauses it while reading, see plan/load.py `_no_cycle_collection`).
    gc.disable()
    _replace_what_cannot_be_written()
    args = sys.argv[1:]
    if not any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        if args == ["--version"]:
            from dagov import __version__

            sys.stdout.write(f"dagov {__version__}\n")  # what typer.echo writes, without importing typer
            return
        if args in ([], ["--help"], ["-h"]):
            from dagov.cli.commands import help_app

            help_app()()
            return
        if args[:1] in (["check"], ["status"]):
            from dagov.cli.bare import without_typer

            code = without_typer(args)  # None: typer runs it
            if code is not None:
                sys.exit(code)
    from dagov.cli.commands import app_for

    app_for(args)()


def _replace_what_cannot_be_written() -> None:
    """On a stream whose encoding is not UTF-8 (a latin-1 terminal, PYTHONIOENCODING=ascii), write a
    character it cannot hold as '?' rather than end in a UnicodeEncodeError: a report's progress bar,
    a title in Welsh or a path with an em dash must not cost the user the whole output."""
    for stream in (sys.stdout, sys.stderr):
        if not is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def is_utf8(stream: Any) -> bool:
    """UTF-8 by any of its usual names (another name, or another encoding: typer's own stream handling)."""
    encoding = getattr(stream, "encoding", None)
    return isinstance(encoding, str) and encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def __getattr__(name: str) -> Any:
    if name in ("app", "app_for"):
        from dagov.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
