"""docs/pictures/make.sh renders the example's June paper to PDF and PNG pages (issue 15), and the
pictures the README and docs/print.md show are there, A4-shaped and small."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from helpers.tools import need_module, need_program
from helpers.trees import REPO

SCRIPT = REPO / "docs" / "pictures" / "make.sh"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_script_renders_every_page_of_the_june_paper(tmp_path):
    need_program("pdftoppm", "apt-get install poppler-utils")
    need_module("weasyprint", "pip install 'dagov[pdf]'")
    dagov = Path(sys.executable).parent / "dagov"
    done = subprocess.run(["bash", str(SCRIPT), "--all", str(tmp_path)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "DAGOV": str(dagov)})
    assert done.returncode == 0, done.stderr
    pages = sorted(tmp_path.glob("bcb-2014-06-12-page-*.png"))
    assert (tmp_path / "bcb-2014-06-12.pdf").read_bytes().startswith(b"%PDF-")
    assert 2 <= len(pages) <= 12
    assert {_png_size(p) for p in pages} == {(497, 702)}  # A4 at 60 dots per inch


def test_the_pictures_in_the_docs_are_there_and_small():
    shown = [REPO / "docs" / "pictures" / f"bcb-2014-06-12-page-{n}.png" for n in (1, 2)]
    for picture in shown:
        assert _png_size(picture) == (497, 702)
        assert picture.stat().st_size < 200_000
        name = picture.relative_to(REPO / "docs").as_posix()
        assert name in (REPO / "docs" / "print.md").read_text(encoding="utf-8")
        assert f"docs/{name}" in (REPO / "README.md").read_text(encoding="utf-8")
