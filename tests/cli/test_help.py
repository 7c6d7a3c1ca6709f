"""Every command's help: -h is --help, and arguments are named in plain words."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from dagov.cli.app import app


def _commands(command, path: tuple[str, ...] = ()):
    """Every command and group of the app, as the words that name it (the app itself is ())."""
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(get_command(app)))


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_and_group_is_covered():
    names = {" ".join(c) for c in COMMANDS}
    assert {"", "check", "status", "show", "update", "new", "new action", "render", "render paper",
            "import csv", "export csv", "changes", "log", "schema", "init"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "dagov")
def test_h_is_help(command):
    assert help_of(*command, "-h") == help_of(*command, "--help")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "dagov")
def test_help_names_arguments_and_values_in_plain_words(command):
    text = help_of(*command, "--help")
    usage = text.splitlines()[0]
    arguments = usage.split(" [OPTIONS]")[1]  # ID [PLANS], or COMMAND [ARGS]... for a group
    assert re.fullmatch(r"( \[?[A-Z_]+\]?(\.\.\.)?)*", arguments), usage
    for python_type in ("<str>", "<list[", "<int>", "<bool>", "<text>", "{"):
        assert python_type not in text, f"{python_type!r} in the help of dagov {' '.join(command)}"


@pytest.mark.parametrize("command, usage", [
    (("show",), "Usage: dagov show [OPTIONS] ID [PLANS]"),
    (("update",), "Usage: dagov update [OPTIONS] ACTION_ID [PLANS]"),
    (("new", "action"), "Usage: dagov new action [OPTIONS] RECOMMENDATION [PLANS]"),
    (("render", "paper"), "Usage: dagov render paper [OPTIONS] FILE"),
    (("render", "minutes"), "Usage: dagov render minutes [OPTIONS] ID [PLANS]"),
    (("import", "csv"), "Usage: dagov import csv [OPTIONS] FILE [PLANS]"),
    (("init",), "Usage: dagov init [OPTIONS] [DIRECTORY]"),
    (("schema",), "Usage: dagov schema [OPTIONS] [KIND]"),
])
def test_usage_lines(command, usage):
    assert help_of(*command, "-h").splitlines()[0] == usage


def test_arguments_and_options_read_as_words():
    text = help_of("update", "-h")
    assert "\n  ACTION_ID  The action's id, e.g. R03.2.  [required]\n" in text
    assert "\n  PLANS      The plans directory (holding organisation.yaml" in text
    assert "\n  --plan ID " in text and "\n  --by ROLE " in text and "\n  --date DATE " in text
    assert "\n  -h, --help " in text
    render = help_of("render", "paper", "-h")
    assert "\n  -o, --output FILE " in render and "\n  --as-of DATE " in render and "\n  --templates DIR " in render
    assert "\n  KIND <organisation|plan|recommendation|meeting|paper|measure>" in help_of("schema", "-h")  # choices stay


def test_a_missing_argument_is_named_as_in_help():
    result = CliRunner().invoke(app, ["update"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Error: Missing argument 'ACTION_ID'.")
    assert "Try 'dagov update -h' for help." in result.output
