"""`dagov issue paper`: write a paper's copy of record to papers/issued/ and note the issue in the paper.

The rendered text comes from the caller (rendering is not this layer's); here the copies and the
paper's new `issued:` entry are written together through the one WriteTransaction: all or none,
never over an existing copy, never for a paper that was issued already.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from dagov.edit.transaction import RefusedError, Verdict, WriteTransaction, read_for_edit
from dagov.plan.issued import copy_path, digest, prose_digest
from dagov.plan.model import Paper

MODIFIED = "issued-paper-modified"


@dataclass(frozen=True)
class Issue:
    """A paper issued: the paper, the copies of record written, the commit that holds them, and the check's verdict."""

    paper: Paper
    copies: dict[str, str]
    """format -> path of the copy written."""
    commit: str | None
    verdict: Verdict


class AlreadyIssued(RefusedError):
    """The paper has an `issued:` entry: an issued paper is never issued again."""


def issued_entry(day: dt.date, commit: str | None, hashes: dict[str, str], prose: str) -> str:
    """The `issued:` mapping appended to the paper file (top level, block style)."""
    lines = ["issued:", f"  date: {day.isoformat()}"]
    if commit:
        lines.append(f'  commit: "{commit}"')  # quoted: 1234567 would read as a number
    first = "markdown" if "markdown" in hashes else "html"
    lines.append(f'  sha256: "{hashes[first]}"')
    if first == "markdown" and "html" in hashes:
        lines.append(f'  html_sha256: "{hashes["html"]}"')
    lines.append(f'  prose: "{prose}"')
    return "\n".join(lines) + "\n"


def _relative(path: str, plans: str) -> str:
    return os.path.relpath(path, plans).replace(os.sep, "/")


def issue(plans: str, paper: Paper, texts: dict[str, str], day: dt.date, commit: str | None) -> Issue:
    """Write `texts` (format -> rendered document) as the issued copies of `paper`, and its `issued:` entry.
    Raises AlreadyIssued, Exists (a copy is there already) or RefusedError (the result would not check)."""
    from dagov.check.run import check

    if paper.issued is not None:
        raise AlreadyIssued(
            f"paper {paper.id} was issued on {paper.issued.date} ({paper.pos.path}:{paper.issued.pos.line}); an "
            "issued paper is a record and is never issued again: write a new paper for a new issue")
    with WriteTransaction(plans) as txn:
        now = check(plans)
        before = read_for_edit(paper.pos.path)
        data = {format: text.encode("utf-8") for format, text in texts.items()}
        copies = {format: copy_path(paper, format) for format in data}
        for format, path in copies.items():
            txn.add(_relative(path, plans), data[format])  # Exists if a copy is there: never overwritten
        text = before.decode("utf-8")
        text += ("" if text.endswith("\n") or not text else "\n") + issued_entry(
            day, commit, {f: digest(d) for f, d in data.items()}, prose_digest(paper))
        txn.add(_relative(paper.pos.path, plans), text.encode("utf-8"), expected=before)
        # The copies are judged once written: until then the new entry points at files not yet there.
        verdict = txn.judge(allow_placeholders=True, also_allowed={MODIFIED}, now=now)
        if verdict.ok:
            txn.commit()
    return Issue(paper, copies, commit, verdict)
