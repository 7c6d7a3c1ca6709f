"""Every argument and option that takes an id completes in the shell (issue 17 item 17).

Driven through the protocol the installed script uses: bash sets _DAGOV_COMPLETE=complete_bash,
COMP_WORDS and COMP_CWORD and runs dagov, which prints one candidate per line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.tools import need_program
from helpers.trees import EXAMPLE, REPO

from dagov.cli.completion import complete, section_keys

DAGOV = Path(sys.executable).with_name("dagov")
HEAVY = ("pydantic", "jinja2", "rich", "ruamel", "hashlib", "yaml", "dagov.plan.load", "dagov.check.run")


def completed(words: str, cwd: Path = REPO) -> list[str]:
    """What `dagov` answers to TAB after `words` (the last word is the one being completed)."""
    parts = words.split(" ")
    env = {**os.environ, "_DAGOV_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = subprocess.run([str(DAGOV)], env=env, capture_output=True, text=True, timeout=60, cwd=cwd)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


ROLES_H = ["head-contact-management", "head-corporate-communications", "head-daisu", "head-ict",
           "head-learning-development", "head-performance-analysis", "head-professional-standards",
           "head-public-protection"]


@pytest.mark.parametrize("words, expected", [
    ("dagov update R13.", ["R13.1", "R13.2", "R13.3", "R13.4", "R13.5", "R13.6", "R13.7"]),
    ("dagov update L06.", ["L06.1", "L06.2", "L06.3", "L06.4", "L06.5"]),
    ("dagov update R13.1 --by head-", ROLES_H),
    ("dagov update R13.1 --plan da", ["da-2014", "da-2014-2016"]),
    ("dagov new action R1", ["R10", "R11", "R12", "R13", "R14", "R15"]),
    ("dagov new action L06 --owner head-", ROLES_H),
    ("dagov new recommendation --area vic", ["victims"]),
    ("dagov new recommendation --plan da-2014-", ["da-2014-2016"]),
    ("dagov new paper --to bus", ["business-coordination-board"]),
    ("dagov new paper --from chief", ["chief-constable"]),
    ("dagov render minutes 2014-11", ["2014-11-12"]),
    ("dagov render minutes 2014-11-12 --plan da-2014-", ["da-2014-2016"]),
    ("dagov render action-log --board safe", ["safeguarding-board"]),
    ("dagov render progress --plan da-2014-", ["da-2014-2016"]),
    ("dagov render paper plans/da-2014-2016/papers/", ["plans/da-2014-2016/papers/sb-2014-10.yaml",
                                                     "plans/da-2014-2016/papers/sb-2014-11.yaml"]),
    ("dagov status --owner head-", ROLES_H),
    ("dagov status --area vic", ["victims"]),
    ("dagov export csv --plan da-2014-", ["da-2014-2016"]),
    ("dagov import csv x.csv --plan da-2014-", ["da-2014-2016"]),
    ("dagov show R13.", ["R13.1", "R13.2", "R13.3", "R13.4", "R13.5", "R13.6", "R13.7"]),
    ("dagov log R03.", ["R03.1", "R03.2", "R03.3", "R03.4", "R03.5"]),
])
def test_ids_complete_through_the_real_protocol(words, expected):
    assert completed(words) == expected


def test_recommendations_complete_without_their_actions_and_actions_without_recommendations():
    assert "R13" not in completed("dagov update R13")
    assert not [c for c in completed("dagov new action R13") if "." in c]


def test_completion_reads_the_plans_directory_given_before_the_tab(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "governance")
    assert completed("dagov update R13.1 governance --by head-i", cwd=tmp_path) == ["head-ict"]
    assert completed("dagov update R13.1 --by head-i", cwd=tmp_path) == []  # no ./plans here: nothing, no error


def test_completion_imports_nothing_heavy(tmp_path):
    code = (
        "import os, sys\n"
        "os.environ.update(_DAGOV_COMPLETE='complete_bash', COMP_WORDS='dagov update R13.1 --by head-', COMP_CWORD='4')\n"
        "from dagov.cli.app import app_for\n"
        "try:\n"
        "    app_for([])(prog_name='dagov')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('IMPORTED', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert out.split("IMPORTED")[0].split() == ROLES_H
    assert eval(out.rsplit("IMPORTED", 1)[1]) == []


def test_bash_itself_completes_through_the_installed_script(tmp_path):
    need_program("bash", "apt-get install bash")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash"}
    subprocess.run([str(DAGOV), "--install-completion", "bash"], env=env, capture_output=True, check=True, timeout=60)
    script = home / ".bash_completions" / "dagov.sh"
    driver = (f"source {script}\n"
              "COMP_WORDS=(dagov update R13.1 --by head-pu); COMP_CWORD=4\n"
              "_dagov_completion dagov\n"  # bash calls it with the command's name, as `complete -F` does
              "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    path = f"{DAGOV.parent}{os.pathsep}{env['PATH']}"
    result = subprocess.run(["bash", "-c", driver], env={**env, "PATH": path}, capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.stdout.split() == ["head-public-protection"], result.stderr


def test_section_keys_read_one_level_of_a_mapping():
    text = ("roles:\n  # a comment\n  chief:\n    title: Chief\n    holder: A\n  lead:  # the lead\n    title: L\n"
            "boards:\n  sb:\n    members: [chief]\nsettings:\n  amber_days: 14\n")
    assert section_keys(text, "roles") == ["chief", "lead"]
    assert section_keys(text, "boards") == ["sb"]
    assert section_keys(text, "partners") == []


def test_complete_never_raises(tmp_path):
    assert complete("roles", "", tmp_path / "missing") == []
    (tmp_path / "plans").write_text("a file")
    assert complete("plans", "", tmp_path / "plans") == []
