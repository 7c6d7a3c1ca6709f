"""Shared fixtures: a small valid plans tree written to a temporary folder."""

from __future__ import annotations

import signal
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
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
        from dagov.plan import load as loader

        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
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


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden ones too) with its bytes: compare before and after a command."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
