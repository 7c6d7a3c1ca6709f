"""Personal data masked in every finding and every output of `dagov check` (issue 11, defect 7).

The personal-data finding shows 'jan…'; before this, a bad-value finding on the same line
quoted the whole value into the CI log. Each case puts personal data where one rule
quotes it; the expected message is the same finding with the guard turned off (so
unmasked), with the data replaced by its masked form.
"""

from __future__ import annotations

import json

import pytest
from helpers.trees import MEETING, ORGANISATION, PLAN, R01
from typer.testing import CliRunner

from dagov.cli.app import app

R01_FILE = "p1/recommendations/R01.yaml"
MEETING_FILE = "p1/meetings/2014-03-12.yaml"
OFF = ORGANISATION + "  personal_data:\n    severity: 'off'\n"
EMAIL_PHONE = "jane.smith@gmail.com 07700 900123"

# (id, file, old text, new text, rule that quotes it, {shown in full: shown masked})
CASES = [
    ("owner-bad-value", R01_FILE, "owner: trainer\ntimescale", f"owner: {EMAIL_PHONE}\ntimescale", "bad-value",
     {"jane.smith@gmail.com": "jan…", "07700 900123": "077…"}),
    ("status-bad-choice", R01_FILE, "status: open", "status: ring 07700 900123", "bad-value", {"07700 900123": "077…"}),
    ("unknown-field-key", R01_FILE, "status: open", 'status: open\n"jane.smith@gmail.com": yes', "unknown-field",
     {"jane.smith@gmail.com": "jan…"}),
    ("duplicate-key", R01_FILE, "status: open", "status: open\njane@gmail.com: 1\njane@gmail.com: 2", "duplicate-key",
     {"jane@gmail.com": "jan…"}),
    ("unknown-role", R01_FILE, "    owner: trainer\n    due: 2014-04-30", "    owner: 07700-900123\n    due: 2014-04-30",
     "unknown-role", {"07700-900123": "077…"}),
    ("unknown-area", R01_FILE, "area: training", "area: 07700-900123", "unknown-area", {"07700-900123": "077…"}),
    ("unknown-partner", R01_FILE, "partners: [county-council]", "partners: [07700-900123]", "unknown-partner",
     {"07700-900123": "077…"}),
    ("unknown-meeting", R01_FILE, "meeting: 2014-03-12\n        reason", "meeting: 07700 900123\n        reason",
     "unknown-meeting", {"07700 900123": "077…"}),
    ("unknown-recommendation", MEETING_FILE, "close: R02", "close: jane.smith@gmail.com", "unknown-recommendation",
     {"jane.smith@gmail.com": "jan…"}),
    ("bad-date-of-birth", R01_FILE, "    due: 2014-04-30", "    due: born 12/03/1980", "bad-date",
     {"born 12/03/1980": "bor…"}),
    ("bad-date-overlap", R01_FILE, "    due: 2014-04-30", "    due: 12/03/1980  # born 12/03/1980", "bad-date",
     {"12/03/1980": "12/…", "1980-03-12": "198…"}),
    ("victim-name", R01_FILE, "owner: trainer\ntimescale", "owner: victim Jane Smith\ntimescale", "bad-value",
     {"Jane Smith": "Jan…"}),
    ("crime-reference", R01_FILE, "owner: trainer\ntimescale", "owner: CR/012345/14\ntimescale", "bad-value",
     {"CR/012345/14": "CR/…"}),
    ("ni-number", R01_FILE, "status: open", "status: AB 12 34 56 C", "bad-value", {"AB 12 34 56 C": "AB …"}),
    ("postcode", R01_FILE, "area: training", "area: SW1A 1AA", "bad-value", {"SW1A 1AA": "SW1…"}),
    ("vehicle", R01_FILE, "area: training", "area: AB12 CDE", "bad-value", {"AB12 CDE": "AB1…"}),
    ("unknown-board", "p1/plan.yaml", "board: safeguarding-board", "board: 07700-900123", "unknown-board",
     {"07700-900123": "077…"}),
]
BASE_FILES = {R01_FILE: R01, MEETING_FILE: MEETING, "p1/plan.yaml": PLAN}

runner = CliRunner()


def check(root, *args: str) -> str:
    result = runner.invoke(app, ["check", str(root), *args])
    assert result.exit_code == 1, result.output
    return result.stdout


def planted(tree_dir, path, old, new, organisation=ORGANISATION):
    assert old in BASE_FILES[path], old
    return tree_dir({path: BASE_FILES[path].replace(old, new, 1), "organisation.yaml": organisation})


@pytest.mark.parametrize(("path", "old", "new", "rule", "hidden"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_personal_data_is_masked_in_every_finding_and_format(tree_dir, path, old, new, rule, hidden):
    unmasked = [line for line in check(planted(tree_dir, path, old, new, OFF)).splitlines() if f"[{rule}]" in line]
    assert unmasked and all(any(secret in line for secret in hidden) for line in unmasked), unmasked
    root = planted(tree_dir, path, old, new)
    text = check(root)
    expected = []
    for line in unmasked:
        for secret in sorted(hidden, key=len, reverse=True):
            line = line.replace(secret, hidden[secret])
        expected.append(line)
    assert [line for line in text.splitlines() if f"[{rule}]" in line] == expected
    assert "error [personal-data]" in text or "warning [personal-data]" in text
    for output in (text, check(root, "--format", "json"), check(root, "--format", "github"),
                   check(root, "--format", "codequality")):
        for secret in hidden:
            assert secret not in output, (secret, output)
    for document in (check(root, "--format", "json"), check(root, "--format", "codequality")):
        json.loads(document)


def test_allowlisted_text_is_quoted_in_full(tree_dir):
    org = ORGANISATION + "  personal_data:\n    allow: ['07700 900123']\n"
    root = planted(tree_dir, R01_FILE, "status: open", "status: ring 07700 900123", org)
    (line,) = [line for line in check(root).splitlines() if "[bad-value]" in line]
    assert "'ring 07700 900123'" in line


def test_a_writer_refusing_a_change_prints_findings_masked(tree_dir):
    """`dagov update` lists the errors a change would add through the same finding list."""
    from dagov.check import run

    root = planted(tree_dir, R01_FILE, "owner: trainer\ntimescale", f"owner: {EMAIL_PHONE}\ntimescale")
    messages = [f.as_text() for f in run.check(root).findings]
    assert any("'jan… 077…'" in m for m in messages)
    assert not any("jane.smith@gmail.com" in m or "900123" in m for m in messages)
