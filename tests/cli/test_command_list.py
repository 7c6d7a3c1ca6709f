"""`dagov --help` lists the commands as people use them, each summary a whole sentence (issue 17 item 16)."""

from __future__ import annotations

import re

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from dagov.cli import summaries
from dagov.cli.app import app


def listed(*group: str) -> dict[str, str]:
    """The Commands section of `dagov GROUP --help`: name -> summary as shown, its wrapped lines joined."""
    result = CliRunner().invoke(app, [*group, "--help"])
    assert result.exit_code == 0, result.output
    section = result.output.split("\nCommands:\n")[1].split("\n\n")[0]
    shown: dict[str, str] = {}
    name = ""
    for line in section.splitlines():
        start = re.match(r"  (\S+)\s+(.*)$", line)
        if start:
            name = start[1]
            shown[name] = start[2]
        else:
            shown[name] += " " + line.strip()
    return shown


GROUPS = [(), *((name,) for name, command in get_command(app).commands.items() if hasattr(command, "commands"))]


def test_the_command_list_is_in_the_order_people_use_it():
    assert list(listed()) == ["check", "status", "show", "owners", "update", "record", "new", "render", "issue",
                              "close", "extend", "cancel", "reopen", "assess", "publish", "changes", "log", "export",
                              "import", "supersede", "init", "schema"]


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "dagov")
def test_every_summary_is_a_whole_sentence_never_cut(group):
    for name, summary in listed(*group).items():
        key = " ".join((*group, name))
        assert not summary.endswith("..."), f"dagov {key}: {summary!r}"
        assert summary.endswith("."), f"dagov {key}: {summary!r}"
        assert summary == summaries.SUMMARIES[key], f"dagov {key}: {summary!r}"


def test_every_summary_fits_one_line_of_an_80_column_terminal():
    for group in GROUPS:
        result = CliRunner().invoke(app, [*group, "--help"], terminal_width=80)
        section = result.output.split("\nCommands:\n")[1].split("\n\n")[0]
        assert all(re.match(r"  \S", line) for line in section.splitlines()), section


def test_a_command_without_a_summary_shows_its_first_sentence_or_none_cut():
    demo = typer.Typer(cls=summaries.Ordered, rich_markup_mode=None)

    @demo.command("short")
    def short() -> None:
        """Say hello. Then say a lot more, which the summary leaves out."""

    @demo.command("long")
    def long() -> None:
        """Validate every file under PLANS: YAML syntax, fields and types, references (owners,
        areas, boards, meetings), and governance consistency."""

    @demo.command("schema")
    def schema() -> None:
        """Print a schema, at length."""

    summaries.install(demo)
    text = CliRunner().invoke(demo, ["--help"]).output
    lines = text.split("Commands:\n")[1].splitlines()
    assert lines[:2] == [f"  schema  {summaries.SUMMARIES['schema']}", "  short   Say hello."]  # ORDER first
    assert " ".join(" ".join(lines[2:]).split()) == (  # long, but whole
        "long Validate every file under PLANS: YAML syntax, fields and types, references (owners, areas, "
        "boards, meetings), and governance consistency.")
    assert summaries.first_sentence("Show one id (R03), in full. More.") == "Show one id (R03), in full."
