"""Real git repositories for the history tests: scripted commits with fixed dates and authors."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from helpers.trees import BASE

IDENTITY = {
    "GIT_AUTHOR_NAME": "Plan Lead",
    "GIT_AUTHOR_EMAIL": "lead@example.org",
    "GIT_COMMITTER_NAME": "Plan Lead",
    "GIT_COMMITTER_EMAIL": "lead@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **IDENTITY, **(env or {})})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class GitPlans:
    """A repository at `top` whose plans live in `top/<sub>`."""

    def __init__(self, top: Path, sub: str = "plans"):
        self.top = top
        self.plans = top / sub if sub else top
        top.mkdir(parents=True, exist_ok=True)
        git(top, "init", "-q", "-b", "main")

    def write(self, files: dict[str, str | None]) -> "GitPlans":
        for rel, content in files.items():
            path = self.plans / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return self

    def edit(self, rel: str, old: str, new: str) -> "GitPlans":
        path = self.plans / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def move(self, old: str, new: str) -> "GitPlans":
        git(self.top, "mv", str(self.plans / old), str(self.plans / new))
        return self

    def commit(self, message: str, when: str) -> str:
        """Commit everything; `when` is an ISO date ('2014-06-11', noon UTC) or date-time with offset."""
        stamp = when if "T" in when else f"{when}T12:00:00+00:00"
        git(self.top, "add", "-A")
        git(self.top, "commit", "-q", "-m", message, f"--date={stamp}",
            env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        return git(self.top, "rev-parse", "HEAD")

    @classmethod
    def with_base(cls, top: Path, sub: str = "plans", when: str = "2014-03-01") -> "GitPlans":
        repo = cls(top, sub).write(dict(BASE))
        repo.commit("Plan as agreed", when)
        return repo
