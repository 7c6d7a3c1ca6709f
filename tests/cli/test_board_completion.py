"""The board's commands complete every id they take in the shell: recommendations, actions, meetings, plans."""

from __future__ import annotations

import pytest
from helpers.trees import REPO
from typer.testing import CliRunner

from dagov.cli.app import app


def complete(words: str) -> list[str]:
    """What bash completion offers for the last word of `words` (through Typer's protocol, as the shell asks)."""
    parts = words.split(" ")
    result = CliRunner().invoke(app, [], prog_name="dagov", env={
        "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)})
    return result.output.split()


@pytest.mark.parametrize(("words", "offered"), [
    ("dagov close R1", ["R10", "R11", "R12", "R13", "R14", "R15"]),  # recommendations only, no actions
    ("dagov reopen da-2014-2016/L0", [f"da-2014-2016/L0{n}" for n in range(1, 7)]),
    ("dagov extend L01.", ["L01.1", "L01.2", "L01.3", "L01.4", "L01.5"]),  # actions only
    ("dagov cancel R2", []),
    ("dagov cancel R13.", [f"R13.{n}" for n in range(1, 8)]),
    ("dagov close R09 --meeting 2014-0", ["2014-02-12", "2014-03-12", "2014-04-09", "2014-05-14", "2014-06-11",
                                          "2014-07-09", "2014-08-13", "2014-09-17"]),
    ("dagov extend L01.3 --meeting 2014-1", ["2014-10-15", "2014-11-12"]),
    ("dagov supersede da", ["da-2014", "da-2014-2016"]),
    ("dagov close L01 --plan da-2014-", ["da-2014-2016"]),
])
def test_every_id_the_board_commands_take_completes(words, offered, monkeypatch):
    monkeypatch.chdir(REPO)  # completion reads ./plans
    assert complete(words) == offered
