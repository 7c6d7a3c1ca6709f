"""One error base: every error the library raises for users is a DagovError with its exit code,
and the command line turns it into `dagov: <message>` and that exit code in one place."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import dagov
from dagov.cli.app import app
from dagov.cli.common import reporting_errors
from dagov.errors import DagovError, UsageError

PACKAGE = Path(dagov.__file__).parent

EXIT_CODES = {
    "dagov.errors.DagovError": 1,
    "dagov.errors.UsageError": 2,
    "dagov.plan.choice.PlanNotFound": 2,
    "dagov.report.figures.UnknownFilter": 2,
    "dagov.report.show.UnknownId": 2,
    "dagov.report.public.NotPublishable": 1,
    "dagov.edit.site_output.NotASite": 1,
    "dagov.report.public.PersonalDataInPublicText": 1,
    "dagov.render.documents.NotFound": 2,
    "dagov.render.templating.TemplateProblem": 1,
    "dagov.render.pdf.PdfUnavailable": 1,
    "dagov.history.git.HistoryError": 2,
    "dagov.history.git.GitFailed": 2,
    "dagov.history.git.BeforeHistory": 2,
    "dagov.history.itemlog.UnknownItem": 2,
    "dagov.edit.transaction.RefusedError": 1,
    "dagov.edit.transaction.WriteFailed": 1,
    "dagov.edit.transaction.Exists": 1,
    "dagov.edit.transaction.Busy": 1,
    "dagov.edit.issue.AlreadyIssued": 1,
    "dagov.edit.output.WouldOverwrite": 1,
    "dagov.edit.textedit.EditError": 1,
    "dagov.edit.safepath.UnsafePath": 2,
    "dagov.edit.csv_import.TrackerError": 2,
    "dagov.edit.update.CannotRecord": 2,
    "dagov.edit.update.InUnreadableFile": 2,
    "dagov.edit.decisions.CannotDecide": 2,
    "dagov.edit.decisions.DecisionRefused": 1,
    "dagov.edit.plans.CannotCreate": 2,
    "dagov.edit.plans.PlanExists": 1,
    "dagov.plan.lookup.UnknownName": 2,
    "dagov.edit.entries.AlreadyThere": 1,
    "dagov.edit.csv_import.UnknownOwners": 1,
    "dagov.edit.csv_update.CannotUpdate": 1,
    "dagov.edit.outcomes.CannotWrite": 2,
}

# The base itself, and exceptions that never reach a user as themselves: each is turned into a finding or a message
# where it is caught. FileRefused stays an OSError because every reader meets it together with
# the operating system's own errors and says both the same way (dagov.plan.files.os_reason).
INTERNAL = {"DagovError(Exception)", "FileRefused(OSError)", "_TooDeep(Exception)", "RefusedTemplateFile(jinja2.TemplateError)"}


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def _import_everything() -> None:
    for module in pkgutil.walk_packages([str(PACKAGE)], "dagov."):
        if module.name != "dagov.__main__":  # that one runs the command line
            importlib.import_module(module.name)


def test_every_error_has_its_documented_exit_code():
    _import_everything()
    classes = {f"{c.__module__}.{c.__qualname__}": c for c in _all_subclasses(DagovError) | {DagovError}
               if c.__module__.startswith("dagov.")}
    assert sorted(classes) == sorted(EXIT_CODES)
    assert {name: c.exit_code for name, c in classes.items()} == EXIT_CODES


def _class_bases(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{node.name}({', '.join(ast.unparse(b) for b in node.bases)})"
            for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and node.bases]


def test_no_error_outside_the_base():
    """A new error class goes under DagovError (or is one of the few caught where raised)."""
    builtin = ("Exception", "ValueError", "LookupError", "KeyError", "OSError", "RuntimeError", "TemplateError")
    strays = [f"{path.relative_to(PACKAGE)}: {cls}" for path in sorted(PACKAGE.rglob("*.py"))
              for cls in _class_bases(path)
              if cls.split("(", 1)[1].rstrip(")").split(".")[-1] in builtin and cls not in INTERNAL]
    assert strays == []


def _runner_for(error: Exception) -> typer.Typer:
    small = typer.Typer()

    @small.command()
    def fail() -> None:
        raise error

    @small.command()
    def other() -> None:  # two commands, so `fail` is invoked by name
        pass

    small.registered_commands[0].callback = reporting_errors(small.registered_commands[0].callback)
    return small


@pytest.mark.parametrize("error, code, stderr", [
    (DagovError("the lock is busy; try again"), 1, "dagov: the lock is busy; try again\n"),
    (UsageError("no plan 'x'"), 2, "dagov: no plan 'x'\n"),
    (UsageError("a file name\nwith a newline"), 2, "dagov: a file name\\nwith a newline\n"),  # one line
])
def test_the_handler_prints_the_message_and_exits_with_its_code(error, code, stderr):
    result = CliRunner().invoke(_runner_for(error), ["fail"])
    assert (result.exit_code, result.stderr, result.stdout) == (code, stderr, "")


def test_an_error_s_message_can_differ_from_its_text():
    from dagov.edit.textedit import EditError
    from dagov.report.figures import UnknownFilter

    result = CliRunner().invoke(_runner_for(EditError("the list is written inline")), ["fail"])
    assert (result.exit_code, result.stderr) == (1, "dagov: the list is written inline; nothing was written\n")
    unknown = UnknownFilter("role", "trainr", ["trainer"])
    assert (str(unknown), unknown.message) == ("no role 'trainr'; did you mean trainer?",
                                               "--owner: no role 'trainr'; did you mean trainer?")


def _commands(typer_app: typer.Typer):
    yield from typer_app.registered_commands
    for group in typer_app.registered_groups:
        yield from _commands(group.typer_instance)


def test_every_command_reports_errors():
    assert all(getattr(c.callback, "__wrapped__", None) for c in _commands(app))


def test_a_library_error_reaches_the_user_through_the_handler(tree_dir):
    result = CliRunner().invoke(app, ["show", "R99", str(tree_dir())])
    assert result.exit_code == 2
    assert result.stderr.startswith("dagov: nothing has the id 'R99'; ")


CLI = sorted((PACKAGE / "cli").glob("*.py"))
# What a command may still catch itself: parsing a value it was given (a date, a choice).
LOCAL_PARSERS = {"fromisoformat", "coerce_cli_choice"}


def _called(nodes) -> set[str]:
    names = set()
    for node in (n for top in nodes for n in ast.walk(top)):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ast.unparse(func)))
    return names


@pytest.mark.parametrize("path", CLI, ids=lambda p: p.name)
def test_the_cli_catches_no_library_error_itself(path):
    """No `except ValueError` round a library call (a usage error is a UsageError), and no
    command converts a DagovError itself: reporting_errors does, for every command."""
    _import_everything()
    dagov_errors = {c.__name__ for c in _all_subclasses(DagovError)} | {"DagovError", "UsageError"}
    wrong = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Try):
            continue
        for handler in node.handlers:
            caught = {n.attr if isinstance(n, ast.Attribute) else n.id
                      for n in ast.walk(handler.type) if isinstance(n, (ast.Name, ast.Attribute))} if handler.type else set()
            if caught & {"ValueError", "LookupError"} and not _called(node.body) <= LOCAL_PARSERS:
                wrong.append(f"{path.name}:{handler.lineno} catches {sorted(caught)} round {sorted(_called(node.body))}")
            # the two entry points: typer's commands (common.py) and check without typer (bare.py), both
            # saying it with bare.error_line
            if caught & dagov_errors and not (path.name in ("common.py", "bare.py") and caught == {"DagovError"}):
                wrong.append(f"{path.name}:{handler.lineno} converts {sorted(caught & dagov_errors)} itself")
    assert wrong == []
