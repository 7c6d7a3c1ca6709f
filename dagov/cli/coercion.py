"""Option values without pydantic: a start-up saving of about 0.1 s on every command.

Typer 0.29 turns every option value into its Python type through a pydantic
TypeAdapter, and importing pydantic costs more than the rest of `dagov check` on
one plan. dagov's options are text, lists of text, flags and choices (enums), which need no pydantic:
this hands those kinds to a small converter with typer's own choice matching
and typer's own messages, and leaves every other kind (numbers, paths, lists,
custom parsers) to typer as before.

This reaches into typer's private modules (`typer._coercion` and friends), since no
documented hook avoids pydantic: on 0.29 a `parser=` goes through a TypeAdapter too,
and `click_type=` is gone. So pyproject.toml pins typer to the releases this is tested
on (>=0.29.0,<0.30) and .ci/run tests the lower bound as well as the latest; on a typer
without this machinery `install` changes nothing, and error texts would then be typer's
own (with pydantic's "Value error, ").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Typer reports a bad choice through pydantic, which puts "Value error, " before the
# message: jargon to the people dagov is for, so the fast path leaves it out.
PYDANTIC_VALUE_ERROR = "Value error, "


def install() -> bool:
    """Route text and choice options past pydantic; True when typer has the hook this needs."""
    try:
        from typer import _coercion, core
        from typer._click.exceptions import BadParameter
        from typer._display import _escape_control_characters
        from typer._param_types import choice_coercion_annotation, coerce_cli_choice
    except ImportError:
        return False
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "dagov_fast", False):
        return False
    typers_own: Callable[[Any], Any] = original

    @dataclass(frozen=True)
    class ReadyParam(base):  # type: ignore[misc, valid-type]
        """A flag is already a bool and an argument already text; anything else goes to typer's converter."""

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            if type(value) is self.annotation:
                return value
            descriptor = _coercion.TypeDescriptor(annotation=self.annotation, parameter_info=self.parameter_info, file_annotation=None)
            return typers_own(descriptor)._coerce_value(value, param=param, ctx=ctx)

    @dataclass(frozen=True)
    class TextListParam(base):  # type: ignore[misc, valid-type]
        """A repeated text option (--evidence, --plan, --area): already a list of text."""

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            if isinstance(value, (list, tuple)) and all(type(item) is str for item in value):
                return list(value)
            descriptor = _coercion.TypeDescriptor(annotation=self.annotation, parameter_info=self.parameter_info, file_annotation=None)
            return typers_own(descriptor)._coerce_value(value, param=param, ctx=ctx)

    @dataclass(frozen=True)
    class ChoiceParam(base):  # type: ignore[misc, valid-type]
        choices: tuple
        case_sensitive: bool

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            try:
                return coerce_cli_choice(value, choices=self.choices, case_sensitive=self.case_sensitive, ctx=ctx)
            except ValueError as err:
                message = _escape_control_characters(str(err))
                raise BadParameter(message, ctx=ctx, param=param) from None

    def build_runtime_param(descriptor):
        info = descriptor.parameter_info
        if descriptor.file_annotation is None and getattr(info, "parser", None) is None:
            if descriptor.annotation in (str, bool):
                return ReadyParam(annotation=descriptor.annotation, parameter_info=info)
            if descriptor.annotation == list[str]:
                return TextListParam(annotation=descriptor.annotation, parameter_info=info)
            choice = choice_coercion_annotation(descriptor.annotation, info)
            if choice is not None:
                return ChoiceParam(annotation=descriptor.annotation, parameter_info=info, choices=choice[0], case_sensitive=choice[1])
        return original(descriptor)

    build_runtime_param.dagov_fast = True  # type: ignore[attr-defined]
    build_runtime_param.original = original  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param
    return True
