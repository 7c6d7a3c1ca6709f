"""Hostile templates (issue 11, defect 8) and where `dagov render` looks (defect 17).

Every template renders in Jinja2's immutable sandbox: each known way out (Python internals
through `cycler`, `lipsum`, `self`, format strings, `|attr`, `.mro()`, changing a list, reading
a file through include/extends or a link) ends in exit 1 with a message naming the template
file and line, runs nothing (a marker file a payload would create never appears) and changes
no byte. Templates come from `--templates DIR` or the `templates/` folder beside the plans
directory, never from the folder dagov is run in; and a paper's plans directory is found the
same way whatever path leads to it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.trees import PAPER as PAPER_YAML, write_tree
from dagov.cli.app import app

PAPER = "plans/p1/papers/sb-2014-03.yaml"
ALLOWED = "a template may print values and use the filters docs/templates.md lists, nothing more"
ONLY_BY_NAME = ("a template can include, import or extend only another template by its name in the templates "
                "folders, e.g. '_sections.md.j2'")

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A governance repository: plans/ (small, so each case is quick), templates/ beside it, and a
    secret beside that."""
    write_tree(tmp_path / "repo" / "plans", {"p1/papers/sb-2014-03.yaml": PAPER_YAML})
    (tmp_path / "repo" / "templates").mkdir()
    (tmp_path / "secret.txt").write_text("TOP-SECRET-VALUE\n", encoding="utf-8")
    return tmp_path / "repo"


def render(cwd: Path, *args: str):
    before = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, ["render", *args])
    finally:
        os.chdir(before)


def tree_hash(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def marker(root: Path) -> Path:
    return root.parent / "PWNED"


# Each payload would, outside the sandbox, run `touch PWNED`, reach Python's internals, change
# data or read a file. (payload, what the message says after "not allowed in a template: ").
ESCAPES = {
    "cycler": ("{{ cycler.__init__.__globals__.os.popen('touch ../PWNED').read() }}",
               "access to attribute '__init__' of 'type' object is unsafe"),
    "joiner": ("{{ joiner.__init__.__globals__.os.system('touch ../PWNED') }}",
               "access to attribute '__init__' of 'type' object is unsafe"),
    "namespace": ("{{ namespace.__init__.__globals__.os.system('touch ../PWNED') }}",
                  "access to attribute '__init__' of 'type' object is unsafe"),
    "lipsum": ("{{ lipsum.__globals__.os.popen('touch ../PWNED').read() }}",
               "access to attribute '__globals__' of 'function' object is unsafe"),
    "lipsum|attr": ("{{ (lipsum|attr('__globals__')).os.popen('touch ../PWNED') }}",
                    "access to attribute '__globals__' of 'function' object is unsafe"),
    "range.__init__": ("{{ range.__init__.__globals__ }}",
                       "access to attribute '__init__' of 'function' object is unsafe"),
    "range.__globals__": ("{{ range.__globals__.os }}",
                          "access to attribute '__globals__' of 'function' object is unsafe"),
    "__subclasses__": ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                       "access to attribute '__class__' of 'str' object is unsafe"),
    "__base__": ("{{ [].__class__.__base__.__subclasses__() }}",
                 "access to attribute '__class__' of 'list' object is unsafe"),
    "mro()": ("{{ namespace.mro() }}", "access to attribute 'mro' of 'type' object is unsafe"),
    "attr-mro": ("{{ (paper|attr('__class__')).mro() }}",
                 "access to attribute '__class__' of 'Paper' object is unsafe"),
    "self-context": ("{{ self._TemplateReference__context }}",
                     "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe"),
    "format": ("{{ '{0.__class__}'.format(paper) }}", "access to attribute '__class__' of 'Paper' object is unsafe"),
    "format-globals": ("{{ '{0.__func__.__globals__}'.format(role) }}",
                       "access to attribute '__func__' of 'method' object is unsafe"),
    "format_map": ("{{ '{x.__class__}'.format_map({'x': paper}) }}",
                   "access to attribute '__class__' of 'Paper' object is unsafe"),
    "markup-format": ("{{ ('{0.__class__}'|safe).format(paper) }}",
                      "access to attribute '__class__' of 'Paper' object is unsafe"),
    "|attr": ("{{ paper|attr('__class__') }}", "access to attribute '__class__' of 'Paper' object is unsafe"),
    "getitem": ("{{ paper['__class__'] }}", "access to attribute '__class__' of 'Paper' object is unsafe"),
    "getitem-cycler": ("{{ cycler['__init__']['__globals__'] }}",
                       "access to attribute '__init__' of 'type' object is unsafe"),
    "undefined-chain": ("{{ figures.__class__.__init__.__globals__ }}",
                        "access to attribute '__class__' of 'PlanFigures' object is unsafe"),
    "list.append": ("{% set xs = [1] %}{{ xs.append(2) }}", "access to attribute 'append' of 'list' object is unsafe"),
    "list.pop": ("{{ [1, 2].pop() }}", "access to attribute 'pop' of 'list' object is unsafe"),
    "list.clear": ("{% set s = [1]|list %}{{ s.clear() }}", "access to attribute 'clear' of 'list' object is unsafe"),
    "dict.update": ("{% set d = {} %}{{ d.update(a=1) }}", "access to attribute 'update' of 'dict' object is unsafe"),
    "dict.setdefault": ("{% set d = {} %}{{ d.setdefault('a', 1) }}",
                        "access to attribute 'setdefault' of 'dict' object is unsafe"),
    "method.__self__": ("{{ role.__self__.tree }}", "access to attribute '__self__' of 'method' object is unsafe"),
    "method.__func__": ("{{ role.__func__.__globals__ }}",
                        "access to attribute '__func__' of 'method' object is unsafe"),
    "method.__globals__": ("{{ paper.at.__globals__ }}",
                           "access to attribute '__globals__' of 'method' object is unsafe"),
    "__dict__": ("{{ paper.__dict__ }}", "access to attribute '__dict__' of 'Paper' object is unsafe"),
    "loop.__class__": ("{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
                       "access to attribute '__class__' of 'LoopContext' object is unsafe"),
    "huge-repeat": ("{{ 'x' * 100000000 }}",
                    "repeating a text or list 100000000 times makes it longer than 1,000,000 items"),
    "huge-power": ("{{ 10 ** 1000000 }}", "a power of 1000000 is too large (at most 1000)"),
}

# Reading outside the template folders: (payload, template name in the message).
READS = {
    "include-absolute": ("{% include '/etc/passwd' %}", "/etc/passwd"),
    "include-dotdot": ("{% include '../../../../../../etc/passwd' %}", "../../../../../../etc/passwd"),
    "include-beside": ("{% include '../../secret.txt' %}", "../../secret.txt"),
    "extends-absolute": ("{% extends '/etc/passwd' %}", "/etc/passwd"),
    "import-dotdot": ("{% import '../../secret.txt' as s %}", "../../secret.txt"),
    "from-import": ("{% from '/etc/hostname' import x %}", "/etc/hostname"),
}


def _attempt(repo: Path, payload: str):
    (repo / "templates" / "board-paper.md.j2").write_text("# {{ header.subject }}\n" + payload + "\n",
                                                          encoding="utf-8")
    before = tree_hash(repo.parent)
    result = render(repo, "paper", PAPER)
    assert tree_hash(repo.parent) == before
    assert not marker(repo).exists()
    assert result.stdout == ""
    assert "TOP-SECRET" not in result.output and "root:" not in result.output
    assert result.exit_code == 1
    return result


@pytest.mark.parametrize("name", ESCAPES)
def test_a_sandbox_escape_is_refused_naming_the_template_and_line(repo, name):
    payload, detail = ESCAPES[name]
    result = _attempt(repo, payload)
    assert result.stderr == f"dagov: templates/board-paper.md.j2:2: not allowed in a template: {detail}; {ALLOWED}\n"


@pytest.mark.parametrize("name", READS)
def test_a_template_cannot_read_a_file_outside_the_template_folders(repo, name):
    payload, target = READS[name]
    result = _attempt(repo, payload)
    assert result.stderr == f"dagov: templates/board-paper.md.j2:2: template '{target}' not found; {ONLY_BY_NAME}\n"


def test_a_huge_loop_is_refused_not_run(repo):
    result = _attempt(repo, "{% for i in range(10 ** 6) %}{% endfor %}")
    assert result.stderr == ("dagov: templates/board-paper.md.j2:2: template error: Range too big. The sandbox blocks "
                             "ranges larger than MAX_RANGE (100000); fix the template there\n")


def test_a_link_out_of_the_templates_folder_is_not_followed(repo):
    (repo / "templates" / "board-paper.md.j2").symlink_to(repo.parent / "secret.txt")
    result = render(repo, "paper", PAPER)
    assert result.exit_code == 1
    assert "TOP-SECRET" not in result.output
    assert result.stderr == ("dagov: templates/board-paper.md.j2 is a link that leads outside templates; templates "
                             "are read only from inside the templates folder: put the file itself there\n")


def test_an_include_through_a_link_out_of_the_folder_is_not_followed(repo):
    (repo / "templates" / "leak.md.j2").symlink_to(repo.parent / "secret.txt")
    result = _attempt(repo, "{% include 'leak.md.j2' %}")
    assert result.stderr == ("dagov: templates/leak.md.j2 is a link that leads outside templates; templates "
                             "are read only from inside the templates folder: put the file itself there\n")


def test_a_fifo_or_a_huge_file_as_template_is_refused_at_once(repo):
    os.mkfifo(repo / "templates" / "board-paper.md.j2")
    # a process of its own with a time limit: a reader that opened the FIFO would wait forever
    done = subprocess.run([sys.executable, "-m", "dagov", "render", "paper", PAPER], cwd=repo, capture_output=True,
                          text=True, timeout=20)
    assert done.returncode == 1
    assert done.stderr == ("dagov: templates/board-paper.md.j2 cannot be read as a template: it is not a regular "
                           "file\n")
    (repo / "templates" / "board-paper.md.j2").unlink()
    with open(repo / "templates" / "board-paper.md.j2", "wb") as big:
        big.truncate(2_000_000_000)  # sparse: costs no disk
    result = render(repo, "paper", PAPER)
    assert result.exit_code == 1
    assert result.stderr == ("dagov: templates/board-paper.md.j2 cannot be read as a template: the file is "
                             "2,000,000,000 bytes, over the 2,097,152-byte limit; is it the right file?\n")


def test_what_the_docs_allow_still_works_in_the_sandbox(repo):
    (repo / "templates" / "board-paper.md.j2").write_text(
        "{% set ns = namespace(n=0) %}{% for a in figures.actions %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{{ ns.n }} {{ '%s and %s'|format(header.to, header.date|date) }} {{ '{} actions'.format(figures.live) }} "
        "{{ (figures.actions|map(attribute='id')|list)[:2]|join(', ') }} {{ [1, 2] + [3] }} {{ 'ab' * 2 }}\n",
        encoding="utf-8")
    result = render(repo, "paper", PAPER)
    assert result.exit_code == 0, result.output
    assert result.stdout == "3 Safeguarding Board and 12 March 2014 3 actions R01.1, R01.2 \\[1, 2, 3\\] abab\n"


# --- where templates and plans are found --------------------------------------------------


def test_a_templates_folder_in_the_working_directory_is_never_used(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates" / "blocks").mkdir(parents=True)
    payload = "{{ cycler.__init__.__globals__.os.popen('touch ../PWNED').read() }}\n"
    (elsewhere / "templates" / "board-paper.md.j2").write_text(payload, encoding="utf-8")
    (elsewhere / "templates" / "blocks" / "exceptions.md.j2").write_text("HIJACKED\n", encoding="utf-8")
    shutil.rmtree(repo / "templates")
    expected = render(repo, "paper", PAPER)
    assert expected.exit_code == 0
    result = render(elsewhere, "paper", str(repo / PAPER))
    assert (result.exit_code, result.stdout) == (0, expected.stdout)
    progress = render(elsewhere, "progress", str(repo / "plans"), "--as-of", "2014-06-12")
    assert progress.exit_code == 0 and "HIJACKED" not in progress.stdout
    assert not (tmp_path / "PWNED").exists()


def test_the_templates_folder_beside_the_plans_directory_is_used_from_anywhere(repo, tmp_path):
    (repo / "templates" / "board-paper.md.j2").write_text("ours: {{ header.subject }}\n", encoding="utf-8")
    plan = repo / "plans" / "p1"
    for cwd, path in ((repo, PAPER), (tmp_path, str(repo / PAPER)), (plan, "papers/sb-2014-03.yaml"),
                      (plan / "papers", "./sb-2014-03.yaml"), (repo / "plans", "p1/../p1/papers/sb-2014-03.yaml")):
        result = render(cwd, "paper", path)
        assert (result.exit_code, result.stdout) == (0, "ours: Progress\n"), (cwd, path, result.output)


def test_render_paper_finds_the_plans_directory_by_any_path(repo):
    expected = render(repo, "paper", PAPER, "--templates", str(repo.parent))  # no templates there: built-ins
    assert expected.exit_code == 0
    shutil.rmtree(repo / "templates")
    plan = repo / "plans" / "p1"
    for cwd, path in ((plan, "papers/sb-2014-03.yaml"), (plan / "papers", "sb-2014-03.yaml"),
                      (plan / "papers", "../papers/./sb-2014-03.yaml"),
                      (repo, "plans/p1/../p1/papers/../papers/sb-2014-03.yaml"),
                      (plan / "meetings", "../../p1/papers/sb-2014-03.yaml")):
        result = render(cwd, "paper", path)
        assert (result.exit_code, result.stderr) == (0, ""), (cwd, path, result.output)
        assert result.stdout == expected.stdout


def test_a_paper_outside_a_plans_directory_is_a_usage_error(tmp_path):
    papers = tmp_path / "loose" / "papers"
    papers.mkdir(parents=True)
    (papers / "sb-2014-03.yaml").write_text(PAPER_YAML, encoding="utf-8")
    result = render(papers, "paper", "sb-2014-03.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("dagov: sb-2014-03.yaml is not in a plans directory: ../.. has no organisation.yaml; "
                             "papers live in <plans>/<plan>/papers/<id>.yaml\n")
