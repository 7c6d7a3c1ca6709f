"""`dagov publish`: the public website of the plans, written into a folder at once."""

from __future__ import annotations

import typer

from dagov.cli.common import parse_as_of, plans_argument, require_plans_dir

EXIT_CODES = """Exit codes: 0 published; 1 refused (the plans have errors, no plan is marked for publication, the
plans are marked OFFICIAL-SENSITIVE or higher, a public text looks like personal data, or DIR is not empty and
not a site dagov published, without --force); 2 usage error (unknown option or plan, bad --as-of, missing plans
directory)."""

HELP = """Publish the plans as a static, accessible website in DIR: an index of the plans, a page per plan
(key areas, recommendations with the response to each, status, progress and RAG in words and colour,
public updates, closures) and a page per recommendation, open data (CSV and JSON, with a versioned
schema) and an Atom feed of closures and completions.

Only plans with a publication: block are published, and of them only public fields: never owners,
holders' names, owners' own RAG, internal updates (only those marked public: true), minutes or papers.
Any public text that looks like personal data stops publishing, naming the file and line.

The folder works from disk and from any web server: no JavaScript, nothing loaded from elsewhere, relative
links. The same files and date give the same bytes. See docs/publishing.md."""


def publish(
    plans: str = plans_argument(),
    output: str = typer.Option(..., "--output", "-o", metavar="DIR", help="The folder to write the site into (created if "
                               "missing; replaced as a whole, atomically)."),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only this plan (by id); it must have a "
                                    "publication: block."),
    as_of: str | None = typer.Option(None, "--as-of", metavar="DATE", help="Figures as they stood on this date "
                                     "(YYYY-MM-DD); default today."),
    force: bool = typer.Option(False, "--force", help="Replace DIR even if it holds files that are not a dagov site."),
) -> None:
    date = parse_as_of(as_of)
    require_plans_dir(plans)
    from dagov.cli.render import load_checked
    from dagov.edit import site_output

    site_output.check_target(output, force, plans)  # refuse a wrong folder before the slow work
    tree = load_checked(plans, "published")
    from dagov.render.site import render_site
    from dagov.report.public import public_site
    from dagov.words import plural

    site = public_site(tree, date, plan)
    files = render_site(site)
    site_output.write_site(output, files, force, plans)
    pages = sum(1 for name in files if name.endswith(".html"))
    typer.echo(f"dagov: published {plural(len(site.plans), 'plan')} as of "
               f"{date.isoformat()} to {output}: {pages} pages, open data and a feed ({len(files) + 1} files). "
               f"Open {output}/index.html to look, then copy the folder to the web server.", err=True)
