"""The README shows real output of real commands: each marked block is re-run and compared.

A block is marked with an HTML comment naming the command line (without `dagov`):

    <!-- output: check plans -->
    ```text
    ...exact output...
    ```
Regenerate after a deliberate change with `pytest tests/test_readme.py --update-golden`.
"""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import REPO
from dagov.cli import app

README = REPO / "README.md"
BLOCK = re.compile(r"<!-- output: (?P<args>.+?) -->\n```text\n(?P<body>.*?)```\n", re.S)


def _blocks():
    return [(m.group("args"), m.group("body")) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def _run(args: str, monkeypatch) -> str:
    """Run `dagov ARGS` (optionally `ARGS | head -N`, to show the start of a long output)."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    args, _, head = args.partition(" | head -")
    result = CliRunner().invoke(app, shlex.split(args), terminal_width=80)
    output = result.output
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head)])
    return output


def test_readme_has_output_blocks():
    assert len(_blocks()) >= 1


@pytest.mark.parametrize("args,expected", _blocks(), ids=[a for a, _ in _blocks()])
def test_readme_output_is_real(args, expected, monkeypatch, request):
    actual = _run(args, monkeypatch)
    if request.config.getoption("--update-golden", default=False):
        text = README.read_text(encoding="utf-8")
        marker = f"<!-- output: {args} -->\n```text\n"
        start = text.index(marker) + len(marker)
        end = text.index("```\n", start)
        README.write_text(text[:start] + actual + text[end:], encoding="utf-8")
        return
    assert actual == expected


BROKEN = re.compile(r"<!-- broken-example -->\n```text\n(?P<body>.*?)```\n", re.S)


def test_readme_broken_example_is_real(tmp_path, monkeypatch, request):
    import shutil

    shutil.copytree(REPO / "plans", tmp_path / "plans")
    r03 = tmp_path / "plans/da-2014/recommendations/R03.yaml"
    r03.write_text(r03.read_text().replace("owner: head-performance-analysis\n", "owner:\n", 1))
    r05 = tmp_path / "plans/da-2014/recommendations/R05.yaml"
    r05.write_text(r05.read_text().replace("    due: 2014-04-30\n", "    due: 30/04/2014\n", 1))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, ["check", "plans"])
    assert result.exit_code == 1
    text = README.read_text(encoding="utf-8")
    match = BROKEN.search(text)
    if request.config.getoption("--update-golden", default=False):
        README.write_text(text[:match.start("body")] + result.output + text[match.end("body"):], encoding="utf-8")
        return
    assert result.output == match.group("body")
