"""Time `dagov changes --since <first commit>` and `dagov log <action>` on the generated repository.

    python bench/history/timing.py [--dagov PATH] [--runs 5] [--keep DIR]

Generates the repository (generate.py: 15 recommendations x 6 actions, 200 commits) and
replays the example plans (replay_example.py) in a temporary folder, runs each command --runs times and prints the median (and fastest) wall
time, and counts the git processes each run starts (through a logging `git` placed first on PATH).
--dagov defaults to the `dagov` next to this Python (your venv's).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from replay_example import replay

ACTION = "R07.3"
"""An action whose file was renamed (and renamed back) during the history."""


def git_logger(folder: Path) -> tuple[Path, Path]:
    """A `git` that records each call, then runs the real git."""
    real = shutil.which("git")
    log = folder / "git-calls.log"
    shim = folder / "bin" / "git"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\necho "$1 $2 $3" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    return shim.parent, log


def measure(command: list[str], cwd: Path, runs: int, env: dict, log: Path) -> tuple[float, float, int, int]:
    times = []
    calls = 0
    lines = 0
    for _ in range(runs):
        log.unlink(missing_ok=True)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
        calls = len(log.read_text().splitlines()) if log.exists() else 0
        lines = len(done.stdout.splitlines())
    return statistics.median(times), min(times), calls, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dagov", default=str(Path(sys.executable).with_name("dagov")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the repository here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        repo = args.keep or work / "repo"
        generate(repo, 200, 5)
        example = work / "example"
        replay(Path(__file__).resolve().parents[2] / "plans", example)
        bin_dir, log = git_logger(work)
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
        first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo, capture_output=True,
                               text=True, check=True).stdout.strip()
        plans = repo / "governance"
        cases = [
            (f"dagov changes plans --since {first[:10]}", [args.dagov, "changes", "plans", "--since", first,
                                                           "--as-of", "2014-09-17"]),
            (f"dagov log {ACTION} plans", [args.dagov, "log", ACTION, "plans"]),
            ("dagov --version (start-up only)", [args.dagov, "--version"]),
        ]
        print(f"generated repository: 15 recommendations x 6 actions, 200 commits; dagov: {args.dagov}; "
              f"median of {args.runs}")
        report(cases, plans, args.runs, env, log)
        library(plans, first, args.runs)
        print("the example plans replayed (replay_example.py: 2 plans, 21 recommendations, 90 commits)")
        report([("dagov changes --since last-meeting --until 2014-07-08",
                 [args.dagov, "changes", "--since", "last-meeting", "--until", "2014-07-08"]),
                ("dagov log da-2014/R03.2", [args.dagov, "log", "da-2014/R03.2"])], example, args.runs, env, log)


def library(plans: Path, first: str, runs: int) -> None:
    """The same two questions asked in-process: dagov's own work, without Python start-up and imports."""
    import datetime as dt

    from dagov.history import itemlog
    from dagov.history import points as history

    for label, call in ((f"history.changes(since={first[:10]})",
                         lambda: history.changes(str(plans / "plans"), first, None, dt.date(2014, 9, 17))),
                        (f"itemlog.item_log({ACTION})", lambda: itemlog.item_log(str(plans / "plans"), ACTION))):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        print(f"  {label + ' (in-process)':55s} median {statistics.median(times) * 1000:5.0f} ms  "
              f"(fastest {min(times) * 1000:4.0f} ms)")


def report(cases, cwd: Path, runs: int, env: dict, log: Path) -> None:
    for label, command in cases:
        median, fastest, calls, lines = measure(command, cwd, runs, env, log)
        print(f"  {label:55s} median {median * 1000:5.0f} ms  (fastest {fastest * 1000:4.0f} ms)  "
              f"{calls} git processes  {lines} lines of output")


if __name__ == "__main__":
    main()
