"""The progress line shown while a slow load runs on a terminal, and the hook that drives it."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from dagov.check.run import check
from dagov.cli.app import app
from dagov.cli.loading import LoadingIndicator
from dagov.plan.load import load_tree


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80), out


def test_load_tree_reports_each_file_read(tree_dir):
    seen: list[int] = []
    tree, _ = load_tree(tree_dir(), on_files_read=seen.append)
    assert seen == list(range(1, tree.files + 1))


def test_check_passes_progress_through(tree_dir):
    seen: list[int] = []
    result = check(tree_dir(), on_files_read=seen.append)
    assert seen[-1] == result.tree.files == 5


def test_nothing_is_shown_while_loading_is_quick():
    clock = Clock()
    console, out = _terminal()
    with LoadingIndicator(enabled=True, clock=clock, console=console) as indicator:
        for files in range(1, 50):
            clock.now += 0.01
            indicator(files)
    assert out.getvalue() == ""


def test_a_slow_load_shows_the_count_on_the_terminal_then_erases_it():
    clock = Clock()
    console, out = _terminal()
    with LoadingIndicator(enabled=True, clock=clock, console=console) as indicator:
        indicator(1)
        clock.now += 1.5
        indicator(1234)
        console.file.flush()
    text = out.getvalue()
    assert "Reading plan files: 1,234 read" in text
    assert text.endswith("\r\x1b[1A\x1b[2K")  # cursor up, line cleared: nothing left on the screen


def test_disabled_indicator_shows_nothing_however_slow():
    clock = Clock()
    console, out = _terminal()
    with LoadingIndicator(enabled=False, clock=clock, console=console) as indicator:
        clock.now += 60
        indicator(10)
    assert out.getvalue() == ""


def test_piped_check_output_has_no_progress_line(tree_dir):
    result = CliRunner().invoke(app, ["check", str(tree_dir())])
    assert "Reading plan files" not in result.output
    assert result.output == "0 errors, 0 warnings in 5 files\n"
