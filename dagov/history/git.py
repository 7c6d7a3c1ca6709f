"""Reading a plans directory's history from git, with as few git processes as possible.

A revision of the plans is read with one `git ls-tree` and the blobs of any number of
revisions with one `git cat-file --batch`; the commits that touched the plans come
from one `git log --raw`. Nothing here writes to the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dagov.errors import UsageError

UNSHALLOW_HINT = "run 'git fetch --unshallow' to fetch the rest of the history"
NULL_SHA = "0" * 40
NO_COMMITS = "the repository has no commits yet; commit the plans first"


class HistoryError(UsageError):
    """Git history cannot answer the question; the message says why and what to do.

    `reason` says why in a few words fit for a board paper (no paths, no commands).
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


class BeforeHistory(HistoryError):
    """A day before the first commit: `first` is where the history starts."""

    def __init__(self, message: str, reason: str, first: Commit):
        super().__init__(message, reason)
        self.first = first


@dataclass(frozen=True)
class Repo:
    """The git repository a plans directory is in: where its working tree starts, and whether its history is cut short."""

    top: Path
    """The top of the working tree."""
    prefix: str
    """The plans directory relative to the top, with a trailing '/' ('' when it is the top)."""
    shallow: bool


@dataclass(frozen=True)
class Commit:
    """One commit of the history: its hash, date, author, subject and parents."""

    sha: str
    date: dt.date
    """The commit date, in the committer's own time zone: the day the change entered the history."""
    author: str
    subject: str
    parents: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]


_COMMIT_FORMAT = "%H%x00%P%x00%cI%x00%an%x00%s"
"""With -z, every field of a commit ends in a NUL, which git never prints inside one: the hashes,
the date and the name cannot hold it and %s stops at the first. The name and subject may hold any
other byte (\\x01, ESC, invalid UTF-8), so fields are taken by position, never by searching for a
marker."""
_COMMIT_FIELDS = 5


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


def _text(field: bytes) -> str:
    # Names and subjects are whatever the committer typed: bad UTF-8 must not stop the story.
    return field.decode("utf-8", "replace")


def _parse_commit(fields: list[bytes]) -> Commit:
    """A commit from its _COMMIT_FORMAT fields (already split at the NULs)."""
    sha, parents, when, author, subject = (f.lstrip(b"\n") if i == 0 else f for i, f in enumerate(fields))
    try:
        # %cI is the committer's own date first (YYYY-MM-DD...): the day as the committer saw it.
        day = dt.date.fromisoformat(when[:10].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise HistoryError(f"commit {_text(sha)[:7]} has a date git cannot read ({_text(when)!r}); "
                           "the repository may be damaged: run 'git fsck'") from None
    return Commit(sha.decode("ascii", "replace"), day, _text(author), _text(subject), tuple(_text(parents).split()))


def _commits(out: bytes) -> list[Commit]:
    """Commits from `git log -z --format=<_COMMIT_FORMAT>`: five NUL-ended fields each."""
    fields = out.split(b"\0")
    count = len(fields) // _COMMIT_FIELDS
    return [_parse_commit(fields[i * _COMMIT_FIELDS:(i + 1) * _COMMIT_FIELDS]) for i in range(count)]


def _shown(rev: str) -> str:
    """A revision as typed, quoted on one line (a newline or escape in it cannot break the message)."""
    if rev.isprintable():
        return f"'{rev}'"
    return "'" + "".join(c if c.isprintable() else ascii(c)[1:-1] for c in rev) + "'"


_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


def commit_of(repo: Repo, rev: str, option: str | None = None) -> Commit:
    """The one commit a revision (sha, branch, tag, HEAD~3, :/message ...) names; a HistoryError saying
    why when it names none. `option` (--since) says where the revision was given.

    The revision goes after --end-of-options, so '-x' cannot be read as an option; it must name a
    single object (not a range), and that object, its tags peeled, must be a commit.
    """
    said = f"{option} {_shown(rev)}" if option else _shown(rev)
    usage = "give a commit, branch, tag or HEAD~3, or a date (YYYY-MM-DD)"
    if not rev.strip():
        raise HistoryError(f"{option or 'the revision'} is empty; {usage}")
    if rev.startswith("-"):
        raise HistoryError(f"{said} is not a revision (git names never start with '-'); {usage}")
    if "\0" in rev:  # no git name holds one, and no program can be given one
        raise HistoryError(f"{said} is neither a git revision (commit, branch, tag) nor a date (YYYY-MM-DD)")
    try:
        sha = run_git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev).decode("ascii", "replace")
    except GitFailed:
        raise _unknown_revision(repo, rev, said) from None
    if not _SHA.match(sha.strip()):  # '^HEAD' verifies as '^<sha>': a range, not a point
        raise _range(said)
    try:
        # ^{commit} on the bare hash (no path syntax left to misread it): tags are peeled, trees refused.
        out = run_git(repo.top, "log", "-1", "--no-walk", "-z", f"--format={_COMMIT_FORMAT}",
                      sha.strip() + "^{commit}", "--")
    except GitFailed:
        out = b""
    commits = _commits(out)
    if not commits:
        raise HistoryError(f"{said} names a git {_object_kind(repo, sha.strip())}, not a commit; {usage}")
    return commits[0]


def _range(said: str) -> HistoryError:
    return HistoryError(f"{said} is a range of commits, not one point; give the start to --since and the end to --until")


def _unknown_revision(repo: Repo, rev: str, said: str) -> HistoryError:
    """Only asked after a failure, to explain it."""
    if ".." in rev or rev.startswith("^") or re.search(r"\^[@!-]", rev):  # A..B, A...B, ^A, A^@, A^!, A^-
        return _range(said)
    if repo.shallow:
        return HistoryError(f"{said} is not in this clone: it is shallow, so older history is missing; "
                            f"{UNSHALLOW_HINT}")
    if not _has_commits(repo):
        return HistoryError(NO_COMMITS)
    return HistoryError(f"{said} is neither a git revision (commit, branch, tag) nor a date (YYYY-MM-DD)")


def _object_kind(repo: Repo, sha: str) -> str:
    """What a hash that is not a commit names, in words ('tree (a folder)')."""
    try:
        kind = run_git(repo.top, "cat-file", "-t", sha + "^{}").decode().strip()
    except GitFailed:
        kind = "object"
    return {"tree": "tree (a folder)", "blob": "blob (a file's content)"}.get(kind, kind)


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
                      "-z", f"--format={_COMMIT_FORMAT}", "HEAD", "--")
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
    raise BeforeHistory(f"there is no commit on or before {day}: the history starts on {first.date}; "
                        "give a later date or revision",
                        f"the plans' git history starts on {first.date}, after {day}", first)


def first_commit(repo: Repo) -> Commit:
    out = run_git(repo.top, "log", "--first-parent", "--reverse", "-z", f"--format={_COMMIT_FORMAT}", "HEAD", "--")
    return _commits(out)[0]


def _is_plan_file(path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


def _list_at(repo: Repo, sha: str, prefix: str) -> dict[str, str]:
    """Relative path (inside `prefix`) -> blob sha of each YAML file at a commit."""
    out = run_git(repo.top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", sha, "--", prefix or ".")
    files: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        name = path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and _is_plan_file(name) and name.startswith(prefix):
            files[name[len(prefix):]] = blob
    return files


def _files_before_a_move(repo: Repo, sha: str, moves: tuple[Move, ...]) -> dict[str, str] | None:
    """The plan files of a commit made before the plans directory was moved here, read where it was then."""
    for move in moves:
        older = _list_at(repo, sha, move.old_prefix)
        if ORGANISATION in older:
            return older
    return None


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
    listings = {c.sha: _list_at(repo, c.sha, repo.prefix) for c in commits}
    # A commit from before `git mv plans governance/plans` has no plans here: read them where they were.
    missing = [sha for sha, files in listings.items() if ORGANISATION not in files]
    moves = plans_moves(repo) if missing else ()
    for sha in missing if moves else ():
        listings[sha] = _files_before_a_move(repo, sha, moves) or listings[sha]
    blobs = read_blobs(repo, (sha for files in listings.values() for sha in files.values()))
    return {commit: {rel: blobs[sha] for rel, sha in files.items()} for commit, files in listings.items()}


# --- the plans directory moved -------------------------------------------------------------

ORGANISATION = "organisation.yaml"


@dataclass(frozen=True)
class Move:
    """A commit of the current branch that moved the whole plans directory."""

    sha: str
    old_prefix: str
    """Where the plans directory was before that commit ('' for the top), with a trailing '/'."""


_STATUS = re.compile(rb"^[ACDMRTUXB][0-9]*$")


def plans_moves(repo: Repo) -> tuple[Move, ...]:
    """Every move of the plans directory, newest first, found by git's rename detection on its
    organisation.yaml (one `git log --follow`).

    A move is seen when organisation.yaml was renamed to the same name in another folder: commit a
    `git mv` of the directory on its own, or with few edits, and git sees the rename.
    """
    try:
        out = run_git(repo.top, "--literal-pathspecs", "log", "--first-parent", "--follow", "-M", "-z",
                      "--name-status", "--format=%H", "HEAD", "--", repo.prefix + ORGANISATION)
    except GitFailed:
        return ()  # no commits, or no such file: nothing moved
    moves: list[Move] = []
    fields = [f.lstrip(b"\n") for f in out.split(b"\0")]
    at, sha = 0, ""
    while at < len(fields):
        field = fields[at]
        if not _STATUS.match(field):  # a commit's hash (paths follow their status)
            sha, at = field.decode("ascii", "replace"), at + 1
            continue
        if field[:1] in (b"R", b"C") and at + 2 < len(fields):
            old, new = (f.decode("utf-8", "surrogateescape") for f in fields[at + 1:at + 3])
            old_dir, old_name = old.rpartition("/")[::2]
            new_dir, new_name = new.rpartition("/")[::2]
            if field[:1] == b"R" and old_name == new_name == ORGANISATION and old_dir != new_dir:
                moves.append(Move(sha, old_dir + "/" if old_dir else ""))
            at += 3
        else:
            at += 2
    return tuple(moves)


# --- the commits that changed plan files ----------------------------------------------------


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
    """Every commit of the current branch that changed a plan file, newest first, with its file changes.

    Commits before a move of the plans directory are read at the directory's place then, so the
    story does not start at the move (and the move itself changes nothing).
    """
    history = _log_changes(repo, ())
    if history and _starts_by_adding_the_plans(history[-1]):
        moves = plans_moves(repo)
        if moves:
            history = _log_changes(repo, moves)
    return history


def _starts_by_adding_the_plans(oldest: tuple[Commit, tuple[FileChange, ...]]) -> bool:
    """The oldest commit in the plans directory adds organisation.yaml and is not the first commit:
    the directory may have come from elsewhere."""
    commit, changes = oldest
    return bool(commit.parents) and any(c.status == "A" and c.new_path == ORGANISATION for c in changes)


def _log_changes(repo: Repo, moves: tuple[Move, ...]) -> list[tuple[Commit, tuple[FileChange, ...]]]:
    # --first-parent: the story of the main line, a merge counting as one change against its first
    # parent (git >= 2.31 shows that diff), so each commit's "after" is the next one's "before".
    places = [repo.prefix or "."] + [m.old_prefix or "." for m in moves]
    try:
        out = run_git(repo.top, "--literal-pathspecs", "log", "--first-parent", "-z", "--raw", "--no-abbrev", "-M",
                      f"--format={_COMMIT_FORMAT}", "HEAD", "--", *dict.fromkeys(places))
    except GitFailed:
        if not _has_commits(repo):
            raise HistoryError(NO_COMMITS) from None
        raise
    moved_at = {m.sha: m.old_prefix for m in moves}
    history = []
    place = repo.prefix  # newest first: the directory is here until the commit that moved it here
    for commit, records in _log_records(out):
        before = moved_at.get(commit.sha, place)
        history.append((commit, tuple(_raw_changes(records, before, place))))
        place = before
    return history


def _log_records(out: bytes):
    """(commit, its raw records) from `git log -z --raw --format=<_COMMIT_FORMAT>`.

    Taken by position: five commit fields, then records ':meta\0path\0' (a second path for a
    rename or copy) up to the next commit, whose hash never starts with ':'.
    """
    fields = out.split(b"\0")
    at = 0
    while at + _COMMIT_FIELDS <= len(fields):
        if not fields[at].strip(b"\n"):  # the empty field after the last record
            at += 1
            continue
        commit = _parse_commit(fields[at:at + _COMMIT_FIELDS])
        at += _COMMIT_FIELDS
        records = []
        while at < len(fields) and fields[at].lstrip(b"\n").startswith(b":"):
            meta = fields[at].lstrip(b"\n")[1:].decode("ascii", "replace").split()
            width = 3 if meta[-1][:1] in ("R", "C") else 2
            records.append((meta, fields[at + 1:at + width]))
            at += width
        yield commit, records


def _raw_changes(records, old_prefix: str, new_prefix: str):
    """FileChanges (inside the plans directory) from raw records; the old side of each change is read
    against where the directory was before the commit, the new side against where it is after."""
    for (_, _, old_blob, new_blob, status), paths in records:
        names = [p.decode("utf-8", "surrogateescape") for p in paths]
        old_rel = _relative(old_prefix, names[0]) if status[0] != "A" else None
        new_rel = _relative(new_prefix, names[-1]) if status[0] != "D" else None
        if not ((old_rel and _is_plan_file(old_rel)) or (new_rel and _is_plan_file(new_rel))):
            continue
        kind = "M" if status[0] == "T" else status[0]
        if kind in "RC" and old_rel == new_rel:
            if old_blob == new_blob:
                continue  # moved with the whole directory, unchanged: nothing happened to the plan
            kind = "M"
        yield FileChange(kind, old_rel, new_rel, old_blob, new_blob)


def _relative(prefix: str, path: str) -> str | None:
    return path[len(prefix):] if path.startswith(prefix) else None
