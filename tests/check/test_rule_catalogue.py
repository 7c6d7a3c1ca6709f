"""The rule catalogue (dagov/check/catalogue.py) lists exactly the rules the code can report.

Rule ids are plain strings handed to whatever makes a finding, so nothing at run
time ties them to the catalogue. This test reads every module under dagov/ with
`ast` and collects each string that reaches a finding's rule:

* a call to anything that takes a rule: `Finding(...)` (the dataclass's `rule`
  field), `Finding.at`, `Reader.report`, `rules._f`, or any new helper with a
  parameter named `rule` or `..._rule` -- found by reading the definitions, so a
  helper someone adds tomorrow is covered without editing this test;
* a keyword argument named `rule` or `..._rule` (`Field(..., missing_rule=...)`)
  and the defaults of such parameters and fields (`missing_rule = "missing-field"`);
* where the rule is a name rather than a literal, the strings assigned to that
  name in the same function or module (`RULE = "x"`, `rule = "a" if c else "b"`).

It also reads the severity each finding is made with, when it is written as
ERROR or WARNING, to check the catalogue's default severity.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.trees import REPO

from dagov.check import catalogue as rule_catalogue
from dagov.plan.findings import ERROR, WARNING

PACKAGE = REPO / "dagov"
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SEVERITIES = {"ERROR": ERROR, "WARNING": WARNING}
ADD_IT = ("add an entry for each to RULES in dagov/check/catalogue.py (id, severity, group, meaning in plain "
          "words), then run `pytest tests/check/test_docs_generated.py --update-golden` to put it in docs/format.md "
          "and the README")


def _is_rule_name(name: str | None) -> bool:
    return name is not None and (name == "rule" or name.endswith("_rule"))


@dataclass(frozen=True)
class Sink:
    """Something that takes a rule id: where the rule and the severity go, and their defaults."""

    rule_index: int
    severity_index: int | None
    severity_default: str | None
    params: int


@dataclass(frozen=True)
class Use:
    rule: str
    where: str
    severity: str | None
    """"error" or "warning" when the code says which; None when it is decided at run time."""


def _modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(PACKAGE.rglob("*.py"))}


def _severity_of(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Name) and node.id in SEVERITIES:
        return SEVERITIES[node.id]
    if isinstance(node, ast.Attribute) and node.attr in SEVERITIES:
        return SEVERITIES[node.attr]
    if isinstance(node, ast.Constant) and node.value in (ERROR, WARNING):
        return node.value
    return None


def _sinks(modules: dict[Path, ast.Module]) -> dict[str, Sink]:
    """Every callable that takes a rule, by the name it is called by."""
    sinks: dict[str, Sink] = {}
    for module in modules.values():
        for node in ast.walk(module):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = [a.arg for a in node.args.posonlyargs + node.args.args]
                if params and params[0] in ("self", "cls"):
                    params = params[1:]
                defaults = dict(zip(reversed(params), reversed(node.args.defaults), strict=False))  # the last ones have defaults
                names = params
            elif isinstance(node, ast.ClassDef):  # a dataclass called with its fields, like Finding
                fields = [s for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                names = [s.target.id for s in fields]
                defaults = {s.target.id: s.value for s in fields if s.value is not None}
            else:
                continue
            rule = next((i for i, name in enumerate(names) if _is_rule_name(name)), None)
            if rule is None:
                continue
            severity = names.index("severity") if "severity" in names else None
            default = _severity_of(defaults.get("severity"))
            sinks[node.name] = Sink(rule, severity, default, len(names))
    return sinks


def _strings(node: ast.AST | None, scopes: list[ast.AST]) -> list[str]:
    """The rule ids an expression can evaluate to, following names to what they were assigned."""
    if node is None:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) and RULE_ID.match(node.value) else []
    if isinstance(node, ast.IfExp):
        return _strings(node.body, scopes) + _strings(node.orelse, scopes)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _strings(value, scopes)]
    if isinstance(node, ast.Name):
        for scope in scopes:  # innermost first: a function's own assignment wins over the module's
            found = [s for assign in ast.walk(scope) if isinstance(assign, (ast.Assign, ast.AnnAssign))
                     for target in (assign.targets if isinstance(assign, ast.Assign) else [assign.target])
                     if isinstance(target, ast.Name) and target.id == node.id
                     for s in _strings(assign.value, [])]
            if found:
                return found
    return []  # a parameter passed on (its callers are read too) or computed: nothing to see here


def _argument(call: ast.Call, index: int, name: str, params: int) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    args = call.args
    starred = next((i for i, a in enumerate(args) if isinstance(a, ast.Starred)), None)
    if starred is None or index < starred:
        return args[index] if index < len(args) else None
    # Positions after a *args are counted from the end: Finding(path, *line_col, severity, rule, message)
    from_end = params - index
    return args[-from_end] if 0 < from_end <= len(args) - starred - 1 else None


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


@functools.cache
def rule_uses() -> tuple[Use, ...]:
    modules = _modules()
    sinks = _sinks(modules)
    uses: list[Use] = []
    for path, module in modules.items():
        rel = path.relative_to(REPO).as_posix()
        functions = [n for n in ast.walk(module) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

        def scopes(node: ast.AST, functions: list[ast.AST] = functions, module: ast.Module = module) -> list[ast.AST]:
            enclosing = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            return [*sorted(enclosing, key=lambda f: -f.lineno), module]

        for node in ast.walk(module):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:  # Field(..., missing_rule="owner-missing") and friends
                    if _is_rule_name(keyword.arg) and _called_name(node) not in sinks:
                        uses += [Use(s, f"{rel}:{node.lineno}", None) for s in _strings(keyword.value, scopes(node))]
                sink = sinks.get(_called_name(node) or "")
                if sink is None:
                    continue
                rule = _argument(node, sink.rule_index, "rule", sink.params)
                if rule is None:  # the parameter may be called missing_rule etc.: try any ..._rule keyword
                    rule = next((k.value for k in node.keywords if _is_rule_name(k.arg)), None)
                severity = sink.severity_default
                if sink.severity_index is not None:
                    given = _argument(node, sink.severity_index, "severity", sink.params)
                    if given is not None:
                        severity = _severity_of(given)
                uses += [Use(s, f"{rel}:{node.lineno}", severity) for s in _strings(rule, scopes(node))]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):  # def f(..., rule="x")
                params = node.args.posonlyargs + node.args.args
                for param, default in zip(reversed(params), reversed(node.args.defaults), strict=False):
                    if _is_rule_name(param.arg):
                        uses += [Use(s, f"{rel}:{node.lineno}", None) for s in _strings(default, [])]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                    and _is_rule_name(node.target.id):  # missing_rule: str = "x"
                uses += [Use(s, f"{rel}:{node.lineno}", None) for s in _strings(node.value, [])]
    return tuple(uses)


def test_the_scan_sees_every_way_the_code_makes_a_finding():
    """If the scan went blind (a refactor renamed `rule`), the completeness test would pass vacuously."""
    where = {use.rule: use.where for use in rule_uses()}
    assert where["file-too-large"].startswith("dagov/plan/parse.py:")    # Finding(path, 1, 1, ERROR, "...", ...)
    assert where["personal-data"].startswith("dagov/check/rules.py:")       # Finding(path, *line_col, severity, "...")
    assert where["unknown-field"].startswith("dagov/plan/fields.py:")      # rd.report(node, "...", ...)
    assert where["id-mismatch"].startswith("dagov/check/rules.py:")         # _f(pos, "...", ...)
    assert where["owner-missing"].startswith("dagov/plan/format.py:")      # Field(..., missing_rule="...")


def test_every_rule_the_code_reports_is_in_the_catalogue_and_no_other():
    reported: dict[str, list[str]] = {}
    for use in rule_uses():
        reported.setdefault(use.rule, []).append(use.where)
    catalogued = {rule.id for rule in rule_catalogue.RULES}
    missing = {rule: reported[rule] for rule in sorted(set(reported) - catalogued)}
    extra = sorted(catalogued - set(reported))
    assert not missing, f"rules reported by the code but not in the catalogue: {missing}; {ADD_IT}"
    assert not extra, (f"rules in dagov/check/catalogue.py that no code reports: {extra}; remove them (and run "
                       "`pytest tests/check/test_docs_generated.py --update-golden`), or report them")


def test_each_rule_is_reported_with_its_catalogued_severity():
    wrong = sorted(
        f"{use.rule} is reported as {use.severity} at {use.where}, catalogued as {rule.severity}"
        for use in rule_uses()
        if use.severity is not None and (rule := rule_catalogue.BY_ID.get(use.rule)) is not None
        and use.severity != rule.severity and not rule.severity_note
    )
    assert wrong == [], "a rule whose severity varies needs a severity_note in dagov/check/catalogue.py"


def test_the_catalogue_is_well_formed():
    ids = [rule.id for rule in rule_catalogue.RULES]
    assert len(ids) == len(set(ids)), "a rule id is listed twice"
    groups = {key for key, _ in rule_catalogue.GROUPS}
    for rule in rule_catalogue.RULES:
        assert RULE_ID.match(rule.id), rule.id
        assert rule.group in groups, rule
        assert rule.severity == (WARNING if rule.group == rule_catalogue.WARNINGS else ERROR), rule
        assert rule.meaning and "|" not in rule.meaning, rule  # one table cell of Markdown


def test_sets_of_rule_ids_in_the_code_name_catalogued_rules():
    """`PLACEHOLDER_RULES = {"missing-field", ...}` and the like must not name a rule that does not exist."""
    unknown = []
    for path, module in _modules().items():
        for node in ast.walk(module):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_RULES")
                                                    for t in node.targets):
                unknown += [f"{path.relative_to(REPO)}:{node.lineno}: {c.value}" for c in ast.walk(node.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                            and c.value not in rule_catalogue.BY_ID]
    assert unknown == []
