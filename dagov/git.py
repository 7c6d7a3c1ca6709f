"""Reading a plans directory's history from git, with as few git processes as possible.

A revision of the plans is read with one `git ls-tree` and the blobs of any number of
revisions with one `git cat-file --batch`; the commits that touched the plans come
from one `git log --raw`. Nothing here writes to the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

UNSHALLOW_HINT = "run 'git fetch --unshallow' to fetch the rest of the history"
NULL_SHA = "0" * 40
NO_COMMITS = "the repository has no commits yet; commit the plans first"


class HistoryError(Exception):
    """Git history cannot answer the question; the message says why and what to do.

    `reason` says why in a few words fit for a board paper (no paths, no commands).
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True)
class Repo:
    top: Path
    """The top of the working tree."""
    prefix: str
    """The plans directory relative to the top, with a trailing '/' ('' when it is the top)."""
    shallow: bool


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date
    """The commit date, in the committer's own time zone: the day the change entered the history."""
    author: str
    subject: str
    parents: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]


_COMMIT_FORMAT = "%H%x00%cI%x00%an%x00%s%x00%P"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
    return env


def run_git(cwd: str | os.PathLike, *args: str, stdin: bytes | None = None) -> bytes:
    """Run one git command; raise GitFailed with git's own message when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, env=_environment())
    except FileNotFoundError:
        raise HistoryError("git is not installed (or not on PATH); install git to read the plan's history") from None
    if done.returncode != 0:
        raise GitFailed(args[0] if args[0] != "--literal-pathspecs" else args[1],
                        done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class GitFailed(HistoryError):
    """A git command failed. Callers turn the failures they expect into plainer words; any other
    reaches the user as git's own message."""

    def __init__(self, command: str, stderr: str):
        self.stderr = stderr
        super().__init__(f"git {command} failed: {stderr}")


def find_repo(plans: str | os.PathLike) -> Repo:
    """The git repository holding the plans directory."""
    try:
        out = run_git(plans, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
    except GitFailed as err:
        if "not a git repository" in err.stderr:
            raise HistoryError(f"'{plans}' is not inside a git repository; dagov reads the plan's history from git, "
                               "so run this in a clone of the plan's repository",
                               "the plans are not in a git repository") from None
        raise HistoryError(f"git cannot read the repository holding '{plans}': {err.stderr}") from None
    top, prefix, shallow = out.decode("utf-8").split("\n")[:3]
    if prefix == "" and Path(plans).resolve() != Path(top).resolve():
        # Inside .git or an ignored place git does not treat as part of the working tree.
        raise HistoryError(f"'{plans}' is not in the working tree of a git repository")
    return Repo(Path(top), prefix, shallow == "true")


def _parse_commit(record: bytes) -> Commit:
    sha, when, author, subject, parents = record.decode("utf-8", "replace").split("\0")
    return Commit(sha, dt.datetime.fromisoformat(when).date(), author, subject, tuple(parents.split()))


def commit_of(repo: Repo, rev: str) -> Commit:
    """The commit a revision (sha, branch, tag, HEAD~3 ...) names."""
    try:
        out = run_git(repo.top, "log", "-1", "--no-walk", f"--format={_COMMIT_FORMAT}", "--end-of-options", rev, "--")
    except GitFailed:
        if repo.shallow:
            raise HistoryError(f"revision '{rev}' is not in this clone: it is shallow, so older history is missing; "
                               f"{UNSHALLOW_HINT}") from None
        if not _has_commits(repo):
            raise HistoryError(NO_COMMITS) from None
        raise HistoryError(f"'{rev}' is neither a git revision (commit, branch, tag) nor a date (YYYY-MM-DD)") from None
    return _parse_commit(out.rstrip(b"\n"))


def _has_commits(repo: Repo) -> bool:
    """Only asked after a failure, to explain it."""
    try:
        run_git(repo.top, "rev-parse", "--verify", "-q", "HEAD")
    except GitFailed:
        return False
    return True


def commit_on_or_before(repo: Repo, day: dt.date) -> Commit:
    """The last commit of the current branch made on or before `day` (up to the end of that day)."""
    # --before prunes the walk; the margin covers any time zone, and the exact test is on each
    # commit's own date, so "on 11 June" means 11 June where the commit was made.
    margin = day + dt.timedelta(days=3)
    try:
        out = run_git(repo.top, "log", "--first-parent", f"--before={margin.isoformat()}",
                      f"--format=%x01{_COMMIT_FORMAT}", "HEAD", "--")
    except GitFailed:
        if not _has_commits(repo):
            raise HistoryError(NO_COMMITS) from None
        raise
    oldest: Commit | None = None
    for commit in _commits(out):
        if commit.date <= day:
            return commit
        oldest = commit
    if repo.shallow:
        raise HistoryError(f"there is no commit on or before {day} in this clone: it is shallow, so older history "
                           f"is missing; {UNSHALLOW_HINT}", f"this clone of the plans' history has nothing from {day}")
    first = first_commit(repo) if oldest is None else oldest
    raise HistoryError(f"there is no commit on or before {day}: the history starts on {first.date}; "
                       "give a later date or revision",
                       f"the plans' git history starts on {first.date}, after {day}")


def first_commit(repo: Repo) -> Commit:
    out = run_git(repo.top, "log", "--first-parent", "--reverse", f"--format=%x01{_COMMIT_FORMAT}", "HEAD", "--")
    return _commits(out)[0]


def _commits(out: bytes) -> list[Commit]:
    """Commits from `git log --format=%x01<_COMMIT_FORMAT>` (\\x01 cannot occur in a one-line subject)."""
    return [_parse_commit(record.rstrip(b"\n")) for record in out.split(b"\x01")[1:]]


def _is_plan_file(path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


def list_files(repo: Repo, commit: Commit) -> dict[str, str]:
    """Relative path (inside the plans directory) -> blob sha of each YAML file at a commit."""
    out = run_git(repo.top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit.sha,
                  "--", repo.prefix or ".")
    files: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        name = path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and _is_plan_file(name) and name.startswith(repo.prefix):
            files[name[len(repo.prefix):]] = sha
    return files


def read_blobs(repo: Repo, shas) -> dict[str, bytes]:
    """The content of many blobs, read by a single `git cat-file --batch`."""
    wanted = sorted(set(shas) - {NULL_SHA})
    if not wanted:
        return {}
    out = run_git(repo.top, "cat-file", "--batch", stdin="".join(s + "\n" for s in wanted).encode())
    blobs: dict[str, bytes] = {}
    at = 0
    for sha in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<sha> missing": a partial or damaged clone
            raise HistoryError(f"git object {sha} is missing from this clone; {UNSHALLOW_HINT}")
        size = int(header[2])
        blobs[sha] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return blobs


def read_revisions(repo: Repo, commits) -> dict[str, dict[str, bytes]]:
    """The plan files of each commit (sha -> relative path -> bytes): one ls-tree each, one cat-file for all."""
    listings = {c.sha: list_files(repo, c) for c in commits}
    blobs = read_blobs(repo, (sha for files in listings.values() for sha in files.values()))
    return {commit: {rel: blobs[sha] for rel, sha in files.items()} for commit, files in listings.items()}


@dataclass(frozen=True)
class FileChange:
    """One file changed by a commit, as `git log --raw` reports it (paths relative to the plans directory)."""

    status: str
    """A added, D deleted, M modified, R renamed (T type change counts as M)."""
    old_path: str | None
    new_path: str | None
    old_blob: str
    new_blob: str


def log_changes(repo: Repo) -> list[tuple[Commit, tuple[FileChange, ...]]]:
    """Every commit of the current branch that changed a plan file, newest first, with its file changes."""
    # --first-parent: the story of the main line, a merge counting as one change against its first
    # parent (git >= 2.31 shows that diff), so each commit's "after" is the next one's "before".
    try:
        out = run_git(repo.top, "--literal-pathspecs", "log", "--first-parent", "-z", "--raw", "--no-abbrev", "-M",
                      f"--format=%x01{_COMMIT_FORMAT}", "HEAD", "--", repo.prefix or ".")
    except GitFailed:
        if not _has_commits(repo):
            raise HistoryError(NO_COMMITS) from None
        raise
    history = []
    for chunk in out.split(b"\x01")[1:]:
        fields = chunk.split(b"\0")
        commit = _parse_commit(b"\0".join(fields[:5]).rstrip(b"\n"))
        history.append((commit, tuple(_raw_changes(repo, [f.lstrip(b"\n") for f in fields[5:]]))))
    return history


def _raw_changes(repo: Repo, fields: list[bytes]):
    """Parse `--raw -z` records: ':old new oldsha newsha status\\0path\\0[path2\\0]'."""
    at = 0
    while at < len(fields):
        meta = fields[at]
        if not meta.startswith(b":"):
            at += 1
            continue
        _, _, old_blob, new_blob, status = meta[1:].decode().split()
        paths = [fields[at + 1].decode("utf-8", "surrogateescape")]
        at += 2
        if status[0] in "RC":
            paths.append(fields[at].decode("utf-8", "surrogateescape"))
            at += 1
        old_path = paths[0] if status[0] != "A" else None
        new_path = paths[-1] if status[0] != "D" else None
        old_rel, new_rel = _relative(repo, old_path), _relative(repo, new_path)
        if (old_rel and _is_plan_file(old_rel)) or (new_rel and _is_plan_file(new_rel)):
            kind = "M" if status[0] == "T" else status[0]
            yield FileChange(kind, old_rel, new_rel, old_blob, new_blob)


def _relative(repo: Repo, path: str | None) -> str | None:
    if path is None or not path.startswith(repo.prefix):
        return None
    return path[len(repo.prefix):]
