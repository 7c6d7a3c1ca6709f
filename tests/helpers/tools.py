"""External programs some tests need (Chromium, Java with the Nu HTML checker, node packages, poppler,
WeasyPrint): found, or the test skips and says what to install. Under CI (`CI` set, as .ci/run's
callers do) a missing tool fails the test instead, so a missing install can never pass as green.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.trees import REPO

CI_FOLDER = REPO / ".ci"


def missing(reason: str) -> None:
    """Skip the test (on a developer's machine) or fail it (under CI) because `reason`."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run must install it")
    pytest.skip(reason)


def need_program(name: str, install: str) -> str:
    """The path of the program `name`, else skip/fail saying `install` (how to get it)."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed ({install})")
        raise AssertionError("unreachable")
    return found


def need_node_package(folder: str, package: str) -> Path:
    """`.ci/<folder>/node_modules/<package>`, installed by `npm ci --prefix .ci/<folder>`."""
    need_program("node", "apt-get install nodejs")
    path = CI_FOLDER / folder / "node_modules" / package
    if not path.exists():
        missing(f"the npm package {package} is not installed in .ci/{folder} (run: npm ci --prefix .ci/{folder})")
    return path


def need_module(name: str, install: str) -> None:
    """Import `name` or skip/fail saying `install`."""
    try:
        __import__(name)
    except ImportError as error:
        missing(f"the Python package {name} cannot be imported ({error}; {install})")
