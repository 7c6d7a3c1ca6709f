"""Shared fixtures: a small valid plans tree written to a temporary folder."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import yaml
from helpers.trees import EXAMPLE, REPO, write_tree


@pytest.fixture(scope="session")
def replayed_example(tmp_path_factory) -> Path:
    """A git repository holding the example plans replayed as dated commits (bench/history/replay_example.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("replay_example", REPO / "bench" / "history" / "replay_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("replayed") / "example"
    module.replay(EXAMPLE, out)
    return out


@pytest.fixture
def tree_dir(tmp_path: Path):
    """A factory: tree_dir(**overrides) -> path of a fresh plans folder."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return write_tree(tmp_path / "plans", files or {})

    return make


def pytest_configure(config):
    """Every test runs with the parse cache on, as users do, in a folder of the run's own: never the
    user's ~/.cache, and never a cache a previous run left (tests/plan/test_cache.py tests it on purpose)."""
    import os
    import tempfile

    config._dagov_cache = tempfile.mkdtemp(prefix="dagov-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._dagov_cache
    os.environ.pop("DAGOV_NO_CACHE", None)


def pytest_unconfigure(config):
    import shutil

    if getattr(config, "_dagov_cache", None):
        shutil.rmtree(config._dagov_cache, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden files (rendered papers, README output blocks) from the current output")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example plans directory that a test may write into (never the real plans/)."""
    import shutil

    plans = tmp_path / "example" / "plans"
    shutil.copytree(EXAMPLE, plans)
    return plans


@pytest.fixture(params=["c", "python"])
def yaml_loader(request, monkeypatch):
    """Run a test with libyaml's C loader and with PyYAML's pure-Python fallback."""
    if request.param == "python":
        from dagov.plan import parse

        monkeypatch.setattr(parse, "_Loader", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    return request.param


@pytest.fixture
def time_limit():
    """Fail (instead of hanging CI) if one document takes more than 10 seconds."""

    def handler(signum, frame):
        raise TimeoutError("loader took more than 10 s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)
