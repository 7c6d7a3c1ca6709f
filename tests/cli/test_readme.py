"""The README shows real output of real commands: each marked block is re-run and compared.

A block is an HTML comment naming where and what to run, then the exact output:

    <!-- output: check plans -->              `dagov check plans` in the repository
    <!-- history-output: log R03.2 plans -->  in the example plans replayed as dated git history
    <!-- example: broken -->                  `dagov check plans` on a copy edited as SCENARIOS says

`ARGS | head -N` shows the first N lines of a long output. Regenerate after a deliberate change with
`pytest tests/cli/test_readme.py --update-golden` and review the diff.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
from helpers.trees import REPO
from typer.testing import CliRunner

from dagov.cli.app import app

README = REPO / "README.md"
BLOCK = re.compile(r"<!-- (?P<kind>output|history-output|example): (?P<args>.+?) -->\n```text\n(?P<body>.*?)```\n",
                   re.S)

# What each `example:` block does to a copy of the example plan: (file, text, replacement).
SCENARIOS = {
    "broken": [
        ("da-2014/recommendations/R03.yaml", "owner: head-performance-analysis\n", "owner:\n"),
        ("da-2014/recommendations/R05.yaml", "    due: 2014-04-30\n", "    due: 30/04/2014\n"),
    ],
    "personal-data": [
        ("da-2014/recommendations/R05.yaml", "actions:\n",
         "# Case in point: victim Sarah Jones, DOB 12/03/1985, tel 07700 900123\nactions:\n"),
    ],
}


def _blocks(kind: str) -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    return [(m.group("args"), m.group("body")) for m in BLOCK.finditer(text) if m.group("kind") == kind]


def _dagov(args: str, cwd, monkeypatch) -> str:
    """The output of `dagov ARGS` run in `cwd`, as a user sees it when piped (plain, 80 columns)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    command, _, head = args.partition(" | head -")
    output = CliRunner().invoke(app, shlex.split(command), terminal_width=80).output
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head)])
    return output


def _compare_or_update(kind: str, args: str, expected: str, actual: str, request) -> None:
    if request.config.getoption("--update-golden", default=False):
        text = README.read_text(encoding="utf-8")
        marker = f"<!-- {kind}: {args} -->\n```text\n"
        start = text.index(marker) + len(marker)
        end = text.index("```\n", start)
        README.write_text(text[:start] + actual + text[end:], encoding="utf-8")
        return
    assert actual == expected


def test_readme_has_every_kind_of_block():
    assert _blocks("output") and _blocks("history-output")
    assert sorted(args for args, _ in _blocks("example")) == sorted(SCENARIOS)


@pytest.mark.parametrize("args,expected", _blocks("output"), ids=[a for a, _ in _blocks("output")])
def test_readme_output_is_real(args, expected, monkeypatch, request):
    _compare_or_update("output", args, expected, _dagov(args, REPO, monkeypatch), request)


@pytest.mark.parametrize("args,expected", _blocks("history-output"), ids=[a for a, _ in _blocks("history-output")])
def test_readme_history_output_is_real(args, expected, replayed_example, monkeypatch, request):
    _compare_or_update("history-output", args, expected, _dagov(args, replayed_example, monkeypatch), request)


@pytest.mark.parametrize("name,expected", _blocks("example"), ids=[a for a, _ in _blocks("example")])
def test_readme_example_is_real(name, expected, tmp_path, monkeypatch, request):
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    for rel, old, new in SCENARIOS[name]:
        path = tmp_path / "plans" / rel
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    _compare_or_update("example", name, expected, _dagov("check plans", tmp_path, monkeypatch), request)


SETUP = re.compile(r"^\d\. .*?\n\n   ```sh\n   (?P<command>.+)\n   ```\n", re.M)
VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def _setup_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Set-up: two commands"):text.index("## What it does")]
    return [m.group("command") for m in SETUP.finditer(section)]


def test_the_warnings_the_readme_says_the_example_keeps_are_the_ones_check_reports():
    import re

    from dagov.check.run import check

    stated = re.search(r"The example keeps its (\d+) warnings on purpose:\s+three owners .*?,\s+and a board "
                       r"member\s+who neither came", README.read_text(encoding="utf-8"), re.S)
    assert stated, "the README no longer says which warnings the example keeps"
    rules = sorted(f.rule for f in check(str(REPO / "plans")).findings)
    assert rules == ["member-absent", "owner-rag-greener", "owner-rag-greener", "owner-rag-greener"]
    assert int(stated.group(1)) == len(rules)


def test_each_setup_command_makes_its_own_virtual_environment_first():
    # Debian's and Ubuntu's system pip refuses to install (externally-managed-environment):
    # each command must work as written, on its own, on such a machine
    assert _setup_commands() == [
        VENV + "python3 -m pip install . && dagov check plans && dagov status plans --as-of 2014-06-12",
        VENV + "python3 -m pip install '.[test]' && python3 -m pytest",
    ]


def test_ci_runs_the_readmes_test_command():
    """.ci/run runs each step of the README's command 2, in order, and ends with its last (extra steps between)."""
    steps = _setup_commands()[1].split(" && ")
    lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    at = [lines.index(step) for step in steps]
    assert at == sorted(at)
    assert [line for line in lines if line and not line.startswith("#")][-1] == steps[-1]


WALK_THROUGH = re.compile(r"### Writing the files.*?```console\n(?P<body>.*?)```\n", re.S)
TRACKER = REPO / "examples" / "old-tracker.csv"
IMPORT_GOLDEN = REPO / "tests" / "golden" / "readme" / "import-old-tracker-dry-run.txt"


def _walk_through() -> list[list[str]]:
    """The README's `$ dagov ...` lines of "Writing the files", in order, each split at `&&`."""
    body = WALK_THROUGH.search(README.read_text(encoding="utf-8")).group("body")
    steps = []
    for line in body.splitlines():
        words = shlex.split(line.removeprefix("$ "), comments=True)
        while "&&" in words:
            at = words.index("&&")
            steps.append(words[:at])
            words = words[at + 1:]
        steps.append(words)
    return steps


def test_readme_walk_through_runs_in_order_and_imports_the_sample_tracker(tmp_path, monkeypatch, request):
    """Every line works as written, one after the other; the last reads examples/old-tracker.csv, a force's
    own tracker (British dates, merged recommendation cells, an owner the organisation lacks)."""
    steps = _walk_through()
    assert steps[-1] == ["dagov", "import", "csv", "old-tracker.csv", "--plan", "da-2014", "--dry-run"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    for words in steps:
        if words[0] == "cd":
            monkeypatch.chdir(words[1])
            continue
        if words[-4:-3] == ["old-tracker.csv"]:
            shutil.copy(TRACKER, "old-tracker.csv")  # the README says to
        assert words[0] == "dagov"
        result = CliRunner().invoke(app, words[1:], terminal_width=80)
        assert result.exit_code == 0, f"{shlex.join(words)}\n{result.output}"
    if request.config.getoption("--update-golden", default=False):
        IMPORT_GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        IMPORT_GOLDEN.write_text(result.output, encoding="utf-8")
    assert result.output == IMPORT_GOLDEN.read_text(encoding="utf-8")
    plans = tmp_path / "vale" / "plans"
    assert sorted(p.name for p in (plans / "da-2014" / "recommendations").glob("*.yaml")) == ["R01.yaml"]  # dry run
    # the tracker's owner 'Head of Contact Management' is the role the README adds first, by its title
    assert (plans / "organisation.yaml").read_text().count("head-of-contact-management:") == 1
