"""`dagov export csv` and `dagov import csv`: the plan as a spreadsheet tracker, and back."""

from __future__ import annotations

import os

import typer

from dagov.cli.common import HELP_OPTIONS, complete_plans, fail_usage, parse_as_of, parse_date, plans_argument, require_plans_dir, writing

EXPORT_HELP = """Write the plan as a spreadsheet: one row per action with its recommendation, key area,
owner (id and title), due and effective due dates, status, latest update and evidence
links as the files hold them, and, as of --as-of, the effective due date, the status on that
date and the RAG (with the reason). Without --plan, plans that had not started by --as-of
are left out.

CSV as RFC 4180 (UTF-8; --excel adds the byte-order mark Excel needs to read it as UTF-8).
Cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with a single quote, so opening the file never runs anything."""

EXPORT_EXIT_CODES = """Exit codes: 0 written; 1 refused (-o FILE exists without --force); 2 usage error
(unknown plan, bad --as-of, missing plans directory, FILE's folder missing)."""

IMPORT_HELP = """Turn a spreadsheet tracker saved as CSV (one row per action, recommendations repeated
or left blank under their first row) into recommendation files of plan --plan; with
--update, apply an edited export of dagov's back to the files it came from.

Headings are matched to fields by name (the export's headings and common ones such as
'Ref', 'Action owner', 'Target date', 'Progress update'); --map 'Heading=field' reads
any other column. Dates in British forms (01/09/2014, 1 Sept 2014) are converted and
listed. Owners are matched to roles by id, title or holder's name; any other owner (a
person, a post not yet there) is refused with its rows: map it with --role 'NAME=ROLE'
or add it with `dagov new role`. Key areas the plan does not know are added to plan.yaml
marked 'confirm it', and listed. Values that cannot be read are left empty for `dagov
check` to point at. Existing recommendation files are never overwritten.

--update: each changed status, completed or due date, owner, new update (a changed
'Latest update') and new evidence line is applied through the edit `dagov update` makes,
and listed; --dry-run shows the diff. The Fingerprint column records what each row held
when exported: an edit to something changed in the files since then is refused, as is a
change --update does not make (titles, text, removing anything). All or nothing.

Fields for --map: recommendation, kind, recommendation_title, recommendation_text, area,
recommendation_owner, timescale, recommendation_due, recommendation_status, closed_at, action,
action_title, owner, due, extensions, status, completed, update_date, update_by, update_note,
evidence, plan, fingerprint, or ignore."""

IMPORT_EXIT_CODES = """Exit codes: 0 imported or updated (or shown, with --dry-run); 1 refused (a
recommendation file already exists, an owner is no role, --update meets a conflict or a
change it does not make, or the result would add errors to the plan; nothing written);
2 usage error (unreadable CSV, unknown plan, field or role, missing plans directory)."""

export_app = typer.Typer(help="Write the plan in another format.", no_args_is_help=True, rich_markup_mode=None,
                         context_settings=HELP_OPTIONS)
import_app = typer.Typer(help="Bring a plan in from another format.", no_args_is_help=True, rich_markup_mode=None,
                         context_settings=HELP_OPTIONS)


@export_app.command("csv", help=EXPORT_HELP, epilog=EXPORT_EXIT_CODES)
def export_csv(
    plans: str = plans_argument(),
    plan: list[str] = typer.Option(None, "--plan", metavar="ID", help="Only this plan (repeat for several; default: every plan).",
                                    autocompletion=complete_plans),
    output: str = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE instead of the screen."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Date the RAG is worked out for (YYYY-MM-DD; default today)."),
    excel: bool = typer.Option(False, "--excel", help="Start the file with a UTF-8 byte-order mark, for Excel."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    recorded: bool = typer.Option(False, "--recorded", help="With --as-of: export the plans as committed at the end "
                                  "of that day (see dagov status --help)."),
) -> None:
    from dagov.cli.reporting import as_recorded
    from dagov.edit import safepath

    # before the (slow) load, so a bad -o costs nothing
    safepath.texts(("PLANS", plans), ("--plan", plan))
    if output is not None:
        safepath.output_file("-o", output)
    require_plans_dir(plans)
    date = parse_as_of(as_of)
    from dagov.plan.choice import plan_named
    from dagov.plan.load import load_tree
    from dagov.report import csv_export

    tree, _ = load_tree(plans)
    tree = as_recorded(plans, tree, date, recorded)
    folders = [plan_named(tree, p).folder for p in plan or ()]
    table = csv_export.rows(tree, date, folders or None)
    data = csv_export.to_csv(table, excel)
    if output is None:
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from dagov.edit.transaction import write_output

    write_output(output, data, overwrite=force, plans=plans)
    typer.echo(f"wrote {output} ({len(table) - 1} rows)")


@import_app.command("csv", help=IMPORT_HELP, epilog=IMPORT_EXIT_CODES)
def import_csv(
    file: str = typer.Argument(..., metavar="FILE", help="The CSV file (UTF-8, or Excel's Windows-1252)."),
    plans: str = plans_argument(),
    plan: str = typer.Option(..., "--plan", metavar="ID", help="The plan the recommendations belong to (its folder must exist).",
                              autocompletion=complete_plans),
    update: bool = typer.Option(False, "--update", help="Apply the spreadsheet's changes to the recommendation files "
                                "it was exported from (statuses, dates, owners, new updates and evidence)."),
    map_: list[str] = typer.Option(None, "--map", metavar="COLUMN=FIELD", help="Read column COLUMN as FIELD; repeat for several."),
    role: list[str] = typer.Option(None, "--role", metavar="NAME=ROLE",
                                   help="Read the owner NAME (e.g. a person's name) as role ROLE; repeat for several."),
    date: str = typer.Option(None, "--date", metavar="DATE", help="Date for updates the CSV gives without one (YYYY-MM-DD; default today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be written (with --update, as a diff), and write nothing."),
) -> None:
    from dagov.edit import safepath

    safepath.texts(("PLANS", plans), ("--map", map_), ("--role", role), ("--date", date))
    safepath.identifier("--plan", plan, safepath.PLAN)
    require_plans_dir(plans)
    import os

    overrides = _pairs("--map", map_, "COLUMN=FIELD", "--map 'Lead officer=owner'")
    roles = _pairs("--role", role, "NAME=ROLE", "--role 'DCI Smith=head-daisu'")
    from dagov.edit.csv_import import MAX_CSV_BYTES
    from dagov.plan.files import os_reason, read_regular

    try:  # a regular file only, size-limited: a pipe or /dev/zero must not hang or fill memory
        data = read_regular(file, MAX_CSV_BYTES)
    except OSError as err:
        raise fail_usage(f"cannot read '{file}': {os_reason(err)}") from None
    default_date = parse_as_of(None) if date is None else parse_date(date, "--date")
    with writing(plans, lock=not dry_run) as txn:
        if update:
            _update(txn, plans, plan, file, data, overrides, roles, default_date, dry_run)
            return
        result, _ = _plan_import(txn, plans, plan, file, data, overrides, roles, default_date)
        if dry_run:
            for rel, content in result.files.items():
                typer.echo(f"--- would create {os.path.join(plans, rel)}")
                typer.echo(content.decode("utf-8"), nl=False)
            for rel in result.edits:
                typer.echo(f"--- would add entries to confirm to {os.path.join(plans, rel)}")
            typer.echo("(dry run: nothing written)")
            return
        txn.commit()
    typer.echo(f"imported {len(result.files)} recommendation(s) into {os.path.join(plans, plan)}")


def _pairs(option: str, items: list[str] | None, form: str, example: str) -> dict[str, str]:
    """'LEFT=RIGHT' options as a dict; the last '=' splits (a column heading may hold one)."""
    pairs: dict[str, str] = {}
    for item in items or ():
        left, sep, right = item.rpartition("=")
        if not sep or not left.strip():
            raise fail_usage(f"{option} '{item}' should be {form}, e.g. {example}")
        pairs[left] = right.strip()
    return pairs


def _role_map(tree, roles: dict[str, str]) -> dict[str, str]:
    """--role NAME=ROLE with each ROLE as a role id (given by id or title)."""
    from dagov.plan.lookup import role_id

    return {name: role_id(tree, f"in --role '{name}={given}', ROLE", given) or given for name, given in roles.items()}


def _plan_import(txn, plans: str, plan: str, file: str, data: bytes, overrides: dict[str, str], roles: dict[str, str],
                 default_date):
    """Read the plan (under the lock), work out the import, add it to `txn` and judge it: (result, verdict)."""
    import os

    from dagov.check.run import check
    from dagov.edit import csv_import, safepath
    from dagov.plan.choice import plan_named

    now = check(plans)  # what the import is judged against
    tree = now.tree
    # An EditError when organisation.yaml or plan.yaml is laid out in a way dagov cannot extend,
    # a RefusedError when one could not be read again.
    result = csv_import.plan_import(tree, plans, plan_named(tree, plan), data, overrides, default_date, source=file,
                                    role_map=_role_map(tree, roles))
    # ids from the CSV passed their pattern; a symbolic link could still lead out
    for rel in (*result.files, *result.edits):
        safepath.inside(plans, rel)
    existing = [rel for rel in result.files if os.path.exists(os.path.join(plans, rel))]
    if existing:
        typer.echo("dagov: nothing written: these recommendation files already exist and dagov never overwrites "
                   "them: " + ", ".join(os.path.join(plans, rel) for rel in existing)
                   + "; to apply the spreadsheet's changes to them, add --update", err=True)
        raise typer.Exit(1)
    for rel, (before, after) in result.edits.items():
        txn.add(rel, after, expected=before)
    for rel, content in result.files.items():
        txn.add(rel, content)
    verdict = txn.judge(allow_placeholders=True, also_allowed={"completed-date"}, now=now)
    _report(result.report, verdict)
    _refuse_errors(verdict, "the import", {txn.path(rel) for rel in (*result.files, *result.edits)})
    return result, verdict


def _refuse_errors(verdict, what: str, unwritten: set[str]) -> None:
    """Exit 1 listing the errors the change would add; one in a file not written is named by its
    file alone (a line of it would point at nothing on disk)."""
    if not verdict.ok:
        from dagov.textsafe import one_line

        typer.echo(f"dagov: nothing written: {what} would add {len(verdict.added_errors)} error(s):", err=True)
        for finding in verdict.added_errors:
            typer.echo("  " + (f"{one_line(finding.path)} (as it would be written): {finding.severity} [{finding.rule}] "
                               f"{one_line(finding.message)}" if finding.path in unwritten else finding.as_text()),
                       err=True)
        raise typer.Exit(1)


def _update(txn, plans: str, plan: str, file: str, data: bytes, overrides: dict[str, str], roles: dict[str, str],
            default_date, dry_run: bool) -> None:
    """--update: apply the edited export to the files it came from, all or nothing."""
    from dagov.check.run import check
    from dagov.edit import csv_update, safepath
    from dagov.plan.choice import plan_named

    now = check(plans)
    tree = now.tree
    result = csv_update.plan_update(tree, plans, plan_named(tree, plan), data, overrides, default_date, source=file,
                                    role_map=_role_map(tree, roles))
    for note in result.report.notes:
        typer.echo(f"note: {note}")
    if not result.edits:
        typer.echo(f"nothing to change: every row of {file} says what the files say")
        return
    for edit in result.edits:
        safepath.inside(plans, edit.rel)
        txn.add(edit.rel, edit.after, expected=edit.before)
    verdict = txn.judge(now=now)
    _refuse_errors(verdict, "the update", {edit.path for edit in result.edits})
    if dry_run:
        from dagov.cli.common import diff

        for edit in result.edits:
            typer.echo(diff(edit), nl=False)
    else:
        txn.commit()
    for edit in result.edits:
        typer.echo(f"{edit.path}:")
        for line in edit.changes:
            typer.echo(f"  {line}")
    count = sum(len(e.changes) for e in result.edits)
    if dry_run:
        typer.echo(f"(dry run: {count} change(s) to {len(result.edits)} file(s) shown; nothing written)")
    else:
        typer.echo(f"applied {count} change(s) to {len(result.edits)} file(s) of {os.path.join(plans, plan)}")


def _report(report, verdict) -> None:
    for note in report.notes:
        typer.echo(f"note: {note}")
    if report.to_confirm:
        typer.echo("to confirm (added, marked 'confirm it'):")
        for line in report.to_confirm:
            typer.echo(f"  {line}")
    if verdict.placeholders:
        typer.echo(f"{len(verdict.placeholders)} value(s) still to fill in (`dagov check` lists them until they are)")
