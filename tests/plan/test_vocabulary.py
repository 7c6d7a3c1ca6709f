"""The words of the format are written once, in dagov/plan/vocabulary.py, and every user takes them from there.

The format's Enums accept exactly the vocabulary's tuples, the CLI's choices are the same
values in the same order, the defaults the model, the format's documentation, the rules and
`dagov init` use are the vocabulary's, and no module writes one of its lists out again.
"""

from __future__ import annotations

import ast
import datetime as dt

from helpers.trees import REPO

from dagov.check import reference_docs
from dagov.cli import schema as schema_cmd
from dagov.cli import update as update_cmd
from dagov.cli.terminal import RAG_STYLES
from dagov.edit import init
from dagov.plan import format as fmt
from dagov.plan import vocabulary
from dagov.plan.fields import Enum
from dagov.plan.model import PersonalDataSettings, Settings
from dagov.render.blocks import BLOCKS
from dagov.render.html import RAG_DOTS
from dagov.render.minutes import REVIEW_WORDS
from dagov.render.templating import RAG_BADGES

ENUMS = {
    ("plan", "status"): vocabulary.PLAN_STATUSES,
    ("recommendation", "kind"): vocabulary.KINDS,
    ("recommendation", "status"): vocabulary.RECOMMENDATION_STATUSES,
    ("action", "status"): vocabulary.ACTION_STATUSES,
    ("update", "status"): vocabulary.ACTION_STATUSES,
    ("update", "rag"): vocabulary.RAGS,
    ("action-review", "status"): vocabulary.REVIEW_STATUSES,
    ("meeting", "status"): vocabulary.MINUTES_STATUSES,
    ("paper", "foi"): vocabulary.FOI,
    ("section", "include"): vocabulary.BLOCKS,
    ("section", "audience"): vocabulary.AUDIENCES,
    ("personal-data", "severity"): vocabulary.PERSONAL_DATA_SEVERITIES,
}
"""Every Enum field of the format (by part, as docs/format.md names it, and field) and the tuple it must accept."""


def _format_enums() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(part, field.name): field.type.values for part, obj in reference_docs.fields_parts().items()
            for field in obj.fields.values() if isinstance(field.type, Enum)}


def test_every_enum_of_the_format_accepts_a_vocabulary_tuple():
    assert _format_enums() == ENUMS


def test_the_file_kinds_are_the_vocabularys():
    assert tuple(fmt.FILE_KINDS) == vocabulary.FILE_KINDS


def test_the_cli_choices_are_the_vocabularys_values_in_order():
    assert tuple(s.value for s in update_cmd.Status) == vocabulary.ACTION_STATUSES
    assert tuple(r.value for r in update_cmd.Rag) == vocabulary.RAGS
    assert tuple(k.value for k in schema_cmd.Kind) == vocabulary.FILE_KINDS


def test_the_mappings_keyed_by_vocabulary_values_have_every_value():
    assert tuple(BLOCKS) == vocabulary.BLOCKS
    assert set(REVIEW_WORDS) == set(vocabulary.REVIEW_STATUSES)
    assert set(RAG_BADGES) == set(RAG_STYLES) == {*vocabulary.ACTION_RAGS, vocabulary.CLOSED, vocabulary.SUPERSEDED,
                                                 vocabulary.NO_ACTIONS}
    assert set(RAG_DOTS.values()) == set(vocabulary.ACTION_RAGS)


def test_the_built_in_paper_templates_are_the_templates_shipped():
    shipped = {p.name[: -len(".md.j2")] for p in (REPO / "dagov/render/templates").glob("*.md.j2")}
    assert set(vocabulary.PAPER_TEMPLATES_BUILT_IN) <= shipped


def test_the_defaults_are_the_vocabularys():
    settings = Settings()
    assert (settings.amber, settings.stale, settings.marking) == (
        vocabulary.DEFAULT_AMBER_DAYS, vocabulary.DEFAULT_STALE_DAYS, vocabulary.DEFAULT_CLASSIFICATION)
    assert PersonalDataSettings().level == vocabulary.DEFAULT_PERSONAL_DATA_SEVERITY
    fields = fmt.SETTINGS.fields
    for name, default in (("amber_days", vocabulary.DEFAULT_AMBER_DAYS), ("stale_days", vocabulary.DEFAULT_STALE_DAYS),
                          ("classification", vocabulary.DEFAULT_CLASSIFICATION)):
        assert fields[name].description.endswith(f"(default {default})") and fields[name].example == default
    answers = init.Answers(organisation="Wessex Vale Police", start=dt.date(2014, 2, 3))
    assert init._organisation(answers)["settings"] == {
        "amber_days": vocabulary.DEFAULT_AMBER_DAYS, "stale_days": vocabulary.DEFAULT_STALE_DAYS,
        "classification": vocabulary.DEFAULT_CLASSIFICATION}


DEFAULTS_USED_IN = ("plan/model.py", "check/rules.py", "edit/init.py", "report/figures.py")
"""(The format's own use is checked above: its dates have 14th days.)"""


def test_the_default_days_and_marking_are_not_written_out_where_they_are_used():
    defaults = {vocabulary.DEFAULT_AMBER_DAYS, vocabulary.DEFAULT_STALE_DAYS, vocabulary.DEFAULT_CLASSIFICATION}
    written = [f"{module}:{node.lineno} {node.value!r}" for module in DEFAULTS_USED_IN
               for node in ast.walk(ast.parse((REPO / "dagov" / module).read_text(encoding="utf-8")))
               if isinstance(node, ast.Constant) and type(node.value) in (int, str) and node.value in defaults]
    assert written == [], "use vocabulary.DEFAULT_AMBER_DAYS, DEFAULT_STALE_DAYS or DEFAULT_CLASSIFICATION"


LISTS = {name: set(value) for name, value in vars(vocabulary).items()
         if isinstance(value, tuple) and len(value) >= 3 and not name.startswith("_")}


def _copies(path) -> list[str]:
    """Literal lists, tuples or sets in `path` that spell out a whole vocabulary list.

    (A dict keyed by the values, such as render.blocks.BLOCKS, is compared with its tuple by a test here.)"""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            continue
        words = {item.value for item in node.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)}
        found += [f"{path.relative_to(REPO)}:{node.lineno} repeats {name}" for name, values in LISTS.items()
                  if values <= words]
    return found


def test_no_module_writes_a_vocabulary_list_out_again():
    copies = [c for path in sorted((REPO / "dagov").rglob("*.py")) if path.name != "vocabulary.py"
              for c in _copies(path)]
    assert copies == [], "take these from dagov/plan/vocabulary.py"
