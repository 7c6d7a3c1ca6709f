"""The minutes of a meeting as `dagov new meeting` writes it (issue 17, item 15): each heading once."""

from __future__ import annotations

from typer.testing import CliRunner

from dagov.cli.app import app

runner = CliRunner()


def test_minutes_of_a_new_meeting_show_apologies_once(example_copy):
    assert runner.invoke(app, ["new", "meeting", str(example_copy), "--plan", "da-2014",
                               "--date", "2014-09-10"]).exit_code == 0
    meeting = example_copy / "da-2014" / "meetings" / "2014-09-10.yaml"
    text = meeting.read_text()
    text = text.replace("minutes:  # to fill in: what was discussed", "minutes: Noted.")
    text = text.replace("  - head-ict\n", "").replace("apologies: []", "apologies: [head-ict]")
    meeting.write_text("\n".join(line.split("  # to fill in")[0] + (" open" if "status:  # to fill in" in line else "")
                                 for line in text.splitlines()) + "\n")
    result = runner.invoke(app, ["render", "minutes", "2014-09-10", str(example_copy), "--plan", "da-2014"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("### ")] == [
        "### Present", "### Apologies", "### Review of the action log", "### 1. Declarations of interest",
        "### 2. Minutes of the last meeting", "### 3. Progress report", "### 4. Any other business",
        "### Decisions", "### Actions arising",
    ]
    assert result.output.count("Apologies") == 1
    apologies = result.output.split("### Apologies\n\n")[1].split("\n\n")[0]
    assert apologies == "- Head of ICT"
