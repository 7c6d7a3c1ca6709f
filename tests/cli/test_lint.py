"""The type checker and the linter, as CI runs them: `pytest` alone catches a finding too.

Both are configured in pyproject.toml ([tool.mypy], [tool.ruff]) and installed by the
`test` extra; where one is not installed its test is skipped, saying so.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from helpers.trees import REPO


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install '.[test]')")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True)


def test_mypy_finds_nothing():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr
