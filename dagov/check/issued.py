"""Rules on issued papers (dagov issue paper): the copy of record in papers/issued/ must still be
what was issued, and the paper's own words should still be those it was issued with."""

from __future__ import annotations

from collections.abc import Iterator

from dagov.plan.findings import ERROR, WARNING, Finding, Pos
from dagov.plan.issued import copy_path, digest, prose_digest
from dagov.plan.model import Paper, Tree


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _copies(paper: Paper) -> Iterator[tuple[str, str, str]]:
    """(format, recorded sha256, field) of each copy the paper records."""
    issued = paper.issued
    if issued is None or not issued.sha256:
        return
    if issued.html_sha256:
        yield "markdown", issued.sha256, "sha256"
        yield "html", issued.html_sha256, "html_sha256"
    elif _read(copy_path(paper, "markdown")) is None and _read(copy_path(paper, "html")) is not None:
        yield "html", issued.sha256, "sha256"
    else:
        yield "markdown", issued.sha256, "sha256"


def issued_papers(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        for paper in plan.papers.values():
            issued = paper.issued
            if issued is None:
                continue
            for format, recorded, field in _copies(paper):
                path = copy_path(paper, format)
                data = _read(path)
                where = issued.at(field)
                if data is None:
                    yield Finding.at(where, "issued-paper-modified",
                                     f"paper {paper.id} was issued on {issued.date}, but its issued copy {path} is "
                                     "missing; restore it from git (git checkout -- <file>)", ERROR)
                elif digest(data) != recorded:
                    yield Finding.at(Pos(path, 1, 1), "issued-paper-modified",
                                     f"the issued copy of paper {paper.id} no longer matches the sha256 recorded in "
                                     f"{where.path}:{where.line} when it was issued on {issued.date}; an issued "
                                     "paper is a record: restore it from git (git checkout -- <file>)", ERROR)
            if issued.prose and prose_digest(paper) != issued.prose:
                yield Finding.at(issued.at("prose"), "issued-paper-edited",
                                 f"paper {paper.id}'s words were edited after it was issued on {issued.date}; "
                                 f"the issued copy still says what the board received: undo the edit, or write "
                                 "a new paper", WARNING)
