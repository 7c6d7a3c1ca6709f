"""`dagov check` without typer (dagov.cli.bare): the same bytes and exit code as typer's, or typer runs it.

Every case runs twice in a fresh interpreter, through the real entry point (dagov.cli.app.main, which
takes the typerless way when it can) and through the typer app alone, and the two are compared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.both_ways import ENTRY, TYPER, both_ways, typer_reading, write_broken
from helpers.both_ways import run_code as _run
from hypothesis import given, settings
from hypothesis import strategies as st

from dagov.cli import bare


@pytest.fixture
def trees(tree_dir, example_copy, tmp_path: Path) -> dict[str, Path]:
    clean = tree_dir()
    broken = write_broken(tmp_path / "broken")
    return {"clean": clean, "example": example_copy, "broken": broken}


PLAIN = [
    [],
    ["--strict"],
    ["--format", "json"],
    ["-f", "github"],
    ["--format=codequality"],
    ["--format", "text", "--strict"],
    ["--strict", "--format", "json", "--format", "github"],  # the last one given counts, as in typer
]


@pytest.mark.parametrize("options", PLAIN, ids=lambda o: " ".join(o) or "none")
@pytest.mark.parametrize("tree", ["clean", "example", "broken"])
def test_a_plain_check_runs_without_typer_and_prints_what_typer_does(trees, tree, options, tmp_path):
    way, _ = both_ways(["check", *options, str(trees[tree])], tmp_path)
    assert way == "BARE"


def test_plans_after_the_options_or_before_them_and_the_default_folder(trees, tmp_path):
    assert both_ways(["check", str(trees["example"]), "--strict"], tmp_path)[0] == "BARE"
    assert both_ways(["check", "--strict"], trees["example"].parent)[0] == "BARE"  # PLANS is ./plans


@pytest.mark.parametrize("args", [
    ["check", "--format", "JSON"],          # typer's choices ignore case; its messages are its own
    ["check", "--format", "xml"],
    ["check", "-fjson"],
    ["check", "--format"],
    ["check", "--summary", "summary.md"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--"],
    ["check", "--stric"],
    ["check", "PLANS-TWICE"],
    ["check", ""],
    ["check", "missing-folder"],
    ["check", "organisation.yaml"],          # a file, not a folder
    ["check", "one-plan"],                   # one plan's folder
])
def test_anything_else_is_left_to_typer(trees, tmp_path, args):
    work = trees["example"].parent
    (work / "one-plan").mkdir()
    (work / "one-plan" / "plan.yaml").write_text("id: x\n")
    (work / "organisation.yaml").write_text("name: x\n")
    args = [str(trees["example"]) if a == "PLANS-TWICE" else a for a in args]
    if args[-1] == str(trees["example"]):
        args.append(str(trees["clean"]))
    elif args[-1] not in ("missing-folder", "organisation.yaml", "one-plan", "", "summary.md"):
        args.append(str(trees["example"]))
    way, _ = both_ways(args, work)
    assert way == "TYPER"


def test_a_stream_that_is_not_utf8_is_left_to_typer(trees, tmp_path):
    assert both_ways(["check", str(trees["example"])], tmp_path, {"PYTHONIOENCODING": "latin-1"})[0] == "TYPER"
    assert both_ways(["check", str(trees["example"])], tmp_path, {"PYTHONIOENCODING": "utf-8"})[0] == "BARE"


def test_shell_completion_is_left_to_typer(trees, tmp_path):
    way, _ = both_ways(["check", str(trees["example"])], tmp_path, {"_DAGOV_COMPLETE": "bash_source"})
    assert way == "TYPER"


def test_a_terminal_is_left_to_typer(monkeypatch, trees):
    """A terminal gets colour (rich) and a progress line: typer's way, where both are tested."""
    for stream in ("stdout", "stderr"):
        monkeypatch.setattr(getattr(sys, stream), "isatty", lambda: True, raising=False)
        assert bare.without_typer(["check", str(trees["example"])]) is None
        monkeypatch.undo()


def test_a_library_error_is_said_as_typer_says_it(trees, tmp_path, monkeypatch):
    """A DagovError from the library: `dagov: <message>` on stderr and its exit code, both ways."""
    patch = ("import dagov.check.run as run\n"
             "from dagov.errors import DagovError\n"
             "class Failed(DagovError):\n"
             "    exit_code = EXIT\n"
             "def fails(*a, **k):\n"
             "    raise Failed('the plans directory moved\\nwhile reading')\n"
             "run.check = fails\n")
    for exit_code in (1, 2):
        prelude = patch.replace("EXIT", str(exit_code))
        args = ["check", str(trees["example"])]
        entry = _run(prelude + ENTRY.format(args=args), tmp_path)
        alone = _run(prelude + TYPER.format(args=args), tmp_path)
        assert entry.stderr.rpartition("\0")[2].strip() == "BARE"
        assert (entry.stdout, entry.stderr.rpartition("\0")[0], entry.returncode) == \
               (alone.stdout, alone.stderr, alone.returncode)
        assert entry.returncode == exit_code
        assert entry.stderr.startswith("dagov: the plans directory moved")


def test_a_closed_pipe_ends_quietly_with_exit_1_as_typer(trees, tmp_path):
    """`dagov check | head -1`: exit 1, nothing on stderr (no BrokenPipeError at exit), both ways."""
    args = ["check", "--format", "json", str(trees["broken"])]
    results = []
    entry = f"import sys\nsys.argv = ['dagov', *{args!r}]\nfrom dagov.cli.app import main\nmain()\n"
    for code in (entry, TYPER.format(args=args)):
        read, write = os.pipe()
        os.close(read)  # nobody reads: the first write fails with EPIPE
        done = subprocess.run([sys.executable, "-c", code], stdout=write, stderr=subprocess.PIPE, text=True,
                              cwd=tmp_path)
        os.close(write)
        results.append((done.returncode, done.stderr))
    assert results[0] == results[1] == (1, "")


def test_the_formats_are_the_commands_own():
    from dagov.cli.check import CheckFormat

    assert tuple(f.value for f in CheckFormat) == bare.CHECK_FORMATS


def test_check_arguments():
    assert bare.check_arguments(["check"]) == ("plans", "text", False)
    assert bare.check_arguments(["check", "p", "--strict", "-f", "json"]) == ("p", "json", True)
    assert bare.check_arguments(["check", "--format=github", "p"]) == ("p", "github", False)
    assert bare.check_arguments(["status", "p"]) is None
    assert bare.check_arguments(["check", "p", "q"]) is None
    assert bare.check_arguments(["check", "-f"]) is None
    assert bare.check_arguments(["check", "-"]) is None


TOKENS = st.sampled_from(["--strict", "--format", "-f", "json", "text", "github", "codequality", "JSON",
                          "--format=json", "--format=", "-fjson", "plans", "other", "-", "--", "", "-x",
                          "--strict=1", "--no-cache", "--summary"])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=6))
def test_whatever_bare_accepts_typer_reads_the_same(tokens):
    """For any arguments, `check_arguments` either leaves them to typer or reads exactly what typer reads."""
    parsed = bare.check_arguments(["check", *tokens])
    params = typer_reading("check", tokens)
    if params is None:
        assert parsed is None
    elif parsed is not None:
        assert (params["plans"], params["format"].value, params["strict"]) == parsed
        assert not params["summary"]
