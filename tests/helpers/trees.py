"""Small plans trees written per test, the example plans, and before/after snapshots."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "plans"
CORPUS = REPO.parent / "shared" / "corpora" / "yaml-test-suite"

ORGANISATION = """\
name: Test Constabulary
roles:
  chief-constable:
    title: Chief Constable
    holder: A. Chief
  lead:
    title: Temporary Superintendent
    holder: B. Lead
  trainer:
    title: Head of Learning
boards:
  safeguarding-board:
    title: Safeguarding Board
    chair: chief-constable
    members: [chief-constable, lead, trainer]
    cadence: monthly
partners:
  county-council:
    title: County Council
settings:
  amber_days: 14
"""

PLAN = """\
id: p1
title: Test plan
status: active
owner: chief-constable
lead: lead
board: safeguarding-board
source:
  title: An inspection
  publisher: HMIC
  published: 2014-03-27
areas:
  leadership:
    title: Leadership
  training:
    title: Training
start: 2014-02-03
end: 2014-09-30
"""

R01 = """\
id: R01
kind: recommendation
title: Train everyone
text: The force should train everyone.
area: training
owner: trainer
timescale: within three months
due: 2014-06-30
status: open
actions:
  - id: R01.1
    title: Write the course
    owner: trainer
    due: 2014-04-30
    status: complete
    completed: 2014-04-20
    evidence:
      - title: Course pack
        link: evidence/course.pdf
    updates:
      - date: 2014-03-10
        by: trainer
        note: Drafting.
        rag: green
  - id: R01.2
    title: Deliver the course
    owner: trainer
    due: 2014-06-30
    status: in-progress
    partners: [county-council]
    extensions:
      - to: 2014-07-31
        meeting: 2014-03-12
        reason: Summer leave.
"""

R02 = """\
id: R02
kind: recommendation
title: Lead from the top
text: Leaders should lead.
area: leadership
owner: chief-constable
timescale: within one month
due: 2014-03-31
status: closed
closed:
  meeting: 2014-03-12
actions:
  - id: R02.1
    title: Name a lead
    owner: chief-constable
    due: 2014-03-01
    status: complete
    completed: 2014-02-20
    evidence:
      - title: Force order
        link: evidence/order.pdf
"""

MEETING = """\
id: 2014-03-12
board: safeguarding-board
date: 2014-03-12
chair: chief-constable
present: [chief-constable, lead, {name: Jo Guest, organisation: County Council}]
apologies: [trainer]
items:
  - title: Progress
    minutes: The lead reported progress.
decisions:
  - id: D1
    text: R02 closed.
    close: R02
  - id: D2
    text: R01.2 extended.
    extend: R01.2
    to: 2014-07-31
actions:
  - id: SB-01
    text: Report on training.
    owner: trainer
    due: 2014-04-09
"""

PAPER = """\
id: sb-2014-03
template: board-paper
to: safeguarding-board
from: lead
date: 2014-03-12
subject: Progress
foi: disclosable
sections:
  - title: Exceptions
    include: exceptions
"""
"""A valid paper for p1/papers/sb-2014-03.yaml (not in BASE, so file counts stay as they are)."""

MEASURE = """\
id: M01
title: Officers trained
definition: Officers who have attended the course, as a percentage of all officers.
unit: percent
better: higher
owner: trainer
source: county-council
frequency: monthly
baseline:
  period: 2014-01
  value: 60
target:
  value: 80
  by: 2014-06-30
recommendations: [R01]
values:
  - period: 2014-01
    value: 60
  - period: 2014-02
    value: 75
  - period: 2014-03
    value: 82
    note: Two extra courses.
"""
"""A valid measure for p1/measures/M01.yaml (not in BASE, so file counts stay as they are)."""

BASE = {
    "organisation.yaml": ORGANISATION,
    "p1/plan.yaml": PLAN,
    "p1/recommendations/R01.yaml": R01,
    "p1/recommendations/R02.yaml": R02,
    "p1/meetings/2014-03-12.yaml": MEETING,
}


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write BASE with `files` replacing (or, when None, deleting) entries."""
    merged = {**BASE, **files}
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden ones too) with its bytes: compare before and after a command."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


R01_FILE = "p1/recommendations/R01.yaml"


# --- a second plan and later states, for history and supersession tests ---

COMPLETE_R01_2 = ("    status: in-progress\n    partners: [county-council]",
                  "    status: complete\n    completed: 2014-07-20\n    evidence:\n"
                  "      - title: Attendance report\n        link: evidence/attendance.pdf\n"
                  "    partners: [county-council]")


MEETING_APRIL = """\
id: 2014-04-09
board: safeguarding-board
date: 2014-04-09
chair: chief-constable
present: [chief-constable, lead]
decisions:
  - id: D1
    text: Progress on training noted.
"""


P2_PLAN = PLAN.replace("id: p1\ntitle: Test plan", "id: p2\ntitle: Long-term plan") \
    .replace("start: 2014-02-03\nend: 2014-09-30", "start: 2014-09-15")


P2_S01 = """\
id: S01
kind: area-for-improvement
title: Keep training
text: Training carries on.
area: training
owner: trainer
timescale: by December
due: 2014-12-31
status: open
actions:
  - id: S01.1
    title: Deliver the rest of the course
    owner: trainer
    due: 2014-12-31
    status: in-progress
    carried_from: p1/R01.2
"""


def copy_with_personal_data(root: Path) -> Path:
    """A copy of the example plans at `root`, with a line of personal data in a comment (so a scan has findings)."""
    shutil.copytree(EXAMPLE, root)
    r01 = root / "da-2014" / "recommendations" / "R01.yaml"
    r01.write_text(r01.read_text() + "# victim Jane Smith rang 07700 900123\n")
    return root
