"""Repeated text options (--evidence, --plan) skip pydantic too, and behave exactly as typer's own."""

from __future__ import annotations

import pytest
from typer import core
from typer.testing import CliRunner

from dagov.cli import coercion
from dagov.cli.app import app


@pytest.mark.parametrize("args", [
    ["update", "L01.2", "--dry-run", "--evidence", "Extract=evidence/a.pdf", "--evidence", "Test log=evidence/b.pdf"],
    ["update", "L01.2", "--dry-run", "--evidence", "no link here"],
    ["export", "csv", "--plan", "da-2014", "--plan", "da-2014-2016"],
    ["export", "csv", "--plan", "nope"],
])
def test_text_lists_are_read_as_typer_reads_them(example_copy, monkeypatch, args):
    args = [*args[:2], str(example_copy), *args[2:]] if args[0] == "update" else [*args[:2], *args[2:], str(example_copy)]
    fast = CliRunner().invoke(app, args)
    monkeypatch.setattr(core, "build_runtime_param", core.build_runtime_param.original)
    slow = CliRunner().invoke(app, args)
    assert (fast.exit_code, fast.output) == (slow.exit_code, slow.output.replace(coercion.PYDANTIC_VALUE_ERROR, ""))
