"""Run a command both ways: through the entry point (which runs plain check and status without typer,
dagov.cli.bare) and through the typer app alone, each in a fresh interpreter, and compare."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENTRY = """\
import sys
sys.argv = ['dagov', *{args!r}]
from dagov.cli.app import main
try:
    main()
finally:
    sys.stdout.flush()
    print('\\0TYPER' if 'typer' in sys.modules else '\\0BARE', file=sys.stderr)
"""

TYPER = """\
import sys
sys.argv = ['dagov', *{args!r}]
from dagov.cli.commands import app_for
app_for({args!r})()
"""


def run_code(code: str, cwd: Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "80", **(env or {})}, **kwargs)


def both_ways(args: list[str], cwd: Path, env: dict[str, str] | None = None, prelude: str = "") -> tuple[str, str]:
    """Run `dagov args` both ways (after `prelude`, code run first in each); assert they print and exit
    alike; (which way the entry point went, 'BARE' or 'TYPER'; what it printed on stdout)."""
    entry = run_code(prelude + ENTRY.format(args=args), cwd, env)
    alone = run_code(prelude + TYPER.format(args=args), cwd, env)
    stderr, _, way = entry.stderr.rpartition("\0")
    assert (entry.stdout, stderr, entry.returncode) == (alone.stdout, alone.stderr, alone.returncode)
    return way.strip(), entry.stdout


def typer_reading(command: str, tokens: list[str]) -> dict | None:
    """What typer's own parser reads `dagov COMMAND tokens...` as (the command's parameters), or None
    for a usage error or --help."""
    import typer
    import typer.main
    from typer._click.exceptions import UsageError

    from dagov.cli.commands import build

    parser = typer.main.get_command(build([command])).commands[command]  # type: ignore[attr-defined]
    try:
        return parser.make_context(command, list(tokens)).params
    except (UsageError, typer.Exit):
        return None


def write_broken(root: Path) -> Path:
    """A plans directory with a syntax error and a file of the wrong shape."""
    from helpers.trees import BASE, R01_FILE, write_tree

    return write_tree(root, {**BASE, R01_FILE: "id: R01\ntitle: [unclosed\n", "p1/recommendations/R09.yaml": "- a list\n"})
