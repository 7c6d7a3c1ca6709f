"""`dagov issue paper`: render a paper and keep the copy the board received, frozen and checked."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from dagov.cli.common import HELP_OPTIONS, fail_usage, parse_as_of

EXIT_CODES = """Exit codes: 0 issued; 1 refused (the plans have errors, the paper was issued already, an
issued copy exists, or the result would not check); 2 usage error (missing file, unknown option)."""

HELP = """Issue a board paper: render it as of its date (from the plans as recorded in git on that
date when the history reaches it, see docs/history.md) and write the copy of record to
papers/issued/<id>.md (and .html) beside the paper, with an `issued:` entry (date, commit, sha256)
added to the paper file, all at once or not at all. An issued copy is never overwritten;
`dagov check` reports a copy that changed (issued-paper-modified) and a paper whose words
were edited after issue (issued-paper-edited); `dagov render paper` then prints the issued copy."""

app = typer.Typer(help=HELP + "\n\n" + EXIT_CODES, no_args_is_help=True, rich_markup_mode=None,
                  context_settings=HELP_OPTIONS)


class IssueFormat(str, enum.Enum):
    markdown = "markdown"
    html = "html"
    both = "both"


@app.command("paper", epilog=EXIT_CODES, help=HELP)
def issue_paper(
    paper_file: str = typer.Argument(..., metavar="FILE", help="The paper file, e.g. plans/da-2014/papers/sb-2014-06.yaml."),
    format: IssueFormat = typer.Option(IssueFormat.markdown, "--format", "-f",
                                       help="markdown, html (one self-contained page), or both."),
    templates: str | None = typer.Option(None, "--templates", metavar="DIR", help="A folder of templates that "
                                         "override the built-in ones by name (as for dagov render)."),
    date: str | None = typer.Option(None, "--date", metavar="DATE", help="The day of issue (YYYY-MM-DD; default today)."),
) -> None:
    from dagov.cli import render
    from dagov.edit.issue import issue
    from dagov.render import documents, reads

    if not Path(paper_file).is_file():
        raise fail_usage(f"paper file '{paper_file}' not found; give the path of a paper, "
                         "e.g. plans/da-2014/papers/sb-2014-06.yaml")
    day = parse_as_of(date)
    root, folder = documents.locate_paper(paper_file)
    chosen = render._templates_for(templates, None, root)
    result = render._checked(root)
    tree = result.tree
    render._judge(result, reads.of_paper(tree, folder, paper_file, None), False, "paper")  # a record is never a draft
    plan, item = documents.find_paper(tree, folder, paper_file)
    if item.date is None:  # never: _load refuses a paper without a date
        raise fail_usage(f"{paper_file} has no date")
    formats = ["markdown", "html"] if format is IssueFormat.both else [format.value]
    from dagov.textsafe import printable

    texts, source = {}, None
    for name in formats:
        text, source = render.paper_text(tree, root, plan, item, item.date, chosen, name, None, False)
        texts[name] = printable(text)
    done = issue(root, item, texts, day, source.commit.short if source and source.commit else None)
    if not done.verdict.ok:
        typer.echo(f"dagov: not issued: it would add {len(done.verdict.added_errors)} error(s) to the plan; "
                   "nothing was written", err=True)
        for finding in done.verdict.added_errors:
            typer.echo("  " + finding.as_text(), err=True)
        raise typer.Exit(1)
    for path in done.copies.values():
        typer.echo(f"dagov: wrote {path}", err=True)
    typer.echo(f"dagov: recorded issued: in {item.pos.path} ({source.colophon if source else ''})", err=True)
