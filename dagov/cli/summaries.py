"""The command list of `dagov --help`: in the order people use the commands, each with a summary
that is a whole sentence.

Click makes a summary by cutting a command's help at about 45 characters ("Validate every
file under PLANS: YAML syntax, fields and..."); a summary written here is shown whole. A
command without one gets the whole first sentence of its help, however long, so a new
command never shows a sentence cut in the middle.
"""

from __future__ import annotations

import re

import typer
from typer.core import TyperGroup

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""context_settings of the app and of each command group: -h is --help everywhere (dagov.cli.common's)."""

ORDER = ("check", "status", "show", "owners", "update", "record", "new", "render", "issue", "close", "extend", "cancel",
         "reopen", "assess", "publish", "changes", "log", "export", "import", "supersede", "init", "schema")
"""The top-level commands as a plan's year goes: check it, report on it, record progress and
figures, add to it, print the board's papers, record the board's decisions and judgements, publish,
look back, move it in and out of spreadsheets, replace it; set-up last. Commands not named here
follow, in the order they were added."""

SUMMARIES = {
    "check": "Check every plan file: fields, references, rules, personal data.",
    "status": "Report progress as of a date, by plan and area, with exceptions.",
    "show": "Show one recommendation, action, meeting, board action or role.",
    "owners": "Show what each role owns, and what is overdue, at risk or blocked.",
    "update": "Record progress on an action: a note, status, RAG or evidence.",
    "record": "Record a measure's figure for a period, e.g. from a partner.",
    "assess": "Record the board's judgement of a recommendation's outcome.",
    "new": "Create the next recommendation, action, meeting or paper.",
    "render": "Render papers, progress reports, minutes, agendas, action logs.",
    "publish": "Publish the plans as a public website with open data.",
    "issue": "Issue a board paper: a frozen copy of record, checked.",
    "changes": "Say what moved in the plans between two points in git history.",
    "log": "Tell the story of one recommendation or action, commit by commit.",
    "export": "Write the plan in another format (a CSV spreadsheet).",
    "import": "Bring a plan in from another format (a CSV spreadsheet).",
    "close": "Record a board decision closing a recommendation.",
    "extend": "Record a board decision moving an action's due date.",
    "cancel": "Record a board decision cancelling an action.",
    "reopen": "Record a board decision reopening a closed recommendation.",
    "supersede": "Replace a plan by a new one that carries its open work.",
    "init": "Create a new governance repository that passes dagov check.",
    "schema": "Print or write the JSON Schema of each kind of plan file.",
    "new recommendation": "Create the next recommendation's file, with a first action.",
    "new action": "Add the next action to a recommendation's file.",
    "new meeting": "Create a meeting: members, agenda and open board actions.",
    "new paper": "Create a board paper's file with the standard sections.",
    "new measure": "Create an outcome measure's file, with its target.",
    "new plan": "Add a plan to the repository, with its board and dates.",
    "new role": "Add a role (a post that owns work) to organisation.yaml.",
    "new area": "Add a key area to a plan's plan.yaml.",
    "render paper": "Render a board paper with its blocks as of its date.",
    "render progress": "Render a plan's monthly progress report, without a paper file.",
    "render minutes": "Render the minutes of a board meeting.",
    "render agenda": "Render a meeting's agenda and papers pack, as it opens.",
    "render action-log": "Render a board's action log across all its meetings.",
    "issue paper": "Write a paper's issued copy and record its sha256 in the paper.",
    "export csv": "Write the plan as a spreadsheet: one row per action.",
    "import measures": "Add measures' figures from a partner's CSV.",
    "import csv": "Turn a CSV tracker into plan files, or apply its changes.",
}

_SENTENCE = re.compile(r"(.+?[.!?])(?=\s|$)", re.S)


class Ordered(TyperGroup):
    """A command group listing its commands in ORDER."""

    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(ORDER)), names.index(name)))


def first_sentence(help_text: str | None) -> str | None:
    """The first sentence of `help_text` (its first paragraph, if that has no full stop) on one line."""
    if not help_text or not help_text.strip():
        return None
    paragraph = help_text.strip().split("\n\n")[0]
    found = _SENTENCE.match(paragraph)
    return " ".join((found[1] if found else paragraph).split())


def _text(value) -> str | None:
    """A help text as given, or None for typer's placeholder of one not given."""
    return value if isinstance(value, str) else None


def _name(info) -> str:
    return info.name or getattr(info.callback, "__name__", "").replace("_", "-")


def install(app: typer.Typer, path: str = "") -> None:
    """Give every command and group of `app` its summary (a SUMMARIES entry, else its help's
    first sentence)."""
    for command in app.registered_commands:
        key = f"{path}{_name(command)}"
        help_text = _text(command.help) or (command.callback.__doc__ if command.callback else None)
        command.short_help = SUMMARIES.get(key) or command.short_help or first_sentence(help_text)
    for group in app.registered_groups:
        instance = group.typer_instance
        if instance is None:  # never, for a group added with add_typer
            continue
        key = f"{path}{group.name}"
        summary = SUMMARIES.get(key) or first_sentence(_text(group.help) or _text(instance.info.help))
        if summary:
            group.short_help = summary
        install(instance, key + " ")
