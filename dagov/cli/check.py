"""`dagov check`: validate a plans directory."""

from __future__ import annotations

import enum
import functools

import typer

from dagov.cli.common import plans_argument, require_plans_dir

HELP = """Validate every file under PLANS: YAML syntax, fields and types, cross-references
(owners, areas, boards, meetings), and governance consistency (closures and extensions
approved by board decisions, completed actions with dates and evidence), text that looks
like personal data (any file, comments included; see docs/personal-data.md), and papers
marked FOI disclosable from OFFICIAL-SENSITIVE plans.

Prints one line per finding, compiler style: path:line:col: severity [rule] message.
Nothing is ever written."""


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    codequality = "codequality"


def check(
    plans: str = plans_argument(),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                       help="text: one line per finding and a summary; json: a list of finding "
                                            "objects; github: GitHub Actions annotations; codequality: a GitLab Code "
                                            "Quality report (JSON; redirect it to the file named in "
                                            "artifacts:reports:codequality)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too, not only on errors."),
    summary: str = typer.Option(None, "--summary", metavar="FILE",
                                help="Also add every finding, as a Markdown table, to the end of FILE: in GitHub "
                                     "Actions, --summary \"$GITHUB_STEP_SUMMARY\" puts them in the job's summary "
                                     "(the lines show at most 10 error and 10 warning annotations). Empty: nothing."),
) -> None:
    require_plans_dir(plans)
    from dagov.cli.bare import report_check

    add_summary = functools.partial(_add_summary, summary) if summary else None
    raise typer.Exit(report_check(plans, format.value, strict, typer.echo, add_summary))


def _add_summary(path: str, text: str) -> None:
    """Append `text` to the --summary file (GitHub's summary file is shared by the job's steps: never replaced)."""
    from dagov.cli.common import fail_usage
    from dagov.edit.safepath import shown

    try:
        with open(path, "a", encoding="utf-8") as file:
            file.write(text)
    except OSError as err:
        raise fail_usage(f"--summary '{shown(path)}' could not be written ({err.strerror or err}); give a file in a "
                         "folder that exists, e.g. --summary \"$GITHUB_STEP_SUMMARY\" in GitHub Actions") from None
