"""Issued papers (dagov issue paper): where the copy of record lives, and the fingerprints that
tell whether it, or the paper's own words, changed after issue."""

from __future__ import annotations

import os

from dagov.plan.model import Paper

ISSUED_FOLDER = "issued"
"""Under a plan's papers/ folder: papers/issued/<id>.md (and .html)."""
SUFFIXES = {"markdown": ".md", "html": ".html"}


def copy_path(paper: Paper, format: str) -> str:
    """Where the issued copy of `paper` in `format` lives, beside its file."""
    folder = os.path.dirname(paper.pos.path)
    return os.path.join(folder, ISSUED_FOLDER, f"{paper.id}{SUFFIXES[format]}")


def digest(data: bytes) -> str:
    import hashlib  # only for a plan with an issued paper: `dagov check` starts light

    return hashlib.sha256(data).hexdigest()


def prose_digest(paper: Paper) -> str:
    """sha256 of what people wrote in the paper (subject, sections, headings and paragraphs): a change
    to any of it after issue means the file no longer says what was issued."""
    import json

    words = {"subject": paper.subject, "to": paper.to, "from": paper.from_,
             "sections": [{"title": s.title, "paragraphs": list(s.paragraphs), "include": s.include,
                           "audience": s.audience} for s in paper.sections]}
    return digest(json.dumps(words, sort_keys=True, ensure_ascii=False, default=str).encode())
