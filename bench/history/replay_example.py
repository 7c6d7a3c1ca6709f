"""Replay the example plans (plans/ of this repository) into a git repository, one commit per day
on which something happened: updates given, actions completed or cancelled, meetings held,
papers issued, the long-term plan started. Each commit holds the plan as it stood that day,
worked out from the dates the files record; the last commit is the files exactly as they are.

    python bench/history/replay_example.py OUT_DIR [--plans plans]

Then, for example:

    cd OUT_DIR
    dagov changes --since last-meeting --until 2014-07-08     # what the July board needs to hear
    dagov log da-2014/R03.2

The replayed states drop comments and keep what the files cannot date (owners, titles) as
they are now; they are a faithful-enough history to demonstrate and to benchmark on.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import re
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scripted_git import git, write_state

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _parsed(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _load(path: Path):
    """A fresh copy of a file's data (each day's state edits its own)."""
    return copy.deepcopy(_parsed(path))


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class Example:
    def __init__(self, root: Path):
        self.root = root
        self.plans = {p.name: p for p in sorted(root.iterdir()) if (p / "plan.yaml").is_file()}
        self.meeting_dates = {name: {m.stem: _load(m)["date"] for m in (folder / "meetings").glob("*.yaml")}
                              for name, folder in self.plans.items()}
        self.starts = {name: _load(folder / "plan.yaml")["start"] for name, folder in self.plans.items()}

    def days(self) -> list[dt.date]:
        """Every day the files record something happening on."""
        days: set[dt.date] = set(self.starts.values())
        for name, folder in self.plans.items():
            days |= set(self.meeting_dates[name].values())
            days |= {_load(p)["date"] for p in (folder / "papers").glob("*.yaml")}
            for path in (folder / "recommendations").glob("*.yaml"):
                for action in _load(path).get("actions") or []:
                    days |= {u["date"] for u in action.get("updates") or []}
                    if action.get("completed"):
                        days.add(action["completed"])
        return sorted(days)

    def files_on(self, day: dt.date) -> dict[str, str]:
        files = {"organisation.yaml": (self.root / "organisation.yaml").read_text(encoding="utf-8")}
        for name, folder in self.plans.items():
            if self.starts[name] > day:
                continue
            files.update(self._plan_on(name, folder, day))
        return files

    def _successor_started(self, plan: dict, day: dt.date) -> bool:
        successor = plan.get("superseded_by")
        return successor is not None and self.starts.get(successor, day) <= day

    def _plan_on(self, name: str, folder: Path, day: dt.date) -> dict[str, str]:
        held = {m for m, d in self.meeting_dates[name].items() if d <= day}
        plan = _load(folder / "plan.yaml")
        superseded = plan.get("status") == "superseded" and self._successor_started(plan, day)
        if plan.get("status") == "superseded" and not superseded:
            plan["status"] = "active"
            plan.pop("superseded_by", None)
        out = {f"{name}/plan.yaml": _dump(plan)}
        every_meeting = {m: d for dates in self.meeting_dates.values() for m, d in dates.items()}
        for path in sorted((folder / "meetings").glob("*.yaml")):
            if path.stem in held:
                out[f"{name}/meetings/{path.name}"] = _minutes_on(path.read_text(encoding="utf-8"), every_meeting, day)
        for path in sorted((folder / "papers").glob("*.yaml")):
            if _load(path)["date"] <= day:
                out[f"{name}/papers/{path.name}"] = path.read_text(encoding="utf-8")
        for path in sorted((folder / "recommendations").glob("*.yaml")):
            out[f"{name}/recommendations/{path.name}"] = _dump(_recommendation_on(_load(path), day, held, superseded))
        return out


def _minutes_on(text: str, meeting_dates: dict[str, dt.date], day: dt.date) -> str:
    """A meeting's file as it stood on `day`: minutes approved at a later meeting were still a draft."""
    approved = re.search(r"^approved_at: (\S+)\n", text, re.M)
    if approved is None or meeting_dates.get(approved[1], day) <= day:
        return text
    return re.sub(r"^status: approved\n", "status: draft\n", text.replace(approved[0], ""), flags=re.M)


def _recommendation_on(rec: dict, day: dt.date, held: set[str], superseded: bool) -> dict:
    closed = rec.get("closed") or {}
    if rec.get("status") == "closed" and str(closed.get("meeting")) not in held:
        rec["status"] = "open"
        rec.pop("closed", None)
    if rec.get("status") == "superseded" and not superseded:
        rec["status"] = "open"
    for action in rec.get("actions") or []:
        updates = action.get("updates") or []
        last_update = updates[-1]["date"] if updates else None
        if action.get("status") == "complete" and action.get("completed") and action["completed"] > day:
            action["status"] = "in-progress"
            action.pop("completed")
            action.pop("evidence", None)
        if action.get("status") == "cancelled" and last_update and last_update > day:
            action["status"] = "in-progress"
        kept = [u for u in updates if u["date"] <= day]
        if kept:
            action["updates"] = kept
        else:
            action.pop("updates", None)
            if action.get("status") == "in-progress":
                action["status"] = "not-started"
        extensions = [x for x in action.get("extensions") or [] if str(x.get("meeting")) in held]
        if extensions:
            action["extensions"] = extensions
        else:
            action.pop("extensions", None)
    return rec


def replay(source: Path, out: Path) -> int:
    example = Example(source)
    plans = out / "plans"
    out.mkdir(parents=True)
    git(out, "init", "-q", "-b", "main")
    written: dict[str, str] = {}
    commits = 0
    for day in example.days():
        files = example.files_on(day)
        if files == written:
            continue
        written = write_state(plans, files, written)
        git(out, "add", "-A")
        git(out, "commit", "-q", "-m", f"Plan as it stood on {day}", when=f"{day}T17:00:00+00:00")
        commits += 1
    shutil.rmtree(plans)
    shutil.copytree(source, plans)
    git(out, "add", "-A")
    git(out, "commit", "-q", "--allow-empty", "-m", "The example plans as published (comments restored)",
         when=f"{example.days()[-1]}T18:00:00+00:00")
    git(out, "gc", "-q")
    return commits + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=Path, default=Path(__file__).resolve().parents[2] / "plans")
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; give a new folder")
    print(f"{replay(args.plans, args.out)} commits in {args.out}")


if __name__ == "__main__":
    main()
