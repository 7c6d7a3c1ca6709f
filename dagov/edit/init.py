"""`dagov init` as a library: the files of a new governance repository, which pass `dagov check` at once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dagov.edit.textedit import PLACEHOLDER_HINT
from dagov.edit.transaction import LOCK_NAME, STAGING_NAME
from dagov.edit.yamltext import Blank, document, schema_modeline
from dagov.plan import json_schema, vocabulary

DAGOV_REPOSITORY = "https://github.com/dagov/dagov"
"""Where CI fetches dagov from."""

DAGOV_INSTALL = f"dagov @ git+{DAGOV_REPOSITORY}@main"
"""What CI installs (ci/*.yml say the same): no release is tagged yet, so the main branch;
docs/ci.md says how to pin a commit, or a release once one is published."""

DEFAULT_AREAS = ("Leadership", "Business processes", "Training", "Partnerships")

ROLES = {
    "chief-constable": "Chief Constable",
    "deputy-chief-constable": "Deputy Chief Constable",
    "plan-lead": "Action plan lead",
    "board-secretary": "Board secretary",
}


def slug(text: str, fallback: str = "area") -> str:
    """An id from a title: 'Business processes' -> business-processes (`fallback` when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback


def title_from_id(identifier: str) -> str:
    words = identifier.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Answers:
    """What `dagov init` asked (or was told): the organisation, its first plan and board, and the report answered."""

    organisation: str
    start: dt.date
    plan: str = "action-plan"
    plan_title: str | None = None
    board: str = "oversight-board"
    board_title: str | None = None
    report: str = "Inspection report"
    publisher: str = "HMIC"
    published: dt.date | None = None
    areas: tuple[str, ...] = field(default=DEFAULT_AREAS)


def _organisation(a: Answers) -> dict:
    return {
        "name": a.organisation,
        "roles": {role_id: {"title": title} for role_id, title in ROLES.items()},
        "boards": {
            a.board: {
                "title": a.board_title or title_from_id(a.board),
                "chair": "chief-constable",
                "members": ["chief-constable", "deputy-chief-constable", "plan-lead"],
                "cadence": "monthly",
            }
        },
        "settings": {"amber_days": vocabulary.DEFAULT_AMBER_DAYS, "stale_days": vocabulary.DEFAULT_STALE_DAYS,
                     "classification": vocabulary.DEFAULT_CLASSIFICATION},
    }


def _plan(a: Answers) -> dict:
    return {
        "id": a.plan,
        "title": a.plan_title or f"{a.organisation} action plan",
        "status": "active",
        "owner": "deputy-chief-constable",
        "lead": "plan-lead",
        "board": a.board,
        "source": {"title": a.report, "publisher": a.publisher, "published": a.published or a.start},
        "summary": Blank(f"{PLACEHOLDER_HINT}: a paragraph of background for papers (optional)"),
        "areas": {slug(title): {"title": title} for title in a.areas},
        "start": a.start,
    }


PRE_COMMIT = """\
# Runs `dagov check` on the plans before every commit (https://pre-commit.com),
# with the dagov installed on this machine: nothing is downloaded.
# Set up once per clone:  pip install pre-commit && pre-commit install
# To have pre-commit install a pinned release of dagov instead, see dagov's docs/ci.md.
repos:
  - repo: local
    hooks:
      - id: dagov-check
        name: dagov check
        entry: dagov check
        language: system
        pass_filenames: false
        files: ^plans/
        require_serial: true
"""

WORKFLOW = """\
# Checks the plans on every push and pull request; problems appear as
# annotations on the lines of the pull request.
name: dagov check
on:
  push:
  pull_request:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # dagov's main branch until a release is published; docs/ci.md says how to pin one
      - run: pip install "{install}"
      # what dagov parsed of each file, kept between runs so that only changed files are
      # parsed again; saved even when the check fails (docs/ci.md)
      - id: dagov
        run: echo "version=$(dagov --version | awk '{{print $NF}}')" >> "$GITHUB_OUTPUT"
      - id: dagov-cache
        uses: actions/cache/restore@v4
        with:
          path: ~/.cache/dagov
          key: dagov-${{{{ runner.os }}}}-${{{{ steps.dagov.outputs.version }}}}-${{{{ hashFiles('plans/**/*.yaml') }}}}
          restore-keys: dagov-${{{{ runner.os }}}}-${{{{ steps.dagov.outputs.version }}}}-
      # annotations on the lines (GitHub shows 10 errors and 10 warnings at most), and
      # every finding in the job summary and, as text, in the log
      - run: |
          dagov check --format github --summary "$GITHUB_STEP_SUMMARY" plans || status=$?
          dagov check plans || true
          exit ${{status:-0}}
      - if: always() && steps.dagov-cache.outputs.cache-hit != 'true'
        uses: actions/cache/save@v4
        with:
          path: ~/.cache/dagov
          key: ${{{{ steps.dagov-cache.outputs.cache-primary-key }}}}
"""

TEMPLATES_README = """\
# Templates

dagov renders papers, minutes and action logs from templates built into dagov.
To change one, put a file here with the same name as the built-in template:
dagov uses yours instead. To add a new kind of paper, add a template here and
name it in the paper's `template:` field.

Templates are Jinja2. The names of the built-in templates and the values each
one receives are listed in dagov's documentation (docs/templates.md).
Leave this folder empty to use the built-in templates.
"""

README = """\
# {organisation}: inspection action plans

This repository holds {organisation}'s inspection action plans as plain YAML
files, checked by [dagov]({repository}).

- `plans/organisation.yaml`: roles (posts that own work), boards and settings.
- `plans/{plan}/plan.yaml`: the plan: its source report, owner, lead, board and key areas.
- `plans/{plan}/recommendations/`: one file per recommendation, with its actions.
- `plans/{plan}/meetings/`: one file per board meeting (minutes, decisions, action log).
- `plans/{plan}/papers/`: board papers.
- `templates/`: your own versions of dagov's paper templates (optional).

## Everyday commands

    dagov check plans                          # is everything valid?
    dagov new recommendation plans             # the next recommendation, ready to fill in
    dagov new action R01 plans                 # the next action of R01
    dagov update R01.1 --note "What happened"  # record progress on an action
    dagov new meeting plans --date 2014-06-11  # the board's next meeting
    dagov new paper plans --date 2014-06-12    # a board paper with the standard sections

Every change is checked by pre-commit before it is committed and by CI on every push.
"""


GITIGNORE = f"""# dagov's lock file and the folder where it stages writes: never part of the plans
{LOCK_NAME}
{STAGING_NAME}/
"""


def scaffold(root: str | Path, answers: Answers) -> dict[str, bytes]:
    """Every file of a new repository at `root`, by path relative to it."""
    root = Path(root)
    plan_dir = f"plans/{answers.plan}"

    def yaml_file(rel: str, kind: str, mapping: dict, gaps: frozenset[str], *comments: str) -> bytes:
        modeline = schema_modeline(kind, root / rel, root)
        return document(mapping, (modeline, *comments), gaps).encode("utf-8")

    values = {"organisation": answers.organisation, "plan": answers.plan,
              "repository": DAGOV_REPOSITORY, "install": DAGOV_INSTALL}
    # The files' first lines point editors at these schemas (docs/editors.md).
    schemas = {f"{json_schema.SCHEMAS_DIR}/{json_schema.file_name(kind)}": json_schema.schema_text(kind).encode("utf-8")
               for kind in json_schema.KINDS}
    return {
        "plans/organisation.yaml": yaml_file(
            "plans/organisation.yaml", "organisation", _organisation(answers),
            frozenset({"roles", "boards", "settings"}), "",
            "Owners are posts, not people: when someone moves on, change the holder",
            "here (add 'holder: Name' under a role) and their work moves with the post."),
        f"{plan_dir}/plan.yaml": yaml_file(
            f"{plan_dir}/plan.yaml", "plan", _plan(answers), frozenset({"source", "summary", "areas", "start"})),
        "plans/.gitignore": GITIGNORE.encode("utf-8"),
        f"{plan_dir}/recommendations/.gitkeep": b"",
        f"{plan_dir}/meetings/.gitkeep": b"",
        f"{plan_dir}/papers/.gitkeep": b"",
        **schemas,
        "templates/README.md": TEMPLATES_README.encode("utf-8"),
        ".pre-commit-config.yaml": PRE_COMMIT.format(**values).encode("utf-8"),
        ".github/workflows/dagov-check.yml": WORKFLOW.format(**values).encode("utf-8"),
        "README.md": README.format(**values).encode("utf-8"),
    }


def is_empty_folder(path: Path) -> bool:
    """Nothing there yet (a fresh `git init` counts as empty)."""
    return not path.exists() or all(entry.name == ".git" for entry in path.iterdir())
