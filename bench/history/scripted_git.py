"""Building a benchmark repository: git run with a fixed identity and dates, and files rewritten per commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

IDENTITY = {"GIT_AUTHOR_NAME": "Plan Lead", "GIT_AUTHOR_EMAIL": "plan.lead@example.org",
            "GIT_COMMITTER_NAME": "Plan Lead", "GIT_COMMITTER_EMAIL": "plan.lead@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, when: str | None = None) -> None:
    """Run git in `repo`; `when` (ISO date-time) is the author and committer date of a commit."""
    env = {**os.environ, **IDENTITY}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def write_state(plans: Path, files: dict[str, str], written: dict[str, str]) -> dict[str, str]:
    """Make the folder hold exactly `files` (relative path -> text), touching only what changed."""
    for rel in set(written) - set(files):
        (plans / rel).unlink()
    for rel, text in files.items():
        if written.get(rel) != text:
            (plans / rel).parent.mkdir(parents=True, exist_ok=True)
            (plans / rel).write_text(text, encoding="utf-8")
    return files
