"""Generate a git repository holding a plan of 15 recommendations x 6 actions, built up by
200 commits of realistic edits: progress updates, actions starting and completing with
evidence, owners changing, monthly board meetings with decisions, extensions approved
at them, recommendations closed by the board, and one recommendation file renamed (and back).

    python bench/history/generate.py OUT_DIR [--commits 200] [--seed 5]

OUT_DIR must not exist. The plans live in OUT_DIR/governance/plans (a subfolder, as in
most forces' repositories). Deterministic: the same seed gives the same commits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scripted_git import git, write_state

RECS = 15
ACTIONS = 6
START = dt.date(2014, 2, 3)
ROLES = ["chief-constable", "head-public-protection", "head-learning", "head-control-room",
         "head-performance", "head-ict", "det-supt-investigation"]
AREAS = ["leadership", "training", "processes", "partnerships"]
NOTES = ["Work started; the project plan is agreed.", "Half of the sessions delivered.",
         "Waiting for the partner's data-sharing agreement.", "Draft circulated for comment.",
         "Delayed by the summer abstraction; catching up in September.",
         "Pilot in the North finished; results are good.", "Procurement under way.",
         "Staff briefed at the monthly leadership day.", "Dip sample of 50 cases done; 44 compliant."]

ORGANISATION = """\
name: Benchmark Constabulary
roles:
{roles}
boards:
  safeguarding-board:
    title: Safeguarding Board
    chair: chief-constable
    members: [chief-constable, head-public-protection, head-learning]
    cadence: monthly
partners:
  county-council:
    title: County Council
settings:
  amber_days: 14
"""

PLAN = """\
id: bench
title: Benchmark action plan 2014
status: active
owner: chief-constable
lead: head-public-protection
board: safeguarding-board
source:
  title: Force inspection report
  publisher: HMIC
  published: 2014-01-27
areas:
{areas}
start: 2014-02-03
end: 2014-12-31
"""


class Plan:
    """The plan in memory; each commit edits it, then every file is written again."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.recs = {}
        for r in range(1, RECS + 1):
            rec_id = f"R{r:02d}"
            self.recs[rec_id] = {
                "file": rec_id, "id": rec_id, "area": AREAS[r % len(AREAS)], "owner": rng.choice(ROLES),
                "due": START + dt.timedelta(days=120 + 10 * r), "status": "open", "closed": None,
                "actions": [{
                    "id": f"{rec_id}.{a}", "title": f"Deliver part {a} of recommendation {r}",
                    "owner": rng.choice(ROLES), "due": START + dt.timedelta(days=40 + 15 * a + 3 * r),
                    "status": "not-started", "completed": None, "evidence": [], "updates": [], "extensions": [],
                } for a in range(1, ACTIONS + 1)],
            }
        self.meetings: dict[str, dict] = {}

    def live_actions(self):
        return [a for rec in self.recs.values() for a in rec["actions"] if a["status"] not in ("complete", "cancelled")]

    def edit(self, day: dt.date) -> str:
        """One realistic edit; returns the commit message."""
        live = self.live_actions()
        if not live:
            return "Typo fixes"
        action = self.rng.choice(live)
        roll = self.rng.random()
        if action["status"] == "not-started":
            action["status"] = "in-progress"
            self._update(action, day, "Work started; the project plan is agreed.", "green")
            return f"{action['id']} started"
        if roll < 0.35:
            action["status"] = "complete"
            action["completed"] = day
            action["evidence"].append({"title": f"Completion report for {action['id']}",
                                       "link": f"evidence/{action['id']}.pdf"})
            self._update(action, day, "Complete; evidence attached.", "complete")
            return f"{action['id']} complete"
        if roll < 0.45:
            action["owner"] = self.rng.choice([r for r in ROLES if r != action["owner"]])
            return f"{action['id']} handed to {action['owner']}"
        self._update(action, day, self.rng.choice(NOTES), self.rng.choice(["green", "amber", "amber", "red"]))
        return f"Update on {action['id']}"

    def _update(self, action: dict, day: dt.date, note: str, rag: str) -> None:
        if any(u["date"] == day and u["by"] == action["owner"] for u in action["updates"]):
            return  # one update per owner per day
        action["updates"].append({"date": day, "by": action["owner"], "note": note, "rag": rag})

    def meeting(self, day: dt.date) -> str:
        """The monthly board: closes finished recommendations and extends an overdue action."""
        meeting_id = day.isoformat()
        decisions = []
        for rec in self.recs.values():
            if rec["status"] == "open" and all(a["status"] == "complete" for a in rec["actions"]):
                rec["status"], rec["closed"] = "closed", meeting_id
                decisions.append({"id": f"D{len(decisions) + 1}", "text": f"{rec['id']} closed.", "close": rec["id"]})
        overdue = [a for a in self.live_actions() if (a["extensions"][-1]["to"] if a["extensions"] else a["due"]) < day]
        for action in overdue[:2]:
            new_due = day + dt.timedelta(days=60)
            action["extensions"].append({"to": new_due, "meeting": meeting_id, "reason": "Agreed by the board."})
            decisions.append({"id": f"D{len(decisions) + 1}", "text": f"{action['id']} extended.",
                              "extend": action["id"], "to": new_due})
        self.meetings[meeting_id] = {"date": day, "decisions": decisions}
        return f"Minutes of the Safeguarding Board, {meeting_id}"

    # --- files --------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        out = {
            "organisation.yaml": ORGANISATION.format(roles="".join(
                f"  {r}:\n    title: {r.replace('-', ' ').title()}\n" for r in ROLES)),
            "bench/plan.yaml": PLAN.format(areas="".join(f"  {a}:\n    title: {a.title()}\n" for a in AREAS)),
        }
        for rec in self.recs.values():
            out[f"bench/recommendations/{rec['file']}.yaml"] = _recommendation(rec)
        for meeting_id, meeting in self.meetings.items():
            out[f"bench/meetings/{meeting_id}.yaml"] = _meeting(meeting_id, meeting)
        return out


def _recommendation(rec: dict) -> str:
    lines = [f"id: {rec['id']}", "kind: recommendation", f"title: Recommendation {rec['id']}",
             "text: >-", "  The force should improve this part of its response to domestic abuse,",
             "  and show the board the evidence.", f"area: {rec['area']}", f"owner: {rec['owner']}",
             "timescale: within six months", f"due: {rec['due']}", f"status: {rec['status']}"]
    if rec["closed"]:
        lines += ["closed:", f"  meeting: {rec['closed']}"]
    lines.append("actions:")
    for a in rec["actions"]:
        lines += [f"  - id: {a['id']}", f"    title: {a['title']}", f"    owner: {a['owner']}",
                  f"    due: {a['due']}", f"    status: {a['status']}"]
        if a["completed"]:
            lines.append(f"    completed: {a['completed']}")
        if a["evidence"]:
            lines.append("    evidence:")
            for e in a["evidence"]:
                lines += [f"      - title: {e['title']}", f"        link: {e['link']}"]
        if a["updates"]:
            lines.append("    updates:")
            for u in a["updates"]:
                lines += [f"      - date: {u['date']}", f"        by: {u['by']}", f"        note: {u['note']}",
                          f"        rag: {u['rag']}"]
        if a["extensions"]:
            lines.append("    extensions:")
            for x in a["extensions"]:
                lines += [f"      - to: {x['to']}", f"        meeting: {x['meeting']}", f"        reason: {x['reason']}"]
    return "\n".join(lines) + "\n"


def _meeting(meeting_id: str, meeting: dict) -> str:
    lines = [f"id: {meeting_id}", "board: safeguarding-board", f"date: {meeting['date']}", "chair: chief-constable",
             "present: [chief-constable, head-public-protection, head-learning]",
             "items:", "  - title: Progress against the action plan", "    minutes: The board reviewed progress."]
    if meeting["decisions"]:
        lines.append("decisions:")
        for d in meeting["decisions"]:
            lines += [f"  - id: {d['id']}", f"    text: {d['text']}"]
            lines += [f"    close: {d['close']}"] if "close" in d else []
            lines += [f"    extend: {d['extend']}", f"    to: {d['to']}"] if "extend" in d else []
    return "\n".join(lines) + "\n"


def generate(out: Path, commits: int, seed: int) -> None:
    rng = random.Random(seed)
    plans = out / "governance" / "plans"
    out.mkdir(parents=True)
    git(out, "init", "-q", "-b", "main")
    plan = Plan(rng)
    written: dict[str, str] = {}
    day = START
    for n in range(commits):
        if n == 0:
            message = "Action plan agreed"
        elif day.day >= 10 and day.isoformat()[:7] not in {m[:7] for m in plan.meetings}:
            message = plan.meeting(day)
        elif n == commits // 2:
            plan.recs["R07"]["file"] = "R07-risk-assessment"  # a file renamed halfway through ...
            message = "Rename R07's file"
        elif n == commits // 2 + 1:
            plan.recs["R07"]["file"] = "R07"  # ... and back, when dagov check says the id must match
            message = "Rename R07's file back: the file name must be its id"
        else:
            message = plan.edit(day)
        written = write_state(plans, plan.files(), written)
        git(out, "add", "-A")
        git(out, "commit", "-q", "--allow-empty", "-m", message, when=f"{day}T{9 + n % 8:02d}:00:00+01:00")
        day += dt.timedelta(days=1 if rng.random() < 0.85 else 2)
    git(out, "gc", "-q")  # packed, as a clone is: loose objects would make every git read slower


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; give a new folder")
    generate(args.out, args.commits, args.seed)


if __name__ == "__main__":
    main()
