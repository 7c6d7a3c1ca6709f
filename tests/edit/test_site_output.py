"""Writing a site: the whole folder at once, a previous dagov site replaced, anybody else's folder refused
unless --force, never inside the plans directory, and the old site kept when the swap fails."""

from __future__ import annotations

import json
import os

import pytest

from dagov.edit import site_output
from dagov.edit.site_output import MANIFEST, NotASite, write_site

FILES = {"index.html": b"<p>new</p>\n", "plans/p1.html": b"<p>plan</p>\n"}


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_folder_gets_the_files_and_a_manifest(tmp_path):
    write_site(tmp_path / "site", FILES)
    tree = _tree(tmp_path / "site")
    assert json.loads(tree.pop(MANIFEST)) == {"generator": "dagov publish", "manifest_version": 1,
                                              "files": ["index.html", "plans/p1.html"]}
    assert tree == FILES
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no staging folder left


def test_a_previous_site_is_replaced_whole(tmp_path):
    write_site(tmp_path / "site", {**FILES, "plans/gone.html": b"old"})
    write_site(tmp_path / "site", FILES)
    assert "plans/gone.html" not in _tree(tmp_path / "site")
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "site").mkdir()
    write_site(tmp_path / "site", FILES)
    assert (tmp_path / "site" / "index.html").read_bytes() == FILES["index.html"]


def test_somebody_elses_folder_is_refused_and_left_alone(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine")
    with pytest.raises(NotASite) as err:
        write_site(tmp_path / "site", FILES)
    assert err.value.message == (f"-o {tmp_path}/site is not empty and is not a site dagov published (it has no "
                                 "dagov-site.json); nothing was written. Give an empty or new folder, or add --force to "
                                 "replace everything in it")
    assert _tree(tmp_path / "site") == {"notes.txt": b"mine"}
    write_site(tmp_path / "site", FILES, force=True)
    assert "notes.txt" not in _tree(tmp_path / "site")


def test_a_file_and_a_folder_in_the_plans_directory_are_refused(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "site.html").write_text("x")
    with pytest.raises(NotASite, match="is a file; give a folder for the site"):
        write_site(tmp_path / "site.html", FILES)
    with pytest.raises(NotASite, match="is inside the plans directory"):
        write_site(tmp_path / "plans" / "site", FILES, force=True, plans=tmp_path / "plans")
    with pytest.raises(NotASite, match="is inside the plans directory"):
        write_site(tmp_path, FILES, force=True, plans=tmp_path / "plans")


def test_when_the_swap_fails_the_old_site_stays_and_nothing_is_left_behind(tmp_path, monkeypatch):
    write_site(tmp_path / "site", {"index.html": b"old"})
    before = _tree(tmp_path / "site")
    real_rename = os.rename

    def failing(src, dst):
        if str(src).endswith(".new"):
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(site_output.os, "rename", failing)
    with pytest.raises(site_output.RefusedError, match="the disk is full; nothing was written"):
        write_site(tmp_path / "site", FILES)
    assert _tree(tmp_path / "site") == before
    assert sorted(os.listdir(tmp_path)) == ["site"]
