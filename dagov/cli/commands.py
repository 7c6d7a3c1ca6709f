"""The whole Typer app: every command, registered from its module.

Each top-level command (or group) is registered by a function of `REGISTER`, which
imports its module only when called, so a run registers (and imports) only the command
it names (`app_for`); `app`, with all of them, is built on first use (help, completion).
Each command imports what it needs when it runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import typer

from dagov import __version__
from dagov.cli import coercion, metavars, summaries
from dagov.cli.common import HELP_OPTIONS, reporting_errors

coercion.install()  # text and choice options without importing pydantic (~0.1 s per run)
metavars.install()  # ID and [PLANS] in help, not {id} and <str>

EXIT_CODES = """Exit codes: 0 success (no errors); 1 errors found (or warnings with --strict);
2 usage error (unknown option, missing plans directory, outside a git repository)."""

REPORT_EXIT_CODES = """Exit codes: 0 report printed; 1 report printed from plan files with errors (as far as they could be read,
with a warning: run dagov check); 2 usage error (unknown option, id or filter, bad --as-of, missing plans directory)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dagov {__version__}")
        raise typer.Exit()


def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Inspection action plans kept as YAML files under git."""


def new_app() -> typer.Typer:
    """The app with its options and no commands yet."""
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
    app.callback()(main_options)
    return app


# --- registering each command ----------------------------------------------------------


def _check(app: typer.Typer) -> None:
    from dagov.cli import check

    app.command("check", help=check.HELP, epilog=EXIT_CODES)(check.check)


def _status(app: typer.Typer) -> None:
    from dagov.cli import status

    app.command("status", help=status.HELP, epilog=REPORT_EXIT_CODES)(status.status)


def _owners(app: typer.Typer) -> None:
    from dagov.cli import owners

    app.command("owners", help=owners.HELP, epilog=REPORT_EXIT_CODES)(owners.owners)


def _show(app: typer.Typer) -> None:
    from dagov.cli import show

    app.command("show", help=show.HELP, epilog=REPORT_EXIT_CODES)(show.show)


def _init(app: typer.Typer) -> None:
    from dagov.cli import init

    app.command("init", help=init.HELP, epilog=init.EXIT_CODES)(init.init)


def _new(app: typer.Typer) -> None:
    from dagov.cli import new, outcomes

    if not any(c.name == "measure" for c in new.app.registered_commands):
        new.app.command("measure", help=outcomes.NEW_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.new_measure)
    app.add_typer(new.app, name="new")


def _update(app: typer.Typer) -> None:
    from dagov.cli import update

    app.command("update", help=update.HELP, epilog=update.EXIT_CODES)(update.update)


def _decision(name: str) -> Callable[[typer.Typer], None]:
    """close, extend, cancel, reopen, supersede: a module of that name with HELP, EXIT_CODES and the command."""

    def register(app: typer.Typer) -> None:
        import importlib

        module = importlib.import_module(f"dagov.cli.{name}")
        app.command(name, help=module.HELP, epilog=module.EXIT_CODES)(getattr(module, name))

    return register


def _export(app: typer.Typer) -> None:
    from dagov.cli import tracker

    app.add_typer(tracker.export_app, name="export")


def _import(app: typer.Typer) -> None:
    from dagov.cli import outcomes, tracker

    if not any(c.name == "measures" for c in tracker.import_app.registered_commands):
        tracker.import_app.command("measures", help=outcomes.IMPORT_HELP,
                                   epilog=outcomes.WRITE_EXIT_CODES)(outcomes.import_measures)
    app.add_typer(tracker.import_app, name="import")


def _render(app: typer.Typer) -> None:
    from dagov.cli import render

    app.add_typer(render.app, name="render")


def _issue(app: typer.Typer) -> None:
    from dagov.cli import issue

    app.add_typer(issue.app, name="issue")


def _schema(app: typer.Typer) -> None:
    from dagov.cli import schema

    app.command("schema", help=schema.HELP, epilog=schema.EXIT_CODES)(schema.schema)


def _changes(app: typer.Typer) -> None:
    from dagov.cli import history

    app.command("changes", help=history.CHANGES_HELP, epilog=history.EXIT_CODES)(history.changes)


def _log(app: typer.Typer) -> None:
    from dagov.cli import history

    app.command("log", help=history.LOG_HELP, epilog=history.EXIT_CODES)(history.log)


def _publish(app: typer.Typer) -> None:
    from dagov.cli import publish

    app.command("publish", help=publish.HELP, epilog=publish.EXIT_CODES)(publish.publish)


def _record(app: typer.Typer) -> None:
    from dagov.cli import outcomes

    app.command("record", help=outcomes.RECORD_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.record)


def _assess(app: typer.Typer) -> None:
    from dagov.cli import outcomes

    app.command("assess", help=outcomes.ASSESS_HELP, epilog=outcomes.WRITE_EXIT_CODES)(outcomes.assess)


REGISTER: dict[str, Callable[[typer.Typer], None]] = {
    "check": _check, "status": _status, "owners": _owners, "show": _show, "init": _init, "new": _new,
    "update": _update, "close": _decision("close"), "extend": _decision("extend"), "cancel": _decision("cancel"),
    "reopen": _decision("reopen"), "supersede": _decision("supersede"), "export": _export, "import": _import,
    "render": _render, "issue": _issue, "schema": _schema, "changes": _changes, "log": _log, "publish": _publish,
    "record": _record, "assess": _assess,
}
"""Every top-level command and group, in the order they are registered (`summaries.ORDER` is
the order --help lists them in)."""


def _report_errors(typer_app: typer.Typer) -> None:
    """Wrap every command of `typer_app` and its groups in reporting_errors, so no command
    converts library errors itself."""
    for command in typer_app.registered_commands:
        if not getattr(command.callback, "dagov_reporting", False):
            command.callback = reporting_errors(command.callback)
            command.callback.dagov_reporting = True  # type: ignore[union-attr]
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:  # always, for a group added with add_typer
            _report_errors(group.typer_instance)


def build(names: list[str]) -> typer.Typer:
    """The app with the commands `names` (keys of REGISTER), each with its summary and error reporting."""
    app = new_app()
    for name in names:
        REGISTER[name](app)
    _report_errors(app)
    summaries.install(app)
    return app


_whole: typer.Typer | None = None


def whole_app() -> typer.Typer:
    """The app with every command (built once: help, completion, tests)."""
    global _whole
    if _whole is None:
        _whole = build(list(REGISTER))
    return _whole


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the one command `args` name, when they start with a command name.

    Typer builds the parser of every registered command before it runs one (about a
    millisecond each, from their signatures), and each command's module takes time to
    import; a run needs only its own. Help, options before the command, unknown names
    and shell completion get the whole app.
    """
    if not args or args[0].startswith("-") or args[0] not in REGISTER \
            or any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        return whole_app()
    return build([args[0]])


def help_app() -> typer.Typer:
    """An app that answers `dagov --help` (and `dagov` alone) as the whole app does, without
    importing a command's module: each command stands in by its name and summary
    (`summaries.SUMMARIES`), which is all the command list shows.
    tests/cli/test_startup.py compares the two at several terminal widths."""
    app = new_app()

    def stand_in() -> None:
        """Never run: --help, or no arguments, prints the help and exits first."""

    for name in REGISTER:
        app.command(name, short_help=summaries.SUMMARIES[name])(stand_in)
    return app
