"""docs/outcomes.md shows real output: each `<!-- output: ARGS -->` block is run, in the order the page gives them,
on one copy of the example plans (so `record` before `import` before `status` builds on what came before), and
compared. `<!-- file: NAME -->` before a code block writes that block to NAME first. `| head -N` and `| tail -N`
show part of a long output. Regenerate with `pytest tests/cli/test_outcomes_doc.py --update-golden`."""

from __future__ import annotations

import re
import shlex
import shutil

from helpers.trees import EXAMPLE, REPO
from typer.testing import CliRunner

from dagov.cli.app import app

DOC = REPO / "docs" / "outcomes.md"
STEP = re.compile(r"<!-- (?P<kind>output|file): (?P<args>.+?) -->\n```(?:text|csv)\n(?P<body>.*?)```\n", re.S)


def _run(args: str) -> str:
    command, _, cut = args.partition(" | ")
    output = CliRunner().invoke(app, shlex.split(command), terminal_width=80).output
    lines = output.splitlines(keepends=True)
    if cut.startswith("head -"):
        lines = lines[: int(cut[len("head -"):])]
    elif cut.startswith("tail -"):
        lines = lines[-int(cut[len("tail -"):]):]
    return "".join(lines)


def test_every_output_in_docs_outcomes_is_real(tmp_path, monkeypatch, request):
    shutil.copytree(EXAMPLE, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    text = DOC.read_text(encoding="utf-8")
    steps = list(STEP.finditer(text))
    assert sum(m["kind"] == "output" for m in steps) >= 6
    pieces, cursor, wrong = [], 0, []
    for match in steps:
        if match["kind"] == "file":
            (tmp_path / match["args"]).write_text(match["body"], encoding="utf-8")
            continue
        actual = _run(match["args"])
        if actual != match["body"]:
            wrong.append(f"{match['args']}:\n{actual}")
        pieces += [text[cursor:match.start("body")], actual]
        cursor = match.end("body")
    if request.config.getoption("--update-golden", default=False):
        DOC.write_text("".join(pieces) + text[cursor:], encoding="utf-8")
        return
    assert wrong == []
