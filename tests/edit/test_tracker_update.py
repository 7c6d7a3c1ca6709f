"""`dagov import csv --update` (issue 17 item 2) and the importer's ids and owners (item 3): the
spreadsheet comes back into the files it was exported from, through the edit `dagov update` uses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.trees import write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan import json_schema
from dagov.plan.load import load_tree


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file but the lock file (which every writer leaves, empty)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".dagov.lock"}


def export(root: Path, path: Path, plan: str = "p1") -> list[list[str]]:
    result = run("export", "csv", str(root), "--plan", plan, "--as-of", "2014-07-25", "-o", str(path))
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def edited(table: list[list[str]], path: Path, **changes: dict[str, str]) -> Path:
    """`table` with cells changed: changes[action id with '_' for '.'] = {heading: value}."""
    heads = table[0]
    rows = [list(row) for row in table]
    for action, cells in changes.items():
        row = next(r for r in rows[1:] if r[heads.index("Action ID")] == action.replace("_", "."))
        for heading, value in cells.items():
            row[heads.index(heading)] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def update(source: Path, root: Path, *more: str, plan: str = "p1"):
    return run("import", "csv", str(source), str(root), "--plan", plan, "--update", "--date", "2014-07-25", *more)


def test_importing_ones_own_export_back_changes_nothing(example_copy, tmp_path):
    before = snapshot(example_copy)
    for plan in ("da-2014", "da-2014-2016"):
        source = tmp_path / f"{plan}.csv"
        result = run("export", "csv", str(example_copy), "--plan", plan, "--as-of", "2014-09-30", "--excel",
                     "-o", str(source))
        assert result.exit_code == 0, result.output
        result = update(source, example_copy, plan=plan)
        assert result.exit_code == 0, result.output
        assert result.output == f"nothing to change: every row of {source} says what the files say\n"
    assert snapshot(example_copy) == before


COMMENTED_R01 = "# Training: the first recommendation.\n"


def test_changes_are_applied_in_place_and_listed(tree_dir, tmp_path):
    root = tree_dir()
    path = root / "p1/recommendations/R01.yaml"
    path.write_text(COMMENTED_R01 + path.read_text().replace("    status: in-progress\n",
                                                              "    status: in-progress  # started in May\n"))
    before = path.read_text()
    table = export(root, tmp_path / "out.csv")
    source = edited(table, tmp_path / "in.csv", R01_2={
        "Status": "Complete", "Completed": "20/07/2014", "Owner": "Temporary Superintendent", "Due": "31/7/2014",
        "Latest update": "All sessions delivered.", "Latest update date": "21/07/2014",
        "Evidence": "Register <evidence/register.pdf>"})
    result = update(source, root)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "note: row 3: owner 'Temporary Superintendent' read as lead\n"
        "note: row 3: due '31/7/2014' read as 2014-07-31\n"
        "note: row 3: completed '20/07/2014' read as 2014-07-20\n"
        "note: row 3: latest update date '21/07/2014' read as 2014-07-21\n"
        f"{path}:\n"
        "  R01.2 (row 3): status: in-progress -> complete\n"
        "  R01.2 (row 3): completed: 2014-07-20\n"
        "  R01.2 (row 3): evidence added: Register (evidence/register.pdf)\n"
        "  R01.2 (row 3): update of 2014-07-21 by trainer added\n"
        "  R01.2 (row 3): owner: trainer -> lead\n"
        "  R01.2 (row 3): due: 2014-06-30 -> 2014-07-31\n"
        f"applied 6 change(s) to 1 file(s) of {root}/p1\n")
    after = path.read_text()
    assert after == before.replace(
        "    owner: trainer\n    due: 2014-06-30\n    status: in-progress  # started in May\n",
        "    owner: lead\n    due: 2014-07-31\n    status: complete  # started in May\n    completed: 2014-07-20\n"
    ).replace("        reason: Summer leave.\n",
              "        reason: Summer leave.\n"
              "    evidence:\n      - title: Register\n        link: evidence/register.pdf\n"
              "    updates:\n      - date: 2014-07-21\n        by: trainer\n        note: All sessions delivered.\n")
    assert after.startswith(COMMENTED_R01)
    # the same spreadsheet again: already applied, nothing to change
    assert update(source, root).output == f"nothing to change: every row of {source} says what the files say\n"
    assert path.read_text() == after
    assert run("check", str(root)).exit_code == 0


def test_dry_run_shows_the_diff_and_writes_nothing(tree_dir, tmp_path):
    root = tree_dir()
    before = snapshot(root)
    source = edited(export(root, tmp_path / "out.csv"), tmp_path / "in.csv", R01_2={"Status": "blocked",
                                                                                   "Latest update": "No trainer."})
    result = update(source, root, "--dry-run")
    assert result.exit_code == 0, result.output
    path = root / "p1/recommendations/R01.yaml"
    assert result.output == (
        "note: row 3: the new update of R01.2 has no date of its own; dated 2014-07-25\n"
        f"--- {path}\n+++ {path}\n@@ -26,9 +26,14 @@\n"
        "     title: Deliver the course\n     owner: trainer\n     due: 2014-06-30\n"
        "-    status: in-progress\n+    status: blocked\n"
        "     partners: [county-council]\n     extensions:\n       - to: 2014-07-31\n"
        "         meeting: 2014-03-12\n         reason: Summer leave.\n"
        "+    updates:\n+      - date: 2014-07-25\n+        by: trainer\n+        note: No trainer.\n+        status: blocked\n"
        f"{path}:\n  R01.2 (row 3): status: in-progress -> blocked\n"
        "  R01.2 (row 3): update of 2014-07-25 by trainer added\n"
        "(dry run: 2 change(s) to 1 file(s) shown; nothing written)\n")
    assert snapshot(root) == before


def test_an_edit_to_something_changed_since_the_export_is_refused(tree_dir, tmp_path):
    root = tree_dir()
    table = export(root, tmp_path / "out.csv")
    # after the export, someone records progress on R01.2 with dagov update
    assert run("update", "R01.2", str(root), "--note", "Half done.", "--date", "2014-07-20").exit_code == 0
    before = snapshot(root)
    source = edited(table, tmp_path / "in.csv", R01_2={"Status": "complete", "Completed": "2014-07-24"})
    result = update(source, root)
    assert result.exit_code == 1
    assert result.output == (
        f"dagov: {source}: nothing written. The files changed since the export where these rows differ from them, "
        "so their edits could overwrite someone's work: export again, make your changes in the new export and "
        "import that:\n  row 3: R01.2 (Status, Completed, Latest update)\n")
    assert snapshot(root) == before
    # the unedited rows of the old export leave the new update alone; an edit elsewhere still applies
    source = edited(table, tmp_path / "in.csv", R02_1={"Latest update": "Lead named.", "Latest update date": "2014-03-01"})
    result = update(source, root)
    assert result.exit_code == 0, result.output
    assert "  R02.1 (row 4): update of 2014-03-01 by chief-constable added\n" in result.output
    assert "note: Half done." in (root / "p1/recommendations/R01.yaml").read_text()


def test_what_update_does_not_do_is_refused_naming_each_row(tree_dir, tmp_path):
    root = tree_dir()
    before = snapshot(root)
    table = export(root, tmp_path / "out.csv")
    source = edited(table, tmp_path / "in.csv",
                    R01_1={"Action": "Write the course again", "Evidence": ""},
                    R01_2={"Due": "soon", "Latest update": "x"},
                    R02_1={"Status": "done-ish", "Owner": "DCI Smith"})
    result = update(source, root)
    assert result.exit_code == 1
    org = root / "organisation.yaml"
    r01 = root / "p1/recommendations/R01.yaml"
    assert result.output == (
        f"dagov: {source}: nothing written. 1 owner is not the id, title or holder of a role in {org}: 'DCI Smith' "
        "(row 4). Say which role each is with --role 'DCI Smith=ROLE' (repeat for each), or add the post first: "
        "dagov new role ID --title TITLE --holder NAME. The roles: chief-constable (Chief Constable, A. Chief); "
        "lead (Temporary Superintendent, B. Lead); trainer (Head of Learning)\n"
        "These rows ask for what --update does not do:\n"
        f"  row 2: Action of R01.1 changed; --update applies statuses, dates, owners, updates and evidence: "
        f"change the rest in {r01}\n"
        "  row 3: Due 'soon' of R01.2 is not a date; write it as YYYY-MM-DD or DD/MM/YYYY\n"
        "  row 4: Status 'done-ish' of R02.1 is not one of not-started, in-progress, complete, blocked, cancelled\n")
    assert snapshot(root) == before


def test_rows_update_cannot_place_and_an_export_without_fingerprints(tree_dir, tmp_path):
    root = tree_dir()
    table = export(root, tmp_path / "out.csv")
    table.append(["p1", "R01", *table[1][2:12], "R01.3", "New action", *[""] * (len(table[0]) - 14)])
    table.append(["p1", "R09", *[""] * 10, "R09.1", "Another", *[""] * (len(table[0]) - 14)])
    source = edited(table, tmp_path / "in.csv")
    result = update(source, root)
    assert result.exit_code == 1
    assert result.output == (
        f"dagov: {source}: nothing written. These rows ask for what --update does not do:\n"
        "  row 5: action R01.3 is not in R01's file; --update changes the actions the files hold "
        "(add one with dagov new action R01)\n"
        "  row 6: recommendation R09 is not in plan p1; --update changes the recommendations the files hold "
        "(add a new one with dagov new recommendation, or import it without --update)\n")
    table = export(root, tmp_path / "fresh.csv")
    source = edited(table, tmp_path / "in.csv", R01_2={"Status": "blocked", "Fingerprint": ""})
    result = update(source, root)
    assert result.exit_code == 1
    assert result.output == (
        f"dagov: {source}: nothing written. These rows ask for what --update does not do:\n"
        "  row 3: the Fingerprint of R01.2 is empty, so its edits cannot be told from changes made to the files "
        "since the export; put the exported fingerprint back, or export again\n")
    without = tmp_path / "old.csv"
    without.write_text("Ref,Action ref,Action,Status\nR01,R01.2,Deliver the course,Complete\n")
    result = update(without, root)
    assert result.exit_code == 1
    assert result.output == (
        f"dagov: {without}: nothing written: --update needs the 'Fingerprint' column that dagov export csv writes "
        "(it tells your edits from changes made to the files since the export); export the plan again, make your "
        "changes in that file and import it\n")


def test_a_recommendations_owner_and_due_date_and_a_person_mapped_to_a_role(tree_dir, tmp_path):
    root = tree_dir()
    table = export(root, tmp_path / "out.csv")
    source = edited(table, tmp_path / "in.csv",
                    R01_1={"Recommendation owner": "Jo Bloggs", "Recommendation due": "1 Aug 2014"},
                    R01_2={"Recommendation owner": "Jo Bloggs", "Recommendation due": "2014-08-01"})
    result = update(source, root, "--role", "Jo Bloggs=lead")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:] == [
        "  R01 (row 2): owner: trainer -> lead", "  R01 (row 2): due: 2014-06-30 -> 2014-08-01",
        f"applied 2 change(s) to 1 file(s) of {root}/p1"]
    rec = load_tree(root)[0].plans["p1"].recommendations["R01"]
    assert (rec.owner, rec.due.isoformat()) == ("lead", "2014-08-01")
    # two rows of one recommendation that disagree are refused (on a fresh export)
    table = export(root, tmp_path / "out2.csv")
    source = edited(table, tmp_path / "in.csv", R01_1={"Recommendation owner": "trainer"},
                    R01_2={"Recommendation owner": "chief-constable"})
    result = update(source, root)
    assert result.exit_code == 1
    assert result.output == (f"dagov: {source}: nothing written. These rows ask for what --update does not do:\n"
                             "  rows 2 and 3 give R01 different recommendation owners; make them the same\n")


# --- property: any edits, applied, read back as edited; applying again changes nothing ----------------

STATUSES = ["not-started", "in-progress", "complete", "blocked", "cancelled"]
ROLES = ["chief-constable", "lead", "trainer", "Head of Learning", "B. Lead"]
ROLE_IDS = {"Head of Learning": "trainer", "B. Lead": "lead"}
EDIT = st.fixed_dictionaries({}, optional={
    "Status": st.sampled_from(STATUSES),
    "Owner": st.sampled_from(ROLES),
    "Due": st.dates(min_value=__import__("datetime").date(2014, 3, 1),
                    max_value=__import__("datetime").date(2014, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    "Latest update": st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=20)
    .map(str.strip).filter(bool),
    "Evidence": st.just("Note <evidence/note.pdf>"),
})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.fixed_dictionaries({"R01_1": EDIT, "R01_2": EDIT, "R02_1": EDIT}))
def test_any_edits_read_back_as_edited_and_applying_them_again_changes_nothing(tmp_path_factory, edits):
    tmp_path = tmp_path_factory.mktemp("edits")
    root = write_tree(tmp_path / "plans", {})
    table = export(root, tmp_path / "out.csv")
    heads = table[0]
    for action, cells in edits.items():  # evidence is added below what is there
        old = next(r for r in table[1:] if r[heads.index("Action ID")] == action.replace("_", "."))
        if "Evidence" in cells:
            cells["Evidence"] = "\n".join(x for x in (old[heads.index("Evidence")], cells["Evidence"]) if x)
    source = edited(table, tmp_path / "in.csv", **edits)
    result = update(source, root)
    if result.exit_code != 0:  # only the plan's own rules may refuse (e.g. an update dated before the last)
        assert "would add" in result.output, result.output
        return
    again = export(root, tmp_path / "again.csv")
    for action, cells in edits.items():
        row = next(r for r in again[1:] if r[heads.index("Action ID")] == action.replace("_", "."))
        for heading, value in cells.items():
            got = row[heads.index(heading)]
            if heading == "Owner":
                assert got == ROLE_IDS.get(value, value)
            elif heading == "Due":
                assert got == __import__("datetime").datetime.strptime(value, "%d/%m/%Y").date().isoformat()
            elif heading == "Latest update":
                assert got == value
            else:
                assert got == value
    before = snapshot(root)
    assert update(source, root).exit_code == 0
    assert snapshot(root) == before
    assert update(tmp_path / "again.csv", root).output.startswith("nothing to change")


# --- item 3: ids are strings, owners are roles ------------------------------------------------------


@pytest.fixture
def empty_plan(tree_dir):
    return tree_dir({"p1/recommendations/R01.yaml": None, "p1/recommendations/R02.yaml": None,
                     "p1/meetings/2014-03-12.yaml": None})


class Yaml12(yaml.SafeLoader):
    """How an editor (YAML 1.2) reads a file, near enough: dates stay text, numbers are numbers."""


Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_ids_that_look_like_numbers_are_written_quoted_and_read_back_as_text(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text("Ref,Recommendation title,Recommendation text,Area,Timescale,Action ref,Action,Action owner,"
                      "Target date,Status\n"
                      "1,Train,Train everyone.,training,3,1.10,Write the course,trainer,01/09/2014,Not started\n"
                      ",,,,,1.2,Run the course,B. Lead,01/10/2014,Not started\n")
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1")
    assert result.exit_code == 0, result.output
    text = (empty_plan / "p1/recommendations/1.yaml").read_text()
    assert '\nid: "1"\n' in text and '  - id: "1.10"\n' in text and '\ntimescale: "3"\n' in text
    assert "    owner: lead\n" in text  # B. Lead holds the post: the role, never a role named after her
    rec = load_tree(empty_plan)[0].plans["p1"].recommendations["1"]
    assert [a.id for a in rec.actions] == ["1.10", "1.2"]
    validator = jsonschema.Draft202012Validator(json_schema.schema_for("recommendation"))
    assert list(validator.iter_errors(yaml.load(text, Loader=Yaml12))) == []
    unquoted = text.replace('"1.10"', "1.10")
    assert [e.message for e in validator.iter_errors(yaml.load(unquoted, Loader=Yaml12))] == ["1.1 is not of type 'string'"]


def test_a_person_with_a_rank_is_read_as_the_post_they_hold(example_copy, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text("Ref,Action ref,Action,Action owner,Target date,Status\n"
                      "L09,L09.1,Audit the referrals,DCI Pritchard,01/03/2015,Not started\n"
                      ",L09.2,Report to the board,dr ruth callow,01/04/2015,Not started\n")
    result = run("import", "csv", str(source), str(example_copy), "--plan", "da-2014-2016")
    assert result.exit_code == 0, result.output
    assert "note: row 2: owner 'DCI Pritchard' read as head-daisu (its holder)" in result.output.splitlines()
    assert "note: row 3: owner 'dr ruth callow' read as head-performance-analysis (its holder)" in result.output.splitlines()
    actions = load_tree(example_copy)[0].plans["da-2014-2016"].recommendations["L09"].actions
    assert [a.owner for a in actions] == ["head-daisu", "head-performance-analysis"]
    from helpers.trees import EXAMPLE

    assert (example_copy / "organisation.yaml").read_bytes() == (EXAMPLE / "organisation.yaml").read_bytes()


def test_a_spreadsheet_that_rewrote_the_dates_and_dropped_the_bom_changed_nothing(example_copy, tmp_path):
    """Excel saves dates as it shows them (12/06/2014): that is no edit, and no conflict."""
    import re

    before = snapshot(example_copy)
    out = tmp_path / "out.csv"
    assert run("export", "csv", str(example_copy), "--plan", "da-2014", "--excel", "-o", str(out)).exit_code == 0
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    iso = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
    resaved = [[iso.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", cell) if iso.fullmatch(cell) else cell for cell in row]
               for row in table]  # a cell that is a date, as a spreadsheet shows it (meeting ids too)
    assert resaved != table
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(resaved)
    source = tmp_path / "resaved.csv"
    source.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    result = update(source, example_copy, plan="da-2014")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"nothing to change: every row of {source} says what the files say\n")
    assert snapshot(example_copy) == before


def test_an_update_that_would_add_errors_is_refused_without_citing_lines_of_unwritten_text(tree_dir, tmp_path):
    root = tree_dir()
    before = snapshot(root)
    source = edited(export(root, tmp_path / "out.csv"), tmp_path / "in.csv",
                    R01_2={"Latest update": "Rang 07700 900123."})
    result = update(source, root)
    assert result.exit_code == 1
    path = root / "p1/recommendations/R01.yaml"
    assert result.output == (
        "note: row 3: the new update of R01.2 has no date of its own; dated 2014-07-25\n"
        "dagov: nothing written: the update would add 1 error(s):\n"
        f"  {path} (as it would be written): error [personal-data] this looks like a UK phone number ('077…'); "
        "personal data must not be committed to a plan that may be published: remove it or refer to the person by "
        "role; if it is not personal data, add the exact text to settings: personal_data: allow: in "
        f"{root}/organisation.yaml\n")
    assert snapshot(root) == before
