"""What a board paper holds: paragraph numbers throughout (generated blocks too), the summary
in the body and the detail in annexes, public and internal versions, the force's own template."""

from __future__ import annotations

import re

import pytest
from helpers.trees import REPO
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from dagov.cli.app import app

BCB = "plans/da-2014/papers/bcb-2014-06-12.yaml"
SB_JUNE = "plans/da-2014/papers/sb-2014-06.yaml"
SB_AUGUST = "plans/da-2014/papers/sb-2014-08.yaml"  # foi: not-disclosable
LEFT_OUT = ("*Public version: left out as internal are the table of actions whose owner's RAG is greener than the "
            "dates allow; the list of actions with no recent update; the latest updates of blocked actions.*")


def render(*args: str) -> str:
    result = CliRunner().invoke(app, ["render", "paper", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch):
    monkeypatch.chdir(REPO)  # so the force's templates/ beside plans/ is used, as for its secretary


def numbered_paragraphs(markdown: str) -> dict[str, list[str]]:
    """Each section's (and annex's) top-level paragraphs, by the section's number or the annex's letter."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found: dict[str, list[str]] = {}
    current = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            heading = re.match(r"(\d+)\. |Annex ([A-Z]): ", tokens[i + 1].content)
            assert heading, tokens[i + 1].content
            current = heading.group(1) or heading.group(2)
            found[current] = []
        elif token.type == "paragraph_open" and token.level == 0 and current is not None:
            found[current].append(tokens[i + 1].content)
    return found


@pytest.mark.parametrize("args", [(BCB,), (BCB, "--audience", "internal"), (SB_JUNE, "--audience", "internal"),
                                  (SB_AUGUST,), ("plans/da-2014-2016/papers/sb-2014-11.yaml",)])
def test_every_paragraph_of_every_section_and_annex_is_numbered_in_sequence(args):
    marking_and_foi = re.compile(r"\*\*OFFICIAL(-SENSITIVE)?\*\*|Freedom of Information Act: .*|\*Figures .*\*")  # and the colophon
    for prefix, paragraphs in numbered_paragraphs(render(*args)).items():
        paragraphs = [p for p in paragraphs if not marking_and_foi.fullmatch(p)]
        numbers = [re.match(r"\*\*([0-9A-Z]+\.\d+)\*\* ", p) for p in paragraphs]
        assert all(numbers), [p for p, n in zip(paragraphs, numbers, strict=True) if not n]
        assert [n.group(1) for n in numbers if n] == [f"{prefix}.{k}" for k in range(1, len(paragraphs) + 1)]


def test_the_june_papers_generated_blocks_carry_on_the_numbers_of_its_prose():
    out = render(BCB)
    assert "\n**4.1** Three recommendations (R01, R02 and R12) were closed" in out
    assert "\n**4.2** Progress in each key area at 12 June 2014; each recommendation, its owner and the actions " \
           "completed in the period are in Annex A:\n\n| Key area | Recommendations | Closed | Actions |" in out
    assert "\n**5.4** Exceptions at 12 June 2014, listed in full with their owners and due dates in Annex B:\n" in out
    assert "\n**7.1** The timeline of actions by key area, with the board's decisions, is in Annex C.\n" in out
    annex_a = out.split("## Annex A: Action plan\n\n")[1].split("## Annex B")[0]
    assert re.findall(r"^### (.+)\n\n\*\*(A\.\d)\*\* ", annex_a, re.M) == [
        ("Leadership", "A.1"), ("Business processes", "A.2"), ("Training", "A.3"),
        ("Domestic Abuse Investigation and Safeguarding Unit (DAISU) and Multi-Agency Referral Unit (MARU)", "A.4"),
        ("Partnerships", "A.5")]
    annex_b = out.split("## Annex B: Exceptions\n\n")[1].split("## Annex C")[0]
    assert re.findall(r"^\*\*(B\.\d)\*\* \*\*(.+?)\*\*", annex_b, re.M) == [
        ("B.1", "Overdue"), ("B.2", "Blocked"), ("B.3", "At risk: due within 14 days")]


def test_the_body_has_the_summary_and_the_annexes_the_detail():
    out = render(BCB)
    body, annexes = out.split("\n## Annex A: ", 1)
    assert re.findall(r"^## (.+)$", "## Annex A: " + annexes, re.M) == [
        "Annex A: Action plan", "Annex B: Exceptions", "Annex C: Key events since the plan began"]
    assert "| R05 |" not in body and "| R05 |" in annexes  # the recommendation tables
    assert "| R05.4 |" not in body and "| R05.4 |" in annexes  # the action tables
    assert "gantt" not in body and "\ngantt\n    title " in annexes  # the key events (after its init line)
    assert body.count("```mermaid") == 1  # one chart: the RAG pie
    assert "| **All areas** | 15 | 3 | 77 | 38 | 31 | 2 | 6 |" in body  # one table by area


def test_a_disclosable_paper_is_public_by_default_and_says_what_it_left_out():
    public, internal = render(BCB), render(BCB, "--audience", "internal")
    assert public == render(BCB, "--audience", "public")
    assert f"\n{LEFT_OUT}\n" in public and "Public version" not in internal
    for internal_only in ("**Owner's RAG greener than the dates allow**", "| Latest update |",
                          "had no update for more than 35 days", "Owner's RAG greener than the dates allow |"):
        assert internal_only not in public
    assert "**B.4** **Owner's RAG greener than the dates allow** (" in internal
    assert "| Ref | Action | Owner | Due | Latest update |" in internal
    assert re.search(r"\n\*\*B\.5\*\* \d+ open actions have had no update for more than 35 days: R", internal)
    assert "| Owner's RAG greener than the dates allow |" in internal.split("## Annex A")[0]


def test_an_internal_section_is_left_out_of_the_public_paper_and_the_others_keep_their_numbers():
    public = render(SB_JUNE, "--audience", "public")
    assert "## 4." not in public and "Changes since the last meeting\n" not in public
    assert "\n## 3. Exceptions\n" in public and "\n## 5. For decision\n\n**5.1** The board is asked" in public
    assert "the latest updates of blocked actions; section 4 (Changes since the last meeting).*\n" in public


def test_a_paper_not_marked_disclosable_is_internal_by_default():
    out = render(SB_AUGUST)
    assert "Public version" not in out and "## 7. Changes since the last meeting\n\n**7.1** *(Changes" in out


def test_the_forces_template_gives_the_header_of_its_own_papers():
    out = render(BCB)
    assert out.startswith("**OFFICIAL**\n\n**Wessex Vale Police**\n\n**To:** Business Coordination Board\\\n"
                          "**From:** Chief Constable\\\n**Date:** 12 June 2014\n\n"
                          "# HMIC INSPECTION OF THE POLICE RESPONSE TO DOMESTIC ABUSE - FORCE RESPONSE AND PROGRESS\n\n")
    assert "Subject" not in out
    assert "\n**8.1** It is recommended that the board note the contents of this paper.\n\n" \
           "Freedom of Information Act: disclosable.\n\n## Annex A: Action plan\n" in out
    assert out.endswith("2014-06-11, 0d\n```\n\n*Figures as of 12 June 2014, reconstructed from the current files*\n\n"
                        "**OFFICIAL**\n")  # the colophon names the source of its figures, as every document's does


def test_the_built_in_template_is_used_without_the_forces_folder(tmp_path):
    out = render(BCB, "--templates", str(tmp_path))
    assert "**Subject:** HMIC inspection of the police response to domestic abuse" in out
    assert "\n## Annex A: Action plan\n" in out


def test_the_docs_show_the_forces_template_as_it_is():
    docs = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"```jinja\n(.*?)```", docs.split("## The force's own board paper")[1], re.S)[:1]
    template = (REPO / "templates" / "board-paper.md.j2").read_text(encoding="utf-8")
    assert template.split("#}\n", 1)[1] == shown
    assert render(BCB).startswith(re.findall(r"```markdown\n(.*?)```",
                                             docs.split("## The force's own board paper")[1], re.S)[0])


def test_a_template_cannot_reach_the_tree_behind_a_section(tmp_path):
    (tmp_path / "board-paper.md.j2").write_text("{{ sections[0]._ctx.tree.texts }}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "paper", BCB, "--templates", str(tmp_path)])
    assert result.exit_code == 1
    assert "not allowed in a template: access to attribute '_ctx'" in result.stderr
