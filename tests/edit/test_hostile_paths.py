"""Hostile values that become paths in writers (issue 11, defects 1, 10 and 17).

Every writer, every value that becomes part of a path: ids from options and from a CSV,
plan and board ids, output files and folders, symbolic links that lead out of the plans
directory. Each is refused with one exact line and exit 2, `--force` or not, and the whole
workspace (plans, the folder around them, a folder outside) hashes the same before and after.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.trees import write_tree
from typer.testing import CliRunner

from dagov.cli.app import app

REC_HINT = "use letters, digits, '-' or '_', e.g. R03"
PLAN_HINT = "use lower-case letters, digits and hyphens, e.g. da-2014"
BOARD_HINT = "use lower-case letters, digits and hyphens, e.g. safeguarding-board"
TEMPLATE_HINT = "use lower-case letters, digits and hyphens, e.g. board-paper"
NOT_UTF8 = "is not UTF-8 text; type it again in a terminal set to UTF-8"
LONG = "a" * 300
LONG_SHOWN = "a" * 59 + "\u2026"
TOO_LONG = "it has 300 characters, at most 100"

# (value, as the message quotes it, why it is refused: None means the id's hint)
HOSTILE_IDS = [
    ("../x", "../x", None),
    ("../../organisation", "../../organisation", None),
    ("../../../../tmp/ANYWHERE", "../../../../tmp/ANYWHERE", None),
    ("/tmp/absolute", "/tmp/absolute", None),
    ("a/b", "a/b", None),
    (".", ".", None),
    ("..", "..", None),
    ("", "", None),
    ("r01\x00", "r01\\x00", None),
    ("r01\n", "r01\\n", None),  # a pattern ending in '$' lets a trailing newline through re.match
    ("..\\x", "..\\x", None),
    ("a\\..\\..\\b", "a\\..\\..\\b", None),
    ("r\u2215x", "r\u2215x", None),  # DIVISION SLASH, looks like '/'
    ("\u2024\u2024/x", "\u2024\u2024/x", None),  # ONE DOT LEADER, looks like '.'
    ("r\uff10\uff11", "r\uff10\uff11", None),  # fullwidth digits
    ("r01\u2028", "r01\\u2028", None),
    ("r01\udcff", "r01\\xff", None),  # a byte of argv that is not UTF-8
    (" r01", " r01", None),
    (LONG, LONG_SHOWN, TOO_LONG),
]
IDS = [v for v, _, _ in HOSTILE_IDS]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root`: a file's SHA-256, a link's target, a folder's mere presence."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            if name == ".dagov.lock":
                continue  # the writers' lock file (empty, git-ignored) stays once a writer has run
            if path.is_symlink():
                seen[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                seen[rel] = "dir"
            else:
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


@pytest.fixture
def ws(tmp_path: Path):
    """A workspace: gov/plans (a small valid tree), gov/out (an output folder), outside/ (must never change)."""
    write_tree(tmp_path / "gov" / "plans", {})
    (tmp_path / "gov" / "out").mkdir()
    (tmp_path / "gov" / "a-file").write_text("not a folder\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.yaml").write_text("id: keep me\n")
    return tmp_path


def refused(ws: Path, args: list[str], message: str) -> None:
    """The command exits 2 with exactly `message` on stderr and changes nothing anywhere."""
    before = snapshot(ws)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, f"dagov: {message}\n"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(ws) == before


def _id_message(option: str, shown: str, what: str, hint: str, problem: str | None) -> str:
    return f"{option} '{shown}' is not a valid {what}: {problem or hint}"


def _id_writers(ws: Path, value: str):
    """(args, option, what, hint) of every writer option whose value becomes a file or folder name."""
    plans = str(ws / "gov" / "plans")
    return [
        (["new", "recommendation", plans, "--plan", "p1", "--id", value], "--id", "recommendation id", REC_HINT),
        (["new", "recommendation", plans, "--plan", "p1", "--id", value, "--force"], "--id", "recommendation id",
         REC_HINT),
        (["new", "recommendation", plans, "--plan", value], "--plan", "plan id", PLAN_HINT),
        (["new", "action", value, plans, "--plan", "p1"], "RECOMMENDATION", "recommendation id", REC_HINT),
        (["new", "meeting", plans, "--plan", value, "--date", "2014-05-01", "--force"], "--plan", "plan id", PLAN_HINT),
        (["new", "paper", plans, "--plan", value, "--date", "2014-05-01"], "--plan", "plan id", PLAN_HINT),
        (["new", "paper", plans, "--plan", "p1", "--to", value, "--force"], "--to", "board id", BOARD_HINT),
        (["new", "paper", plans, "--plan", "p1", "--template", value], "--template", "template name", TEMPLATE_HINT),
        (["import", "csv", str(ws / "gov" / "a-file"), plans, "--plan", value], "--plan", "plan id", PLAN_HINT),
        (["init", str(ws / "new"), "--organisation", "X", "--plan", value], "--plan", "plan id", PLAN_HINT),
        (["init", str(ws / "new"), "--organisation", "X", "--board", value], "--board", "board id", BOARD_HINT),
    ]


@pytest.mark.parametrize("value, shown, problem", HOSTILE_IDS, ids=range(len(HOSTILE_IDS)))
def test_an_id_that_is_not_one_never_becomes_a_path(ws, value, shown, problem):
    for args, option, what, hint in _id_writers(ws, value):
        refused(ws, args, _id_message(option, shown, what, hint, problem))


NOT_REAL = "a real calendar date (check the day and month)"


@pytest.mark.parametrize("value, shown, problem", [
    ("../x", "../x", ""), ("2014-06-11/../../x", "2014-06-11/../../x", ""), ("", "", ""),
    ("2014-06-11\n", "2014-06-11\\n", ""), ("2014-06-11\x00", "2014-06-11\\x00", ""),
    ("\uff12\uff10\uff11\uff14-06-11", "\uff12\uff10\uff11\uff14-06-11", ""),
    ("2014-13-01", "2014-13-01", NOT_REAL), ("31/02/2014", "31/02/2014", NOT_REAL), (LONG, LONG_SHOWN, ""),
])
@pytest.mark.parametrize("kind", ["meeting", "paper"])
def test_a_date_that_becomes_a_file_name_must_be_a_date(ws, kind, value, shown, problem):
    refused(ws, ["new", kind, str(ws / "gov" / "plans"), "--plan", "p1", "--date", value, "--force"],
            f"--date '{shown}' is not {problem or 'a date'}; write it as YYYY-MM-DD, e.g. 2014-06-12")


def test_the_issue_reproduction_no_longer_replaces_organisation_yaml(example_copy):
    before = snapshot(example_copy.parent)
    result = run("new", "recommendation", str(example_copy), "--plan", "da-2014-2016", "--id", "../../organisation",
                 "--title", "x", "--owner", "chief-constable", "--force")
    assert (result.exit_code, result.stderr) == (
        2, f"dagov: --id '../../organisation' is not a valid recommendation id: {REC_HINT}\n")
    assert snapshot(example_copy.parent) == before


CSV_IDS = [(v, s, p) for v, s, p in HOSTILE_IDS if v.strip() == v and v and "\udcff" not in v]


@pytest.mark.parametrize("value, shown, problem", CSV_IDS, ids=range(len(CSV_IDS)))
def test_an_id_in_a_csv_never_becomes_a_path(ws, value, shown, problem):
    tracker = ws / "gov" / "tracker.csv"
    tracker.write_text(f'Recommendation ID,Action\r\n"{value}",Do it\r\n', encoding="utf-8")
    refused(ws, ["import", "csv", str(tracker), str(ws / "gov" / "plans"), "--plan", "p1"],
            f"{tracker}: row 2: recommendation id '{shown}' is not valid: {problem or REC_HINT}")


def _outside(ws: Path, link: str) -> tuple[Path, Path]:
    """Replace plans/<link> by a symbolic link to outside/, as a committed link or a colleague could."""
    target = ws / "gov" / "plans" / link
    if target.is_dir():
        for child in target.iterdir():
            child.unlink()
        target.rmdir()
    elif target.exists():
        target.unlink()
    real = ws / "outside" / Path(link).name
    if not Path(link).suffix:
        real.mkdir()
    else:
        real.write_text((ws / "outside" / "victim.yaml").read_text())
    target.symlink_to(real)
    return target, real


def _leads_out(path: Path, real: Path, root: Path, what: str = "the plans directory") -> str:
    return (f"{path} leads to {real}, outside {what} {root}; nothing was written: dagov writes only inside it, "
            "so replace the symbolic link on the way with a real folder or file")


@pytest.mark.parametrize("link, args, rel", [
    ("p1/recommendations", ["new", "recommendation", "{plans}", "--plan", "p1", "--id", "R09", "--force"],
     "R09.yaml"),
    ("p1/meetings", ["new", "meeting", "{plans}", "--plan", "p1", "--date", "2014-05-01", "--force"],
     "2014-05-01.yaml"),
    ("p1/papers", ["new", "paper", "{plans}", "--plan", "p1", "--date", "2014-05-01", "--force"],
     "sb-2014-05-01.yaml"),
    ("p1/recommendations", ["import", "csv", "{csv}", "{plans}", "--plan", "p1"], "R09.yaml"),
])
def test_a_folder_that_links_out_of_the_plans_directory_is_never_written_through(ws, link, args, rel):
    plans = ws / "gov" / "plans"
    tracker = ws / "gov" / "tracker.csv"
    tracker.write_text("Recommendation ID,Action,Owner,Due,Status\r\nR09,Do it,trainer,2014-06-30,not-started\r\n")
    path, real = _outside(ws, link)
    args = [a.format(plans=plans, csv=tracker) for a in args]
    refused(ws, args, _leads_out(path / rel, real / rel, plans))


@pytest.mark.parametrize("args", [
    ["new", "action", "R02", "{plans}", "--plan", "p1", "--title", "More"],
    ["update", "R02.1", "{plans}", "--note", "Done again."],
    ["new", "recommendation", "{plans}", "--plan", "p1", "--id", "R02", "--force"],
])
def test_a_plan_file_that_links_out_is_never_written_through(ws, args):
    plans = ws / "gov" / "plans"
    outside = ws / "outside" / "R02.yaml"
    (plans / "p1/recommendations/R02.yaml").rename(outside)
    (plans / "p1/recommendations/R02.yaml").symlink_to(outside)
    if args[0] == "new" and args[1] == "recommendation":
        message = _leads_out(plans / "p1/recommendations/R02.yaml", outside, plans)
    else:  # the loader does not follow the link (an unreadable-file error), so the id is in a file it cannot read
        wanted = args[1] if args[0] == "update" else args[2]
        message = (f"'{wanted}' would be in {plans}/p1/recommendations/R02.yaml, which could not be read; "
                   f"run 'dagov check {plans}' and fix it first; nothing was written")
    refused(ws, [a.format(plans=plans) for a in args], message)


def test_init_force_never_writes_through_a_link_out_of_the_folder(ws):
    target = ws / "new"
    target.mkdir()
    (target / "plans").symlink_to(ws / "outside")
    refused(ws, ["init", str(target), "--organisation", "X", "--force"],
            _leads_out(target / "plans/organisation.yaml", ws / "outside/organisation.yaml", target, "the folder"))


def test_schema_write_never_writes_through_a_link_out_of_the_folder(ws):
    target = ws / "gov" / "schemas"
    target.mkdir()
    (target / "plan.schema.json").symlink_to(ws / "outside" / "victim.yaml")
    refused(ws, ["schema", "--write", str(target), "--force"],
            _leads_out(target / "plan.schema.json", ws / "outside/victim.yaml", target, "the folder"))


def test_an_output_file_that_is_a_link_is_replaced_not_written_through(ws):
    out = ws / "gov" / "out" / "tracker.csv"
    out.symlink_to(ws / "outside" / "victim.yaml")
    before = (ws / "outside" / "victim.yaml").read_bytes()
    result = run("export", "csv", str(ws / "gov" / "plans"), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert not out.is_symlink() and out.read_bytes().startswith(b"Plan,")
    assert (ws / "outside" / "victim.yaml").read_bytes() == before


# --- output files and folders: one rule for every writer (defect 17) -------------------------

def _output_file_cases(ws: Path):
    gov = ws / "gov"
    return [
        ("", "-o is empty; give a file name"),
        ("x\x00.csv", "-o 'x\\x00.csv' holds a NUL character, which no file name can hold; give another"),
        ("\udcff.csv", f"-o '\\xff.csv' {NOT_UTF8}"),
        (".", "-o . is a folder; give a file name"),
        ("..", "-o .. is a folder; give a file name"),
        (f"{gov}/out", f"-o {gov}/out is a folder; give a file name"),
        (f"{gov}/new.csv/", f"-o {gov}/new.csv/ is a folder; give a file name"),
        (f"{gov}/nodir/x.csv", f"the folder '{gov}/nodir' for -o {gov}/nodir/x.csv does not exist; "
                               "create it first, or write the file somewhere else"),
        (f"{gov}/a/b/c/x.csv", f"the folder '{gov}/a/b/c' for -o {gov}/a/b/c/x.csv does not exist; "
                               "create it first, or write the file somewhere else"),
        (f"{gov}/a-file/x.csv", f"the folder '{gov}/a-file' for -o {gov}/a-file/x.csv is a file, not a folder; "
                                "create it first, or write the file somewhere else"),
        (f"{gov}/out/{'x' * 250}.csv", f"-o {gov}/out/{'x' * 250}.csv: the file name is too long "
                                       "(254 bytes, at most 200); choose a shorter one"),
    ]


@pytest.mark.parametrize("command", [["export", "csv", "{plans}"], ["render", "progress", "{plans}"],
                                     ["render", "action-log", "{plans}"]])
@pytest.mark.parametrize("force", [False, True])
def test_an_output_file_is_a_file_in_a_folder_that_exists(ws, command, force):
    plans = ws / "gov" / "plans"
    for value, message in _output_file_cases(ws):
        args = [a.format(plans=plans) for a in command] + ["-o", value] + (["--force"] if force else [])
        refused(ws, args, message)


def _output_folder_cases(ws: Path, option: str, hint: str):
    gov = ws / "gov"
    return [
        ("", f"{option} is empty; give a folder name"),
        ("s\x00", f"{option} 's\\x00' holds a NUL character, which no folder name can hold; give another"),
        ("\udcffs", f"{option} '\\xffs' {NOT_UTF8}"),
        (f"{gov}/a-file", f"{option} {gov}/a-file is a file; {hint}"),
        (f"{gov}/nodir/s", f"the folder '{gov}/nodir' for {option} {gov}/nodir/s does not exist; "
                           "create it first, or write the folder somewhere else"),
        (f"{gov}/{'x' * 250}", f"{option} {gov}/{'x' * 250}: a folder name in it is too long (at most 200 bytes); "
                               "choose a shorter one"),
    ]


@pytest.mark.parametrize("command, option, hint", [
    (["schema", "--write"], "--write", "give a folder, e.g. --write schemas"),
    (["init", "--organisation", "X", "--force", "--"], "DIR", "give a folder for the new repository"),
])
def test_an_output_folder_is_created_only_where_the_folder_above_exists(ws, command, option, hint):
    for value, message in _output_folder_cases(ws, option, hint):
        refused(ws, [*command, value], message)


def test_an_output_folder_is_still_created_when_the_folder_above_exists(ws):
    target = ws / "gov" / "schemas"
    result = run("schema", "--write", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir())[0] == "measure.schema.json"


@pytest.mark.parametrize("value, message", [
    ("", "--templates is empty; give a folder name"),
    ("t\x00", "--templates 't\\x00' holds a NUL character, which no folder name can hold; give another"),
    ("\udcfft", f"--templates '\\xfft' {NOT_UTF8}"),
    ("no-such-folder", "--templates folder 'no-such-folder' not found; give a folder of .md.j2 templates"),
])
def test_templates_must_name_a_folder(ws, value, message):
    refused(ws, ["render", "progress", str(ws / "gov" / "plans"), "--templates", value], message)


# --- text that is not UTF-8 (defect 10: argv bytes written into YAML) -------------------------

def _text_writers(ws: Path, option: str) -> list[list[str]]:
    plans = str(ws / "gov" / "plans")
    bad = "x\udcff"
    return {
        "--organisation": [["init", str(ws / "new"), "--organisation", bad]],
        "--plan-title": [["init", str(ws / "new"), "--organisation", "X", "--plan-title", bad]],
        "--board-title": [["init", str(ws / "new"), "--organisation", "X", "--board-title", bad]],
        "--report": [["init", str(ws / "new"), "--organisation", "X", "--report", bad]],
        "--publisher": [["init", str(ws / "new"), "--organisation", "X", "--publisher", bad]],
        "--area": [["init", str(ws / "new"), "--organisation", "X", "--area", "Fine", "--area", bad]],
        "--title": [["new", "recommendation", plans, "--plan", "p1", "--title", bad],
                    ["new", "action", "R01", plans, "--plan", "p1", "--title", bad]],
        "--owner": [["new", "recommendation", plans, "--plan", "p1", "--owner", bad],
                    ["new", "action", "R01", plans, "--plan", "p1", "--owner", bad]],
        "--from": [["new", "paper", plans, "--plan", "p1", "--from", bad]],
        "--note": [["update", "R01.2", plans, "--note", bad]],
        "--by": [["update", "R01.2", plans, "--note", "ok", "--by", bad]],
        "--evidence": [["update", "R01.2", plans, "--evidence", f"Report={bad}"]],
        "--map": [["import", "csv", str(ws / "gov" / "a-file"), plans, "--plan", "p1", "--map", f"{bad}=owner"]],
        "PLANS": [["new", "recommendation", plans + "\udcff", "--plan", "p1"],
                  ["export", "csv", plans + "\udcff"]],
    }[option]


TEXT_OPTIONS = ["--organisation", "--plan-title", "--board-title", "--report", "--publisher", "--area", "--title",
                "--owner", "--from", "--note", "--by", "--evidence", "--map", "PLANS"]


@pytest.mark.parametrize("option", TEXT_OPTIONS)
def test_text_that_is_not_utf8_is_refused_before_anything_is_written(ws, option):
    shown = {"--evidence": "Report=x\\xff", "--map": "x\\xff=owner", "PLANS": f"{ws}/gov/plans\\xff"}
    for args in _text_writers(ws, option):
        refused(ws, args, f"{option} '{shown.get(option, 'x' + chr(92) + 'xff')}' {NOT_UTF8}")


def test_init_with_a_byte_that_is_not_utf8_in_argv_says_so_without_a_traceback(tmp_path):
    """The reproduction of defect 10 as a real process: the shell hands Python the byte 0xff."""
    dagov = Path(sys.executable).with_name("dagov")
    command = [str(dagov)] if dagov.exists() else [sys.executable, "-m", "dagov"]
    result = subprocess.run([*command, "init", "gov", "--organisation", b"\xff"], cwd=tmp_path,
                            capture_output=True, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (
        2, b"", f"dagov: --organisation '\\xff' {NOT_UTF8}\n".encode())
    assert list(tmp_path.iterdir()) == []


def test_a_valid_id_is_still_written(ws):
    plans = ws / "gov" / "plans"
    result = run("new", "recommendation", str(plans), "--plan", "p1", "--id", "R-09_b", "--owner", "trainer")
    assert result.exit_code == 0, result.output
    assert (plans / "p1/recommendations/R-09_b.yaml").is_file()
