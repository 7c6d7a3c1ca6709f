"""`dagov status`, `owners` and `show` on the example plan at fixed dates, in every format."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers.trees import EXAMPLE, REPO
from typer.testing import CliRunner

from dagov.cli.app import app

BEFORE, MID, AFTER = "2014-02-03", "2014-06-12", "2014-12-01"
"""The example's first plan starts 2014-02-03 (nothing due yet); the June board was 2014-06-11;
the first plan ended 2014-09-30 and its successor started 2014-09-15."""

runner = CliRunner()


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def status_json(as_of: str, *args: str) -> dict:
    return json.loads(run("status", str(EXAMPLE), "--as-of", as_of, "--format", "json", *args))


def plans_by_id(document: dict) -> dict:
    return {p["id"]: p for p in document["plans"]}


# --- the figures at three dates ----------------------------------------------------------


def test_before_anything_is_due_nothing_is_late_and_two_actions_are_due_soon():
    (plan,) = status_json(BEFORE)["plans"]  # the successor plan had not started
    assert (plan["id"], plan["status"], plan["rag"], plan["progress"]) == ("da-2014", "active", "amber", 0.0)
    assert plan["counts"] == {"recommendations": {"open": 15, "closed": 0, "superseded": 0},
                              "actions": {"red": 0, "amber": 2, "green": 75, "complete": 0, "grey": 0}}
    assert plan["exceptions"].pop("due_soon") == ["R01.1", "R02.1"]  # due 2014-02-14, 11 days on
    assert all(ids == [] for ids in plan["exceptions"].values())


def test_mid_plan_the_june_board_sees_five_late_actions_and_who_owns_them():
    (plan,) = status_json(MID)["plans"]
    assert (plan["status"], plan["rag"], plan["progress"]) == ("active", "red", 0.4935)
    assert plan["counts"] == {"recommendations": {"open": 12, "closed": 3, "superseded": 0},
                              "actions": {"red": 6, "amber": 2, "green": 31, "complete": 38, "grey": 0}}
    assert plan["exceptions"]["blocked"] == ["R03.3", "R13.5"]  # recorded by dated status updates
    actions = {a["id"]: a for r in plan["recommendations"] for a in r["actions"]}
    overdue = [(i, actions[i]["owner"], actions[i]["days_overdue"]) for i in plan["exceptions"]["overdue"]]
    assert overdue == [("R03.3", "head-ict", 12), ("R05.4", "maru-manager", 12), ("R06.2", "head-ict", 12),
                       ("R06.3", "commander-north", 12), ("R06.4", "commander-south", 12)]
    assert plan["exceptions"]["due_soon"] == ["R04.5", "R08.2"]
    assert plan["exceptions"]["rag_disagreements"] == ["R04.5", "R06.2", "R06.3", "R08.2"]
    closed = [r["id"] for r in plan["recommendations"] if r["status"] == "closed"]
    assert closed == ["R01", "R02", "R12"]  # closed at the board of 2014-06-11
    assert actions["R06.2"]["stated_rag"] == "green" and actions["R06.2"]["rag"] == "red"


def test_after_the_first_plan_ends_it_is_superseded_and_listed_last():
    document = status_json(AFTER)
    assert [p["id"] for p in document["plans"]] == ["da-2014-2016", "da-2014"]
    new, old = document["plans"]
    assert (old["status"], old["rag"], old["progress"]) == ("superseded", "complete", 1.0)
    assert old["counts"] == {"recommendations": {"open": 0, "closed": 9, "superseded": 6},
                             "actions": {"red": 0, "amber": 0, "green": 0, "complete": 65, "grey": 12}}
    assert all(ids == [] for key, ids in old["exceptions"].items())
    assert (new["status"], new["rag"]) == ("active", "red")
    assert new["counts"]["actions"] == {"red": 2, "amber": 1, "green": 21, "complete": 5, "grey": 0}
    assert new["exceptions"]["overdue"] == ["L01.2"] and new["exceptions"]["blocked"] == ["L04.3"]
    assert len(new["exceptions"]["carried"]) == 11
    carried = {a["id"]: a for r in new["recommendations"] for a in r["actions"]}["L01.2"]
    assert carried["carried_from"] == "da-2014/R03.3"
    old_action = {a["id"]: a for r in old["recommendations"] for a in r["actions"]}["R03.3"]
    assert (old_action["rag"], old_action["carried_to"]) == ("grey", "da-2014-2016/L01.2")


# --- the JSON shape is the documented one ------------------------------------------------------

DOCS = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")


def documented(marker: str) -> dict:
    match = re.search(rf"<!-- {marker} -->\n```json\n(.*?)\n```", DOCS, re.S)
    return json.loads(match.group(1))


def assert_same_shape(actual, example, path="$"):
    """Same keys in the same order at every level, same types (null allowed for any value)."""
    if actual is None:
        return
    if isinstance(example, dict):
        assert isinstance(actual, dict), path
        assert list(actual) == list(example), path
        for key in example:
            assert_same_shape(actual[key], example[key], f"{path}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), path
        for i, item in enumerate(actual):
            assert example, f"{path}: the documented example has no item to compare with"
            assert_same_shape(item, example[0], f"{path}[{i}]")
    elif actual is not None and example is not None:
        numbers = (int, float)
        same = isinstance(actual, numbers) and isinstance(example, numbers) and not isinstance(actual, bool)
        assert same or type(actual) is type(example), f"{path}: {actual!r} vs {example!r}"


@pytest.mark.parametrize("as_of", [BEFORE, MID, AFTER])
def test_status_json_has_the_documented_shape(as_of):
    document = status_json(as_of)
    assert document["version"] == 1 and document["report"] == "status" and document["as_of"] == as_of
    assert_same_shape(document, documented("status-json"))


@pytest.mark.parametrize("as_of", [BEFORE, MID, AFTER])
def test_owners_json_has_the_documented_shape(as_of):
    document = json.loads(run("owners", str(EXAMPLE), "--as-of", as_of, "--format", "json"))
    assert document["version"] == 1 and document["report"] == "owners"
    assert_same_shape(document, documented("owners-json"))


def test_documented_examples_are_real_output_trimmed():
    plan = documented("status-json")["plans"][0]
    real = plans_by_id(status_json(MID))["da-2014"]
    assert plan["counts"] == real["counts"]
    real_rec = next(r for r in real["recommendations"] if r["id"] == "R03")
    assert plan["recommendations"][0] == {**real_rec, "actions": [a for a in real_rec["actions"] if a["id"] == "R03.3"]}


# --- text, Markdown and JSON agree ---------------------------------------------------------------


def _rag_line(counts: dict) -> str:
    line = ", ".join(f"{counts[k]} {k}" for k in ("red", "amber", "green", "complete"))
    return line + (f", {counts['grey']} cancelled" if counts["grey"] else "")


@pytest.mark.parametrize("as_of", [BEFORE, MID, AFTER])
def test_text_markdown_and_json_agree(as_of):
    document = status_json(as_of)
    text = run("status", str(EXAMPLE), "--as-of", as_of)
    markdown = run("status", str(EXAMPLE), "--as-of", as_of, "--format", "markdown")
    for plan in document["plans"]:
        actions = {a["id"]: a for r in plan["recommendations"] for a in r["actions"]}
        assert f"Actions: {_rag_line(plan['counts']['actions'])}\n" in text
        assert f"- Actions: {_rag_line(plan['counts']['actions'])}\n" in markdown
        carried = [a for a in actions.values() if a["carried_to"] and a["rag"] != "complete"]
        assert plan["actions_carried_away"] == len(carried)
        if carried:  # handed on, so not done here: never 100%
            planned = plan["counts"]["actions"]["complete"] / plan["progress_here"]
            assert plan["progress_here"] < 1 and round(planned) == sum(plan["counts"]["actions"].values()) - \
                sum(1 for a in actions.values() if a["rag"] == "grey" and not a["carried_to"])
            assert f"; {len(carried)} actions carried to " in text.replace("\n  ", " ")
        for rec in plan["recommendations"]:
            planned = rec["actions_live"] + sum(1 for a in rec["actions"] if a["carried_to"] and a["rag"] == "grey")
            done = f"{rec['actions_complete']}/{planned}" if planned else "-"
            assert re.search(rf"^{rec['id']}  .*  {rec['owner']} +{rec['due']} +{done}  {rec['rag']}$", text, re.M)
            assert re.search(rf"^\| {rec['id']} \| [^\n]* \| {rec['owner']} \| {rec['due']} \| {done} \| {rec['rag']} \|$",
                             markdown, re.M)
        for action_id in plan["exceptions"]["overdue"]:
            a = actions[action_id]
            assert re.search(rf"^{re.escape(action_id)} +{a['owner']} +{a['effective_due']} +{a['days_overdue']}d  ",
                             text, re.M)
            assert f"| {action_id} | {a['owner']} | {a['effective_due']} | {a['days_overdue']}d |" in markdown
        overdue = plan["exceptions"]["overdue"]
        assert (f"Overdue ({len(overdue)})" if overdue else "Overdue: none") in text


@pytest.mark.parametrize("as_of", [BEFORE, MID, AFTER])
def test_owners_text_and_json_agree(as_of):
    document = json.loads(run("owners", str(EXAMPLE), "--as-of", as_of, "--format", "json"))
    text = run("owners", str(EXAMPLE), "--as-of", as_of)
    markdown = run("owners", str(EXAMPLE), "--as-of", as_of, "--format", "markdown")
    for owner in document["owners"]:
        c = owner["counts"]
        numbers = [c["recommendations"], c["actions"], c["outstanding"], c["overdue"], c["at_risk"], c["blocked"]]
        assert re.search(rf"^{owner['role']} +{' +'.join(map(str, numbers))}  ", text, re.M), owner["role"]
        assert f"| {owner['role']} | {' | '.join(map(str, numbers))} |" in markdown
    nothing = [o["role"] for o in document["owners"] if not o["recommendations"] and not o["actions"]]
    assert f"Own nothing: {', '.join(nothing) or 'none'}\n" in text


# --- the terminal -------------------------------------------------------------------------------


def _width_ok(output: str) -> None:
    wide = [line for line in output.splitlines() if len(line) > 80]
    assert wide == []


@pytest.mark.parametrize("args", [
    ("status", "--as-of", MID), ("status", "--as-of", AFTER), ("owners", "--as-of", MID),
    ("show", "R03", "--as-of", MID), ("show", "R03.3", "--as-of", AFTER), ("show", "2014-06-11"),
    ("show", "head-ict", "--as-of", AFTER), ("show", "SB-11"),
])
def test_plain_text_fits_80_columns(args):
    command, *rest = args
    positional = [rest.pop(0)] if command == "show" else []
    _width_ok(run(command, *positional, str(EXAMPLE), *rest))


def test_long_titles_are_truncated_with_an_ellipsis_and_ids_owners_dates_rags_kept():
    text = run("status", str(EXAMPLE), "--as-of", MID)
    assert "R13  A Multi-Agency Safeg…  acc-crime-public-protection  2014-09-30   2/7  red" in text


def test_on_a_terminal_rich_tables_keep_id_owner_due_and_rag_within_80_columns(monkeypatch):
    monkeypatch.setattr("dagov.cli.common.use_colour", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    output = run("status", str(EXAMPLE), "--as-of", MID)
    _width_ok(output)
    assert re.search(r"R13 +A Multi-Agency.*… +acc-crime-public-protection +2014-09-30 +2/7 +red", output)
    assert re.search(r"R03\.3 +head-ict +2014-05-31 +12d +Build a data", output)


def test_same_files_and_date_give_identical_output():
    for fmt in ("text", "markdown", "json"):
        first = run("status", str(EXAMPLE), "--as-of", MID, "--format", fmt)
        assert run("status", str(EXAMPLE), "--as-of", MID, "--format", fmt) == first


def test_json_does_not_import_rich():
    code = ("import sys; from typer.testing import CliRunner; from dagov.cli.app import app; "
            f"r = CliRunner().invoke(app, ['status', {str(EXAMPLE)!r}, '--as-of', '{MID}', '-f', 'json']); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_before_any_plan_starts_status_says_which_plans_start_when():
    assert run("status", str(EXAMPLE), "--as-of", "2013-01-01") == (
        "No plan had started by 2013-01-01: da-2014 starts 2014-02-03, da-2014-2016\n  starts 2014-09-15.\n")
    assert run("status", str(EXAMPLE), "--as-of", "2013-01-01", "-f", "markdown") == (
        "- No plan had started by 2013-01-01: da-2014 starts 2014-02-03, da-2014-2016 starts 2014-09-15.\n")


def test_a_tree_without_plans_has_none_found(tmp_path):
    (tmp_path / "organisation.yaml").write_bytes((EXAMPLE / "organisation.yaml").read_bytes())
    assert run("status", str(tmp_path), "--as-of", MID) == "No plans found.\n"


# --- filters -----------------------------------------------------------------------------------


def test_owner_filter_narrows_every_part():
    (plan,) = status_json(MID, "--owner", "head-ict")["plans"]
    assert plan["filters"] == {"area": None, "owner": "head-ict"}
    assert [r["id"] for r in plan["recommendations"]] == ["R03", "R06", "R13"]
    assert plan["exceptions"]["overdue"] == ["R03.3", "R06.2"]
    assert all(a["owner"] == "head-ict" for r in plan["recommendations"] for a in r["actions"])
    text = run("status", str(EXAMPLE), "--as-of", MID, "--owner", "head-ict")
    assert "Only owner head-ict." in text


def test_owner_filter_area_lines_count_the_owners_actions_as_the_header_does():
    # head-ict owns one action in each of three recommendations (R03 has five actions in all):
    # the area lines add up to the header's 0/3, while each row still shows its whole recommendation.
    text = run("status", str(EXAMPLE), "--as-of", MID, "--owner", "head-ict")
    assert text.split("\nExceptions\n")[0] == """\
Domestic abuse action plan 2014 (da-2014, active)
=================================================
As of 2014-06-12. Board: Safeguarding Board. Lead: tsupt-corporate-development
  (T/Supt Mark Ellery). Only owner head-ict.
Progress: ░░░░░░░░░░░░░░░░░░░░ 0/3 actions complete (0%)
Actions: 3 red, 0 amber, 0 green, 0 complete
Recommendations: 3 open, 0 closed, 0 superseded

Leadership (leadership): 0/1 actions complete, red
ID   Title                      Owner                      Due         Done  RAG
---  -------------------------  -------------------------  ----------  ----  ---
R03  A performance framework…   head-performance-analysis  2014-09-30   1/5  red

Business processes (business-processes): 0/1 actions complete, red
ID   Title                    Owner                        Due         Done  RAG
---  -----------------------  ---------------------------  ----------  ----  ---
R06  Active supervision of…   acc-crime-public-protection  2014-06-30   1/6  red

Partnerships (partnerships): 0/1 actions complete, red
ID   Title                    Owner                        Due         Done  RAG
---  -----------------------  ---------------------------  ----------  ----  ---
R13  A Multi-Agency Safegua…  acc-crime-public-protection  2014-09-30   2/7  red
"""
    (plan,) = status_json(MID, "--owner", "head-ict")["plans"]
    assert [(a["id"], a["counts"]["actions"]) for a in plan["areas"]] == [
        (area, {"red": 1, "amber": 0, "green": 0, "complete": 0, "grey": 0})
        for area in ("leadership", "business-processes", "partnerships")]


def test_area_and_plan_filters():
    (plan,) = status_json(AFTER, "--plan", "da-2014", "--area", "training")["plans"]
    assert [r["id"] for r in plan["recommendations"]] == ["R07", "R08", "R09"]
    assert [a["id"] for a in plan["areas"]] == ["training"]


@pytest.mark.parametrize("args, message", [
    (("--owner", "head-itc"), "dagov: --owner: no role 'head-itc'; did you mean head-ict, head-daisu?\n"),
    (("--area", "trainig"), "dagov: --area: no area 'trainig'; did you mean training?\n"),
    (("--plan", "da-2015"), "dagov: --plan: no plan 'da-2015'; did you mean da-2014, da-2014-2016?\n"),
    (("--as-of", "06/13/2014"), "dagov: --as-of '06/13/2014' is not a real calendar date (check the day and month); "
                                "write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
    (("--as-of", "tomorrow"), "dagov: --as-of 'tomorrow' is not a date; write it as YYYY-MM-DD, e.g. 2014-06-12\n"),
])
def test_status_usage_errors_exit_2_with_a_clear_message(args, message):
    result = runner.invoke(app, ["status", str(EXAMPLE), *args])
    assert (result.exit_code, result.output) == (2, message)


def test_missing_plans_directory_is_a_usage_error(tmp_path):
    for command in (["status"], ["owners"], ["show", "R01"]):
        result = runner.invoke(app, [*command, str(tmp_path / "nope")])
        assert result.exit_code == 2
        assert "not found; give the path to the folder holding organisation.yaml" in result.output


def test_files_with_errors_are_reported_as_far_as_they_go_with_a_warning_and_exit_1(tree_dir):
    root = tree_dir({"p1/recommendations/R02.yaml": "id: R02\nstatus: [\n"})
    result = runner.invoke(app, ["status", str(root), "--as-of", MID])
    assert result.exit_code == 1
    assert result.stderr == (f"dagov: 1 error in the plan files: the figures cover only what could be read and may be "
                             f"wrong; run 'dagov check {root}' and fix them (exit code 1)\n")
    assert result.stdout.startswith("WARNING: 1 error in the plan files; these figures cover only what could be read. "
                                    f"Run 'dagov check {root}'.\n\n")
    assert "R01  Train everyone" in result.stdout


def test_a_broken_reference_also_makes_reports_exit_1_and_json_carries_no_banner(tree_dir):
    from helpers.trees import BASE

    root = tree_dir({"p1/recommendations/R01.yaml": BASE["p1/recommendations/R01.yaml"].replace(
        "owner: trainer\ntimescale", "owner: trainr\ntimescale")})
    for command in (["status"], ["owners"], ["show", "R01"]):
        assert runner.invoke(app, [*command, str(root), "--as-of", MID]).exit_code == 1, command
    result = runner.invoke(app, ["status", str(root), "--as-of", MID, "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["version"] == 1


def test_owners_lists_roles_owning_nothing_and_vacant_posts(tree_dir):
    text = run("owners", str(tree_dir()), "--as-of", MID)
    assert "Own nothing: lead\n" in text
    assert f"Vacant on {MID}: trainer\n" in text
    assert re.search(r"^trainer +1 +2 +1 +0 +0 +0  \(vacant\)$", text, re.M)
    assert re.search(r"^lead +0 +0 +0 +0 +0 +0  B. Lead$", text, re.M)


# --- show ---------------------------------------------------------------------------------------


def test_show_action_in_full():
    text = run("show", "R03.3", str(EXAMPLE), "--as-of", MID)
    assert text.startswith("Action R03.3 (da-2014)\n")
    for line in ("Owner: head-ict (Head of ICT, Alan Fenwick)", "Status as of 2014-06-12: blocked", "RAG: red: blocked",
                 "Owner's RAG: red", "Last update: 2014-05-30", "Evidence: none",
                 "2014-04-22 head-ict, amber: Requirements sent to the crime system supplier.",
                 "2014-06-11 board action SB-11: Identify funding for the crime system change"):
        assert line in text
    assert "[after the as-of date]" in text


def test_show_extension_with_its_meeting_and_carried_links():
    text = run("show", "L01.2", str(EXAMPLE), "--as-of", AFTER)
    assert "Carried from: da-2014/R03.3" in text
    old = run("show", "da-2014/R03.3", str(EXAMPLE), "--as-of", AFTER)
    assert "Carried to: da-2014-2016/L01.2" in old
    assert "Action L01.2" not in old


def test_show_recommendation_with_closure_and_decisions():
    text = run("show", "R01", str(EXAMPLE), "--as-of", AFTER)
    assert text.startswith("Recommendation R01 (da-2014)\n")
    assert "Status as of 2014-12-01: closed" in text
    assert "Closed at meeting 2014-06-11 on 2014-06-11" in text
    assert re.search(r"^2014-06-11 decision D\d+: ", text, re.M)
    before = run("show", "R01", str(EXAMPLE), "--as-of", "2014-06-10")
    assert "Status as of 2014-06-10: open" in before


def test_show_meeting_board_action_and_role():
    meeting = run("show", "2014-06-11", str(EXAMPLE))
    assert meeting.startswith("Meeting 2014-06-11 (da-2014)\n============================\nBoard: Safeguarding Board\n")
    assert "Action log (4)" in meeting
    board_action = run("show", "SB-11", str(EXAMPLE))
    assert "Raised at: meeting 2014-06-11" in board_action
    assert "2014-07-09 action log: discharged: Funded from the change budget on 1 July." in board_action
    role = run("show", "head-ict", str(EXAMPLE), "--as-of", AFTER)
    assert "Holder: none (vacant)" in role
    assert re.search(r"^L01\.2 +da-2014-2016 +action +2014-10-31 +red ", role, re.M)


def test_show_markdown():
    text = run("show", "R03", str(EXAMPLE), "--as-of", MID, "--format", "markdown")
    assert text.startswith("## Recommendation R03 (da-2014)\n")
    assert "| R03.3 | head-ict | 2014-05-31 | blocked | red |" in text


@pytest.mark.parametrize("wanted, message", [
    ("R3", "dagov: nothing has the id 'R3'; did you mean R13, R03?\n"),
    ("zzz", "dagov: nothing has the id 'zzz'; give a recommendation (R03), action (R03.2), meeting (2014-06-11), "
            "board action (SB-01) or role id\n"),
    ("da-2015/R03", "dagov: nothing has the id 'da-2015/R03'; did you mean da-2014/R03, da-2014/R10.3, da-2014/R09.3?\n"),
])
def test_show_unknown_id_exits_2_with_close_matches(wanted, message):
    result = runner.invoke(app, ["show", wanted, str(EXAMPLE)])
    assert (result.exit_code, result.output) == (2, message)


@pytest.mark.parametrize("command", ["status", "owners", "show"])
def test_help_documents_options_and_exit_codes(command):
    text = run(command, "--help")
    assert "Exit codes: 0" in text and "2 usage error" in text
    assert "--as-of" in text and "--format" in text


def test_show_of_an_id_in_a_broken_file_says_which_file_to_fix(tree_dir):
    root = tree_dir({"p1/recommendations/R02.yaml": "id: R02\nstatus: [\n"})
    result = runner.invoke(app, ["show", "R02.1", str(root)])
    assert result.exit_code == 2
    assert ("dagov: 'R02.1' would be in p1/recommendations/R02.yaml, which has errors and could not be read; "
            "run 'dagov check' and fix it first\n") in result.stderr
