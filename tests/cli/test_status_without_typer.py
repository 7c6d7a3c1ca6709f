"""`dagov status` without typer (dagov.cli.bare): the same bytes and exit code as typer's, or typer runs it.

Every case runs twice in a fresh interpreter, through the real entry point (dagov.cli.app.main, which
takes the typerless way when it can) and through the typer app alone, and the two are compared.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from helpers.both_ways import both_ways, typer_reading, write_broken
from hypothesis import given, settings
from hypothesis import strategies as st

from dagov.cli import bare


@pytest.fixture
def trees(tree_dir, example_copy, tmp_path: Path) -> dict[str, Path]:
    return {"clean": tree_dir(), "example": example_copy, "broken": write_broken(tmp_path / "broken")}


PLAIN = [
    ["--as-of", "2014-06-12"],
    ["--as-of=2014-11-30", "--format", "json"],
    ["-f", "markdown", "--as-of", "2014-06-12"],
    ["--format=text", "--as-of", "2014-06-12", "--as-of", "2015-01-31"],  # the last one given counts, as in typer
    ["--as-of", "2014-11-30", "--plan", "da-2014-2016"],
    ["--as-of", "2014-06-12", "--area", "leadership"],
    ["--as-of", "2014-06-12", "--area=Leadership", "-f", "json"],
    ["--as-of", "2014-06-12", "--owner", "head-public-protection"],
    ["--as-of", "2014-06-12", "--owner", "Head of Public Protection", "--format", "markdown"],
    ["--as-of", "2014-06-12", "--recorded"],  # not a git repository: the current files, and dagov says so
]


@pytest.mark.parametrize("options", PLAIN, ids=" ".join)
def test_a_plain_status_runs_without_typer_and_prints_what_typer_does(trees, options, tmp_path):
    way, out = both_ways(["status", *options, str(trees["example"])], tmp_path)
    assert way == "BARE"
    assert out


@pytest.mark.parametrize("tree", ["clean", "broken"])
@pytest.mark.parametrize("options", [[], ["--format", "json"], ["-f", "markdown"]], ids=lambda o: " ".join(o) or "none")
def test_other_trees_and_today_as_the_date(trees, tree, options, tmp_path):
    assert both_ways(["status", *options, str(trees[tree])], tmp_path)[0] == "BARE"


@pytest.mark.parametrize("options", [
    ["--plan", "no-such-plan"],
    ["--area", "no-such-area"],
    ["--owner", "Head of Nothing"],
])
def test_an_unknown_name_is_the_same_usage_error_both_ways(trees, options, tmp_path):
    from helpers.both_ways import ENTRY, run_code

    args = ["status", "--as-of", "2014-06-12", *options, str(trees["example"])]
    assert both_ways(args, tmp_path)[0] == "BARE"
    done = run_code(ENTRY.format(args=args), tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("dagov: ") and "\n" not in done.stderr.rpartition("\0")[0].rstrip("\n")


def test_plans_before_the_options_and_the_default_folder(trees, tmp_path):
    assert both_ways(["status", str(trees["example"]), "--as-of", "2014-06-12"], tmp_path)[0] == "BARE"
    assert both_ways(["status", "--as-of", "2014-06-12"], trees["example"].parent)[0] == "BARE"  # PLANS is ./plans


@pytest.mark.parametrize("args", [
    ["--as-of", "12/06/2014"],      # typer says how it read the date
    ["--as-of", "12 June 2014"],
    ["--as-of", "20140612"],
    ["--as-of", "2014-02-30"],      # a usage error: typer's
    ["--as-of="],
    ["--as-of"],
    ["--format", "JSON"],           # typer's choices ignore case; its messages are its own
    ["--format", "github"],         # check's format, not status's
    ["-fjson"],
    ["--plan"],
    ["--plan", "-x"],
    ["--plan", ""],
    ["--recorded=yes"],
    ["--help"],
    ["--strict"],
    ["--"],
    ["PLANS-TWICE"],
    ["missing-folder"],
])
def test_anything_else_is_left_to_typer(trees, tmp_path, args):
    plans = str(trees["example"])
    if args == ["missing-folder"]:
        args = ["status", "--as-of", "2014-06-12", "missing-folder"]
    else:  # PLANS first, so that an option at the end lacks its value
        args = ["status", plans, *[plans if a == "PLANS-TWICE" else a for a in args]]
    way, _ = both_ways(args, tmp_path)
    assert way == "TYPER"


def test_a_terminal_or_another_encoding_is_left_to_typer(monkeypatch, trees, tmp_path):
    for stream in ("stdout", "stderr"):
        monkeypatch.setattr(getattr(sys, stream), "isatty", lambda: True, raising=False)
        assert bare.without_typer(["status", str(trees["example"])]) is None
        monkeypatch.undo()
    args = ["status", "--as-of", "2014-06-12", str(trees["example"])]
    assert both_ways(args, tmp_path, {"_DAGOV_COMPLETE": "bash_source"})[0] == "TYPER"


@pytest.mark.parametrize(("encoding", "bar"), [("latin-1", "?" * 20),
                                               ("ascii", "\u2588" * 10 + "\u2591" * 10)])  # typer writes UTF-8 to ascii
def test_a_stream_that_is_not_utf8_gets_the_report_with_what_it_cannot_hold_as_question_marks(trees, tmp_path,
                                                                                                encoding, bar):
    """The progress bar (U+2588) cannot be written in latin-1: a '?' stands for it, never a traceback."""
    from helpers.both_ways import ENTRY, run_code

    args = ["status", "--as-of", "2014-06-12", str(trees["example"])]
    done = run_code(ENTRY.format(args=args), tmp_path, {"PYTHONIOENCODING": encoding})
    assert (done.returncode, done.stderr.rpartition("\0")) == (0, ("", "\0", "TYPER\n"))
    assert f"Progress: {bar} 38/77 actions complete (49%)\n" in done.stdout


def test_a_library_error_is_said_as_typer_says_it(trees, tmp_path):
    prelude = ("import dagov.check.run as run\n"
               "from dagov.errors import DagovError\n"
               "def fails(*a, **k):\n"
               "    raise DagovError('the plans directory moved')\n"
               "run.check = fails\n")
    assert both_ways(["status", str(trees["example"])], tmp_path, prelude=prelude)[0] == "BARE"


def test_the_formats_are_the_commands_own():
    from dagov.cli.reporting import ReportFormat

    assert tuple(f.value for f in ReportFormat) == bare.REPORT_FORMATS


def test_status_arguments():
    request = bare.status_arguments(["status", "p", "--as-of", "2014-06-12", "-f", "json", "--owner", "head-ict"])
    assert request == bare.StatusRequest(plans="p", as_of=dt.date(2014, 6, 12), format="json", owner="head-ict")
    assert bare.status_arguments(["status"]) == bare.StatusRequest()
    assert bare.status_arguments(["status", "--recorded", "--plan=da-2014"]) == \
        bare.StatusRequest(plan="da-2014", recorded=True)
    assert bare.status_arguments(["check", "p"]) is None
    assert bare.status_arguments(["status", "--as-of", "2014-6-12"]) is None
    assert bare.status_arguments(["status", "p", "q"]) is None


TOKENS = st.sampled_from(["--as-of", "2014-06-12", "2014-6-12", "12/06/2014", "--as-of=2014-06-12", "--as-of=",
                          "--format", "-f", "json", "text", "markdown", "JSON", "github", "--format=json", "-fjson",
                          "--plan", "--plan=p1", "--area", "--owner", "--owner=head", "--recorded", "--recorded=1",
                          "--no-recorded", "--as", "plans", "other", "-", "--", "", "-x", "--help"])


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=7))
def test_whatever_bare_accepts_typer_reads_the_same(tokens):
    """For any arguments, `status_arguments` either leaves them to typer or reads exactly what typer reads."""
    request = bare.status_arguments(["status", *tokens])
    params = typer_reading("status", tokens)
    if params is None:
        assert request is None
    elif request is not None:
        as_of = request.as_of.isoformat() if request.as_of else None
        assert (params["plans"], params["as_of"], params["format"].value, params["plan"], params["area"],
                params["owner"], params["recorded"]) == \
               (request.plans, as_of, request.format, request.plan, request.area, request.owner, request.recorded)
