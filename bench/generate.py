"""Write a deterministic, realistic dagov plans tree of a given size.

    python bench/generate.py small|medium|large|huge [--out DIR] [--force]

The tree is in dagov's real format (dagov/plan/format.py): an organisation with ~30
roles and four boards; plans with key areas; one file per recommendation with
its actions, updates, evidence and extensions; monthly board meetings whose
decisions approve every closure and extension the recommendation files cite,
with attendance, minutes, board actions and action-log reviews; a few papers.
When a size has several plans, the first is superseded by the second, which
carries its open actions forward (as a real force's portfolio would).

The same size always gives byte-identical files (a fixed seed, no clock). After
writing, the tree is checked with dagov's own library and the run fails if
`dagov check` would report any error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREES = HERE / "trees"


@dataclass(frozen=True)
class Size:
    plans: int
    recommendations: int  # in total, spread over the plans
    actions: int  # per recommendation
    meetings: int  # in total, spread over the plans


SIZES = {
    "small": Size(plans=1, recommendations=15, actions=5, meetings=12),
    "medium": Size(plans=5, recommendations=150, actions=10, meetings=60),
    "large": Size(plans=10, recommendations=1500, actions=10, meetings=300),
    # Not timed by bench/run: the robustness check (50,000 actions loads and checks).
    "huge": Size(plans=20, recommendations=5000, actions=10, meetings=600),
}

AMBER_DAYS = 14

ROLES = {
    "chief-constable": ("Chief Constable", "Andrew Marchbank"),
    "deputy-chief-constable": ("Deputy Chief Constable", "Helen Stroud"),
    "acc-crime": ("Assistant Chief Constable (Crime and Public Protection)", "Richard Okafor"),
    "acc-local-policing": ("Assistant Chief Constable (Local Policing)", "Mary Quarrie"),
    "head-public-protection": ("Head of Public Protection (Detective Chief Superintendent)", "Claire Dunmore"),
    "head-daisu": ("Head of the Domestic Abuse Investigation and Safeguarding Unit", "Joanne Pritchard"),
    "maru-manager": ("Multi-Agency Referral Unit Manager (Detective Inspector)", "Sanjay Mistry"),
    "head-corporate-development": ("Superintendent, Corporate Development", "Mark Ellery"),
    "commander-north": ("Local Policing Commander, North", "David Rowe"),
    "commander-south": ("Local Policing Commander, South", "Angela Byrne"),
    "commander-east": ("Local Policing Commander, East", "Tom Ashworth"),
    "commander-west": ("Local Policing Commander, West", None),
    "head-learning": ("Head of Learning and Development", "Fiona Lacey"),
    "head-contact-management": ("Head of Contact Management (Superintendent)", "Paul Hennessy"),
    "head-performance": ("Head of Performance and Analysis", "Dr Ruth Callow"),
    "head-communications": ("Head of Corporate Communications", "Gemma Oduya"),
    "head-ict": ("Head of ICT", None),
    "head-professional-standards": ("Head of Professional Standards (Superintendent)", "Neil Whitcombe"),
    "head-custody": ("Head of Custody (Chief Inspector)", "Priya Lal"),
    "head-crime-recording": ("Force Crime and Incident Registrar", "Owen Fairley"),
    "head-intelligence": ("Head of Intelligence (Detective Superintendent)", "Beth Carmody"),
    "head-hr": ("Director of People", "Colin Ames"),
    "head-finance": ("Director of Finance", "Ruth Wendover"),
    "head-estates": ("Head of Estates", "Ian Bellamy"),
    "head-legal": ("Head of Legal Services", "Susan Hart"),
    "head-victim-services": ("Victim Services Manager", "Leona Fitch"),
    "head-missing-persons": ("Missing Persons Coordinator (Inspector)", "Gareth Pole"),
    "head-cyber": ("Head of Digital Investigation", "Ada Murray"),
    "pcc": ("Police and Crime Commissioner", "Margaret Thornbury"),
    "pcc-chief-executive": ("Chief Executive, Office of the Police and Crime Commissioner", "Simon Kettle"),
}
OWNERS = [r for r in ROLES if not r.startswith("pcc")]

BOARDS = {
    "safeguarding-board": ("Safeguarding Board", "chief-constable", "SB"),
    "crime-standards-board": ("Crime Standards Board", "deputy-chief-constable", "CSB"),
    "local-policing-board": ("Local Policing Board", "acc-local-policing", "LPB"),
    "business-coordination-board": ("Business Coordination Board", "pcc", "BCB"),
}
OPERATIONAL_BOARDS = [b for b in BOARDS if b != "business-coordination-board"]

PARTNERS = {
    "county-council": "County Council Children's Services",
    "city-council": "City Council Adult Social Care",
    "health-trust": "Vale Health Trust",
    "probation": "National Probation Service, Vale Division",
    "victim-support": "Victim Support, Wessex",
}

INSPECTIONS = [
    ("da", "Everyone's business: improving the police response to domestic abuse"),
    ("cd", "Crime data integrity: inspection of crime recording"),
    ("peel", "PEEL: police effectiveness, efficiency and legitimacy"),
    ("cust", "Inspection of police custody suites"),
    ("mp", "Missing children: who cares?"),
    ("cse", "Online and on the edge: child sexual exploitation"),
    ("sc", "Stalking and harassment: living in fear"),
    ("vv", "Vulnerability: the police response to vulnerable people"),
    ("ds", "Digital crime and policing"),
    ("hbv", "The depths of dishonour: honour-based violence"),
]

AREAS = [
    ("leadership", "Leadership"),
    ("business-processes", "Business processes"),
    ("training", "Training"),
    ("investigation", "Investigation and safeguarding"),
    ("partnerships", "Partnerships"),
    ("ict", "Information and technology"),
    ("victims", "Victims and witnesses"),
]

VERBS = ["Review", "Agree", "Deliver", "Publish", "Audit", "Design", "Introduce", "Test", "Report on", "Embed",
         "Train staff in", "Commission", "Procure", "Evaluate", "Refresh", "Sign off"]
OBJECTS = ["the risk assessment process", "supervisory review of investigations", "the referral pathway",
           "the performance framework", "classroom training for frontline officers", "the victim contact policy",
           "the crime recording audit", "the MASH operating model", "the bail management procedure",
           "the force's intranet guidance", "quality assurance of case files", "the repeat victim flag",
           "the data sharing agreement", "the custody healthcare contract", "the on-call rota for specialists",
           "the missing person search policy", "the digital evidence backlog", "the call handling script"]
NOTES = [
    "Work has started; the owner met the team and agreed a timetable.",
    "Draft circulated to the working group for comment.",
    "Comments received from two areas; the third is chasing its response.",
    "Pilot running in the North area; early feedback is positive.",
    "Delayed by abstraction over the holiday period; recovery plan agreed.",
    "Supplier has confirmed the change request and a delivery date.",
    "Half of the sessions delivered; attendance is at 85 per cent.",
    "Finance have confirmed the budget for the rest of the year.",
    "The partner agency has signed the agreement; go-live is planned.",
]
LONG_NOTE = ("The owner reported that the {obj} work is behind the original timetable because staff were moved to "
             "cover summer demand. A recovery plan has been agreed with the lead and the board will see it at the "
             "next meeting, with revised milestones and a clear owner for each.")
MINUTES = ("The plan lead presented the monthly progress report. {done} actions have been completed since the last "
           "meeting and {late} are past their due date. The chair reminded owners that a RAG status must reflect "
           "the due date, not just effort, and asked for exception reports before the next meeting.")


def _d(day: dt.date) -> str:
    return day.isoformat()


def _folded(text: str, indent: str) -> str:
    """A long text as a YAML folded block, wrapped at about 80 columns, as people write it."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(indent) + len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{indent}{ln}\n" for ln in lines)


@dataclass
class PlannedAction:
    id: str
    due: dt.date
    status: str
    completed: dt.date | None = None
    extended_to: dt.date | None = None
    extension_meeting: dt.date | None = None
    carried_from: str | None = None
    late: bool = False  # due before the plan's last meeting and not done


class Generator:
    def __init__(self, size: Size, seed: int = 20140327):
        self.size = size
        self.rng = random.Random(seed)
        self.files: dict[str, str] = {}
        self.board_counters = {b: 0 for b in BOARDS}

    # --- organisation -----------------------------------------------------------------

    def organisation(self) -> None:
        out = ["# Wessex Vale Police: the organisation file for every inspection action plan.\n",
               "# Owners are posts, not people: change the holder here when someone moves on.\n\n",
               "name: Wessex Vale Police\n\nroles:\n"]
        for role_id, (title, holder) in ROLES.items():
            out.append(f"  {role_id}:\n    title: {title}\n")
            if holder:
                out.append(f"    holder: {holder}\n")
        out.append("\nboards:\n")
        for board_id, (title, chair, _) in BOARDS.items():
            members = [chair] + [r for r in list(ROLES)[:12] if r != chair]
            out.append(f"  {board_id}:\n    title: {title}\n    chair: {chair}\n    members:\n")
            out.extend(f"      - {m}\n" for m in members)
            out.append("    cadence: monthly\n")
        out.append("\npartners:\n")
        for partner_id, title in PARTNERS.items():
            out.append(f"  {partner_id}:\n    title: {title}\n")
        out.append("\nsettings:\n  amber_days: 14\n  stale_days: 35\n  classification: OFFICIAL\n")
        self.files["organisation.yaml"] = "".join(out)

    # --- plans ------------------------------------------------------------------------

    def plans(self) -> None:
        size = self.size
        carried: list[str] = []
        for p in range(size.plans):
            recs = size.recommendations // size.plans + (1 if p < size.recommendations % size.plans else 0)
            meetings = size.meetings // size.plans + (1 if p < size.meetings % size.plans else 0)
            prefix, report = INSPECTIONS[p % len(INSPECTIONS)]
            cycle = p // len(INSPECTIONS)
            year = 2014 + cycle
            plan_id = f"{prefix}-{year}" if size.plans > 1 else "da-2014"
            superseded = size.plans > 1 and p == 0
            successor = None
            if superseded:
                prefix1, _ = INSPECTIONS[1 % len(INSPECTIONS)]
                successor = f"{prefix1}-{2014 + 1 // len(INSPECTIONS)}"
            board = OPERATIONAL_BOARDS[p % len(OPERATIONAL_BOARDS)]
            start = dt.date(year, 1 + (p % 6), 3)
            carried = self.plan(plan_id, report, board, start, recs, meetings, superseded, successor,
                                carry_into=carried if p == 1 else [])

    def plan(self, plan_id: str, report: str, board: str, start: dt.date, recs: int, meetings: int,
             superseded: bool, successor: str | None, carry_into: list[str]) -> list[str]:
        rng = self.rng
        meeting_dates = [start + dt.timedelta(days=28 * (k + 1)) for k in range(meetings)]
        end = meeting_dates[-1]
        now = end  # the plan as it stands at its last meeting
        areas = AREAS[: 3 + rng.randrange(4)]
        rec_ids = [f"R{n:02d}" if recs < 100 else f"R{n:04d}" for n in range(1, recs + 1)]
        folder = plan_id
        decisions: dict[dt.date, list[str]] = {d: [] for d in meeting_dates}
        open_actions: list[str] = []
        carry = list(carry_into)

        for rec_id in rec_ids:
            planned: list[PlannedAction] = []
            rec_due = start
            for a in range(1, self.size.actions + 1):
                action_id = f"{rec_id}.{a}"
                due = start + dt.timedelta(days=rng.randrange(40, max(60, (end - start).days + 120)))
                rec_due = max(rec_due, due)
                pa = PlannedAction(action_id, due, "not-started")
                if due < now - dt.timedelta(days=20):
                    roll = rng.random()
                    if roll < 0.75:
                        pa.status = "complete"
                        pa.completed = due - dt.timedelta(days=rng.randrange(0, 20))
                    elif roll < 0.85:
                        pa.status = "in-progress"
                    elif roll < 0.92:
                        pa.status = "blocked"
                    else:
                        pa.status = "cancelled"
                else:
                    pa.status = rng.choice(["not-started", "in-progress", "in-progress"])
                if superseded and pa.status not in ("complete", "cancelled"):
                    # A superseded plan leaves nothing behind: finish it, cancel it, or carry it.
                    if len(open_actions) < 5:
                        open_actions.append(action_id)
                    else:
                        pa.status = "cancelled"
                pa.late = pa.status in ("in-progress", "blocked") and due < now
                # Some actions were extended by the board at a meeting before they fell due.
                before = [d for d in meeting_dates if d < pa.due - dt.timedelta(days=7)]
                if before and rng.random() < 0.12:
                    pa.extension_meeting = rng.choice(before)
                    pa.extended_to = pa.due + dt.timedelta(days=rng.choice([30, 61, 92]))
                    decisions[pa.extension_meeting].append(f"extend {action_id} {_d(pa.extended_to)}")
                if carry and a == 1:
                    pa.carried_from = carry.pop(0)
                planned.append(pa)
            closable = all(pa.status in ("complete", "cancelled") for pa in planned)
            closed_at = None
            if closable and not superseded:
                last_done = max((pa.completed or pa.due) for pa in planned)
                later = [d for d in meeting_dates if d > last_done]
                if later and rng.random() < 0.8:
                    closed_at = later[0]
                    decisions[closed_at].append(f"close {rec_id}")
            self.recommendation(folder, rec_id, areas, rec_due, planned, closed_at, superseded)

        self.plan_file(plan_id, report, board, start, end, areas, superseded, successor)
        self.meetings(folder, board, meeting_dates, decisions)
        self.papers(folder, board, meeting_dates)
        return [f"{plan_id}/{a}" for a in open_actions]

    def plan_file(self, plan_id, report, board, start, end, areas, superseded, successor) -> None:
        out = [f"# {report}: the force's action plan.\n\n",
               f"id: {plan_id}\ntitle: Action plan in response to {report.split(':')[0]}\n",
               f"status: {'superseded' if superseded else 'active'}\n",
               "owner: chief-constable\nlead: head-corporate-development\n",
               f"board: {board}\nreports_to: business-coordination-board\n\n",
               f"source:\n  title: \"{report}\"\n  publisher: HMIC\n  published: {_d(start - dt.timedelta(days=40))}\n",
               "  url: https://www.justiceinspectorates.gov.uk/hmicfrs/\n\n",
               "summary: |\n  The force accepted every recommendation of the report and set up this plan to\n"
               "  deliver them. The lead reports monthly to the board, which approves closures\n"
               "  and any change to a due date.\n\nareas:\n"]
        for area_id, title in areas:
            out.append(f"  {area_id}:\n    title: {title}\n")
        out.append(f"\nstart: {_d(start)}\nend: {_d(end)}\n")
        if superseded:
            out.append(f"superseded_by: {successor}\n")
        self.files[f"{plan_id}/plan.yaml"] = "".join(out)

    def recommendation(self, folder, rec_id, areas, due, planned, closed_at, superseded) -> None:
        rng = self.rng
        obj = rng.choice(OBJECTS)
        status = "closed" if closed_at else ("superseded" if superseded else "open")
        out = [f"id: {rec_id}\nkind: {rng.choice(['recommendation', 'recommendation', 'area-for-improvement'])}\n",
               f"title: Improve {obj}\n",
               "text: " + _folded(f"The force should review {obj} so that victims receive a consistent service, "
                                  "supervisors check the quality of the work, and the board can see the "
                                  "difference it makes.", "  "),
               f"area: {rng.choice(areas)[0]}\nowner: {rng.choice(OWNERS)}\n",
               f"timescale: within {rng.choice(['three', 'six', 'nine', 'twelve'])} months\n",
               f"due: {_d(due)}\nstatus: {status}\n"]
        if closed_at:
            out.append(f"closed:\n  meeting: {_d(closed_at)}\n  evidence:\n"
                       f"    - title: Closure report for {rec_id}\n"
                       f"      link: evidence/{rec_id}-closure.pdf\n")
        out.append("\nactions:\n")
        for pa in planned:
            out.append(self.action(pa))
        self.files[f"{folder}/recommendations/{rec_id}.yaml"] = "".join(out)

    def action(self, pa: PlannedAction) -> str:
        rng = self.rng
        owner = rng.choice(OWNERS)
        out = [f"  - id: {pa.id}\n    title: {rng.choice(VERBS)} {rng.choice(OBJECTS)}\n",
               f"    owner: {owner}\n    due: {_d(pa.due)}\n    status: {pa.status}\n"]
        if pa.completed:
            out.append(f"    completed: {_d(pa.completed)}\n")
        if pa.carried_from:
            out.append(f"    carried_from: {pa.carried_from}\n")
        if rng.random() < 0.2:
            out.append(f"    partners: [{', '.join(sorted(rng.sample(list(PARTNERS), rng.randrange(1, 3))))}]\n")
        if pa.status == "complete":
            out.append(f"    evidence:\n      - title: Completion report for {pa.id}\n"
                       f"        link: https://intranet.wessexvale.local/plans/evidence/{pa.id}.pdf\n")
        # Updates, oldest first; each stated RAG is what the dates support on the day.
        updates = []
        day = pa.due - dt.timedelta(days=rng.randrange(50, 90))
        for _ in range(rng.randrange(1, 4)):
            if day >= pa.due - dt.timedelta(days=AMBER_DAYS + 1):
                break
            note = rng.choice(NOTES) if rng.random() < 0.8 else LONG_NOTE.format(obj=rng.choice(OBJECTS))
            updates.append((day, owner, note, "green"))
            day += dt.timedelta(days=rng.randrange(14, 35))
        if pa.completed:
            updates.append((max(pa.completed, updates[-1][0] if updates else pa.completed), owner,
                            "Done; evidence attached.", "complete"))
        elif pa.late:
            updates.append((pa.due + dt.timedelta(days=3), owner,
                            "BLOCKED awaiting a decision." if pa.status == "blocked" else "Late; see recovery plan.",
                            "red"))
        if updates:
            out.append("    updates:\n")
            for date, by, note, rag in updates:
                text = _folded(note, "          ") if len(note) > 60 else note + "\n"
                out.append(f"      - date: {_d(date)}\n        by: {by}\n        note: {text}        rag: {rag}\n")
        if pa.extended_to:
            out.append(f"    extensions:\n      - to: {_d(pa.extended_to)}\n"
                       f"        meeting: {_d(pa.extension_meeting)}\n"
                       "        reason: Abstraction pressures over the summer; agreed by the board.\n")
        out.append("\n")
        return "".join(out)

    # --- meetings and papers ----------------------------------------------------------

    def meetings(self, folder, board, dates, decisions) -> None:
        rng = self.rng
        _, chair, code = BOARDS[board]
        previous_actions: list[str] = []
        for date in dates:
            present = [chair, *sorted(rng.sample([r for r in OWNERS if r != chair], 8))]
            apologies = sorted(rng.sample([r for r in OWNERS if r not in present], 2))
            out = [f"id: {_d(date)}\nboard: {board}\ndate: {_d(date)}\n",
                   "venue: Chief Constable's conference room, Force Headquarters\n",
                   f"chair: {chair}\npresent:\n"]
            out.extend(f"  - {r}\n" for r in present)
            out.append("  - name: Lisa Varney\n    organisation: Office of the Police and Crime Commissioner\n")
            out.append(f"apologies: [{', '.join(apologies)}]\n\nitems:\n")
            out.append("  - title: Progress report and exceptions\n    minutes: |\n")
            minutes = MINUTES.format(done=rng.randrange(2, 12), late=rng.randrange(0, 6))
            out.append(_folded(minutes, "      ")[3:])
            out.append("  - title: Any other business\n    minutes: None.\n")
            out.append("\ndecisions:\n")
            n = 0
            for decision in decisions[date]:
                n += 1
                verb, target, *rest = decision.split()
                if verb == "close":
                    out.append(f"  - id: D{n}\n    text: Recommendation {target} closed on the evidence presented.\n"
                               f"    close: {target}\n")
                else:
                    out.append(f"  - id: D{n}\n    text: Due date of {target} moved to {rest[0]}.\n"
                               f"    extend: {target}\n    to: {rest[0]}\n")
            n += 1
            out.append(f"  - id: D{n}\n    text: Progress report noted.\n")
            out.append("\nactions:\n")
            raised = []
            for _ in range(rng.randrange(1, 3)):
                self.board_counters[board] += 1
                ba_id = f"{code}-{self.board_counters[board]:04d}"
                raised.append(ba_id)
                out.append(f"  - id: {ba_id}\n    text: Report back on {rng.choice(OBJECTS)}.\n"
                           f"    owner: {rng.choice(OWNERS)}\n    due: {_d(date + dt.timedelta(days=28))}\n")
            if previous_actions:
                out.append("\naction_log:\n")
                for ba_id in previous_actions:
                    status = rng.choice(["discharged", "discharged", "carried-forward"])
                    out.append(f"  - action: {ba_id}\n    status: {status}\n    note: Update received.\n")
            previous_actions = raised
            self.files[f"{folder}/meetings/{_d(date)}.yaml"] = "".join(out)

    def papers(self, folder, board, dates) -> None:
        for date in dates[::6]:
            paper_id = f"{BOARDS[board][2].lower()}-{_d(date)}"
            self.files[f"{folder}/papers/{paper_id}.yaml"] = (
                f"id: {paper_id}\ntemplate: progress-report\nto: {board}\nfrom: head-corporate-development\n"
                f"date: {_d(date - dt.timedelta(days=5))}\nsubject: Action plan progress report\n"
                "foi: disclosable\n\nsections:\n"
                "  - title: Summary\n    paragraphs:\n      - " + _folded(
                    "This paper reports progress against the action plan since the last meeting of the board, "
                    "with the exceptions the board is asked to note.", "        ")
                + "  - title: Progress by area\n    include: progress-by-area\n"
                "  - title: Exceptions\n    include: exceptions\n"
                "  - title: Recommendation\n    paragraphs:\n"
                "      - It is recommended that the board note the contents of this paper.\n")

    def build(self) -> dict[str, str]:
        self.organisation()
        self.plans()
        return self.files


def generate(size_name: str) -> dict[str, str]:
    """Relative path -> file text for a size; the same every time."""
    return Generator(SIZES[size_name]).build()


def _stamp() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def write(size_name: str, out: Path | None = None, force: bool = False) -> Path:
    """Write (or reuse) the tree for a size; returns the plans directory."""
    root = (out or TREES / size_name) / "plans"
    stamp = root.parent / "STAMP"
    if not force and stamp.exists() and stamp.read_text() == _stamp():
        return root
    if root.exists():
        shutil.rmtree(root)
    for rel, text in generate(size_name).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _assert_checks_clean(root)
    stamp.write_text(_stamp())
    return root


def _assert_checks_clean(root: Path) -> None:
    from dagov.check.run import check

    result = check(root)
    if result.errors:
        shown = "\n".join(f.as_text() for f in result.findings if f.severity == "error")
        raise SystemExit(f"generated tree {root} fails dagov check ({result.errors} errors):\n{shown[:4000]}")
    if result.warnings:
        shown = "\n".join(f.as_text() for f in result.findings[:20])
        print(f"note: {root} has {result.warnings} warnings:\n{shown}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("--out", type=Path, help="folder to write into (default bench/trees/SIZE)")
    parser.add_argument("--force", action="store_true", help="rewrite even if the tree is up to date")
    args = parser.parse_args(argv)
    root = write(args.size, args.out, args.force)
    files = sum(1 for _ in root.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    print(f"{root}: {files} files, {size / 1e6:.1f} MB, passes dagov check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
