"""docs/board.md shows real output: its commands run in order on a copy of the example, each compared.

In docs/board.md, a ```console block holds `$ dagov ...` lines each followed by its exact output
(`| head -N` and `| tail -N` keep the first or last N lines); a ```yaml block after
`<!-- file: PATH -->` is written to PATH (the secretary's own edit) before the next command runs.
`pytest tests/cli/test_board_doc.py --update-golden` rewrites the outputs; review the diff.
"""

from __future__ import annotations

import re
import shlex
import shutil

from helpers.trees import EXAMPLE, REPO
from typer.testing import CliRunner

from dagov.cli.app import app

DOC = REPO / "docs" / "board.md"
BLOCK = re.compile(r"(?:<!-- file: (?P<path>\S+) -->\n```yaml\n(?P<file>.*?)```\n)|(?:```console\n(?P<console>.*?)```\n)",
                   re.S)


def _run(line: str) -> str:
    command, _, keep = line.partition(" | ")
    words = shlex.split(command)
    assert words[0] == "dagov", line
    output = CliRunner().invoke(app, words[1:], terminal_width=80).output
    lines = output.splitlines(keepends=True)
    if keep.startswith("head -"):
        lines = lines[: int(keep.removeprefix("head -"))]
    elif keep.startswith("tail -"):
        lines = lines[-int(keep.removeprefix("tail -")):]
    return "".join(lines)


def _session(console: str) -> str:
    """The block as it should read: each `$` line, then what it prints now."""
    out = []
    for line in console.splitlines():
        if line.startswith("$ "):
            out.append(line + "\n" + _run(line[2:]))
    return "".join(out)


def test_board_doc_commands_give_the_output_shown(tmp_path, monkeypatch, request):
    shutil.copytree(EXAMPLE, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    text = DOC.read_text(encoding="utf-8")
    pieces, cursor, sessions = [], 0, 0
    for block in BLOCK.finditer(text):
        if block["path"]:
            (tmp_path / block["path"]).write_text(block["file"], encoding="utf-8")
            continue
        sessions += 1
        actual = _session(block["console"])
        pieces.append(text[cursor:block.start("console")] + actual)
        cursor = block.end("console")
        if not request.config.getoption("--update-golden", default=False):
            assert actual == block["console"]
    pieces.append(text[cursor:])
    assert sessions >= 6
    if request.config.getoption("--update-golden", default=False):
        DOC.write_text("".join(pieces), encoding="utf-8")
