"""Hostile text in every output: control characters shown, never obeyed; Markdown never becomes HTML.

Issue 11, defects 6 and 9. Payloads come from YAML escapes (the only way a control
character gets into a valid plan file), file names and git metadata; each is checked
through the CLI in every output that prints it: check (text, github, codequality,
json), show and status (text, Markdown), owners, render paper, log and changes.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from helpers.gitrepo import GitPlans, git
from helpers.trees import ORGANISATION, PAPER, R01
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from dagov.cli.app import app

AS_OF = ["--as-of", "2014-05-01"]
R01_FILE = "p1/recommendations/R01.yaml"
PAPER_FILE = "p1/papers/sb-2014-03.yaml"

# (YAML double-quoted escape, how dagov shows it); in Markdown, whitespace (CR, VT, FF) becomes a space
CONTROLS = [
    pytest.param("\\e[2J\\e[H", "\\x1b[2J\\x1b[H", id="csi-clear-screen"),
    pytest.param("\\e]0;pwned\\a", "\\x1b]0;pwned\\x07", id="osc-title-bel"),
    pytest.param("\\e]8;;http://evil.example\\e\\\\link\\e]8;;\\e\\\\", "\\x1b]8;;http://evil.example\\x1b\\link"
                 "\\x1b]8;;\\x1b\\", id="osc8-hyperlink"),
    pytest.param("\\x9b31m", "\\x9b31m", id="c1-csi"),
    pytest.param("\\x90q\\x9c", "\\x90q\\x9c", id="c1-dcs-st"),
    pytest.param("\\x7f", "\\x7f", id="del"),
    pytest.param("\\b\\b\\b", "\\x08\\x08\\x08", id="backspace"),
    pytest.param("ok\\rFAKE", "ok\\rFAKE", id="carriage-return"),
    pytest.param("\\0", "\\x00", id="nul"),
    pytest.param("\\x0b\\x0c", "\\x0b\\x0c", id="vt-ff"),
]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never reach standard output or a file (tab and newline are allowed)."""
FINDING_LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning) \[[a-z-]+\] ")

runner = CliRunner()


def run(*args: str, code: int | None = None) -> str:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if code is not None:
        assert result.exit_code == code, result.output
    return result.stdout


def no_raw_controls(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text).group())


def titled(payload: str) -> str:
    return R01.replace("title: Train everyone", f'title: "Train{payload}end"')


def md_escaped(visible: str) -> str:
    """How the Markdown escaper writes a visible escape: whitespace controls become one space
    (Markdown text is one line), the backslashes and brackets of the rest are escaped."""
    visible = re.sub(r"(\\[rt]|\\x0[bc])+", " ", visible)
    return re.sub(r"([\\`*_\[\]<>|~&#])", r"\\\1", visible)


# --- defect 9: control characters ----------------------------------------------------------


@pytest.mark.parametrize(("payload", "shown"), CONTROLS)
def test_check_text_shows_controls_in_a_quoted_key_as_escapes(tree_dir, payload, shown):
    plain = tree_dir({R01_FILE: R01 + '"xKEYy": 1\n'})
    expected = [line.replace("xKEYy", f"x{shown}y") for line in run("check", str(plain), code=1).splitlines()]
    root = tree_dir({R01_FILE: R01 + f'"x{payload}y": 1\n'})
    out = run("check", str(root), code=1)
    no_raw_controls(out)
    assert out.splitlines() == expected
    assert out.splitlines()[0] == (
        f"{root}/{R01_FILE}:35:1: error [unknown-field] recommendation R01 has an unknown field 'x{shown}y'; "
        "allowed fields: id, kind, title, text, area, owner, timescale, due, status, closed, actions, reopened"
    )


@pytest.mark.parametrize(("payload", "shown"), CONTROLS)
def test_check_github_and_codequality_keep_controls_out_of_the_log(tree_dir, payload, shown):
    root = tree_dir({R01_FILE: R01 + f'"x{payload}y": 1\n'})
    github = run("check", str(root), "--format", "github", code=1)
    no_raw_controls(github)
    (line,) = github.splitlines()
    assert line.startswith(f"::error file={root}/{R01_FILE},line=35,col=1,title=dagov unknown-field::"
                           f"recommendation R01 has an unknown field 'x{shown}y'; ")
    for fmt in ("codequality", "json"):
        out = run("check", str(root), "--format", fmt, code=1)
        no_raw_controls(out)
        (issue,) = json.loads(out)
        # JSON keeps the data exactly (control characters as \u escapes); a reader decides how to show it
        key = yaml.safe_load(f'"x{payload}y"')
        assert f"unknown field '{key}'" in (issue.get("description") or issue.get("message"))


FORGED = "R9\nfake.yaml:1:1: error [forged] planted finding \x1b[2J"


def test_a_file_name_with_a_newline_cannot_forge_a_finding_line(tree_dir):
    root = tree_dir({f"p1/recommendations/{FORGED}.yaml": "id: R9\n"})
    shown = f"{root}/p1/recommendations/R9\\nfake.yaml:1:1: error [forged] planted finding \\x1b[2J.yaml"
    out = run("check", str(root), code=1)
    no_raw_controls(out)
    lines = out.splitlines()
    assert all(FINDING_LINE.match(line) for line in lines[:-1]), lines
    assert not [line for line in lines if line.startswith("fake.yaml")]
    assert any(line.startswith(shown + ":1:1: error [") for line in lines), lines
    github = run("check", str(root), "--format", "github", code=1)
    assert all(line.startswith(("::error ", "::warning ")) for line in github.splitlines())
    assert "file=" + f"{root}/p1/recommendations/R9%0Afake.yaml%3A1%3A1%3A error [forged] planted finding " \
           "\\x1b[2J.yaml," in github


@pytest.mark.parametrize(("payload", "shown"), CONTROLS)
def test_show_status_and_owners_show_controls_as_escapes(tree_dir, payload, shown):
    org = ORGANISATION.replace("title: Head of Learning", f'title: "Head{payload}end"')
    root = tree_dir({R01_FILE: titled(payload), "organisation.yaml": org})
    text = run("show", "R01", str(root), *AS_OF, code=0)
    no_raw_controls(text)
    assert f"Title: Train{shown}end\n" in text
    markdown = run("show", "R01", str(root), *AS_OF, "--format", "markdown", code=0)
    no_raw_controls(markdown)
    assert f"- Title: Train{md_escaped(shown)}end\n" in markdown
    status = run("status", str(root), *AS_OF, code=0)
    no_raw_controls(status)
    assert f"R01  Train{shown}end"[:30] in status  # the title column may be cut to fit
    status_md = run("status", str(root), *AS_OF, "--format", "markdown", code=0)
    no_raw_controls(status_md)
    assert f"| R01 | Train{md_escaped(shown)}end |" in status_md
    owners = run("owners", str(root), *AS_OF, code=0)
    no_raw_controls(owners)
    assert f"trainer: Head{shown}end" in owners
    assert f"trainer: Head{md_escaped(shown)}end" in run("owners", str(root), *AS_OF, "--format", "markdown")
    for fmt in (["status", str(root)], ["owners", str(root)]):
        no_raw_controls(run(*fmt, *AS_OF, "--format", "json", code=0))


def test_a_newline_in_a_title_stays_in_its_table_row(tree_dir):
    root = tree_dir({R01_FILE: titled("\\nR99  forged row")})
    status = run("status", str(root), *AS_OF, code=0)
    assert "R01  Train\\nR99  forged row" in status
    assert not [line for line in status.splitlines() if line.startswith("R99")]


@pytest.mark.parametrize(("payload", "shown"), CONTROLS)
def test_render_paper_shows_controls_as_escapes(tree_dir, tmp_path, payload, shown):
    paper = PAPER.replace("subject: Progress", f'subject: "Progress{payload}end"')
    root = tree_dir({PAPER_FILE: paper, R01_FILE: titled(payload)})
    out = run("render", "paper", str(root / PAPER_FILE), code=0)
    no_raw_controls(out)
    assert f"Progress{md_escaped(shown)}end" in out
    target = tmp_path / "paper.md"
    run("render", "paper", str(root / PAPER_FILE), "-o", str(target), code=0)
    assert target.read_text(encoding="utf-8") == out
    html = run("render", "paper", str(root / PAPER_FILE), "--format", "html", code=0)
    no_raw_controls(html)


AUTHOR = "Evil\x1b]0;pwned\x07 \x9b31mLead"
SUBJECT = "Retitle \x1b[2J\x1b[31mR01\x7f"


@pytest.fixture
def hostile_history(tmp_path) -> GitPlans:
    repo = GitPlans.with_base(tmp_path / "repo", when="2014-03-12T18:00:00+00:00")
    repo.write({R01_FILE: titled("\\e[2J\\nR99  forged")})
    stamp = "2014-03-20T12:00:00+00:00"
    git(repo.top, "add", "-A")
    git(repo.top, "commit", "-q", "-m", SUBJECT, env={"GIT_AUTHOR_NAME": AUTHOR, "GIT_AUTHOR_DATE": stamp,
                                                       "GIT_COMMITTER_DATE": stamp})
    return repo


def test_log_and_changes_show_git_metadata_and_titles_as_escapes(hostile_history):
    plans = str(hostile_history.plans)
    log = run("log", "R01", plans, code=0)
    no_raw_controls(log)
    assert "Evil\\x1b]0;pwned\\x07 \\x9b31mLead  Retitle \\x1b[2J\\x1b[31mR01\\x7f" in log
    changes = run("changes", plans, "--since", "HEAD~1", "--until", "HEAD", code=0)
    no_raw_controls(changes)
    assert "Train\\x1b[2J\\nR99  forged" in changes
    assert not [line for line in (log + changes).splitlines() if line.startswith("R99")]
    for out in (run("log", "R01", plans, "--format", "json"),
                run("changes", plans, "--since", "HEAD~1", "--until", "HEAD", "--format", "json")):
        no_raw_controls(out)
        json.loads(out)
    markdown = run("changes", plans, "--since", "HEAD~1", "--until", "HEAD", "--format", "markdown", code=0)
    no_raw_controls(markdown)


# --- defect 6: one Markdown escaper ----------------------------------------------------------

MARKDOWN = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![x](http://evil.example/p.png)",
    "<http://evil.example>",
    "<evil@example.org>",
    "&lt;b&gt; &amp; &#60;",
    "`code` and ``more``",
    "*em* **strong** _em_ __strong__ ~~gone~~",
    "# heading",
    "1. item",
    "2) item",
    "- bullet",
    "+ bullet",
    "* bullet",
    "> quote",
    "a | b | c",
    "=== underline",
    "--- rule",
    "<!-- comment -->",
    "<div>\n\nblock</div>",
    "line one\nline two\n\n# two",
    "\\<escaped\\> \\\\",
    "[ref]: http://evil.example",
    "[x][ref]",
    "```\nfence",
    "    indented code",
]
MD = MarkdownIt("commonmark").enable("table")


def rendered(markdown: str) -> list:
    """Every token of the Markdown, inline children included."""
    tokens = []
    for token in MD.parse(markdown):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


def visible(tokens) -> str:
    return "".join(t.content for t in tokens if t.type in ("text", "code_inline"))


def assert_inert(markdown: str, payloads: list[str]) -> None:
    tokens = rendered(markdown)
    # (dagov's own **table titles** are strong; a payload that became strong would lose its asterisks)
    bad = [t.type for t in tokens if t.type in ("html_inline", "html_block", "link_open", "image", "code_inline",
                                                 "code_block", "fence", "em_open", "s_open",
                                                 "blockquote_open", "ordered_list_open", "hr")]
    assert not bad, (bad, markdown)
    text = visible(tokens)
    for payload in payloads:
        assert " ".join(payload.split()) in text, (payload, text)


def test_markdown_of_show_status_and_owners_escapes_every_payload(tree_dir):
    titles = {f"R{i + 10:02d}": p for i, p in enumerate(MARKDOWN)}
    files = {}
    for rid, payload in titles.items():
        body = R01.split("    extensions:")[0].replace("id: R01", f"id: {rid}").replace("R01.", f"{rid}.")
        files[f"p1/recommendations/{rid}.yaml"] = body.replace("title: Train everyone", f"title: {json.dumps(payload)}")
    org = ORGANISATION.replace("title: Head of Learning", f"title: {json.dumps(MARKDOWN[0] + ' ' + MARKDOWN[2])}")
    org += "  personal_data:\n    allow_domains: [example.org]\n"  # the autolink payload is an address
    root = tree_dir({**files, "organisation.yaml": org})
    status = run("status", str(root), *AS_OF, "--format", "markdown", code=0)
    assert_inert(status, MARKDOWN)
    owners = run("owners", str(root), *AS_OF, "--format", "markdown", code=0)
    assert_inert(owners, [MARKDOWN[0] + " " + MARKDOWN[2]])
    for rid, payload in titles.items():
        assert_inert(run("show", rid, str(root), *AS_OF, "--format", "markdown", code=0), [payload])


def test_one_markdown_escaper():
    import dagov.report.layout

    assert not hasattr(dagov.report.layout, "_md_text") and not hasattr(dagov.report.layout, "_md_cell")
    from dagov.render.mdtext import inline

    for payload in MARKDOWN:
        assert_inert("- " + inline(payload), [payload])
        assert_inert("| a |\n|---|\n| " + inline(payload) + " |", [payload])


# --- defect 17: reports exit as check does ----------------------------------------------------


def test_reports_exit_1_when_the_only_error_is_protective_marking(tree_dir):
    paper = PAPER.replace("foi: disclosable", "classification: OFFICIAL-SENSITIVE\nfoi: disclosable")
    root = tree_dir({PAPER_FILE: paper})
    check = run("check", str(root), code=1)
    assert "error [protective-marking]" in check
    for args in (["status", str(root)], ["owners", str(root)], ["show", "R01", str(root)],
                 ["status", str(root), "--format", "json"]):
        result = runner.invoke(app, [*args, *AS_OF])
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(
            "dagov: 1 error in the plan files: the figures cover only what could be read and may be wrong; "
            f"run 'dagov check {root}' and fix them (exit code 1)"), result.stderr


def test_reports_exit_0_on_the_base_tree(tree_dir):
    root = tree_dir({})
    run("check", str(root), code=0)
    for args in (["status", str(root)], ["owners", str(root)], ["show", "R01", str(root)]):
        run(*args, *AS_OF, code=0)

