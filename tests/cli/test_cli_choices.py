"""The CLI's choice lists are written out (so start-up need not import the format); they must match it."""

from dagov.plan import format as fmt
from dagov.cli import schema as schema_cmd
from dagov.cli import update as update_cmd


def test_update_choices_are_the_formats_values():
    assert [s.value for s in update_cmd.Status] == list(fmt.ACTION_STATUSES)
    assert [r.value for r in update_cmd.Rag] == list(fmt.RAGS)


def test_schema_kinds_are_the_file_kinds():
    assert [k.value for k in schema_cmd.Kind] == list(fmt.FILE_KINDS)
