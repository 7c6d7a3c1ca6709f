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


EXAMPLE = re.compile(r"<!-- example: (?P<name>[a-z-]+) -->\n```text\n(?P<body>.*?)```\n", re.S)

# What each README example does to a copy of the example plan: (file, text, replacement).
SCENARIOS = {
    "broken": [
        ("da-2014/recommendations/R03.yaml", "owner: head-performance-analysis\n", "owner:\n"),
        ("da-2014/recommendations/R05.yaml", "    due: 2014-04-30\n", "    due: 30/04/2014\n"),
    ],
    "personal-data": [
        ("da-2014/recommendations/R05.yaml", "actions:\n",
         "# Case in point: victim Sarah Jones, DOB 12/03/1985, tel 07700 900123\nactions:\n"),
    ],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_readme_example_is_real(name, tmp_path, monkeypatch, request):
    import shutil

    shutil.copytree(REPO / "plans", tmp_path / "plans")
    for rel, old, new in SCENARIOS[name]:
        path = tmp_path / "plans" / rel
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, ["check", "plans"])
    assert result.exit_code == 1
    text = README.read_text(encoding="utf-8")
    match = next(m for m in EXAMPLE.finditer(text) if m.group("name") == name)
    if request.config.getoption("--update-golden", default=False):
        README.write_text(text[:match.start("body")] + result.output + text[match.end("body"):], encoding="utf-8")
        return
    assert result.output == match.group("body")


HISTORY_BLOCK = re.compile(r"<!-- history-output: (?P<args>.+?) -->\n```text\n(?P<body>.*?)```\n", re.S)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """The example plans replayed as dated commits, as the README tells readers to build them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("replay_example", REPO / "bench" / "history" / "replay_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("replayed") / "example"
    module.replay(REPO / "plans", out)
    return out


def _history_blocks():
    return [(m.group("args"), m.group("body")) for m in HISTORY_BLOCK.finditer(README.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("args,expected", _history_blocks(), ids=[a for a, _ in _history_blocks()])
def test_readme_history_output_is_real(args, expected, replayed, monkeypatch, request):
    monkeypatch.chdir(replayed)
    monkeypatch.setenv("NO_COLOR", "1")
    command, _, head = args.partition(" | head -")
    output = CliRunner().invoke(app, shlex.split(command), terminal_width=80).output
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head)])
    if request.config.getoption("--update-golden", default=False):
        text = README.read_text(encoding="utf-8")
        marker = f"<!-- history-output: {args} -->\n```text\n"
        start = text.index(marker) + len(marker)
        end = text.index("```\n", start)
        README.write_text(text[:start] + output + text[end:], encoding="utf-8")
        return
    assert output == expected
