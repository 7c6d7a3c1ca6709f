"""The layers of dagov, read from the imports: what may import what.

plan (the format, the model and loading) → check → report → render / history → edit → cli.
A layer imports only the layers it is allowed to (imports inside functions count too),
only cli/ talks to the terminal (typer, rich), only render/ knows Jinja2 and Markdown,
and only history/ runs git.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dagov"

ALLOWED = {
    "": set(),  # the package root: the error base, small shared words, safe text and the JSON writer
    "plan": set(),
    "check": {"plan"},
    "report": {"plan", "check"},
    "render": {"plan", "check", "report"},
    "history": {"plan", "check", "report"},
    "edit": {"plan", "check", "report"},
    "cli": {"plan", "check", "report", "render", "history", "edit"},
}
ONLY_IN = {
    "typer": {"cli"}, "click": {"cli"}, "rich": {"cli"},
    "jinja2": {"render"}, "markupsafe": {"render"}, "markdown_it": {"render"}, "weasyprint": {"render"},
}


def layer_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts == ("__main__.py",):
        return "cli"  # `python -m dagov` is the command line
    return parts[0] if len(parts) > 1 else ""


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "dagov":
                found += [(node.lineno, f"dagov.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_known_layer():
    assert {layer_of(p) for p in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_respect_the_layers(path):
    layer = layer_of(path)
    wrong = []
    for line, name in imports(path):
        top, _, rest = name.partition(".")
        if top == "dagov":
            target = rest.split(".")[0]
            if target in ALLOWED and target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{path.name}:{line} imports {name}")
        elif top in ONLY_IN and layer not in ONLY_IN[top]:
            wrong.append(f"{path.name}:{line} imports {name}, which belongs in {sorted(ONLY_IN[top])}")
        elif top == "subprocess" and layer != "history":
            wrong.append(f"{path.name}:{line} imports subprocess: only history/ runs git")
    assert not wrong, "\n".join(wrong)
