"""`dagov export csv` and `dagov import csv`: RFC 4180, formula neutralising, British dates, round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from helpers.trees import write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.dates import parse_british
from dagov.report.csv_export import neutralise, restore

HEADER = ("Plan,Recommendation ID,Kind,Recommendation title,Recommendation text,Area,Area title,Recommendation owner,"
          "Timescale,Recommendation due,Recommendation status,Closed at meeting,Action ID,Action,Owner,Owner title,Due,"
          "Extensions,Effective due,Status,Completed,Status on the as-of date,RAG,RAG reason,Latest update date,Latest update by,Latest update,"
          "Evidence,Fingerprint\r\n")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def example(example_copy):
    return example_copy


def test_export_writes_one_row_per_action_with_rag_as_of_the_date(tree_dir):
    result = run("export", "csv", str(tree_dir()), "--as-of", "2014-07-25")
    assert result.exit_code == 0
    # the last column: what the row held, as two short hashes (recommendation-action), for import --update
    table = list(csv.reader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    prints = [row[-1] for row in table[1:]]
    assert all(re.fullmatch(r"r[0-9a-f]{8}-a[0-9a-f]{8}", p) for p in prints)
    assert prints[0].split("-")[0] == prints[1].split("-")[0] != prints[2].split("-")[0]  # R01, R01, R02
    assert len(set(prints)) == 3
    text = result.stdout_bytes.decode()
    for number, fingerprint in enumerate(prints, start=1):
        text = text.replace(fingerprint, f"FP{number}")
    assert text == HEADER + (
        "p1,R01,recommendation,Train everyone,The force should train everyone.,training,Training,trainer,"
        "within three months,2014-06-30,open,,R01.1,Write the course,trainer,Head of Learning,2014-04-30,,2014-04-30,"
        "complete,2014-04-20,complete,complete,complete on 2014-04-20,2014-03-10,trainer,Drafting.,"
        "Course pack <evidence/course.pdf>,FP1\r\n"
        "p1,R01,recommendation,Train everyone,The force should train everyone.,training,Training,trainer,"
        "within three months,2014-06-30,open,,R01.2,Deliver the course,trainer,Head of Learning,2014-06-30,"
        "2014-07-31 (meeting 2014-03-12): Summer leave.,2014-07-31,in-progress,,in-progress,amber,"
        "\"amber: due 2014-07-31, in 6 days\",,,,,FP2\r\n"
        "p1,R02,recommendation,Lead from the top,Leaders should lead.,leadership,Leadership,chief-constable,"
        "within one month,2014-03-31,closed,2014-03-12,R02.1,Name a lead,chief-constable,Chief Constable,2014-03-01,,"
        "2014-03-01,complete,2014-02-20,complete,complete,complete on 2014-02-20,,,,Force order <evidence/order.pdf>,FP3\r\n")


def test_export_as_of_an_earlier_date_gives_each_action_its_status_then_and_leaves_out_later_plans(example):
    import csv
    import io

    result = run("export", "csv", str(example), "--as-of", "2014-06-12")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode())))
    assert {row["Plan"] for row in table} == {"da-2014"}  # da-2014-2016 started in September
    by_id = {row["Action ID"]: row for row in table}
    assert (by_id["R03.2"]["Status"], by_id["R03.2"]["Status on the as-of date"]) == ("complete", "in-progress")
    assert (by_id["R13.5"]["Status"], by_id["R13.5"]["Status on the as-of date"]) == ("cancelled", "blocked")


def test_export_neutralises_formulas(tree_dir):
    root = tree_dir({"p1/recommendations/R03.yaml": """\
        id: R03
        kind: recommendation
        title: "=HYPERLINK(\\"http://evil.example\\", \\"click\\")"
        text: "+1 and -1"
        area: training
        owner: trainer
        timescale: "@once"
        due: 2014-06-30
        status: open
        actions:
          - id: R03.1
            title: "-2+3"
            owner: trainer
            due: 2014-06-30
            status: in-progress
            updates:
              - date: 2014-05-01
                by: trainer
                note: "'=already quoted"
    """})
    result = run("export", "csv", str(root), "--as-of", "2014-05-01")
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode())))
    row = rows[-1]
    header = rows[0]
    assert row[header.index("Recommendation title")] == "'=HYPERLINK(\"http://evil.example\", \"click\")"
    assert row[header.index("Recommendation text")] == "'+1 and -1"
    assert row[header.index("Timescale")] == "'@once"
    assert row[header.index("Action")] == "'-2+3"
    assert row[header.index("Latest update")] == "''=already quoted"
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for r in rows for cell in r)


@given(st.text())
def test_neutralised_cells_are_restored_exactly(cell):
    assert restore(neutralise(cell)) == cell
    assert neutralise(cell)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_excel_export_has_a_byte_order_mark_and_refuses_to_overwrite(tree_dir, tmp_path):
    root = tree_dir()
    out = tmp_path / "plan.csv"
    result = run("export", "csv", str(root), "--as-of", "2014-05-01", "--excel", "-o", str(out))
    assert result.exit_code == 0
    assert result.output == f"wrote {out} (3 rows)\n"
    assert out.read_bytes().startswith(b"\xef\xbb\xbfPlan,Recommendation ID,")
    result = run("export", "csv", str(root), "--as-of", "2014-05-01", "-o", str(out))
    assert result.exit_code == 1
    assert result.output == f"dagov: {out} already exists; dagov never overwrites a file unless you add --force\n"


def test_export_of_an_unknown_plan(tree_dir):
    result = run("export", "csv", str(tree_dir()), "--plan", "p2")
    assert result.exit_code == 2


def test_round_trip_export_import_export_gives_the_same_csv(example, tmp_path):
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    assert run("export", "csv", str(example), "--plan", "da-2014", "--as-of", "2014-09-30", "-o", str(first)).exit_code == 0
    for path in (example / "da-2014/recommendations").glob("*.yaml"):
        path.unlink()
    result = run("import", "csv", str(first), str(example), "--plan", "da-2014", "--date", "2014-09-30")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"imported 15 recommendation(s) into {example}/da-2014\n")
    assert run("export", "csv", str(example), "--plan", "da-2014", "--as-of", "2014-09-30", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    assert run("check", str(example)).exit_code == 0


MESSY = """\
Ref,Recommendation,Key area,Action ref,Action,Action owner,Target date,Status,Progress update,Date of update,RAG\r
R01 ,"The force should train everyone.  ",Training,R01.1,Write the course ,Head of Learning,01/09/2014,Complete,Course written.  ,1 Sept 2014,Green\r
,,,R01.2,Deliver the course,D/Supt Smith,1 September 2014,In progress,Half delivered.,15/09/2014,Amber\r
,,,,Evaluate the course,trainer,31/02/2014,not started,,,\r
,,,,,,,,,,\r
R02,Leaders should lead.,Leadership,R02.1,Name a lead,A. Chief,2014-03-01,Ongoing,=cmd(),,\r
"""

R01_IMPORTED = """\
# yaml-language-server: $schema=../../../schemas/recommendation.schema.json
id: R01
kind: recommendation
title:  # to fill in: a short title
text: The force should train everyone.
area: training
owner: trainer
timescale:  # to fill in: the timescale as the report wrote it
due: 2014-09-01
status: open

actions:
  - id: R01.1
    title: Write the course
    owner: trainer
    due: 2014-09-01
    status: complete
    completed:  # to fill in: when it was completed (required when status is complete) (YYYY-MM-DD)
    updates:
      - date: 2014-09-01
        by: trainer
        note: Course written.

  - id: R01.2
    title: Deliver the course
    owner: lead
    due: 2014-09-01
    status: in-progress
    updates:
      - date: 2014-09-15
        by: lead
        note: Half delivered.

  - id: R01.3
    title: Evaluate the course
    owner: trainer
    due:  # to fill in: when it is due (YYYY-MM-DD)
    status: not-started
"""

R02_IMPORTED = """\
# yaml-language-server: $schema=../../../schemas/recommendation.schema.json
id: R02
kind: recommendation
title:  # to fill in: a short title
text: Leaders should lead.
area: leadership
owner: chief-constable
timescale:  # to fill in: the timescale as the report wrote it
due: 2014-03-01
status: open

actions:
  - id: R02.1
    title: Name a lead
    owner: chief-constable
    due: 2014-03-01
    status: in-progress
    updates:
      - date: 2014-10-01
        by: chief-constable
        note: =cmd()
"""


@pytest.fixture
def empty_plan(tree_dir):
    return tree_dir({"p1/recommendations/R01.yaml": None, "p1/recommendations/R02.yaml": None,
                     "p1/meetings/2014-03-12.yaml": None})


def test_import_of_a_messy_tracker(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_bytes(MESSY.encode("cp1252"))
    org_before = (empty_plan / "organisation.yaml").read_text()
    # 'D/Supt Smith' is a person, not a post: never made into a role; listed for the user to map
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1", "--date", "2014-10-01")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"dagov: {source}: nothing written: 1 owner is not the id, title or holder of a role in "
        f"{empty_plan}/organisation.yaml: 'D/Supt Smith' (row 3). Say which role each is with "
        "--role 'D/Supt Smith=ROLE' (repeat for each), or add the post first: dagov new role ID --title TITLE "
        "--holder NAME. The roles: chief-constable (Chief Constable, A. Chief); lead (Temporary Superintendent, "
        "B. Lead); trainer (Head of Learning)")
    assert not (empty_plan / "p1/recommendations/R01.yaml").exists()
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1", "--date", "2014-10-01",
                 "--role", "D/Supt Smith=temporary superintendent")
    assert result.exit_code == 0, result.output
    assert (empty_plan / "p1/recommendations/R01.yaml").read_text() == R01_IMPORTED
    assert (empty_plan / "p1/recommendations/R02.yaml").read_text() == R02_IMPORTED
    assert (empty_plan / "organisation.yaml").read_text() == org_before
    assert result.output.splitlines() == [
        "note: column 'RAG' is worked out by dagov from the plan; not imported",
        "note: row 2: due '01/09/2014' read as 2014-09-01",
        "note: row 2: status 'Complete' read as complete",
        "note: row 2: owner 'Head of Learning' read as trainer",
        "note: row 2: R01.1 is complete but no completed date is given; left to fill in",
        "note: row 2: update date '1 Sept 2014' read as 2014-09-01",
        "note: row 3: due '1 September 2014' read as 2014-09-01",
        "note: row 3: status 'In progress' read as in-progress",
        "note: row 3: owner 'D/Supt Smith' read as lead (--role)",
        "note: row 3: update date '15/09/2014' read as 2014-09-15",
        "note: row 4: due '31/02/2014' is not a date; left empty to fill in",
        "note: row 4: status 'not started' read as not-started",
        "note: R01: no recommendation owner given; took trainer, who owns most of its actions",
        "note: R01: no recommendation due date given; took 2014-09-01, its latest action's",
        "note: row 2: area 'Training' read as training",
        "note: row 6: status 'Ongoing' read as in-progress",
        "note: row 6: owner 'A. Chief' read as chief-constable (its holder)",
        "note: row 6: the update of R02.1 has no date; dated 2014-10-01",
        "note: R02: no recommendation owner given; took chief-constable, who owns most of its actions",
        "note: R02: no recommendation due date given; took 2014-03-01, its latest action's",
        "note: row 6: area 'Leadership' read as leadership",
        "6 value(s) still to fill in (`dagov check` lists them until they are)",
        f"imported 2 recommendation(s) into {empty_plan}/p1",
    ]


def test_import_never_overwrites_and_dry_run_writes_nothing(tree_dir, tmp_path):
    root = tree_dir()
    source = tmp_path / "tracker.csv"
    source.write_text(MESSY)
    before = (root / "p1/recommendations/R01.yaml").read_text()
    result = run("import", "csv", str(source), str(root), "--plan", "p1", "--role", "D/Supt Smith=lead")
    assert result.exit_code == 1
    assert result.output == (f"dagov: nothing written: these recommendation files already exist and dagov never "
                             f"overwrites them: {root}/p1/recommendations/R01.yaml, {root}/p1/recommendations/R02.yaml; "
                             "to apply the spreadsheet's changes to them, add --update\n")
    assert (root / "p1/recommendations/R01.yaml").read_text() == before


def test_import_dry_run(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text(MESSY)
    org = (empty_plan / "organisation.yaml").read_text()
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1", "--date", "2014-10-01", "--dry-run",
                 "--role", "D/Supt Smith=lead")
    assert result.exit_code == 0, result.output
    assert f"--- would create {empty_plan}/p1/recommendations/R01.yaml\n" + R01_IMPORTED in result.output
    assert result.output.endswith(R02_IMPORTED + "(dry run: nothing written)\n")
    assert not (empty_plan / "p1/recommendations/R01.yaml").exists()
    assert (empty_plan / "organisation.yaml").read_text() == org


def test_import_map_reads_other_columns(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text("No.,Task,Lead officer,By when,Where\nR01.1,Write it,trainer,2014-06-01,Training\n")
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1", "--map", "No.=action",
                 "--map", "Task=action_title", "--map", "Lead officer=owner", "--map", "By when=due",
                 "--map", "where=area")
    assert result.exit_code == 0, result.output
    text = (empty_plan / "p1/recommendations/R01.yaml").read_text()
    assert "area: training\n" in text
    assert "  - id: R01.1\n    title: Write it\n    owner: trainer\n    due: 2014-06-01\n" in text


def test_import_errors_are_usage_errors(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text("Owner,Due\ntrainer,2014-06-01\n")
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1")
    assert result.exit_code == 2
    assert result.output == (f"dagov: {source}: no column names the actions (e.g. 'Action' or 'Action ID'); "
                             "name one with --map 'COLUMN=action_title'\n")
    result = run("import", "csv", str(tmp_path / "missing.csv"), str(empty_plan), "--plan", "p1")
    assert result.exit_code == 2
    assert result.output == f"dagov: cannot read '{tmp_path / 'missing.csv'}': No such file or directory\n"
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1", "--map", "Owner=boss")
    assert result.exit_code == 2
    assert result.output.startswith(f"dagov: {source}: --map field 'boss' is not one dagov knows; use one of: ")


@pytest.mark.parametrize("text, expected", [
    ("01/09/2014", dt.date(2014, 9, 1)),
    ("1/9/14", dt.date(2014, 9, 1)),
    ("1 Sept 2014", dt.date(2014, 9, 1)),
    ("1 September 2014", dt.date(2014, 9, 1)),
    ("1st Sep. 2014", dt.date(2014, 9, 1)),
    ("12-06-2014", dt.date(2014, 6, 12)),
    ("2014-06-12", dt.date(2014, 6, 12)),
    ("31/02/2014", None),
    ("13 Smarch 2014", None),
    ("soon", None),
])
def test_british_dates(text, expected):
    assert parse_british(text) == expected


def test_import_help_lists_every_field_map_accepts():
    from dagov.edit.csv_import import FIELDS

    help_text = " ".join(run("import", "csv", "--help").output.split())
    listed = help_text.split("Fields for --map: ")[1].split(".")[0].replace(", or ", ", ").split(", ")
    from dagov.report.csv_export import DERIVED

    assert sorted(listed) == sorted(FIELDS - DERIVED)


def test_import_of_a_workbook_instead_of_csv(empty_plan, tmp_path):
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1")
    assert result.exit_code == 2
    assert result.output == (f"dagov: {source}: this is a spreadsheet workbook (.xlsx or .xls), not CSV; in Excel "
                             "use File > Save As > 'CSV UTF-8 (Comma delimited)' and import that file\n")


def test_unknown_area_is_added_to_the_plan_to_confirm(empty_plan, tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text("Ref,Area,Action,Owner,Due,Status\nR07,Victim care,Call every victim back,trainer,2014-07-01,Open\n")
    result = run("import", "csv", str(source), str(empty_plan), "--plan", "p1")
    assert result.exit_code == 0, result.output
    assert "  area victim-care (from 'Victim care', rows 2)" in result.output.splitlines()
    plan = (empty_plan / "p1/plan.yaml").read_text()
    assert ("  training:\n    title: Training\n"
            "  # added by dagov import csv from 'Victim care': confirm it\n"
            "  victim-care:\n    title: Victim care\nstart: 2014-02-03\n") in plan
    assert "area: victim-care\n" in (empty_plan / "p1/recommendations/R07.yaml").read_text()


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["R01", "R01.1", "R01.x", "01/09/2014", "31/13/2014",
                                                         "Complete", "trainer", "'=1", "", " "]))


@settings(max_examples=60, deadline=None)
@given(headings=st.lists(st.sampled_from(["Ref", "Action", "Owner", "Due", "Status", "Area", "Evidence",
                                          "Extensions", "Latest update", "Completed", "Recommendation", "?"]),
                         min_size=1, max_size=6),
       body=st.lists(st.lists(CELLS, max_size=7), max_size=5))
def test_import_of_any_table_ends_with_a_message_not_a_traceback(tmp_path_factory, headings, body):
    folder = tmp_path_factory.mktemp("fuzz")
    root = write_tree(folder / "plans", {"p1/recommendations/R01.yaml": None, "p1/recommendations/R02.yaml": None})
    source = folder / "t.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headings, *body])
    source.write_text(buffer.getvalue())
    result = run("import", "csv", str(source), str(root), "--plan", "p1", "--date", "2014-10-01", "--dry-run")
    assert isinstance(result.exception, (SystemExit, type(None))), result.output
    assert result.exit_code in (0, 1, 2)
