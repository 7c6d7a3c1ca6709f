"""Start-up: commands import only what they use, and option handling behaves as typer's own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer import core
from typer.testing import CliRunner

from dagov.cli import coercion
from dagov.cli.app import app

HEAVY = ("pydantic", "jinja2", "rich", "ruamel", "hashlib")  # hashlib: OpenSSL, ~4 MB


def _modules_after(args: list[str]) -> list[str]:
    """Run the CLI in a fresh interpreter (output piped) and list the heavy modules it imported."""
    code = (
        "import sys\n"
        "from dagov.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('IMPORTED', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return eval(out.rsplit("IMPORTED", 1)[1])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_and_version_import_nothing_heavy(args):
    assert _modules_after(args) == []


def test_check_imports_nothing_heavy_when_piped(tree_dir):
    root = tree_dir()
    assert _modules_after(["check", str(root)]) == []
    assert _modules_after(["check", "--format", "json", str(root)]) == []


@pytest.mark.parametrize("value", ["json", "JSON", "Json", "xml", "", "\x1b[31mred", "github"])
def test_choice_options_behave_exactly_as_typer_without_the_shortcut(tree_dir, monkeypatch, value):
    root = str(tree_dir())
    fast = CliRunner().invoke(app, ["check", "--format", value, root])
    monkeypatch.setattr(core, "build_runtime_param", core.build_runtime_param.original)
    slow = CliRunner().invoke(app, ["check", "--format", value, root])
    # the same, but for pydantic's "Value error, " prefix, which the shortcut leaves out
    assert (fast.exit_code, fast.output) == (slow.exit_code, slow.output.replace(coercion.PYDANTIC_VALUE_ERROR, ""))


def test_bad_choice_message(tree_dir):
    from dagov.cli.check import CheckFormat

    result = CliRunner().invoke(app, ["check", "--format", "xml", str(tree_dir())])
    assert result.exit_code == 2
    choices = ", ".join(repr(f.value) for f in CheckFormat)
    assert f"Invalid value for '--format' / '-f': 'xml' is not one of {choices}." in result.output


def test_the_shortcut_is_installed_on_the_pinned_typer():
    # pyproject.toml pins typer to the releases whose internals coercion.py uses; .ci/run runs
    # this file on the lowest of them too. A typer outside the range fails here, not in a user's messages.
    import typer

    assert getattr(core.build_runtime_param, "dagov_fast", False), f"typer {typer.__version__} lacks the hook"


def test_install_is_idempotent():
    installed = core.build_runtime_param
    assert coercion.install() is False
    assert core.build_runtime_param is installed


@pytest.mark.parametrize("args", [
    ["check", "{root}"],
    ["check", "--help"],
    ["check", "--format", "xml", "{root}"],
    ["check", "--no-such-option"],
    ["status", "{root}", "--as-of", "2014-06-12"],
    ["status", "--help"],
    ["render", "--help"],
    ["render", "progress", "{root}", "--as-of", "2014-06-12"],
])
def test_a_run_builds_only_its_own_command_with_the_same_result(tree_dir, args):
    from dagov.cli.app import app_for

    args = [a.replace("{root}", str(tree_dir())) for a in args]
    lean = app_for(args)
    assert lean is not app
    assert [c.name for c in lean.registered_commands] + [g.name for g in lean.registered_groups] == [args[0]]
    full, reduced = CliRunner().invoke(app, args), CliRunner().invoke(lean, args)
    assert (reduced.exit_code, reduced.output) == (full.exit_code, full.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["chek", "x"], ["--version", "check"]])
def test_help_options_and_unknown_commands_get_the_whole_app(args):
    from dagov.cli.app import app_for

    assert app_for(args) is app


def test_shell_completion_gets_the_whole_app(monkeypatch):
    from dagov.cli.app import app_for

    monkeypatch.setenv("_DAGOV_COMPLETE", "complete_bash")
    assert app_for(["check", "x"]) is app


# --- the entry point: --version and --help without the command modules (issue 19) -------------

COMMAND_MODULES = ("cancel", "check", "close", "decided", "extend", "history", "init", "issue", "loading", "new",
                   "outcomes", "owners", "publish", "render", "reopen", "reporting", "schema", "show", "status",
                   "supersede", "tracker", "update")


def _entry_modules(args: list[str]) -> tuple[str, set[str]]:
    """Run `dagov args` through the real entry point (dagov.cli.app.main) in a fresh interpreter:
    its output, and every module it imported."""
    code = (
        "import sys\n"
        f"sys.argv = ['dagov', *{args!r}]\n"
        "from dagov.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()\n"
        "print('IMPORTED', sorted(sys.modules))\n"
    )
    env = {**os.environ, "COLUMNS": "80"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    printed, imported = out.rsplit("IMPORTED", 1)
    return printed, set(eval(imported))


def _whole_app(args: list[str]) -> subprocess.CompletedProcess:
    """Run `dagov args` through the whole app (every command registered) in a fresh interpreter."""
    code = ("from dagov.cli.app import app\n"
            f"app({args!r}, prog_name='dagov')\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"})


def test_version_imports_neither_typer_nor_any_command():
    from dagov import __version__

    printed, imported = _entry_modules(["--version"])
    assert printed == f"dagov {__version__}\n"
    assert {m for m in imported if m.startswith("dagov")} == {"dagov", "dagov.cli", "dagov.cli.app"}
    assert not {"typer", "click", *HEAVY} & imported


@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_top_level_help_imports_no_command_module(args):
    printed, imported = _entry_modules(args)
    assert printed == _whole_app(args).stdout
    assert not {f"dagov.cli.{m}" for m in COMMAND_MODULES} & imported
    assert not set(HEAVY) & imported


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_imports_its_own_command_only(tree_dir, fmt):
    """Through typer (an option dagov.cli.bare leaves to it: --summary), and without it."""
    _, imported = _entry_modules(["check", "--format", fmt, "--summary", "", str(tree_dir())])
    assert {m for m in imported if m.startswith("dagov.cli.")} == {
        "dagov.cli.app", "dagov.cli.commands", "dagov.cli.coercion", "dagov.cli.metavars", "dagov.cli.summaries",
        "dagov.cli.common", "dagov.cli.check", "dagov.cli.loading", "dagov.cli.bare"}
    assert not {*HEAVY, "markdown_it", "markupsafe", "json", "csv", "dagov.report", "dagov.render",
                "dagov.history", "dagov.edit"} & imported
    _, imported = _entry_modules(["check", "--format", fmt, str(tree_dir())])
    assert {m for m in imported if m.startswith("dagov.cli.")} == {"dagov.cli.app", "dagov.cli.bare", "dagov.cli.loading"}
    assert not {"typer", *HEAVY, "markdown_it", "markupsafe", "json", "csv", "dagov.report", "dagov.render",
                "dagov.history", "dagov.edit"} & imported


@pytest.mark.parametrize("columns", ["40", "60", "80", "120"])
@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_the_stand_in_help_is_the_whole_apps_at_every_width(args, columns):
    from dagov.cli.commands import help_app

    runner = CliRunner(env={"COLUMNS": columns})
    whole, stand_in = runner.invoke(app, args, prog_name="dagov"), runner.invoke(help_app(), args, prog_name="dagov")
    assert (stand_in.exit_code, stand_in.output) == (whole.exit_code, whole.output)
    assert "check      Check every plan file" in whole.output


def test_every_top_level_command_has_a_summary_and_a_place():
    from dagov.cli import summaries
    from dagov.cli.commands import REGISTER

    assert set(REGISTER) <= set(summaries.SUMMARIES)
    assert set(REGISTER) == set(summaries.ORDER)
    whole = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert whole == set(REGISTER)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-h"], []])
def test_the_entry_point_exits_as_the_app_does(args):
    code = ("import sys\n"
            f"sys.argv = ['dagov', *{args!r}]\n"
            "from dagov.cli.app import main\n"
            "main()\n")
    entry = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "COLUMNS": "80"})
    whole = _whole_app(args)
    assert (entry.returncode, entry.stdout, entry.stderr) == (whole.returncode, whole.stdout, whole.stderr)


def test_a_run_after_no_cache_builds_only_its_command(tree_dir):
    from dagov.cli.app import app_for

    args = ["--no-cache", "check", str(tree_dir())]
    lean = app_for(args)
    assert [c.name for c in lean.registered_commands] == ["check"] and not lean.registered_groups
    full, reduced = CliRunner().invoke(app, args), CliRunner().invoke(lean, args)
    assert (reduced.exit_code, reduced.output) == (full.exit_code, full.output)


@pytest.mark.parametrize("args", [["check"], ["status", "--as-of", "2016-06-30"], ["check", "--format", "json"]])
def test_a_run_on_cached_files_imports_no_yaml_parser(example_copy, args):
    """PyYAML is a tenth of a warm run: it is imported only when a file is parsed, never on a second run
    over unchanged files, and the second run prints what the first did."""
    cold, imported_cold = _entry_modules([*args, str(example_copy)])
    assert {"yaml", "dagov.plan.parse"} <= imported_cold
    warm, imported_warm = _entry_modules([*args, str(example_copy)])
    assert warm == cold
    assert not {m for m in imported_warm if m == "yaml" or m.startswith("yaml.")}
    assert "dagov.plan.parse" not in imported_warm
    (example_copy / "da-2014" / "plan.yaml").write_text(  # one file changed: that file is parsed again
        (example_copy / "da-2014" / "plan.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, imported_changed = _entry_modules([*args, str(example_copy)])
    assert "dagov.plan.parse" in imported_changed
