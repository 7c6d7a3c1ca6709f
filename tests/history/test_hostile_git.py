"""Hostile git input (issue 11, defects 10 and 13): revision strings, commit metadata and broken ids
end in one line and an exit code, never a traceback; a moved plans directory keeps its history."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagov.cli.app import app
from helpers.trees import BASE
from helpers.gitrepo import IDENTITY, GitPlans, git

R01 = "p1/recommendations/R01.yaml"
USAGE = "give a commit, branch, tag or HEAD~3, or a date (YYYY-MM-DD)"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def tree_hash(top: Path) -> str:
    """Every byte of the working tree and of .git but the index git may refresh."""
    digest = hashlib.sha256()
    for path in sorted(p for p in top.rglob("*") if p.is_file() and p.name != "index"):
        digest.update(str(path.relative_to(top)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def repo(tmp_path) -> GitPlans:
    repo = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    repo.edit(R01, "    title: Write the course", "    title: Write the whole course").commit("Retitle", "2014-04-01")
    return repo


# --- revision strings -----------------------------------------------------------------------

TREE = f"names a git tree (a folder), not a commit; {USAGE}"
BLOB = f"names a git blob (a file's content), not a commit; {USAGE}"
RANGE = "is a range of commits, not one point; give the start to --since and the end to --until"
NOT_REV = f"is not a revision (git names never start with '-'); {USAGE}"
UNKNOWN = "is neither a git revision (commit, branch, tag) nor a date (YYYY-MM-DD)"

REVISIONS = [
    ("HEAD^{tree}", f"'HEAD^{{tree}}' {TREE}"),
    ("HEAD:plans", f"'HEAD:plans' {TREE}"),
    ("HEAD:plans/organisation.yaml", f"'HEAD:plans/organisation.yaml' {BLOB}"),
    ("tree-tag", f"'tree-tag' {TREE}"),
    ("annotated-tree-tag", f"'annotated-tree-tag' {TREE}"),
    ("HEAD..HEAD~1", f"'HEAD..HEAD~1' {RANGE}"),
    ("HEAD~1...HEAD", f"'HEAD~1...HEAD' {RANGE}"),
    ("^HEAD", f"'^HEAD' {RANGE}"),
    ("HEAD^@", f"'HEAD^@' {RANGE}"),
    ("HEAD^!", f"'HEAD^!' {RANGE}"),
    ("HEAD^-", f"'HEAD^-' {RANGE}"),
    ("-x", f"'-x' {NOT_REV}"),
    ("--all", f"'--all' {NOT_REV}"),
    ("--output=hijacked", f"'--output=hijacked' {NOT_REV}"),
    ("-h", f"'-h' {NOT_REV}"),
    ("a b", f"'a b' {UNKNOWN}"),
    ("a\nb", f"'a\\nb' {UNKNOWN}"),
    ("\x1b[31mred", f"'\\x1b[31mred' {UNKNOWN}"),
    ("HEAD\x00", f"'HEAD\\x00' {UNKNOWN}"),
    ("HEAD~99", f"'HEAD~99' {UNKNOWN}"),
    ("no-such-branch", f"'no-such-branch' {UNKNOWN}"),
    ("HEAD@{upstream}", f"'HEAD@{{upstream}}' {UNKNOWN}"),
    ("HEAD^{/no such subject}", f"'HEAD^{{/no such subject}}' {UNKNOWN}"),
]


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> GitPlans:
    """Shared by the battery, which only reads (each case checks that no byte changed)."""
    repo = GitPlans.with_base(tmp_path_factory.mktemp("tagged") / "repo", when="2014-03-12T18:00:00+00:00")
    repo.edit(R01, "    title: Write the course", "    title: Write the whole course").commit("Retitle", "2014-04-01")
    git(repo.top, "tag", "tree-tag", "HEAD^{tree}")
    git(repo.top, "tag", "-a", "-m", "a tree", "annotated-tree-tag", "HEAD^{tree}")
    return repo


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("rev, message", REVISIONS, ids=[r for r, _ in REVISIONS])
def test_a_revision_that_is_not_one_commit_is_a_usage_error(tagged, option, rev, message):
    before = tree_hash(tagged.top)
    other = ["--until", "HEAD"] if option == "--since" else ["--since", "HEAD~1"]
    result = run("changes", str(tagged.plans), option, rev, *other)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"dagov: {option} {message}\n")
    assert tree_hash(tagged.top) == before and not (tagged.top / "hijacked").exists()


@pytest.mark.parametrize("rev", ["", " ", "\t"])
def test_an_empty_revision(repo, rev):
    result = run("changes", str(repo.plans), "--since", rev)
    assert (result.exit_code, result.stderr) == (2, f"dagov: --since is empty; {USAGE}\n")


@pytest.mark.parametrize("rev", ["HEAD~1", "main~1", ":/Plan as agreed", "agreed", "annotated", "HEAD~1^{commit}",
                                 "2014-03-12"])
def test_every_way_of_naming_one_commit_still_works(repo, rev):
    git(repo.top, "tag", "agreed", "HEAD~1")
    git(repo.top, "tag", "-a", "-m", "agreed", "annotated", "HEAD~1")
    result = run("changes", str(repo.plans), "--since", rev, "--until", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["since"]["commit"] == git(repo.top, "rev-parse", "HEAD~1") and document["count"] == 1


# --- commit metadata ------------------------------------------------------------------------

def commit_raw(repo: GitPlans, message: bytes, author: bytes = b"Plan Lead", when: str = "2014-05-01") -> None:
    """Commit the working tree with a message and author name of any bytes git accepts."""
    (repo.top / ".msg").write_bytes(message)
    stamp = f"{when}T12:00:00+00:00"
    env = {**os.environ, **IDENTITY, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    env = {k.encode(): v.encode() for k, v in env.items()} | {b"GIT_AUTHOR_NAME": author}
    git(repo.top, "add", "-A", ":!.msg")
    done = subprocess.run([b"git", b"commit", b"-q", b"--allow-empty-message", b"--cleanup=verbatim", b"-F", b".msg"],
                          cwd=repo.top, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr


def craft_commit(repo: GitPlans, body: bytes) -> None:
    """A commit object git's own tools would not write (NUL in the message, a date out of range)."""
    git(repo.top, "add", "-A")
    tree = git(repo.top, "write-tree")
    parent = git(repo.top, "rev-parse", "HEAD")
    data = b"tree " + tree.encode() + b"\nparent " + parent.encode() + b"\n" + body
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "--literally", "-w", "--stdin"], cwd=repo.top,
                         input=data, capture_output=True, check=True).stdout.decode().strip()
    git(repo.top, "update-ref", "HEAD", sha)


METADATA = [  # (message, author, the subject and author dagov reads back)
    (b"a\x01b", b"Plan Lead", "a\x01b", "Plan Lead"),
    (b"\x01", b"Plan Lead", "\x01", "Plan Lead"),
    (b"\x01\x00:100644", b"Plan Lead", "\x01", "Plan Lead"),  # git keeps the message up to the NUL
    (b"\x1b]0;owned\x07\x1b[2J", b"Plan Lead", "\x1b]0;owned\x07\x1b[2J", "Plan Lead"),
    (b"bad \xff\xfe utf-8", b"Bad \xc3 Name", None, None),  # as git prints it (git itself may re-encode it)
    (b"", b"Plan Lead", "", "Plan Lead"),
    (b"x" * 100_000, b"Plan Lead", "x" * 100_000, "Plan Lead"),
    (b":100644 100644 abc def M\x00plans/x.yaml", b"Plan Lead", ":100644 100644 abc def M", "Plan Lead"),
    (b"0" * 40, b"0" * 40, "0" * 40, "0" * 40),
    (b"first line\nsecond \x01 line\n\nbody \x01\x00 \xff", b"A\x01uthor", "first line second \x01 line", "A\x01uthor"),
    (b"\t \r tabs and CR", b"Tab\tName", "\t \r tabs and CR", "Tab\tName"),
]


def git_says(repo: GitPlans, field: str) -> str:
    out = subprocess.run(["git", "log", "-1", f"--format={field}"], cwd=repo.top, capture_output=True).stdout
    return out.rstrip(b"\n").decode("utf-8", "replace")


OWNERS = ("lead", "trainer")


@pytest.fixture(scope="module")
def hostile_history(tmp_path_factory):
    """One repository with a commit per METADATA case, each changing R01.1's owner; read once."""
    repo = GitPlans.with_base(tmp_path_factory.mktemp("metadata") / "repo", when="2014-03-12T18:00:00+00:00")
    owner = "trainer"
    said = []
    for i, (message, author, subject, name) in enumerate(METADATA):
        new = OWNERS[i % 2]
        repo.edit(R01, f"owner: {owner}\n    due: 2014-04-30", f"owner: {new}\n    due: 2014-04-30")
        if b"\x00" in message:
            craft_commit(repo, b"author " + author + b" <a@b> 1398945600 +0000\ncommitter C <c@d> 1398945600 +0000\n\n"
                         + message)
        else:
            commit_raw(repo, message, author)
        said.append((git_says(repo, "%s"), git_says(repo, "%an"), f"owner: {owner} → {new}"))
        owner = new
    runs = {"log": run("log", "R01.1", str(repo.plans), "--format", "json"),
            "text": run("log", "R01.1", str(repo.plans)),
            **{since: run("changes", str(repo.plans), "--since", since, "--until", "HEAD", "--format", "json")
               for since in ("2014-03-12", "last-meeting")}}  # dates and meetings walk every commit's metadata
    return said, runs


def git_says(repo: GitPlans, field: str) -> str:
    out = subprocess.run(["git", "log", "-1", f"--format={field}"], cwd=repo.top, capture_output=True).stdout
    return out.rstrip(b"\n").decode("utf-8", "replace")


@pytest.mark.parametrize("case", range(len(METADATA)), ids=[str(i) for i in range(len(METADATA))])
def test_any_commit_message_or_author_reads(hostile_history, case):
    said, runs = hostile_history
    assert all(r.exit_code == 0 for r in runs.values()), {k: r.output for k, r in runs.items()}
    _, _, subject, name = METADATA[case]
    git_subject, git_name, change = said[case]
    if subject is None:
        subject, name = git_subject, git_name
    entry = json.loads(runs["log"].stdout)["entries"][case + 1]  # after "Plan as agreed"
    assert (entry["message"], entry["author"], entry["date"]) == (subject, name, "2014-05-01")
    assert [c["detail"] for c in entry["changes"]] == [change]
    assert runs["text"].stdout.count("\n    owner: ") == len(METADATA)
    assert [json.loads(runs[since].stdout)["since"]["date"] for since in ("2014-03-12", "last-meeting")] == [
        "2014-03-12", "2014-03-12"]


@pytest.mark.parametrize("stamp, text", [(b"99999999999999999999 +0000", "1970-01-01"),
                                         (b"garbage", None)])
def test_a_commit_with_a_date_git_cannot_print(repo, stamp, text):
    craft_commit(repo.edit(R01, "owner: trainer\n    due: 2014-04-30", "owner: lead\n    due: 2014-04-30"),
                 b"author A <a@b> " + stamp + b"\ncommitter C <c@d> " + stamp + b"\n\nBad date\n")
    result = run("log", "R01.1", str(repo.plans), "--format", "json")
    if text is None:  # git prints '%cI' itself: said, not guessed
        short = git(repo.top, "rev-parse", "--short=7", "HEAD")
        assert (result.exit_code, result.stderr) == (2, f"dagov: commit {short} has a date git cannot read ('%cI'); "
                                                        "the repository may be damaged: run 'git fsck'\n")
    else:
        assert result.exit_code == 0 and json.loads(result.stdout)["entries"][-1]["date"] == text


# --- show of an id that is not text -----------------------------------------------------------

def last_line(stderr: str) -> str:
    """The message about the id (after the warning that the plan files have errors)."""
    lines = stderr.splitlines()
    assert len(lines) == 2 and re.match(r"dagov: \d+ errors? in the plan files: ", lines[0]), stderr
    return lines[1]


@pytest.mark.parametrize("value", ["[R01]", "{id: R01}", "7", "null", "true", "2014-06-11", '""', "R09"])
@pytest.mark.parametrize("shown", ["R01", "p1/R01"])
def test_show_of_a_recommendation_whose_id_is_not_its_name(tree_dir, value, shown):
    root = tree_dir({R01: BASE[R01].replace("id: R01\n", f"id: {value}\n", 1)})
    result = run("show", shown, str(root))
    assert (result.exit_code, result.stdout, last_line(result.stderr)) == (
        2, "", f"dagov: '{shown}' would be in {R01}, which has errors and could not be read; "
               "run 'dagov check' and fix it first")


@pytest.mark.parametrize("value", ["[R01.1]", "{a: 1}", "null", "true"])
def test_show_of_an_action_in_a_file_with_an_action_id_that_is_not_text(tree_dir, value):
    root = tree_dir({R01: BASE[R01].replace("  - id: R01.1\n", f"  - id: {value}\n", 1)})
    result = run("show", "R01.1", str(root))
    assert (result.exit_code, last_line(result.stderr)) == (
        2, f"dagov: 'R01.1' would be in {R01}, which has errors and could not be read; "
           "run 'dagov check' and fix it first")


@pytest.mark.parametrize("value", ["[2014-03-12]", "null", "7"])
def test_show_of_a_meeting_whose_id_is_not_its_name(tree_dir, value):
    meeting = "p1/meetings/2014-03-12.yaml"
    root = tree_dir({meeting: BASE[meeting].replace("id: 2014-03-12\n", f"id: {value}\n", 1)})
    result = run("show", "2014-03-12", str(root))
    assert (result.exit_code, last_line(result.stderr)) == (
        2, f"dagov: '2014-03-12' would be in {meeting}, which has errors and could not be read; "
           "run 'dagov check' and fix it first")


@pytest.mark.parametrize("value", ["7", "2014-06-11", "[p1]", "null"])
def test_show_with_a_plan_id_that_is_a_number_or_date(tree_dir, value):
    root = tree_dir({"p1/plan.yaml": BASE["p1/plan.yaml"].replace("id: p1\n", f"id: {value}\n", 1)})
    result = run("show", "R01", str(root))
    assert result.exit_code == 1 and "\nRecommendation R01 (" in result.stdout, result.output
    assert "run 'dagov check" in result.stderr and "Traceback" not in result.output


# --- a moved plans directory ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def moved_pair(replayed_example, tmp_path_factory):
    """Two clones of the example's history; in the second, `git mv plans governance/plans` is committed
    (on the day of the last commit, so no RAG moves with the date), and both then get the same edit."""
    tmp_path = tmp_path_factory.mktemp("moved")
    pair = []
    for name, move in (("still", False), ("moved", True)):
        top = tmp_path / name
        git(tmp_path, "clone", "-q", str(replayed_example), str(top))
        if move:
            (top / "governance").mkdir()
            git(top, "mv", "plans", "governance/plans")
            git(top, "commit", "-q", "-m", "Move the plans under governance/",
                env={"GIT_AUTHOR_DATE": "2014-11-26T19:00:00+00:00", "GIT_COMMITTER_DATE": "2014-11-26T19:00:00+00:00"})
        plans = top / ("governance/plans" if move else "plans")
        rec = plans / "da-2014-2016/recommendations/L01.yaml"
        rec.write_text(rec.read_text(encoding="utf-8").replace("status: in-progress", "status: blocked", 1),
                       encoding="utf-8")
        stamp = "2014-11-28T09:00:00+00:00"
        git(top, "commit", "-q", "-am", "L01 blocked", env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        pair.append(plans)
    return pair


def _same_output(args_for, still: Path, moved: Path) -> tuple[str, str]:
    outputs = []
    for plans in (still, moved):
        result = run(*args_for(str(plans)))
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout.replace(str(plans), "PLANS"))
    return outputs[0], outputs[1]


@pytest.mark.parametrize("since, until", [("last-meeting", None), ("2014-06-11", "2014-09-17"), ("2014-10-15", "HEAD")])
def test_changes_follow_a_moved_plans_directory(moved_pair, since, until):
    still, moved = moved_pair
    extra = ["--until", until] if until else []
    a, b = _same_output(lambda p: ["changes", p, "--since", since, *extra, "--as-of", "2014-11-28"], still, moved)
    if until == "HEAD":  # the commits differ (the moved one's history has the move), the plans compared do not
        a, b = ([line for line in out.splitlines() if not line.startswith(("  from", "  to"))] for out in (a, b))
    assert a == b and "215" not in str(b)


def test_the_move_itself_changes_nothing(moved_pair):
    _, moved = moved_pair
    result = run("changes", str(moved), "--since", "HEAD~2", "--until", "HEAD~1")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "Nothing has changed.")


@pytest.mark.parametrize("item", ["R03.2", "da-2014-2016/L01.1"])
def test_log_follows_a_moved_plans_directory(moved_pair, item):
    still, moved = moved_pair

    def story(plans: Path):
        result = run("log", item, str(plans), "--format", "json")
        assert result.exit_code == 0, result.output
        return [(e["date"], e["message"], e["changes"]) for e in json.loads(result.stdout)["entries"]]

    assert story(still) == story(moved) and len(story(moved)) > 1


def test_a_plan_folder_renamed_is_a_new_plan(repo):
    """A plan is its folder (its id must be the folder's name; carried_from names it): renaming one
    reports the plan removed and a new one, with its recommendations."""
    repo.move("p1", "p1-old").edit("p1-old/plan.yaml", "id: p1\n", "id: p1-old\n").commit("Rename", "2014-05-01")
    result = run("changes", str(repo.plans), "--since", "HEAD~1", "--until", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    plans = {p["plan"]: [(c["subject"], c["kind"]) for g in p["groups"] for c in g["changes"]]
             for p in json.loads(result.stdout)["plans"]}
    assert plans["p1"][0] == ("p1", "removed") and plans["p1-old"][0] == ("p1-old", "added")
    log = run("log", "R01.1", str(repo.plans))
    assert (log.exit_code, log.stderr) == (2, "dagov: 'R01.1' is in more than one plan (p1, p1-old); "
                                              "name the plan, e.g. dagov log p1/R01.1\n")
    assert run("log", "p1/R01.1", str(repo.plans)).exit_code == 0
