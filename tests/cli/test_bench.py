"""bench/run keeps its results to a git-ignored file of their own; the tracked bench/README.md changes only when asked."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest
from helpers.trees import REPO

README = "# Benchmarks\n\n## Latest results\n\n<!-- bench:results:start -->\nold table\n<!-- bench:results:end -->\n"


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("bench_runner", REPO / "bench" / "runner.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _arguments(runner, *argv: str) -> argparse.Namespace:
    return runner.arguments(argparse.ArgumentParser(prog="bench/run"), list(argv))


def test_a_run_writes_its_own_file_and_leaves_the_readme_alone(runner, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    args = _arguments(runner)
    assert (args.out, args.update_readme) == (REPO / "bench" / "results" / "latest.md", False)
    runner.publish("| new table |\n", tmp_path / "out" / "latest.md", args.update_readme, readme)
    assert (tmp_path / "out" / "latest.md").read_text() == "| new table |\n"
    assert readme.read_text() == README
    assert capsys.readouterr().err == f"written to {tmp_path / 'out' / 'latest.md'}\n"


def test_update_readme_puts_the_table_into_the_readme(runner, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(README)
    args = _arguments(runner, "--update-readme", "--out", str(tmp_path / "mine.md"))
    runner.publish("| new table |\n", args.out, args.update_readme, readme)
    assert readme.read_text() == README.replace("old table\n", "| new table |\n")
    assert capsys.readouterr().err == f"written to {tmp_path / 'mine.md'}\nand put into {readme}\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_results_file_is_ignored_by_git(runner):
    rel = runner.RESULTS.relative_to(REPO)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(rel)], cwd=REPO)
    assert ignored.returncode == 0, f"{rel} is not git-ignored"


def test_spawn_applies_each_programs_environment_changes(runner, monkeypatch):
    """bench/spawn.py sets NAME=VALUE and unsets NAME for one program only."""
    monkeypatch.setenv("BENCH_GONE", "here")
    spawner = runner.Spawner()
    try:
        code = "import os, sys; sys.exit(0 if os.environ.get('BENCH_SET') == '1' and 'BENCH_GONE' not in os.environ else 3)"
        assert spawner.run([sys.executable, "-c", code], {"BENCH_SET": "1", "BENCH_GONE": None})[2] == 0
        assert spawner.run([sys.executable, "-c", code])[2] == 3
    finally:
        spawner.close()


def test_cold_runs_get_a_cache_without_files_each_warm_runs_share_a_filled_one(runner, tmp_path, monkeypatch):
    """Cold: no parsed file in the folder, only what any run of this dagov leaves (class code, code stamp)."""
    seen = []

    def fake_run(argv, env=None):
        env = dict(env or {})
        if "XDG_CACHE_HOME" in env:
            folder = tmp_path / env["XDG_CACHE_HOME"]
            env["empty"] = not any((folder / "dagov" / "parse-2").glob("[0-9a-f][0-9a-f]/*"))
            env["class code"] = (folder / "dagov" / "class-code" / "code.bin").exists()
            for kept in ("class-code/code.bin", "parse-2/stamps/stamp", f"parse-2/ab/entry{len(seen)}"):
                (folder / "dagov" / kept).parent.mkdir(parents=True, exist_ok=True)
                (folder / "dagov" / kept).write_text("x")
        seen.append((argv[0], env))
        return 1.0, 1024, 0

    monkeypatch.setattr(runner, "run_once", fake_run)
    floor = runner.Row("floor", "floor", ["floor"])
    rows = [runner.Row("c", "c", ["cold"], cache="cold"), runner.Row("w", "w", ["warm"], cache="warm"),
            runner.Row("o", "o", ["off"], cache="off")]
    runner.measure(rows, floor, 2, "test", tmp_path)
    runs = [(argv, env) for argv, env in seen if argv != "floor"]
    cold = [env for argv, env in runs if argv == "cold"][1:]  # after the untimed run that leaves the class code
    assert len(cold) == 2 and all(env["empty"] and env["class code"] for env in cold)
    assert cold[0]["XDG_CACHE_HOME"] != cold[1]["XDG_CACHE_HOME"]
    warm = [env for argv, env in runs if argv == "warm"]
    assert len(warm) == 3  # the untimed run that fills the cache, then two timed
    assert warm[0]["empty"] and not warm[1]["empty"] and len({env["XDG_CACHE_HOME"] for env in warm}) == 1
    assert [env.get("DAGOV_NO_CACHE") for argv, env in runs if argv == "off"] == ["1", "1"]
    assert [len(row.times) for row in rows] == [2, 2, 2]
    assert [argv for argv, _ in seen].count("floor") == 6  # one before every timed run
    assert rows[1].cache_files == 3 and rows[2].cache_files == 3  # what the fill run left; what "off" wrote
    assert not list(tmp_path.iterdir())  # every cache folder removed


def test_bench_run_end_to_end_on_the_small_tree(tmp_path):
    """bench/run itself, one run of everything on the small tree, so the benchmark never rots. Times nothing.

    The user's cache is never touched, the tracked README is left alone, and the
    results come as a table and as figures.
    """
    readme = (REPO / "bench" / "README.md").read_bytes()
    user_cache = tmp_path / "user-cache"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "DAGOV_NO_CACHE")}
    env.update(DAGOV_PYTHON=sys.executable, XDG_CACHE_HOME=str(user_cache), HOME=str(tmp_path / "home"))
    out = tmp_path / "results" / "latest.md"
    done = subprocess.run([str(REPO / "bench" / "run"), "--runs", "1", "--sizes", "small", "--trees", str(tmp_path / "trees"),
                           "--out", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "estimated" in done.stderr
    table = out.read_text()
    assert table == done.stdout
    for heading in ("### targets (issue 19)", "### start-up (no tree)", "### small: 1 plan(s), 75 actions, 31 files"):
        assert heading in table
    for row in ("| dagov check | cold (no file cached) |", "| dagov check | warm (unchanged files) |",
                "| dagov check | DAGOV_NO_CACHE=1 |", "| dagov check | DAGOV_NO_CACHE=1, DAGOV_NO_HELPER=1 (one process) |",
                "| dagov status | cold (no file cached) |",
                "| dagov status | warm (unchanged files) |", "| dagov status --format json |", "| dagov render progress |",
                "| held documents: ", "| dagov --help |"):
        assert row in table, row
    figures = json.loads(out.with_suffix(".json").read_text())
    rows = {row["key"]: row for row in figures["sizes"]["small"]["rows"]}
    assert {"floor", "held", "check-cold", "check-warm", "check-off", "check-one", "status-cold", "status-warm", "status-json",
            "render-progress", "peer-check-jsonschema", "peer-yamllint"} <= set(rows)
    for key in ("floor", "held", "check-cold", "check-warm", "check-off", "check-one", "status-cold", "status-warm",
                "status-json", "render-progress"):
        assert rows[key]["exit_codes"] == [0], key
        assert len(rows[key]["times_s"]) == (sum(r["available"] for r in rows.values()) - 1 if key == "floor" else 1), key  # the floor ran before each
    assert rows["check-off"]["cache_files"] == rows["check-one"]["cache_files"] == 0  # DAGOV_NO_CACHE=1 writes nothing
    assert {t["key"] for t in figures["targets"]} >= {"check-cold", "status-cold", "status-cold-memory", "help"}
    assert all(isinstance(t["ok"], bool) for t in figures["targets"])
    assert not user_cache.exists() or not any(user_cache.rglob("*"))
    assert (REPO / "bench" / "README.md").read_bytes() == readme
