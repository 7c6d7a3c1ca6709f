"""The words of the file format, each written once: statuses, kinds, RAG names, block names, defaults.

The format (dagov/plan/format.py) builds its Enums from these tuples; the model's
defaults, the rules, the reports, the renderer and the CLI's choices take them from
here too, so a value is added or renamed in one place. tests/test_vocabulary.py keeps
every user in step.

This module imports nothing: the CLI reads its choices from it at start-up.
"""

from __future__ import annotations

# --- statuses and kinds ----------------------------------------------------------

NOT_STARTED = "not-started"
IN_PROGRESS = "in-progress"
COMPLETE = "complete"
BLOCKED = "blocked"
CANCELLED = "cancelled"
ACTION_STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETE, BLOCKED, CANCELLED)
DONE_STATUSES = (COMPLETE, CANCELLED)
"""An action in one of these needs no more work."""

OPEN = "open"
CLOSED = "closed"
SUPERSEDED = "superseded"
RECOMMENDATION_STATUSES = (OPEN, CLOSED, SUPERSEDED)

ACTIVE = "active"
PLAN_STATUSES = (ACTIVE, SUPERSEDED, CLOSED)

KINDS = ("recommendation", "area-for-improvement", "cause-of-concern")
"""What the inspectorate called a recommendation."""

DISCHARGED = "discharged"
CARRIED_FORWARD = "carried-forward"
REVIEW_STATUSES = (OPEN, DISCHARGED, CARRIED_FORWARD)
"""A board action's status after the board reviewed it."""

DRAFT = "draft"
APPROVED = "approved"
MINUTES_STATUSES = (DRAFT, APPROVED)
"""Where a meeting's minutes stand: draft until a later meeting of the board approves them."""

DISCLOSABLE = "disclosable"
NOT_DISCLOSABLE = "not-disclosable"
FOI = (DISCLOSABLE, NOT_DISCLOSABLE)
PUBLIC = "public"
INTERNAL = "internal"
AUDIENCES = (PUBLIC, INTERNAL)
"""Who a paper (or one section of it) is for; what is internal is listed in dagov.plan.audience."""

# --- red / amber / green ---------------------------------------------------------

RED = "red"
AMBER = "amber"
GREEN = "green"
GREY = "grey"
RAGS = (RED, AMBER, GREEN, COMPLETE)
"""What an owner may state in an update, worst first."""
ACTION_RAGS = (*RAGS, GREY)
"""What an action can be as of a date: grey is a cancelled action, out of every count."""
NO_ACTIONS = "none"
"""The RAG of an open recommendation with no live action: nothing to judge it by."""

# --- files and papers ------------------------------------------------------------

FILE_KINDS = ("organisation", "plan", "recommendation", "meeting", "paper")
"""The kinds of plan file, as `dagov schema` names them."""

BLOCKS = (
    "progress-by-area",
    "exceptions",
    "closures",
    "extensions",
    "meetings",
    "timeline",
    "status-chart",
    "changes-since-last-meeting",
)
"""The blocks a paper section can `include:`, generated from the plan."""

BOARD_PAPER = "board-paper"
PROGRESS_REPORT = "progress-report"
PAPER_TEMPLATES_BUILT_IN = (BOARD_PAPER, PROGRESS_REPORT)

PERSONAL_DATA_SEVERITIES = ("error", "warning", "off")

# --- protective markings (the Government Security Classifications) ----------------

OFFICIAL = "OFFICIAL"
OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
SECRET = "SECRET"
TOP_SECRET = "TOP SECRET"
MARKINGS = (OFFICIAL, OFFICIAL_SENSITIVE, SECRET, TOP_SECRET)
"""The markings a paper or the organisation's default may carry; `settings: markings` adds an organisation's own."""
SENSITIVE_MARKINGS = (OFFICIAL_SENSITIVE, SECRET, TOP_SECRET)
"""A paper with one of these (or a marking starting with one) must not be published under FOI."""
MARKING_DESCRIPTORS = ("COMMERCIAL", "LOCSEN", "PERSONAL")
"""What may follow OFFICIAL-SENSITIVE to say why it is sensitive: OFFICIAL-SENSITIVE PERSONAL."""

# --- defaults of organisation.yaml's settings --------------------------------------

DEFAULT_AMBER_DAYS = 14
DEFAULT_STALE_DAYS = 35
DEFAULT_CLASSIFICATION = OFFICIAL
DEFAULT_PERSONAL_DATA_SEVERITY = "error"
