"""`dagov schema`: export JSON Schema for editors and other validators."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import typer

from dagov.cli.common import choices, fail_usage
from dagov.plan.vocabulary import FILE_KINDS

KINDS_OR = f"{', '.join(FILE_KINDS[:-1])} or {FILE_KINDS[-1]}"

HELP = f"""Print the JSON Schema (draft 2020-12) of one kind of plan file, or write all of
them to a folder with --write.

KIND is one of: {', '.join(FILE_KINDS)}. The schemas are
generated from the same definitions `dagov check` reads with, and give editors (VS Code's
YAML extension and others) validation, hover help and completion of field names and
allowed values. The usual place for them is schemas/ at the root of the governance
repository: `dagov schema --write schemas` (see docs/editors.md).

An existing schema file with different content is left alone unless --force is given;
when anything would be refused, nothing is written."""

EXIT_CODES = """Exit codes: 0 printed or written; 1 refused to overwrite a file (use --force) or could not write;
2 usage error (no KIND and no --write, unknown KIND, DIR is a file, the folder above DIR is missing)."""


if TYPE_CHECKING:  # a type checker cannot read members made at run time
    Kind = enum.Enum
else:
    Kind = choices("Kind", FILE_KINDS, __name__)


def schema(
    kind: Kind = typer.Argument(None, help=f"The kind of file: {KINDS_OR}. "
                                           "With --write and no KIND, every kind is written.", show_default=False,
                                metavar="KIND"),
    write: str = typer.Option(None, "--write", "-w", metavar="DIR",
                              help="Write <kind>.schema.json files into DIR (created if missing; the folder above it must exist) "
                                   "instead of printing."),
    force: bool = typer.Option(False, "--force", help="With --write, replace schema files whose content differs."),
) -> None:
    from dagov.plan import json_schema

    if write is None:
        if kind is None:
            raise fail_usage(f"give a KIND to print ({KINDS_OR}), "
                             "or --write DIR to write them all, e.g. dagov schema --write schemas")
        typer.echo(json_schema.schema_text(kind.value), nl=False)
        return
    kinds = (kind.value,) if kind is not None else json_schema.KINDS
    from dagov.edit import safepath

    # DIR is created if missing, but only DIR; a schema file may not be a link leading out
    safepath.output_folder("--write", write, "give a folder, e.g. --write schemas")
    for name in kinds:
        safepath.inside(write, json_schema.file_name(name), "the folder")
    from dagov.edit.schemas import write_schemas

    try:
        results = write_schemas(write, kinds, force=force)  # a WriteFailed is reported as any DagovError
    except OSError as err:
        typer.echo(f"dagov: cannot write schemas into {write}: {err.strerror or err}", err=True)
        raise typer.Exit(1) from None
    refused = [path for path, status in results if status == "refused"]
    if refused:
        for path in refused:
            typer.echo(f"dagov: {path} already exists with different content; nothing was written. "
                       "Use --force to replace it with the schema of this dagov version.", err=True)
        raise typer.Exit(1)
    for path, status in results:
        typer.echo(f"{status} {path}")
