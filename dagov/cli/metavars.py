"""Argument names in help as a person reads them: `dagov show [OPTIONS] ID [PLANS]`.

Typer 0.29 writes a required argument in braces and every value's Python type after
its name (`{action_id}`, `ID <str>`, `--plan <list[str]>`): jargon to a board secretary.
This makes the usage line name each argument in capitals (its metavar, else its name),
required bare and optional in brackets, and drops the type after a name; a text option
without a metavar of its own reads TEXT. Choices keep their list (`<text|json>`), which
is what a reader needs. dagov's commands give each argument and text option a plain
metavar (ID, DATE, FILE, ROLE); the fallbacks only keep a new one from showing `<str>`.

Like dagov.cli.coercion this reaches into typer's private classes, on the typer releases
pyproject.toml pins; on one without them `install` changes nothing.
"""

from __future__ import annotations

from typing import Any

TEXT = "TEXT"


def argument_name(param: Any) -> str:
    """The argument as help names it: its metavar, else its name in capitals (PLANS)."""
    return param.metavar or param.name.upper()


def install() -> bool:
    """Plain argument names in every command's help; True when typer has the classes this patches."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:
        return False
    needed = ("_usage_display_name", "_rich_display_name", "display_type_rich")
    if getattr(TyperArgument, "dagov_plain", False) or not all(hasattr(TyperArgument, n) for n in needed):
        return False
    option_type = TyperOption.display_type_rich

    def usage_name(self) -> str:
        name = argument_name(self)
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def help_name(self) -> str:
        return argument_name(self) + ("..." if self.metavar is None and self.nargs != 1 else "")

    def argument_type(self, ctx) -> str | None:
        """Only a choice's values, which say what to type; never a Python type."""
        return self.display_type(ctx) if self.type_descriptor.is_choice else None

    def option_value(self, ctx) -> str | None:
        shown = option_type(self, ctx)
        if self.metavar is None and not self.type_descriptor.is_choice and shown in ("<str>", "<list[str]>"):
            return TEXT
        return shown

    for cls, name, method in ((TyperArgument, "_usage_display_name", usage_name), (TyperArgument, "_rich_display_name", help_name),
                              (TyperArgument, "display_type_rich", argument_type), (TyperOption, "display_type_rich", option_value),
                              (TyperArgument, "dagov_plain", True)):
        setattr(cls, name, method)
    return True
