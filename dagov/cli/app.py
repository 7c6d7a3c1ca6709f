"""The command line: parse options, call the library, print, set the exit code.

Only typer is imported here; each command imports what it needs when it runs,
so `dagov --help` and `dagov check` stay fast.
"""

from __future__ import annotations

import copy
import gc
import os
import sys

import typer

from dagov import __version__
from dagov.cli import (
    cancel,
    check,
    close,
    coercion,
    extend,
    history,
    init,
    issue,
    metavars,
    new,
    outcomes,
    owners,
    publish,
    render,
    reopen,
    schema,
    show,
    status,
    summaries,
    supersede,
    tracker,
    update,
)
from dagov.cli.common import HELP_OPTIONS, reporting_errors

coercion.install()  # text and choice options without importing pydantic (~0.1 s per run)
metavars.install()  # ID and [PLANS] in help, not {id} and <str>

EXIT_CODES = """Exit codes: 0 success (no errors); 1 errors found (or warnings with --strict);
2 usage error (unknown option, missing plans directory, outside a git repository)."""

REPORT_EXIT_CODES = """Exit codes: 0 report printed; 1 report printed from plan files with errors (as far as they could be read,
with a warning: run dagov check); 2 usage error (unknown option, id or filter, bad --as-of, missing plans directory)."""

app = typer.Typer(
    name="dagov",
    help="Inspection action plans kept as YAML files under git: check them, report progress, render board papers.\n\n"
    + EXIT_CODES,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
    cls=summaries.Ordered,  # the commands as people use them, not as they are registered
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dagov {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Read every file afresh, without the parse cache that keeps "
                                  "what was read of unchanged files (in ~/.cache/dagov); the same as DAGOV_NO_CACHE=1. "
                                  "Put it before the command: dagov --no-cache check."),
) -> None:
    """Inspection action plans kept as YAML files under git."""
    from dagov.plan import cache

    cache.switch_off(no_cache)  # every run says afresh whether the cache is off: tests run many in one process


app.command("check", help=check.HELP, epilog=EXIT_CODES)(check.check)
app.command("status", help=status.HELP, epilog=REPORT_EXIT_CODES)(status.status)
app.command("owners", help=owners.HELP, epilog=REPORT_EXIT_CODES)(owners.owners)
app.command("show", help=show.HELP, epilog=REPORT_EXIT_CODES)(show.show)
app.command("init", help=init.HELP, epilog=init.EXIT_CODES)(init.init)
app.add_typer(new.app, name="new")
app.command("update", help=update.HELP, epilog=update.EXIT_CODES)(update.update)
app.command("close", help=close.HELP, epilog=close.EXIT_CODES)(close.close)
app.command("extend", help=extend.HELP, epilog=extend.EXIT_CODES)(extend.extend)
app.command("cancel", help=cancel.HELP, epilog=cancel.EXIT_CODES)(cancel.cancel)
app.command("reopen", help=reopen.HELP, epilog=reopen.EXIT_CODES)(reopen.reopen)
app.command("supersede", help=supersede.HELP, epilog=supersede.EXIT_CODES)(supersede.supersede)
app.add_typer(tracker.export_app, name="export")
app.add_typer(tracker.import_app, name="import")
app.add_typer(render.app, name="render")
app.add_typer(issue.app, name="issue")
app.command("schema", help=schema.HELP, epilog=schema.EXIT_CODES)(schema.schema)
app.command("changes", help=history.CHANGES_HELP, epilog=history.EXIT_CODES)(history.changes)
app.command("log", help=history.LOG_HELP, epilog=history.EXIT_CODES)(history.log)
app.command("publish", help=publish.HELP, epilog=publish.EXIT_CODES)(publish.publish)
app.command("record", help=outcomes.RECORD_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.record)
app.command("assess", help=outcomes.ASSESS_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.assess)
tracker.import_app.command("measures", help=outcomes.IMPORT_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.import_measures)
new.app.command("measure", help=outcomes.NEW_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.new_measure)


def _report_errors(typer_app: typer.Typer) -> None:
    """Wrap every command of `typer_app` and its groups in reporting_errors, so no command
    converts library errors itself."""
    for command in typer_app.registered_commands:
        command.callback = reporting_errors(command.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:  # always, for a group added with add_typer
            _report_errors(group.typer_instance)


_report_errors(app)
summaries.install(app)


def app_for(args: list[str]) -> typer.Typer:
    """`app`, reduced to the one command `args` name when they start with a command name.

    Typer builds the parser of every registered command before it runs one (about a
    millisecond each, from their signatures); a run needs only its own. Help,
    options before the command, unknown names and shell completion get the whole app.
    """
    if not args or args[0].startswith("-") or any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        return app
    name = args[0]
    commands = [c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", "").replace("_", "-")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def main() -> None:
    # A run is short and its objects (a whole plans tree) live until it exits: the
    # cyclic collector would only rescan them, costing ~10% on large trees. Loaders
    # break their own cycles, so nothing accumulates. The one process-wide switch, and
    # here rather than at import: a library user keeps the collector (the loader only
    # pauses it while reading, see plan/load.py `_no_cycle_collection`).
    gc.disable()
    app_for(sys.argv[1:])()
