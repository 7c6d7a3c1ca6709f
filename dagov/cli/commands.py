"""The whole Typer app: every command, registered from its module.

Each top-level command (or group) is registered from the COMMANDS and GROUPS tables,
which import its module only then, so a run registers (and imports) only the command it
names (`app_for`); `app`, with all of them, is built on first use (help, completion).
Each command imports what it needs when it runs.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer

from dagov import __version__
from dagov.cli import summaries

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
    no_cache: bool = typer.Option(False, "--no-cache", help="Read every file afresh, without the parse cache that keeps "
                                  "what was read of unchanged files (in ~/.cache/dagov); the same as DAGOV_NO_CACHE=1. "
                                  "Put it before the command: dagov --no-cache check."),
) -> None:
    """Inspection action plans kept as YAML files under git."""
    from dagov.plan import cache

    cache.switch_off(no_cache)  # every run says afresh whether the cache is off: tests run many in one process


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
        context_settings=summaries.HELP_OPTIONS,
        cls=summaries.Ordered,  # the commands as people use them, not as they are registered
    )
    app.callback()(main_options)
    return app


# --- registering each command ----------------------------------------------------------
# Each entry names, as "module.attribute" of dagov.cli, what a command is made of; its module
# is imported only when the command is registered.

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (function, help, epilog)
    "check": ("check.check", "check.HELP", "commands.EXIT_CODES"),
    "status": ("status.status", "status.HELP", "commands.REPORT_EXIT_CODES"),
    "owners": ("owners.owners", "owners.HELP", "commands.REPORT_EXIT_CODES"),
    "show": ("show.show", "show.HELP", "commands.REPORT_EXIT_CODES"),
    "init": ("init.init", "init.HELP", "init.EXIT_CODES"),
    "update": ("update.update", "update.HELP", "update.EXIT_CODES"),
    "close": ("close.close", "close.HELP", "close.EXIT_CODES"),
    "extend": ("extend.extend", "extend.HELP", "extend.EXIT_CODES"),
    "cancel": ("cancel.cancel", "cancel.HELP", "cancel.EXIT_CODES"),
    "reopen": ("reopen.reopen", "reopen.HELP", "reopen.EXIT_CODES"),
    "supersede": ("supersede.supersede", "supersede.HELP", "supersede.EXIT_CODES"),
    "schema": ("schema.schema", "schema.HELP", "schema.EXIT_CODES"),
    "changes": ("history.changes", "history.CHANGES_HELP", "history.EXIT_CODES"),
    "log": ("history.log", "history.LOG_HELP", "history.EXIT_CODES"),
    "publish": ("publish.publish", "publish.HELP", "publish.EXIT_CODES"),
    "record": ("outcomes.record", "outcomes.RECORD_HELP", "outcomes.WRITE_EXIT_CODES"),
    "assess": ("outcomes.assess", "outcomes.ASSESS_HELP", "outcomes.WRITE_EXIT_CODES"),
    # commands of a group that live in another module than the group's
    "new measure": ("outcomes.new_measure", "outcomes.NEW_HELP", "outcomes.WRITE_EXIT_CODES"),
    "import measures": ("outcomes.import_measures", "outcomes.IMPORT_HELP", "outcomes.WRITE_EXIT_CODES"),
}

GROUPS: dict[str, str] = {"new": "new.app", "export": "tracker.export_app", "import": "tracker.import_app",
                          "render": "render.app", "issue": "issue.app"}
"""Command groups: name -> their Typer app (which registers its own commands, but for those in COMMANDS)."""

REGISTER = ("check", "status", "owners", "show", "init", "new", "update", "close", "extend", "cancel", "reopen",
            "supersede", "export", "import", "render", "issue", "schema", "changes", "log", "publish", "record", "assess")
"""Every top-level command and group, in the order they are registered (`summaries.ORDER` is
the order --help lists them in)."""


def _part(path: str) -> Any:
    """A "module.attribute" of dagov.cli (its module imported now)."""
    module, attribute = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"dagov.cli.{module}"), attribute)


def _command(app: typer.Typer, name: str, path: str = "") -> None:
    """Register the command `path + name` of COMMANDS on `app`, once."""
    if any(c.name == name for c in app.registered_commands):
        return  # a group's app is the module's own, and may be registered already
    function, help_text, epilog = COMMANDS[path + name]
    app.command(name, help=_part(help_text), epilog=_part(epilog))(_part(function))


def register(app: typer.Typer, name: str) -> None:
    """Register the top-level command or group `name` (of REGISTER) on `app`."""
    if name not in GROUPS:
        _command(app, name)
        return
    group: typer.Typer = _part(GROUPS[name])
    for key in COMMANDS:
        if key.startswith(name + " "):
            _command(group, key.split(" ", 1)[1], name + " ")
    app.add_typer(group, name=name)


def _report_errors(typer_app: typer.Typer) -> None:
    """Wrap every command of `typer_app` and its groups in reporting_errors, so no command
    converts library errors itself."""
    from dagov.cli.common import reporting_errors

    for command in typer_app.registered_commands:
        if not getattr(command.callback, "dagov_reporting", False):
            command.callback = reporting_errors(command.callback)
            command.callback.dagov_reporting = True  # type: ignore[union-attr]
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:  # always, for a group added with add_typer
            _report_errors(group.typer_instance)


def build(names: list[str]) -> typer.Typer:
    """The app with the commands `names` (keys of REGISTER), each with its summary and error reporting."""
    from dagov.cli import coercion, metavars

    coercion.install()  # text and choice options without importing pydantic (~0.1 s per run); once
    metavars.install()  # ID and [PLANS] in help, not {id} and <str>; once
    app = new_app()
    for name in names:
        register(app, name)
    _report_errors(app)
    summaries.install(app)
    return app


GLOBAL_FLAGS = ("--no-cache",)
"""The app's options that may come before the command's name (--version and --help end the run)."""

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
    name = next((a for a in args if a not in GLOBAL_FLAGS), None)  # dagov --no-cache check: check
    if name is None or name.startswith("-") or name not in REGISTER \
            or any(key.startswith("_DAGOV_COMPLETE") for key in os.environ):
        return whole_app()
    return build([name])


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
