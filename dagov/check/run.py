"""`dagov check` as a library: load, apply every rule, format the findings."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from dagov import jsontext
from dagov.check import personal_data
from dagov.check.rules import run_rules
from dagov.patterns import compiled_on_use
from dagov.plan.cache import ParseCache, default_cache
from dagov.plan.classcode import CompiledOnce
from dagov.plan.files import FileSource
from dagov.plan.findings import ERROR, WARNING, Finding, count
from dagov.plan.load import DEFAULT_CACHE, load_tree
from dagov.plan.model import Tree
from dagov.textsafe import json_safe, markdown_inline, printable
from dagov.words import plural

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode


@dataclass(frozen=True)
class CheckResult:
    """What `check` read and found: the tree and every finding, sorted."""

    tree: Tree
    findings: list[Finding]
    read_digest: bytes | None = None
    """A hash of every file the tree was made of (dagov.plan.cache.ParseCache.read_digest), when all were read
    through the parse cache: what is worked out from the tree alone may be kept under it (Remembered)."""

    @property
    def errors(self) -> int:
        return count(self.findings, ERROR)

    @property
    def warnings(self) -> int:
        return count(self.findings, WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def check(root: str | os.PathLike[str], on_files_read: Callable[[int], None] | None = None,
          source: FileSource | None = None, cache: ParseCache | None = DEFAULT_CACHE) -> CheckResult:
    """Read a plans directory once and apply every rule once: the tree and every finding of `dagov check`.
    Never writes anything. Every command that needs both (check, the reports, render, the writers'
    judgement of a change) comes through here, so each reads a plan one way.

    `on_files_read` is passed to `load_tree` (called with the number of files read so far); `source`
    reads the files from somewhere else than the disk (a plan as a write would leave it); `cache` is the
    parse cache (by default the user's; None: none)."""
    if cache is DEFAULT_CACHE:
        cache = default_cache()
    # Each file's text is scanned for personal data as it is read, so the scan is kept with it in the cache.
    tree, findings = load_tree(root, source, on_files_read=on_files_read, cache=cache, scan_text=personal_data.candidates)
    if cache is None:
        return CheckResult(tree, run_rules(tree, findings))
    masks = Remembered(cache, "masked-message")
    result = CheckResult(tree, run_rules(tree, findings, masks), cache.read_digest() if cache.usable else None)
    masks.keep()
    return result


class Remembered:
    """Texts worked out from what a run read, kept in the parse cache between runs under a hash of what they
    depend on: one pack for each `kind`, beside the files' packs and as safe (sealed, written whole; a damaged
    one is discarded and the text worked out again), written when this run's texts are not those it holds.

    Two kinds: the messages of findings as personal-data masking left them ("masked-message": a second run
    on unchanged files finds the same cross-file findings again, 263 on 1,500 actions, and scanning their
    messages cost as much as all the other cross-file rules), and a report worked out from the whole tree
    ("report", dagov.cli.bare.report_status: under the tree's `CheckResult.read_digest` and the report's
    options, one pack for each set of options)."""

    def __init__(self, cache: ParseCache, kind: str, group: str = ""):
        self.cache = cache
        self.kind = kind
        self.folder = f"({kind} {group})" if group else f"({kind})"
        """The pack's name among the folders of files (a folder of plan files is shown with its plans directory):
        one for each `group` (a report's options), so that one run's texts do not take the place of
        another's (`status` and `status --format json` in turn)."""

    def __call__(self, inputs: bytes, work_out: Callable[[], str]) -> str:
        """The text kept under `inputs` (every thing it depends on, as bytes), else `work_out()`, then kept."""
        key = self.cache.key(self.kind, f"{self.folder}/{self.kind}", self.kind, inputs)
        kept = self.cache.get(key, counted=False)
        if isinstance(kept, str):
            return kept
        text = work_out()
        self.cache.put(key, text)
        return text

    def keep(self) -> None:
        """Write the pack, if this run's texts are not those it holds."""
        self.cache.close_folder(self.folder)


def summary(result: CheckResult) -> str:
    return (f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')} "
            f"in {plural(result.tree.files, 'file')}")


def as_text(findings: list[Finding]) -> str:
    return "".join(f.as_text() + "\n" for f in findings)


def as_json(findings: list[Finding]) -> str:
    return json_safe(jsontext.dumps([f.as_dict() for f in findings], ensure_ascii=False)) + "\n"


def _gh_data(text: str) -> str:
    # GitHub's workflow-command escapes for %, CR and LF (so a newline in a name cannot end the
    # command and start another); other control characters as visible escapes, since the log
    # viewer obeys ANSI sequences.
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    lines = []
    for f in findings:
        command = "error" if f.severity == ERROR else "warning"
        lines.append(
            f"::{command} file={_gh_property(f.path)},line={f.line},col={f.col},"
            f"title={_gh_property('dagov ' + f.rule)}::{_gh_data(f.message)}\n"
        )
    return "".join(lines)


GITHUB_ANNOTATIONS_SHOWN = 10
"""GitHub shows at most this many error and this many warning annotations of a step; the rest are dropped."""


def as_summary(result: CheckResult) -> str:
    """Every finding as Markdown, for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY): the count,
    then one table row per finding, so none is lost past GitHub's ten annotations of each kind."""
    lines = [f"## dagov check: {summary(result)}", ""]
    if not result.findings:
        return "\n".join([*lines, "No findings.", ""]) + "\n"
    if result.errors > GITHUB_ANNOTATIONS_SHOWN or result.warnings > GITHUB_ANNOTATIONS_SHOWN:
        lines += [f"GitHub shows at most {GITHUB_ANNOTATIONS_SHOWN} error and {GITHUB_ANNOTATIONS_SHOWN} warning "
                  "annotations on the lines of a change; every finding is listed here.", ""]
    lines += ["| File | Line | Severity | Rule | Finding |", "| --- | --- | --- | --- | --- |"]
    for f in result.findings:
        lines.append(f"| {markdown_inline(f.path)} | {f.line}:{f.col} | {f.severity} | {markdown_inline(f.rule)} | "
                     f"{markdown_inline(f.message)} |")
    return "\n".join(lines) + "\n\n"


CODEQUALITY_SEVERITY = {ERROR: "major", WARNING: "minor"}


_LINE_NUMBER = compiled_on_use(r"(?<=\bline )\d+|(?<=\.yaml):\d+")
"""A line number cited in a message: 'first at line 6', 'already used at plans/p1/recommendations/R02.yaml:13'."""


def without_line_numbers(message: str) -> str:
    """`message` with the line numbers it cites taken out: what the problem is, not where it now is."""
    return _LINE_NUMBER.sub("", message)


def as_codequality(findings: list[Finding]) -> str:
    """A GitLab Code Quality report (a subset of the Code Climate format).

    GitLab compares the report of a merge request with its target branch's and shows new
    findings in the merge request, on the lines they are about. The fingerprint leaves the
    line numbers out (the finding's, and those its message cites: "first at line 6"), so a
    finding that only moved down the file is not reported as new; what the message names
    (the key, the id) keeps different findings apart, the occurrence count identical ones.
    """
    import hashlib  # here, not at the top: it loads OpenSSL (~4 MB) on every check

    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for f in findings:
        key = (f.path, f.rule, without_line_numbers(f.message))
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode("utf-8")).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": f"dagov/{f.rule}",
            "description": f.message,
            "fingerprint": digest[:32],
            "severity": CODEQUALITY_SEVERITY.get(f.severity, "info"),
            "location": {"path": f.path.replace(os.sep, "/"), "lines": {"begin": f.line}},
        })
    return json_safe(jsontext.dumps(issues, ensure_ascii=False)) + "\n"


_compiling.close()
