"""The generated parts of docs/format.md and the README: field tables and rule lists.

The tables come from the definitions the loader reads with (dagov/plan/format.py) and
the rules from dagov/check/catalogue.py, so the reference cannot drift from the
code. A generated part sits between marker comments, and everything outside them
is hand-written prose:

    <!-- generated: fields plan -->
    ...
    <!-- end generated -->

`update(text)` rewrites the parts of a document; tests/test_docs_generated.py
fails when a document is stale (`pytest tests/test_docs_generated.py
--update-golden` rewrites them). Only that test and its --update-golden run import
this module: dagov itself never needs it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from dagov.check import catalogue
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan.fields import Bool, Date, Either, Enum, Field, Int, List, Map, Num, Obj, Ref, Str, Type

MARKER = re.compile(r"<!-- generated: (?P<name>[^>]+?) -->\n(?P<body>.*?)<!-- end generated -->", re.S)

# The format's one-line descriptions also go into error messages, `dagov new`'s
# placeholders and the JSON Schema, so they stay short. Where the reference has
# more to tell the people editing the files, it says it here, by "<part>.<field>"
# (part names as in fields_parts()); a test checks every key names a real field.
MEANINGS = {
    "organisation.settings": "thresholds and defaults, see below",
    "role.holder": "who holds it now, since a date not recorded; **leave it out when the post is vacant**",
    "role.holders": "who held it and when: `[{name, from, to}]`, oldest first; documents name the holder on "
                    "their own date, and a day nobody covers reads *vacant*. Use it instead of `holder` once a "
                    "post changes hands",
    "settings.personal_data": "the personal-data guard, see below and [personal-data.md](personal-data.md)",
    "personal-data.severity": "how the personal-data rule reports: `error` (the default), `warning`, or "
                              "`\"off\"` (in quotes: unquoted, YAML reads off as false)",
    "plan.id": "the plan's id; **must equal the folder's name**",
    "plan.source": "the inspection report the plan answers, see below",
    "plan.end": "when the plan is due to end (not before `start`)",
    "plan.superseded_by": "the plan that replaced this one",
    "recommendation.id": "**must equal the file's name**",
    "recommendation.due": "the date that timescale works out to",
    "recommendation.status": "`closed` only by a board decision; `superseded` when its work moved to a later plan",
    "recommendation.closed": "which meeting closed it, see below",
    "recommendation.actions": "the actions that deliver it, see [5.2](#52-actions)",
    "action.due": "the date **originally agreed**. Do not change it when a board moves the date — add an "
                  "`extensions` entry instead",
    "action.completed": "the day it was finished",
    "action.updates": "progress updates, **oldest first**",
    "update.by": "the role giving it (usually the owner; the plan lead may write on their behalf)",
    "update.status": "the action's status from this date on, when this update changes it: `blocked`, "
                     "`in-progress` (resumed), `cancelled`, `not-started`. It dates the change, so a report or "
                     "paper as of an earlier date shows the status the action had then. `dagov update --status` "
                     "writes it for you. (A completion is dated by the action's `completed:` instead.)",
    "extension.meeting": "the meeting (in this plan) whose decision approved it; that decision must say "
                         "`extend: <this action>` and the same `to:` date",
    "meeting.decisions": "what was decided — closures and extensions are recorded here",
    "guest.role": "the role they hold or deputise for",
    "decision.close": "the recommendation (of this plan) this decision closes",
    "decision.extend": "the action (of this plan) whose due date this decision moves",
    "board-action.id": "e.g. `SB-11`; unique across **all** meetings of the board, in every plan — keep "
                       "numbering on from the last one",
    "action-review.action": "a board action raised at an **earlier** meeting of the same board (in any plan)",
    "paper.template": "the layout: `board-paper` (a formal paper, e.g. to the Commissioner's board), "
                      "`progress-report` (the monthly report to the overseeing board), or one of your own in the "
                      "`templates/` folder beside the plans directory",
    "paper.classification": "protective marking: `OFFICIAL`, `OFFICIAL-SENSITIVE` (optionally followed by "
                            "`COMMERCIAL`, `LOCSEN` or `PERSONAL`), `SECRET`, `TOP SECRET`, or one of "
                            "`settings: markings`; defaults to `settings: classification`",
    "paper.since": "the start of the period the paper covers (used by `meetings` and "
                   "`changes-since-last-meeting`), on or before `date`; defaults to the previous meeting",
}

# Required only in some cases: rules across files enforce these (successor-missing,
# closure-not-approved, completed-date, missing-field), not the schema.
REQUIRED_WHEN = {
    "plan.superseded_by": "when `status` is `superseded`",
    "recommendation.closed": "when `status` is `closed`, and only then",
    "recommendation.actions": "no, but an open recommendation needs at least one",
    "action.completed": "when `status` is `complete`, and only then",
    "action.evidence": "no, but expected once complete",
    "decision.to": "with `extend`",
}

# What a text of a fixed form is called; a new pattern falls back to "text in a fixed form".
PATTERN_NAMES = {
    fmt.ID: "id",
    fmt.REC_ID: "id",
    fmt.ACTION_ID: "id",
    fmt.CARRIED: "`<plan id>/<action id>`",
    fmt.DOMAIN: "domain name",
    fmt.PERIOD: "period (`YYYY-MM`, `YYYY-Qn` or `YYYY`)",
}

PLURALS = {"evidence": "evidence", "settings": "settings", "text": "text"}

YAML_11_BOOLEANS = {"yes", "no", "on", "off", "true", "false", "y", "n"}
"""Allowed values YAML would read as true/false unless quoted, so the reference shows the quotes."""


# --- the parts of the format -------------------------------------------------------


def fields_parts() -> dict[str, Obj]:
    """Every kind of block the files can hold, by the name its marker uses, in reading order.

    The name is the definition's name in dagov/plan/format.py (PERSONAL_DATA is
    "personal-data"); only definitions reachable from a file kind count.
    """
    names = {id(value): name.lower().replace("_", "-") for name, value in vars(fmt).items() if isinstance(value, Obj)}
    parts: dict[str, Obj] = {}

    def visit(type_: Type) -> None:
        if isinstance(type_, Obj):
            name = names[id(type_)]
            if name in parts:
                return
            parts[name] = type_
            for field in type_.fields.values():
                visit(field.type)
        elif isinstance(type_, List):
            visit(type_.item)
        elif isinstance(type_, Map):
            visit(type_.value)
        elif isinstance(type_, Either):
            visit(type_.mapping)

    for kind in fmt.FILE_KINDS.values():
        visit(kind)
    return parts


def _plural(word: str) -> str:
    if word in PLURALS:
        return PLURALS[word]
    head, _, last = word.rpartition(" ")
    return f"{head} {_plural(last)}".strip() if head else word + "s"


def _value(value: str) -> str:
    return f'`"{value}"`' if value.lower() in YAML_11_BOOLEANS else f"`{value}`"


def type_text(type_: Type) -> str:
    """The type of a field in the words of the reference: 'role id', 'list of actions', 'date'."""
    if isinstance(type_, Ref):
        return f"{type_.target.replace('-', ' ')} id"
    if isinstance(type_, Str):
        if type_.pattern_source:
            return PATTERN_NAMES.get(type_.pattern_source, "text in a fixed form")
        return "text (block)" if type_.multiline else "text"
    if isinstance(type_, Enum):
        values = [_value(v) for v in type_.values]
        return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]
    if isinstance(type_, Date):
        return "date"
    if isinstance(type_, Num):
        return "number"
    if isinstance(type_, Bool):
        return "`true` or `false`"
    if isinstance(type_, Int):
        return f"whole number {type_.minimum}–{type_.maximum}" if type_.maximum is not None else \
            f"whole number, {type_.minimum} or more"
    if isinstance(type_, List):
        item = type_.item
        if isinstance(item, Str) and not isinstance(item, Ref) and not item.pattern_source:
            return "list of text"
        return f"list of {_plural(_noun(item))}"
    if isinstance(type_, Map):
        return f"map of {type_.value.noun} id → {type_.value.noun}"
    if isinstance(type_, Obj):  # a block of its own, documented in the table after this one
        return type_.title.lower() if type_.title else type_.noun
    if isinstance(type_, Either):
        return f"{type_text(type_.scalar)} or {_noun(type_.mapping)}"
    raise TypeError(f"the reference has no words for {type_!r}; add them to dagov/reference_docs.type_text")


def _noun(type_: Type) -> str:
    if isinstance(type_, Obj):
        return type_.noun
    if isinstance(type_, Either):
        return _noun(type_.mapping)
    return type_text(type_)


def example_text(example: object) -> str:
    """An example as it would be written in a file: dates as YYYY-MM-DD, lists and mappings in YAML's [] and {}."""
    if isinstance(example, bool):
        return "true" if example else "false"
    if isinstance(example, dt.date):
        return example.isoformat()
    if isinstance(example, (list, tuple)):
        return "[" + ", ".join(example_text(e) for e in example) + "]"
    if isinstance(example, dict):
        return "{" + ", ".join(f"{k}: {example_text(v)}" for k, v in example.items()) + "}"
    if isinstance(example, str) and _needs_quotes(example):
        return json.dumps(example, ensure_ascii=False)  # a JSON string is a double-quoted YAML string
    return str(example)


def _needs_quotes(text: str) -> bool:
    """Whether YAML would misread `text` written plainly, on its own or in a [list] (section 2's rules)."""
    import yaml  # only when generating the reference

    readings: tuple[tuple[str, Callable[[Any], object]], ...] = (
        (f"k: {text}", lambda data: data["k"]), (f"k: [{text}]", lambda data: data["k"][0]))
    for written, read in readings:
        try:
            value = read(yaml.safe_load(written))
        except (yaml.YAMLError, LookupError, TypeError):
            return True
        # a number or date where text is expected is kept as typed (schema._scalar_text); a boolean is not
        if isinstance(value, bool) or (isinstance(value, str) and value != text):
            return True
    return False


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def field_table(part: str, obj: Obj) -> str:
    rows = ["| Field | Type | Required | Meaning | Example |", "| --- | --- | --- | --- | --- |"]
    for field in obj.fields.values():
        key = f"{part}.{field.name}"
        required = REQUIRED_WHEN.get(key, "yes" if field.required else "no")
        meaning = MEANINGS.get(key, field.description)
        example = _cell(example_text(field.example))
        rows.append(f"| `{field.name}` | {type_text(field.type)} | {required} | {meaning} | `{example}` |")
    return "\n".join(rows) + "\n"


def documented_fields() -> Iterator[tuple[str, Field]]:
    """Every field of the format as "<part>.<field>", for the tests."""
    for part, obj in fields_parts().items():
        for field in obj.fields.values():
            yield f"{part}.{field.name}", field


# --- the rules ---------------------------------------------------------------------


def rule_table(group: str) -> str:
    rows = ["| Rule | What it means |", "| --- | --- |"]
    rows += [f"| `{rule.id}` | {rule.meaning} |" for rule in catalogue.RULES if rule.group == group]
    return "\n".join(rows) + "\n"


def readme_rule_list() -> str:
    ids = ", ".join(f"`{rule.id}`" for rule in catalogue.RULES)
    text = (f"The rules, each with a stable id: {ids}. What each means, in plain words: "
            "[docs/format.md](docs/format.md#9-what-dagov-check-complains-about).")
    return textwrap.fill(text, width=110, break_long_words=False, break_on_hyphens=False) + "\n"


# --- documents ---------------------------------------------------------------------


def generated_sections() -> dict[str, str]:
    """Every generated part by its marker name."""
    sections = {f"fields {part}": field_table(part, obj) for part, obj in fields_parts().items()}
    sections.update({f"rules {group}": rule_table(group) for group, _ in catalogue.GROUPS})
    sections["rule ids"] = readme_rule_list()
    return sections


def markers(text: str) -> list[str]:
    return [match.group("name") for match in MARKER.finditer(text)]


def update(text: str) -> str:
    """`text` with each generated part rewritten from the code; the prose around them is left as it is."""
    sections = generated_sections()

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in sections:
            raise KeyError(f"no generated part called {name!r}; known: {', '.join(sorted(sections))}")
        # blank lines around the part, so Markdown sees the table as its own block
        return f"<!-- generated: {name} -->\n\n{sections[name]}\n<!-- end generated -->"

    return MARKER.sub(replace, text)
