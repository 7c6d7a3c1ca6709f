"""bench/run keeps its results to a git-ignored file of their own; the tracked bench/README.md changes only when asked."""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys

import pytest
from helpers.trees import REPO

README = "# Benchmarks\n\n## Latest results\n\n<!-- bench:results:start -->\nold table\n<!-- bench:results:end -->\n"


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("bench_runner", REPO / "bench" / "runner.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _arguments(runner, *argv: str) -> argparse.Namespace:
    return runner.arguments(argparse.ArgumentParser(prog="bench/run"), list(argv))


def test_a_run_writes_its_own_file_and_leaves_the_readme_alone(runner, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    args = _arguments(runner)
    assert (args.out, args.update_readme) == (REPO / "bench" / "results" / "latest.md", False)
    runner.publish("| new table |\n", tmp_path / "out" / "latest.md", args.update_readme, readme)
    assert (tmp_path / "out" / "latest.md").read_text() == "| new table |\n"
    assert readme.read_text() == README
    assert capsys.readouterr().err == f"written to {tmp_path / 'out' / 'latest.md'}\n"


def test_update_readme_puts_the_table_into_the_readme(runner, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    args = _arguments(runner, "--update-readme", "--out", str(tmp_path / "mine.md"))
    runner.publish("| new table |\n", args.out, args.update_readme, readme)
    assert readme.read_text() == README.replace("old table\n", "| new table |\n")
    assert capsys.readouterr().err == f"written to {tmp_path / 'mine.md'}\nand put into {readme}\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_results_file_is_ignored_by_git(runner):
    rel = runner.RESULTS.relative_to(REPO)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(rel)], cwd=REPO)
    assert ignored.returncode == 0, f"{rel} is not git-ignored"
