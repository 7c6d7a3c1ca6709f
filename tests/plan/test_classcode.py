"""The model's dataclass methods compiled once and kept (dagov.plan.classcode): the classes are exactly what
dataclasses alone makes, and a damaged or foreign file is never used. Each case in a fresh interpreter, as the
code is only used while the model is first imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagov.plan.classcode import MAGIC

OTHERS = ("dagov.report.figures", "dagov.report.layout", "dagov.report.outcomes", "dagov.check.references",
          "dagov.plan.periods", "dagov.plan.findings", "dagov.plan.fields", "dagov.plan.audience", "dagov.plan.dates",
          "dagov.check.personal_data", "dagov.check.rules", "dagov.check.run", "dagov.cli.bare")
"""The other modules whose dataclasses are compiled once and kept, each in a file of its own."""

PROGRAM = f"OTHERS = {OTHERS!r}\n" + r"""
import dataclasses, hashlib, json, sys
import dagov.plan.model as model
classes = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
           and c.__module__ == model.__name__]
digest = hashlib.sha256()
for cls in sorted(classes, key=lambda c: c.__name__):
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        fn = cls.__dict__.get(name)
        code = getattr(fn, "__code__", None)
        if code is not None:
            digest.update(f"{cls.__name__}.{name}:{code.co_code.hex()}:{code.co_consts!r}:{code.co_names}".encode())
from dagov.check.run import check
tree = check(sys.argv[1], cache=None).tree
action = next(iter(next(iter(tree.plans.values())).recommendations.values())).actions[0]
try:
    action.title = "changed"
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
same = dataclasses.replace(action)
import importlib
others = {name: [(m := importlib.import_module(name))._compiling.reused, m._compiling.compiled] for name in OTHERS}
print(json.dumps({"reused": model._compiling.reused, "compiled": model._compiling.compiled, "methods": digest.hexdigest(),
                  "others": others,
                  "classes": len(classes), "repr": repr(action)[:200], "equal": same == action,
                  "hash": hash(same) == hash(action), "frozen": frozen, "exec": hasattr(dataclasses, "exec")}))
"""


def run(cache_home: Path, **env: str) -> dict:
    from helpers.trees import EXAMPLE

    environ = {k: v for k, v in os.environ.items() if k != "DAGOV_NO_CACHE"}
    environ.update({"XDG_CACHE_HOME": str(cache_home), **env})
    out = subprocess.run([sys.executable, "-c", PROGRAM, str(EXAMPLE)], env=environ, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def stored(cache_home: Path, module: str = "dagov.plan.model") -> list[Path]:
    """The kept files of `module` (every module's: "")."""
    folder = cache_home / "dagov" / "class-code"
    return sorted(p for p in folder.iterdir() if p.name.endswith(f"-{module}.bin" if module else "")) \
        if folder.exists() else []


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> dict:
    """The model as dataclasses alone makes it (the cache off)."""
    return run(tmp_path_factory.mktemp("off"), DAGOV_NO_CACHE="1")


def test_the_second_start_reuses_every_method_and_gets_the_same_classes(tmp_path: Path, plain: dict):
    first = run(tmp_path)
    assert first["reused"] == 0 and first["compiled"] > 150
    assert len(stored(tmp_path)) == 1
    second = run(tmp_path)
    assert (second["reused"], second["compiled"]) == (first["compiled"], 0)
    assert len(stored(tmp_path, "")) == 1 + len(OTHERS)
    for name in OTHERS:  # each module's own file: none rewrites another's
        reused, compiled = first["others"][name]
        assert reused == 0 and compiled > 0
        assert second["others"][name] == [compiled, 0]
    for result in (first, second):
        assert {k: v for k, v in result.items() if k not in ("reused", "compiled", "others")} == \
            {k: v for k, v in plain.items() if k not in ("reused", "compiled", "others")}
    assert plain["frozen"] and plain["equal"] and plain["hash"] and not plain["exec"]


def test_with_the_cache_off_nothing_is_read_or_written(tmp_path: Path, plain: dict):
    assert (plain["reused"], plain["compiled"]) == (0, 0)  # dataclasses left alone entirely
    assert set(map(tuple, plain["others"].values())) == {(0, 0)}
    run(tmp_path, DAGOV_NO_CACHE="1")
    assert stored(tmp_path, "") == []


@pytest.mark.parametrize("damage", ["flip", "cut", "not code", "empty"])
def test_a_damaged_or_foreign_file_is_compiled_afresh_and_replaced(tmp_path: Path, plain: dict, damage: str):
    import marshal

    from dagov.plan.cache import sealed

    first = run(tmp_path)
    (path,) = stored(tmp_path)
    blob = bytearray(path.read_bytes())
    if damage == "flip":
        blob[len(blob) // 2] ^= 0x40
    elif damage == "cut":
        blob = blob[: len(blob) // 3]
    elif damage == "not code":
        blob = bytearray(b"".join(sealed(MAGIC, marshal.dumps({"def f(): pass": [1, 2, 3]}))))
    else:
        blob = bytearray()
    path.write_bytes(bytes(blob))
    again = run(tmp_path)
    assert (again["reused"], again["compiled"]) == (0, first["compiled"])
    assert again["methods"] == plain["methods"]
    assert run(tmp_path)["compiled"] == 0  # written afresh, whole


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path):
    folder = tmp_path / "dagov" / "class-code"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    run(tmp_path)
    assert run(tmp_path)["reused"] == 0
    assert stored(tmp_path, "") == []
