"""Hostile directory entries (issue 11, defects 3 and 16): broken links, loops, links out of the plans directory,
folders that cannot be listed, files that cannot be read, wrong-case names, a folder where a file belongs and a
file where a folder belongs, plan files in subfolders. Each is a finding at its own path; nothing else is hidden
and nothing is written. Names starting with '.' (temporary files, dagov's own staging and lock) stay silent.

Tests run as root, for whom chmod 000 blocks nothing, so 'permission denied' is simulated in-process.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from helpers.hostile_fs import COMMANDS, fingerprint, timed
from helpers.trees import EXAMPLE, PAPER

P1 = "plans/p1"
R03 = f"{P1}/recommendations/R03.yaml"
OUTSIDE = ("outside the plans directory, and dagov does not follow links out of it; copy what it links to into the "
           "plans directory instead")
TOO_DEEP = ("error [too-deep] dagov does not look in subfolders of plans/p1/{kind}/, so this file is left out of every "
            "check and report; move it into plans/p1/{kind}/ (or out of the plans directory if it is an old copy)")
DENIED = "permission denied; make it readable (chmod a+r, and a+x for a folder) or move it out of the plans directory"
RENAME = "dagov reads only files whose name ends in '.yaml' in lower case, so this file is left out of every check " \
         "and report; rename it to {stem}.yaml"


@pytest.fixture
def plans(tree_dir, monkeypatch) -> Path:
    """conftest's tree with a paper, as plans/ in the current folder."""
    root = tree_dir({"p1/papers/sb-2014-03.yaml": PAPER})
    monkeypatch.chdir(root.parent)
    return root


def _copy(root: Path, rel: str, to: str) -> None:
    (root / to).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / rel, root / to)


def _check(root: Path, *lines: str, summary: str, code: int = 1) -> None:
    """`dagov check plans` prints exactly `lines` and `summary`, exits `code`, in under a second, writing nothing."""
    before = fingerprint(root)
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.output == "".join(f"{line}\n" for line in lines) + summary + "\n"
    assert result.exit_code == code
    assert fingerprint(root) == before


def test_the_issue_reproduction_a_self_link_hides_nothing(tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    monkeypatch.chdir(tmp_path)
    clean, _ = timed("check", "plans")
    (plans / "da-2014" / "papers" / "Z.yaml").symlink_to("Z.yaml")
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.exit_code == 1
    loop = ("plans/da-2014/papers/Z.yaml:1:1: error [unreadable-file] this is a symbolic link that leads round in "
            "a loop; point it at a real file or delete it")
    # every other file is still checked, with the same findings as before
    assert [line for line in result.output.splitlines() if line != loop] == \
        [*clean.output.splitlines()[:-1], "1 error, 4 warnings in 44 files"]
    assert clean.output.splitlines()[-1] == "0 errors, 4 warnings in 43 files"


LINKS = {
    "broken link": (lambda p: p.symlink_to("R99.yaml"),
                    f"{R03}:1:1: error [unreadable-file] this is a symbolic link to R99.yaml, which does not exist; "
                    "point the link at an existing file or delete it"),
    "loop of two": (lambda p: (p.symlink_to("R04.yaml"), p.with_name("R04.yaml").symlink_to("R03.yaml")),
                    f"{R03}:1:1: error [unreadable-file] this is a symbolic link that leads round in a loop; point it "
                    "at a real file or delete it\n"
                    f"{P1}/recommendations/R04.yaml:1:1: error [unreadable-file] this is a symbolic link that leads "
                    "round in a loop; point it at a real file or delete it"),
    "link to a file outside": (lambda p: p.symlink_to(p.parents[3] / "elsewhere.yaml"),
                               f"{R03}:1:1: error [unreadable-file] this is a symbolic link to {{tmp}}/elsewhere.yaml, "
                               f"{OUTSIDE}"),
    "link up and out": (lambda p: p.symlink_to("../../../elsewhere.yaml"),
                        f"{R03}:1:1: error [unreadable-file] this is a symbolic link to {{tmp}}/elsewhere.yaml, {OUTSIDE}"),
}


@pytest.mark.parametrize("case", LINKS)
def test_a_bad_link_is_an_error_at_its_path_and_the_folder_is_still_read(case, plans):
    make, lines = LINKS[case]
    (plans.parent / "elsewhere.yaml").write_text("id: R03\n")
    make(plans / "p1" / "recommendations" / "R03.yaml")
    lines = lines.replace("{tmp}", os.path.realpath(plans.parent))
    count = lines.count("\n") + 1
    _check(plans, *lines.split("\n"), summary=f"{count} error{'s' * (count > 1)}, 0 warnings in {6 + count} files")


def test_a_folder_linked_from_outside_is_an_error_not_followed(plans, tmp_path):
    shutil.move(plans / "p1" / "meetings", tmp_path / "meetings")
    (plans / "p1" / "meetings").symlink_to(tmp_path / "meetings")
    _check(plans, f"{P1}/meetings:1:1: error [unreadable-file] this is a symbolic link to "
                  f"{os.path.realpath(tmp_path)}/meetings, {OUTSIDE}",
           *_unknown_meeting_lines(), summary="3 errors, 0 warnings in 5 files")


def _unknown_meeting_lines():
    # the meetings are not read, so what cites them is reported too (as when the folder is missing)
    return [
        f"{P1}/recommendations/R01.yaml:33:18: error [unknown-meeting] extension of action R01.2 cites meeting "
        "'2014-03-12', but plan p1 has no such meeting; use the id of a file in p1/meetings/",
        f"{P1}/recommendations/R02.yaml:11:12: error [unknown-meeting] recommendation R02 closed at meeting "
        "'2014-03-12', but plan p1 has no such meeting; use the id of a file in p1/meetings/",
    ]


def test_a_plan_folder_linked_from_outside_is_an_error_not_followed(plans, tmp_path):
    shutil.copytree(plans / "p1", tmp_path / "p2")
    (plans / "p2").symlink_to(tmp_path / "p2")
    _check(plans, f"plans/p2:1:1: error [unreadable-file] this is a symbolic link to {os.path.realpath(tmp_path)}/p2, "
                  f"{OUTSIDE}", summary="1 error, 0 warnings in 6 files")


def test_a_broken_link_where_a_folder_belongs_is_reported(plans):
    shutil.rmtree(plans / "p1" / "papers")
    (plans / "p1" / "papers").symlink_to("old-papers")
    (plans / "p2").symlink_to("p2")
    _check(plans, f"{P1}/papers:1:1: error [unreadable-file] this is a symbolic link to old-papers, which does not "
                  "exist; point the link at an existing file or delete it",
           "plans/p2:1:1: error [unreadable-file] this is a symbolic link that leads round in a loop; point it at a "
           "real file or delete it", summary="2 errors, 0 warnings in 5 files")


def test_links_that_stay_inside_the_plans_directory_are_followed(plans):
    (plans / "shared").mkdir()
    shutil.move(plans / "p1" / "meetings" / "2014-03-12.yaml", plans / "shared" / "m.txt")
    (plans / "p1" / "meetings" / "2014-03-12.yaml").symlink_to("../../shared/m.txt")
    shutil.move(plans / "p1" / "papers", plans / "shared" / "p1-papers")
    (plans / "p1" / "papers").symlink_to("../shared/p1-papers")
    _check(plans, summary="0 errors, 0 warnings in 6 files", code=0)


def _deny(monkeypatch, denied: str, function: str) -> None:
    """Make os.`function` fail with EACCES on the path ending in `denied`, as chmod 000 would for a non-root user."""
    real = getattr(os, function)

    def refuse(path, *args, **kwargs):
        if os.fspath(path).endswith(denied):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function, refuse)


def test_an_unreadable_file_is_an_error_and_the_rest_is_read(plans, monkeypatch):
    _copy(plans, "p1/recommendations/R01.yaml", "p1/recommendations/R03.yaml")
    _deny(monkeypatch, "R03.yaml", "open")
    _check(plans, f"{R03}:1:1: error [unreadable-file] cannot read the file: {DENIED}",
           summary="1 error, 0 warnings in 7 files")


@pytest.mark.parametrize("folder", ["recommendations", "meetings", "papers"])
def test_an_unreadable_folder_is_an_error_at_that_folder(folder, plans, monkeypatch):
    _deny(monkeypatch, f"p1/{folder}", "scandir")
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{P1}/{folder}:1:1: error [unreadable-file] cannot read the folder: {DENIED}" in lines
    read = {"recommendations": 2, "meetings": 1, "papers": 1}[folder]
    assert lines[-1].endswith(f" in {6 - read} files")


def test_an_unreadable_plans_directory_is_one_error(plans, monkeypatch):
    _deny(monkeypatch, "/plans", "scandir")
    _check(plans, f"plans:1:1: error [unreadable-file] cannot read the folder: {DENIED}",
           summary="1 error, 0 warnings in 0 files")


def _stray(copied: str, to: str):
    """A LAYOUT case: plan file `copied` (in p1) copied into a subfolder as `to`, and the finding that says so."""
    kind = to.split("/")[0]
    return (lambda root: _copy(root, f"p1/{copied}", f"p1/{to}"),
            [f"{P1}/{to}:1:1: " + TOO_DEEP.format(kind=kind)], 6)


LAYOUT = {
    "wrong-case extension": (lambda root: shutil.move(root / "p1/recommendations/R02.yaml",
                                                      root / "p1/recommendations/R02.YAML"),
                             [f"{P1}/recommendations/R02.YAML:1:1: error [ignored-file] " + RENAME.format(stem="R02")],
                             5),
    "a folder named like a recommendation": (
        lambda root: (root / "p1/recommendations/R03.yaml").mkdir(),
        [f"{R03}:1:1: error [unreadable-file] this is a folder, but its name ends in .yaml like a plan file's, so "
         "dagov cannot read it; rename the folder, or move the file it should be into plans/p1/recommendations/"], 7),
    "recommendations as a file": (
        lambda root: (shutil.rmtree(root / "p1/recommendations"), (root / "p1/recommendations").write_text("R01\n")),
        [f"{P1}/recommendations:1:1: error [ignored-file] this is a file, but dagov reads recommendations from a "
         "folder named recommendations, one .yaml file per recommendation; rename this file and make "
         "recommendations a folder"], 4),
    "meetings as a file": (
        lambda root: (shutil.rmtree(root / "p1/meetings"), (root / "p1/meetings").write_text("")),
        [f"{P1}/meetings:1:1: error [ignored-file] this is a file, but dagov reads meetings from a folder named "
         "meetings, one .yaml file per meeting; rename this file and make meetings a folder"], 5),
    "recommendation in a subfolder": _stray("recommendations/R01.yaml", "recommendations/old/R19.yaml"),
    "deeper, and .yml": _stray("recommendations/R01.yaml", "recommendations/a/b/c/R19.yml"),
    "meeting in a subfolder": _stray("meetings/2014-03-12.yaml", "meetings/2013/2013-03-12.yaml"),
    "paper in a subfolder": _stray("papers/sb-2014-03.yaml", "papers/drafts/sb-2014-04.yaml"),
    "wrong-case folder": (
        lambda root: shutil.move(root / "p1/papers", root / "p1/Papers"),
        [f"{P1}/Papers:1:1: error [ignored-file] dagov reads only a folder named papers, in lower case, so the files "
         "in this folder are left out of every check and report; rename it to papers"], 5),
    "plan.YAML": (
        lambda root: shutil.move(root / "p1/plan.yaml", root / "p1/plan.YAML"),
        [f"{P1}/plan.YAML:1:1: error [ignored-file] " + RENAME.format(stem="plan")], 1),
    "organisation.YML": (
        lambda root: shutil.move(root / "organisation.yaml", root / "organisation.YML"),
        ["plans/organisation.YML:1:1: error [ignored-file] dagov reads only '.yaml' files, so this file is left out "
         "of every check and report; rename it to organisation.yaml",
         "plans/organisation.yaml:1:1: error [missing-file] organisation.yaml is missing; create it with the "
         "organisation's name, roles and boards (see docs/format.md)"], 5),
    "a folder named plan.yaml": (
        lambda root: (os.remove(root / "p1/plan.yaml"), (root / "p1/plan.yaml").mkdir()),
        [f"{P1}/plan.yaml:1:1: error [unreadable-file] this is a folder, but its name ends in .yaml like a plan "
         "file's, so dagov cannot read it; rename the folder, or move the file it should be into plans/p1/"], 6),
}


@pytest.mark.parametrize("case", LAYOUT)
def test_a_misplaced_or_misnamed_file_gets_a_located_finding(case, plans):
    make, lines, files = LAYOUT[case]
    make(plans)
    before = fingerprint(plans)
    result, seconds = timed("check", "plans")
    assert seconds < 1
    assert result.exit_code == 1
    walk_rules = ("[ignored-file]", "[unreadable-file]", "[too-deep]", "[missing-file]")
    assert [line for line in result.output.splitlines() if any(rule in line for rule in walk_rules)] == lines
    assert result.output.splitlines()[-1].endswith(f" in {files} file{'s' * (files != 1)}")
    assert fingerprint(plans) == before


def test_dot_names_are_ignored_silently(plans):
    """Temporary files of an interrupted write, dagov's staging folder and lock, an editor's hidden copy."""
    _copy(plans, "p1/recommendations/R01.yaml", "p1/recommendations/.R01.yaml.abc.tmp")
    (plans / "p1" / "recommendations" / ".R03.yaml").write_text("not: [valid")
    _copy(plans, "p1/recommendations/R01.yaml", ".dagov-staging/p1/recommendations/R03.yaml")
    (plans / ".dagov-staging" / "broken.yaml").symlink_to("nowhere")
    (plans / ".dagov.lock").write_text("")
    (plans / "p1" / ".dagov-staging").mkdir()
    (plans / ".hidden.yaml").symlink_to("/dev/zero")
    _check(plans, summary="0 errors, 0 warnings in 6 files", code=0)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "check"])
@pytest.mark.parametrize("case", ["loop", "outside", "subfolder", "unreadable"])
def test_reports_say_the_plan_files_have_errors(case, command, plans, monkeypatch, tmp_path):
    rec = plans / "p1" / "recommendations"
    if case == "loop":
        (rec / "R03.yaml").symlink_to("R03.yaml")
    elif case == "outside":
        (rec / "R03.yaml").symlink_to("/etc/passwd")
    elif case == "subfolder":
        _copy(plans, "p1/recommendations/R01.yaml", "p1/recommendations/old/R03.yaml")
    else:
        _copy(plans, "p1/recommendations/R01.yaml", "p1/recommendations/R03.yaml")
        _deny(monkeypatch, "R03.yaml", "open")
    before = fingerprint(plans)
    result, seconds = timed(*COMMANDS[command])
    assert seconds < 1
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "/etc/passwd:" not in result.output and "root:" not in result.output
    if command == "render":
        assert result.stderr.endswith("dagov: 1 error, 0 warnings in 7 files; nothing was rendered because figures "
                                      "from files with errors could be wrong. Fix them (dagov check plans) and "
                                      "render again, or add --draft for a copy marked DRAFT on every page.\n".replace(" in 7 files", f" in {6 + (case != 'subfolder')} files"))
    else:
        assert result.stderr.startswith("dagov: 1 error in the plan files: the figures cover only what could be read")
    assert fingerprint(plans) == before


def test_a_linked_file_is_read_again_through_its_link_for_personal_data(plans):
    """The personal-data rule reads each file's text a second time; a link inside the tree still works then."""
    (plans / "shared").mkdir()
    rec = plans / "p1" / "recommendations" / "R02.yaml"
    (plans / "shared" / "r2.txt").write_text(rec.read_text() + "# ask jane.smith@gmail.com\n")
    rec.unlink()
    rec.symlink_to("../../shared/r2.txt")
    _check(plans, f"{P1}/recommendations/R02.yaml:22:7: error [personal-data] this looks like an e-mail address "
                  "('jan…'); personal data must not be committed to a plan that may be published: remove it or refer "
                  "to the person by role; if it is the organisation's own address, add its domain to settings: "
                  "personal_data: allow_domains: in plans/organisation.yaml", summary="1 error, 0 warnings in 6 files")


@pytest.mark.parametrize("args, message", [
    (["show", "R02", "plans"], "dagov: 'R02' would be in p1/recommendations/R02.yaml, which has errors and could "
                               "not be read; run 'dagov check' and fix it first"),
    (["update", "R02.1", "plans", "--note", "Done."], "dagov: 'R02.1' would be in plans/p1/recommendations/R02.yaml, "
                                                     "which could not be read; run 'dagov check plans' and fix it "
                                                     "first; nothing was written"),
    (["new", "action", "R02", "plans", "--title", "More"], "dagov: 'R02' would be in plans/p1/recommendations/R02.yaml, "
                                                          "which could not be read; run 'dagov check plans' and fix it "
                                                          "first; nothing was written"),
])
@pytest.mark.parametrize("make", [lambda path: path.symlink_to(path.name), os.mkfifo], ids=["loop", "fifo"])
def test_an_id_in_a_file_that_cannot_be_read_is_named_as_such(args, message, make, plans):
    rec = plans / "p1" / "recommendations" / "R02.yaml"
    rec.unlink()
    make(rec)
    before = fingerprint(plans)
    result, seconds = timed(*args)
    assert seconds < 1
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, message)
    assert fingerprint(plans) == before
