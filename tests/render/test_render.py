"""`dagov render`: golden papers on the example plan, figures equal to `dagov status`, escaping,
templates (StrictUndefined, overrides), and -o that never overwrites by accident.

Golden files live in tests/golden/render/. After a deliberate change, regenerate them with
`pytest tests/render/test_render.py --update-golden` and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from helpers.trees import EXAMPLE, PLAN, R01, REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from dagov.cli.app import app
from dagov.plan.load import load_tree
from dagov.render.mdtext import cell, inline, prose
from dagov.report import figures as progress

GOLDEN = REPO / "tests" / "golden" / "render"
BCB = "plans/da-2014/papers/bcb-2014-06-12.yaml"

runner = CliRunner()


def run(*args: str, cwd: Path | None = None):
    import os

    before = os.getcwd()
    os.chdir(cwd or REPO)
    try:
        return runner.invoke(app, ["render", *args])
    finally:
        os.chdir(before)


# --- golden files ----------------------------------------------------------------------

CASES = {
    "bcb-2014-06-12.md": ["paper", BCB],
    "bcb-2014-06-12.html": ["paper", BCB, "--format", "html"],
    "sb-2014-06.md": ["paper", "plans/da-2014/papers/sb-2014-06.yaml"],
    "sb-2014-11.md": ["paper", "plans/da-2014-2016/papers/sb-2014-11.yaml"],
    "progress-da-2014-2016-2014-11-07.md": ["progress", "plans", "--as-of", "2014-11-07"],
    "progress-da-2014-2014-08-08.md": ["progress", "plans", "--plan", "da-2014", "--as-of", "2014-08-08"],
    "minutes-2014-06-11.md": ["minutes", "2014-06-11", "plans"],
    "minutes-2014-11-12.md": ["minutes", "2014-11-12", "plans"],
    "action-log-2014-11-30.md": ["action-log", "plans", "--as-of", "2014-11-30"],
    "agenda-2014-06-11.md": ["agenda", "2014-06-11", "plans"],
    "agenda-2014-11-12.md": ["agenda", "2014-11-12", "plans"],
}


@pytest.fixture(scope="module")
def outside_git(tmp_path_factory):
    """A copy of the example outside any git repository, so the changes block reads the same everywhere."""
    import shutil

    root = tmp_path_factory.mktemp("outside-git")
    shutil.copytree(EXAMPLE, root / "plans")
    return root


FORCE_CASES = {
    "bcb-2014-06-12-force.md": ["paper", BCB],
    "bcb-2014-06-12-force-internal.md": ["paper", BCB, "--audience", "internal"],
}
"""The June paper with the example force's own template (templates/ beside plans/)."""


@pytest.fixture(scope="module")
def force_copy(tmp_path_factory):
    """The example and the force's templates/ beside it, outside any git repository."""
    import shutil

    root = tmp_path_factory.mktemp("force")
    shutil.copytree(EXAMPLE, root / "plans")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.mark.parametrize("name", sorted(CASES) + sorted(FORCE_CASES))
def test_golden(name, request, outside_git, force_copy):
    result = run(*CASES[name], cwd=outside_git) if name in CASES else run(*FORCE_CASES[name], cwd=force_copy)
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_same_inputs_give_byte_identical_output():
    first = run("paper", BCB, "--format", "html")
    second = run("paper", BCB, "--format", "html")
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes


def test_a_paper_renders_as_of_its_own_date_by_default():
    assert run("paper", BCB).stdout == run("paper", BCB, "--as-of", "2014-06-12").stdout
    assert run("paper", BCB).stdout != run("paper", BCB, "--as-of", "2014-09-30").stdout


# --- the paper's structure ---------------------------------------------------------------


def test_board_paper_has_header_numbered_sections_and_paragraphs(outside_git):
    out = run("paper", BCB, cwd=outside_git).stdout
    assert out.startswith("**OFFICIAL**\n\n# Wessex Vale Police\n\n**To:** Business Coordination Board\\\n"
                          "**From:** Andrew Marchbank, Chief Constable\\\n**Date:** 12 June 2014\\\n")
    assert "**Freedom of Information Act:** disclosable\n" in out
    assert out.endswith("\n**OFFICIAL**\n")
    headings = re.findall(r"^## (.*)$", out, re.M)
    assert headings == ["1. Purpose", "2. Background", "3. Response to the report", "4. Action plan",
                        "5. Exceptions", "6. Progress over time", "7. Key events since the plan began",
                        "8. Recommendation", "Annex A: Action plan", "Annex B: Exceptions",
                        "Annex C: Key events since the plan began"]
    assert "\n**1.2** The Commissioner asked" in out
    assert "\n**8.1** It is recommended that the board note the contents of this paper.\n" in out


def _mermaid_blocks(text: str, kind: str) -> list[list[str]]:
    blocks = re.findall(r"```mermaid\n(?:%%\{init: [^\n]*\}%%\n)?(.*?)```", text, re.S)
    return [b.splitlines() for b in blocks if b.startswith(kind)]


def test_gantt_is_valid_mermaid():
    out = run("paper", BCB).stdout
    [gantt] = _mermaid_blocks(out, "gantt")
    assert "    dateFormat YYYY-MM-DD" in gantt
    tasks = [line for line in gantt if " :" in line]
    assert len(tasks) > 60
    ids = []
    for line in tasks:
        name, meta = line.strip().split(" :")
        assert ":" not in name and ";" not in name and "#" not in name
        parts = [p.strip() for p in meta.split(",")]
        tags = [p for p in parts if p in ("done", "crit", "active", "milestone")]
        rest = parts[len(tags):]
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", rest[0]), line
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rest[1]), line
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|0d", rest[2]), line
        if rest[2] != "0d":
            assert rest[1] <= rest[2], line
        ids.append(rest[0])
    assert len(ids) == len(set(ids))
    assert any(line.startswith("    R05.4 ") and line.endswith(" :crit, R05_4, 2014-05-07, 2014-05-31")
               for line in gantt)
    assert any(":done, R01_1, 2014-02-12, 2014-02-12" in line for line in gantt)
    assert "    R01 closed :milestone, close_R01, 2014-06-11, 0d" in gantt


def test_pie_has_quoted_labels_and_the_status_counts():
    out = run("paper", BCB).stdout
    [pie] = _mermaid_blocks(out, "pie")
    counts = progress.plan_figures(*_tree_and_plan("da-2014"), dt.date(2014, 6, 12)).action_counts
    slices = {m.group(1): int(m.group(2)) for m in (re.fullmatch(r'    "(\w+)" : (\d+)', line) for line in pie[2:]) if m}
    assert len(slices) == len(pie) - 2
    assert slices == {k.capitalize(): v for k, v in counts.items() if k != "grey" and v}


# --- figures come from dagov.report.figures ------------------------------------------------------


def _tree_and_plan(plan_id: str):
    tree, _ = load_tree(EXAMPLE)
    return tree, tree.plans[plan_id]


def _status_json(plan_id: str, as_of: str) -> dict:
    """What `dagov status --format json` prints: from the CLI when this build has it, else its library."""
    if any(getattr(c, "name", None) == "status" for c in app.registered_commands):
        result = CliRunner().invoke(app, ["status", str(EXAMPLE), "--plan", plan_id, "--as-of", as_of,
                                          "--format", "json"])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
    else:
        tree, _ = load_tree(EXAMPLE)
        document = json.loads(progress.to_json(dt.date.fromisoformat(as_of),
                                               progress.report(tree, dt.date.fromisoformat(as_of), plan=plan_id)))
    [plan] = [p for p in document["plans"] if p["id"] == plan_id]
    return plan


ACTIONS_ROW = re.compile(r"\| Actions \| (\d+) complete, (\d+) green, (\d+) amber, (\d+) red \(of (\d+)\) \|")
AREA_LINE = re.compile(r"^### (.+)\n\n\*\*[0-9A-Z]+\.\d+\*\* (\d+) recommendations?: (\d+) open, (\d+) closed(?:, (\d+) superseded)?\.\n"
                       r"(\d+) actions?: (\d+) complete, (\d+) green, (\d+) amber, (\d+) red", re.M)
REC_ROW = re.compile(r"^\| (R\d+|L\d+) \| .* \| (\d+) of (\d+) \| (.+) \|$", re.M)


BADGES = {"red": "\U0001F534 Red", "amber": "\U0001F7E0 Amber", "green": "\U0001F7E2 Green",
          "complete": "\U0001F535 Complete", "closed": "Closed", "superseded": "Superseded",
          "none": "No live actions"}


def _live(counts: dict) -> int:
    return sum(v for k, v in counts.items() if k != "grey")


def _assert_areas_match(out: str, status: dict) -> None:
    """The progress-by-area block: per-area counts and each recommendation's row equal the status JSON."""
    areas = {a["title"]: a for a in status["areas"]}
    found = AREA_LINE.findall(out)
    assert [f[0] for f in found] == [a["title"] for a in status["areas"]]
    for title, n_recs, open_, closed, superseded, n_actions, complete, green, amber, red in found:
        area = areas[title]
        recs, acts = area["counts"]["recommendations"], area["counts"]["actions"]
        assert (int(n_recs), int(open_), int(closed), int(superseded or 0)) == (
            len(area["recommendations"]), recs["open"], recs["closed"], recs["superseded"])
        assert (int(n_actions), int(complete), int(green), int(amber), int(red)) == (
            _live(acts), acts["complete"], acts["green"], acts["amber"], acts["red"])
    rows = {m.group(1): m.groups()[1:] for m in REC_ROW.finditer(out)}
    assert sorted(rows) == sorted(r["id"] for r in status["recommendations"])
    for rec in status["recommendations"]:
        assert rows[rec["id"]] == (str(rec["actions_complete"]), str(rec["actions_live"]), BADGES[rec["rag"]])


def _overdue_ids(out: str) -> list[str]:
    if "**Overdue**" not in out:
        return []
    table = out.split("**Overdue**")[1].split("\n\n")[1]
    return re.findall(r"^\| (\S+) \|", table, re.M)[2:]


@pytest.mark.parametrize("plan_id,as_of", [("da-2014", "2014-04-09"), ("da-2014", "2014-06-12"),
                                           ("da-2014", "2014-08-08"), ("da-2014-2016", "2014-11-07")])
def test_progress_report_figures_equal_dagov_status(plan_id, as_of):
    out = run("progress", "plans", "--plan", plan_id, "--as-of", as_of).stdout
    status = _status_json(plan_id, as_of)
    actions = status["counts"]["actions"]
    assert ACTIONS_ROW.search(out).groups() == tuple(
        str(n) for n in (actions["complete"], actions["green"], actions["amber"], actions["red"], _live(actions)))
    for key, label in (("overdue", "Overdue"), ("blocked", "Blocked"), ("due_soon", "Due within 14 days")):
        assert f"| {label} | {len(status['exceptions'][key])} |" in out
    _assert_areas_match(out, status)
    assert _overdue_ids(out) == status["exceptions"]["overdue"]


@pytest.mark.parametrize("paper,plan_id,as_of", [(BCB, "da-2014", "2014-06-12"),
                                                 ("plans/da-2014/papers/sb-2014-06.yaml", "da-2014", "2014-06-06"),
                                                 ("plans/da-2014-2016/papers/sb-2014-11.yaml", "da-2014-2016",
                                                  "2014-11-07")])
def test_paper_figures_equal_dagov_status_on_the_papers_date(paper, plan_id, as_of):
    out = run("paper", paper).stdout
    status = _status_json(plan_id, as_of)
    _assert_areas_match(out, status)
    assert _overdue_ids(out) == status["exceptions"]["overdue"]
    [pie] = _mermaid_blocks(out, "pie") or [[]]
    if pie:
        assert {line.split('"')[1].lower(): int(line.rsplit(":", 1)[1]) for line in pie[2:]} == {
            k: v for k, v in status["counts"]["actions"].items() if k != "grey" and v}


# --- escaping ------------------------------------------------------------------------------

NASTY = "Pipes | and\n# a heading <script>alert(1)</script> *bold* [link](x)"


def _nasty_tree(tree_dir):
    title = json.dumps(NASTY)  # a YAML double-quoted string
    return tree_dir({"p1/recommendations/R01.yaml": R01.replace("title: Train everyone", f"title: {title}")})


def _table_rows(markdown: str) -> list[list[str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type in ("td_open", "th_open"):
            row.append(tokens[i + 1].content if tokens[i + 1].type == "inline" else "")
        elif token.type == "tr_close":
            rows.append(row)
    return rows


def test_text_from_plan_files_cannot_break_tables_or_make_headings(tree_dir):
    plans = _nasty_tree(tree_dir)
    result = run("progress", str(plans), "--as-of", "2014-04-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("a heading" in h for h in headings)
    [row] = [r for r in _table_rows(out) if r and r[0] == "R01"]
    assert len(row) == 6
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script>" not in html
    assert "Pipes | and # a heading &lt;script&gt;alert(1)&lt;/script&gt; *bold* [link](x)" in html


def test_html_output_shows_html_in_titles_as_text(tree_dir):
    plans = _nasty_tree(tree_dir)
    result = run("progress", str(plans), "--as-of", "2014-04-01", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    assert result.stdout.count('<div class="marking">OFFICIAL</div>') == 2  # above and below on screen; printed, @page boxes
    assert "http" not in result.stdout.split("<main>")[0]  # nothing fetched from the network


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=60))
def test_any_text_stays_in_its_table_cell(text):
    rows = _table_rows(f"| a | b |\n| --- | --- |\n| x | {cell(text)} |\n")
    assert len(rows) == 2 and len(rows[1]) == 2
    tokens = MarkdownIt("commonmark").enable("table").parseInline(str(cell(text)))
    rendered = "".join(t.content for t in tokens[0].children if t.type in ("text", "code_inline"))
    expected = " ".join(text.split()) or "\u2014"
    assert rendered == expected


def test_inline_escapes_line_starts_that_would_be_markup():
    assert inline("# Heading") == "\\# Heading"
    assert inline("- item") == "\\- item"
    assert inline("1. first") == "1\\. first"
    assert inline("a\nb | c") == "a b \\| c"
    assert inline(None) == ""


def test_prose_keeps_paragraphs_and_bullets_and_nothing_else():
    text = "Said:\n- one\n  continued\n- two\nAfter.\n\n# not a heading"
    assert prose(text) == "Said:\n\n- one continued\n- two\n\nAfter.\n\n\\# not a heading"


# --- templates -----------------------------------------------------------------------------


def test_a_typo_in_a_template_names_the_template_and_line(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "board-paper.md.j2").write_text("# {{ header.subject }}\n\n{{ paper.subjct }}\n", encoding="utf-8")
    result = run("paper", BCB, "--templates", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (f"dagov: {folder}/board-paper.md.j2:3: 'dagov.plan.model.Paper object' has no attribute "
                             "'subjct'; check the spelling against the names each template receives "
                             "(docs/templates.md)\n")


def test_the_templates_folder_beside_the_plans_directory_overrides_a_built_in_block(tmp_path, example_copy):
    (example_copy.parent / "templates" / "blocks").mkdir(parents=True)
    (example_copy.parent / "templates" / "blocks" / "exceptions.md.j2").write_text(
        "Overdue: {{ figures.overdue|map(attribute='id')|join(', ') or 'none' }}.\n", encoding="utf-8")
    result = run("progress", str(example_copy), "--as-of", "2014-11-07", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "\n## 2. Exceptions\n\nOverdue: L01.2.\n" in result.stdout


def test_a_paper_can_name_a_template_of_its_own(tmp_path, tree_dir):
    plans = tree_dir({"p1/papers/short.yaml": """\
        id: short
        template: one-pager
        to: safeguarding-board
        from: lead
        date: 2014-04-01
        subject: Short
        foi: not-disclosable
        sections:
          - title: Exceptions
            include: exceptions
        """})
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "one-pager.md.j2").write_text(textwrap.dedent("""\
        {{ header.subject }} for {{ header.to }} ({{ "disclosable" if header.disclosable else "not disclosable" }})
        {% for s in sections %}{{ s.number }} {{ s.title }}: {{ s.block }}{% endfor %}
        """), encoding="utf-8")
    result = run("paper", str(plans / "p1/papers/short.yaml"), "--templates", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Short for Safeguarding Board (not disclosable)\n1 Exceptions: ")


def test_an_unknown_template_says_which_exist(tree_dir):
    plans = tree_dir({"p1/papers/x.yaml": """\
        id: x
        template: no-such-layout
        to: safeguarding-board
        from: lead
        date: 2014-04-01
        subject: X
        foi: disclosable
        sections:
          - title: Purpose
            paragraphs: [Hello.]
        """})
    result = run("paper", str(plans / "p1/papers/x.yaml"))
    assert result.exit_code == 1
    assert result.stderr == ("dagov: template 'no-such-layout' not found; the templates available are action-log, agenda, "
                             "board-paper, minutes, progress-report; use one of them or create "
                             f"{plans.parent}/templates/no-such-layout.md.j2\n")


def test_changes_block_says_plainly_when_there_is_no_git_history(outside_git):
    out = run("paper", "plans/da-2014/papers/sb-2014-06.yaml", "--audience", "internal", cwd=outside_git).stdout
    assert "## 4. Changes since the last meeting\n\n**4.1** *(Changes since the last meeting are not available: the plans " \
        "are not in a git repository.)*" in out


# --- output files ----------------------------------------------------------------------


def test_output_file_is_written_and_never_overwritten_without_force(tmp_path):
    target = tmp_path / "paper.md"
    first = run("paper", BCB, "-o", str(target))
    assert first.exit_code == 0
    assert first.stderr == f"dagov: wrote {target}\n"
    assert target.read_text(encoding="utf-8") == run("paper", BCB).stdout
    target.write_text("edited by hand", encoding="utf-8")
    refused = run("paper", BCB, "-o", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == (f"dagov: {target} already exists; nothing was written. Use --force to replace it "
                              "(any edits made to it since it was rendered will be lost), or choose another -o file.\n")
    assert target.read_text(encoding="utf-8") == "edited by hand"
    forced = run("paper", BCB, "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("**OFFICIAL**")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md"]  # no temporary files left behind


def test_output_to_a_folder_is_a_usage_error(tmp_path):
    result = run("paper", BCB, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"dagov: -o {tmp_path} is a folder; give a file name\n"


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path):
    result = run("paper", BCB, "-o", str(tmp_path / "nowhere" / "paper.md"))
    assert result.exit_code == 2
    assert result.stderr == (f"dagov: the folder '{tmp_path}/nowhere' for -o {tmp_path}/nowhere/paper.md does not "
                             "exist; create it first, or write the file somewhere else\n")


# --- bad input -----------------------------------------------------------------------------


def test_plans_with_errors_are_refused(tree_dir):
    plans = tree_dir({"p1/recommendations/R02.yaml": "id: R02\n"})
    result = run("progress", str(plans), "--as-of", "2014-04-01")
    assert result.exit_code == 1
    assert "nothing was rendered because figures from files with errors could be wrong" in result.stderr
    assert result.stdout == ""


def test_unknown_meeting_and_board_are_usage_errors():
    meeting = run("minutes", "2014-06-12", "plans")
    assert meeting.exit_code == 2
    assert meeting.stderr.startswith("dagov: no meeting '2014-06-12'; did you mean 2014-06-11")
    board = run("action-log", "plans", "--board", "safeguarding")
    assert board.exit_code == 2
    assert board.stderr == "dagov: no board 'safeguarding'; did you mean safeguarding-board?\n"


def test_a_file_outside_papers_is_a_usage_error():
    result = run("paper", "plans/organisation.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("dagov: plans/organisation.yaml is not a paper file; papers live in "
                             "<plans>/<plan>/papers/<id>.yaml\n")


def test_several_active_plans_need_plan(tree_dir):
    plans = tree_dir({"p2/plan.yaml": PLAN.replace("id: p1", "id: p2")})
    result = run("progress", str(plans), "--as-of", "2014-04-01")
    assert result.exit_code == 2
    assert result.stderr == "dagov: there are 2 active plans; choose one with --plan (plans: p1, p2)\n"


# --- minutes and action log ---------------------------------------------------------------


def test_minutes_keep_the_items_numbered_as_written():
    out = run("minutes", "2014-06-11", "plans").stdout
    assert re.findall(r"^### (\d+)\. ", out, re.M) == ["1", "2", "3", "4", "5", "6"]
    assert "\n- Andrew Marchbank, Chief Constable (Chair)\n" in out
    assert "\n- Lisa Varney, Office of the Police and Crime Commissioner\n" in out
    assert "| D4 | Classroom training (R07.3) completion date moved" in out
    assert "| moves the due date of R07.3 to 30 September 2014 |" in out
    assert "**Date of next meeting:** 9 July 2014" in out


def test_action_log_takes_status_from_the_latest_review_up_to_the_date():
    june = run("action-log", "plans", "--as-of", "2014-06-30").stdout
    assert re.search(r"^\| SB-06 \| 9 April 2014 \| .* \| Carried forward, reviewed 11 June 2014 \|", june, re.M)
    august = run("action-log", "plans", "--as-of", "2014-08-31").stdout
    assert re.search(r"^\| SB-06 \| 9 April 2014 \| .* \| 13 August 2014 \| Draft framework", august, re.M)
    assert "SB-16" not in august  # raised in September


def test_the_custom_template_example_in_the_docs_works(tmp_path):
    docs = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    example = docs.split("## A custom template")[1]
    one_pager, block = re.findall(r"```jinja\n(.*?)```", example, re.S)
    [paper] = re.findall(r"```yaml\n(.*?)```", example, re.S)
    plans = tmp_path / "plans"
    import shutil

    shutil.copytree(EXAMPLE, plans)
    (plans / "da-2014" / "papers" / "bcb-summary.yaml").write_text(paper, encoding="utf-8")
    (tmp_path / "templates" / "blocks").mkdir(parents=True)
    (tmp_path / "templates" / "one-pager.md.j2").write_text(one_pager, encoding="utf-8")
    (tmp_path / "templates" / "blocks" / "exceptions.md.j2").write_text(block, encoding="utf-8")
    result = run("paper", "plans/da-2014/papers/bcb-summary.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("**OFFICIAL**\n\n# Domestic abuse plan at a glance\n\n"
                                    "Chief Constable, 12 June 2014. Figures as at 12 June 2014.\n\n"
                                    "Three of\n15 recommendations are closed;\n5 actions are overdue.\n\n"
                                    "## 1. Exceptions\n\n- R03.3 Build a data extract")
    assert "- R06.4 Start monthly supervision compliance checks in the South (Local Policing Commander, South " \
           "(Chief Superintendent)): 12 days overdue\n" in result.stdout


def test_every_block_a_paper_can_include_has_a_renderer():
    from dagov.plan import format as fmt
    from dagov.render.blocks import BLOCKS

    assert sorted(BLOCKS) == sorted(fmt.BLOCKS)


def test_every_built_in_template_is_package_data():
    """So `pip install dagov` (not only an editable install) ships every template."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    folder = REPO / "dagov" / "render" / "templates"
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) >= 15
    assert [p.name for p in files if not any(fnmatch.fnmatch(p.name, pat) for pat in patterns)] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\n- #>|<"),
               max_size=120))
def test_minutes_text_never_becomes_headings_html_or_code(text):
    tokens = MarkdownIt("commonmark").enable("table").parse(str(prose(text)))
    kinds = {t.type for t in tokens}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "bullet_list_open", "bullet_list_close",
                     "list_item_open", "list_item_close"}


def test_html_draws_rag_badges_as_printable_dots_not_emoji(outside_git):
    out = run("paper", BCB, "--format", "html", cwd=outside_git).stdout
    assert '<span class="rag rag-red"></span>\u00a0Red' in out
    assert "\U0001F534" not in out


def test_output_file_gets_ordinary_permissions_not_those_of_a_temporary_file(tmp_path, outside_git):
    import os

    out = tmp_path / "minutes.md"
    assert run("minutes", "2014-06-11", "plans", "-o", str(out), cwd=outside_git).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
