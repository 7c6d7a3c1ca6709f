"""`dagov check`: validate a plans directory."""

from __future__ import annotations

import enum

import typer

from dagov.cli.common import plans_argument, require_plans_dir, use_colour

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
    from dagov.check import run
    from dagov.cli.loading import LoadingIndicator

    with LoadingIndicator(enabled=None if format is CheckFormat.text else False) as indicator:
        result = run.check(plans, on_files_read=indicator)
    if summary:
        _add_summary(summary, run.as_summary(result))
    if format is CheckFormat.json:
        typer.echo(run.as_json(result.findings), nl=False)
    elif format is CheckFormat.github:
        typer.echo(run.as_github(result.findings), nl=False)
        typer.echo(run.summary(result), err=True)
    elif format is CheckFormat.codequality:
        typer.echo(run.as_codequality(result.findings), nl=False)
        typer.echo(run.summary(result), err=True)
    elif use_colour():
        _print_rich(result, run)
    else:
        typer.echo(run.as_text(result.findings) + run.summary(result))
    raise typer.Exit(1 if result.failed(strict) else 0)


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


def _print_rich(result, run) -> None:
    from rich.console import Console
    from rich.text import Text

    from dagov.textsafe import one_line

    console = Console(highlight=False, soft_wrap=True)
    for f in result.findings:
        line = Text()
        line.append(f"{one_line(f.path)}:{f.line}:{f.col}:", style="bold")
        line.append(f" {f.severity}", style="red" if f.severity == "error" else "yellow")
        line.append(f" [{f.rule}]", style="dim")
        line.append(f" {one_line(f.message)}")
        console.print(line)
    console.print(Text(run.summary(result), style="bold red" if result.errors else "bold green"))
