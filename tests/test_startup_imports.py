"""What dagov spares every process at start (issue 19): `inspect` for `dataclasses`, and regular expressions
compiled only when first used (dagov.patterns). Each case that depends on what a process has imported runs
in a fresh interpreter."""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import re
import subprocess
import sys
from dataclasses import is_dataclass

import pytest

import dagov
from dagov.patterns import compiled_on_use


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _dagov_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(dagov.__path__, "dagov.") if not m.name.endswith("__main__")]


def test_every_dataclass_of_dagov_has_a_docstring_of_its_own():
    """`dataclasses` writes one from `inspect.signature` for a class that has none, importing `inspect` (and
    `ast`, `dis`, `tokenize`) at start and working out a signature at every start."""
    made_up = []
    for name in _dagov_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            own = isinstance(value, type) and is_dataclass(value) and value.__module__ == name
            if own and ("__doc__" not in value.__dict__ or (value.__doc__ or "").startswith(f"{value.__name__}(")):
                made_up.append(f"{name}.{attribute}")
    assert made_up == []


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="later Pythons' dataclasses may use inspect for every class")
def test_importing_the_model_and_the_rules_imports_neither_inspect_nor_pathlib():
    printed = _run("import sys\n"
                   "before = set(sys.modules)\n"  # an editable install's finder imports pathlib at start
                   "import dagov.check.run, dagov.cli.bare\n"
                   "print(sorted(m for m in ('inspect', 'ast', 'dis', 'tokenize', 'pathlib') if m in set(sys.modules) - before))")
    assert printed == "[]\n"


def test_dataclasses_gets_the_real_inspect_when_it_needs_it():
    """A dataclass without a docstring (a library user's, after importing dagov) gets the one `dataclasses`
    writes, and from then on `dataclasses` holds the real module; every other importer always gets it."""
    printed = _run(
        "import sys, dagov, dataclasses\n"
        "import inspect as imported_after\n"
        "@dataclasses.dataclass\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 0\n"
        "print(Point.__doc__)\n"
        "print(dataclasses.inspect is sys.modules['inspect'] is imported_after, type(imported_after).__name__)\n")
    assert printed == "Point(x: int, y: int = 0)\nTrue module\n"


def test_nothing_is_done_when_dataclasses_was_imported_first():
    printed = _run("import dataclasses, inspect, dagov\nprint(dataclasses.inspect is inspect)")
    assert printed == "True\n"


# --- dagov.patterns.compiled_on_use -------------------------------------------------------------


def test_a_pattern_is_compiled_at_its_first_use_and_once(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *args: compiled.append(args) or real(*args))
    pattern = compiled_on_use(r"(\d+)-(\d+)", re.ASCII)
    assert compiled == []
    assert pattern.match("12-34").groups() == ("12", "34")
    assert pattern.sub(r"\2-\1", "1-2 and 3-4") == "2-1 and 4-3"
    assert pattern.search("x 5-6").span() == (2, 5)
    assert [m.group() for m in pattern.finditer("1-2 3-4")] == ["1-2", "3-4"]
    assert pattern.pattern == r"(\d+)-(\d+)"
    assert pattern.fullmatch("1-2x") is None
    assert compiled == [(r"(\d+)-(\d+)", re.ASCII)]
    assert pattern.flags == real(r"(\d+)-(\d+)", re.ASCII).flags


def test_a_bad_pattern_fails_where_it_is_used():
    pattern = compiled_on_use("(unclosed")
    with pytest.raises(re.error):
        pattern.match("x")


def test_a_pattern_copies_and_pickles_before_and_after_use():
    for used in (False, True):
        pattern = compiled_on_use("a+b")
        if used:
            assert pattern.match("aab")
        for other in (copy.copy(pattern), copy.deepcopy(pattern), pickle.loads(pickle.dumps(pattern))):
            assert other.match("aaab").group() == "aaab"
            assert other.pattern == "a+b"


def test_private_names_are_not_looked_up_in_the_pattern():
    pattern = compiled_on_use("a")
    with pytest.raises(AttributeError):
        pattern._missing  # noqa: B018
    assert repr(pattern) == "compiled_on_use('a')"


def test_the_stand_in_gives_the_real_module_even_while_dataclasses_is_imported():
    """Should a later `dataclasses` use `inspect` as it is imported, the stand-in steps aside first."""
    printed = _run(
        "import sys, types\n"
        "import dagov\n"  # dataclasses imported already: make a stand-in by hand, as if it were not
        "stand_in = dagov._InspectWhenUsed('inspect')\n"
        "sys.modules.pop('inspect', None)\n"
        "sys.modules['inspect'] = stand_in\n"
        "signature = stand_in.signature\n"
        "import inspect\n"
        "print(signature is inspect.signature, sys.modules['inspect'] is inspect, inspect is not stand_in)\n")
    assert printed == "True True True\n"
