"""The references rule, driven by the format: every `Ref` field of dagov/plan/format.py is checked here.

The format says what each reference names (`Ref.target`: a role, a board, a key area ...).
TARGETS says where ids of each kind live and how a wrong one is reported; PHRASES says how
each referring field is named in a message ("owner of action R03.2"). The walk follows the
format's fields through the model, so a new `Ref` field is checked as soon as it has a
phrase, and tests/test_references.py fails until it has one (or when a phrase names a field
the format no longer has). Each check is a dict lookup: the cost grows linearly with the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from dagov.plan import format as fmt
from dagov.plan.classcode import CompiledOnce
from dagov.plan.fields import Either, Field, List, Map, Obj, Ref
from dagov.plan.findings import Finding
from dagov.plan.model import Action, Located, Plan, Tree
from dagov.words import did_you_mean

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

Ids = Mapping[str, object]
"""The ids of one kind (roles, meetings, actions ...) and what each names."""


@dataclass(frozen=True)
class Scope:
    """What a reference is judged against: the tree, and the plan whose file holds it (None in organisation.yaml)."""

    tree: Tree
    plan: Plan | None

    @property
    def home(self) -> Plan:
        """The plan holding the reference: a plan's own ids are asked for only in its files."""
        if self.plan is None:
            raise TypeError("a plan's ids asked for in organisation.yaml")
        return self.plan

    @property
    def org_file(self) -> str:
        return f"{self.tree.root}/organisation.yaml"


@dataclass(frozen=True)
class Target:
    """Where the ids of one kind of reference live, and the finding for an id that is not there."""

    rule: str
    ids: Callable[[Scope], Ids | None]
    """The known ids; None when they cannot be known (no readable organisation.yaml): nothing is judged."""
    message: str
    """A format string: {what} (the field's phrase), {value}, {suggestion} (did you mean), {org_file},
    {plan} (the plan holding the reference), {root} and {choices} (the known ids)."""
    excused: Callable[[Scope, str], bool] = lambda scope, value: False
    """An id that may be in a file with an error of its own: that error says enough."""


@dataclass(frozen=True)
class Phrase:
    """How one referring field is named in a message: a format string of {obj}, {parent} and {value}."""

    what: str
    message: str | None = None
    """Instead of the target's message, for the one field worded its own way."""


def _organisation(attribute: str) -> Callable[[Scope], Ids | None]:
    return lambda scope: getattr(scope.tree.organisation, attribute) if scope.tree.organisation else None


def _in_unreadable(plan: Plan, action_id: str) -> bool:
    """An action id whose recommendation file could not be read: its own error says enough."""
    return action_id.split(".", 1)[0] in plan.unreadable


CHECKED_BY_BOARD_ACTION_REVIEWS = None
"""A board action is raised at an earlier meeting of the same board: dagov.check.rules.board_action_reviews."""

TARGETS: dict[str, Target | None] = {
    "role": Target(rule="unknown-role", ids=_organisation("roles"),
                   message="{what} is '{value}', which is not a role in {org_file}{suggestion}; "
                           "use a role id from there, or add the role"),
    "board": Target(rule="unknown-board", ids=_organisation("boards"),
                    message="{what} is '{value}', which is not a board in {org_file}{suggestion}; "
                            "use one of: {choices}"),
    "partner": Target(rule="unknown-partner", ids=_organisation("partners"),
                      message="partner '{value}' of {what} is not a partner in {org_file}{suggestion}; "
                              "add it under partners:"),
    "area": Target(rule="unknown-area", ids=lambda scope: scope.home.areas,
                   message="area '{value}' of {what} is not a key area of plan {plan.id}{suggestion}; "
                           "use one of: {choices}"),
    "meeting": Target(rule="unknown-meeting", ids=lambda scope: scope.home.meetings,
                      excused=lambda scope, value: value in scope.home.unreadable,
                      message="{what} '{value}', but plan {plan.id} has no such meeting{suggestion}; "
                              "use the id of a file in {plan.folder}/meetings/"),
    "recommendation": Target(rule="unknown-recommendation", ids=lambda scope: scope.home.recommendations,
                             excused=lambda scope, value: value in scope.home.unreadable,
                             message="{what} '{value}', which is not a recommendation of plan {plan.id}{suggestion}"),
    "action": Target(rule="unknown-action", ids=lambda scope: scope.home.actions,
                     excused=lambda scope, value: _in_unreadable(scope.home, value),
                     message="{what} '{value}', which is not an action of plan {plan.id}{suggestion}"),
    "plan": Target(rule="unknown-plan", ids=lambda scope: scope.tree.plans,
                   excused=lambda scope, value: value in scope.tree.unreadable_plans,
                   message="{what} '{value}' is not a plan folder in {root}{suggestion}; "
                           "give the id of the plan that replaced this one"),
    "board-action": CHECKED_BY_BOARD_ACTION_REVIEWS,
    "measure": Target(rule="unknown-measure", ids=lambda scope: scope.home.measures,
                      excused=lambda scope, value: value in scope.home.unreadable,
                      message="{what} '{value}', which is not a measure of plan {plan.id}{suggestion}; "
                              "use the id of a file in {plan.folder}/measures/"),
}
"""Each `Ref.target` of the format: where its ids live."""

PHRASES: dict[tuple[str, str], Phrase] = {
    ("board", "chair"): Phrase("chair of board {obj.id}"),
    ("board", "members"): Phrase("member '{value}' of board {obj.id}", "{what} is not a role in {org_file}{suggestion}"),
    ("plan", "owner"): Phrase("owner of plan {obj.id}"),
    ("plan", "lead"): Phrase("lead of plan {obj.id}"),
    ("plan", "board"): Phrase("board of plan {obj.id}"),
    ("plan", "reports_to"): Phrase("reports_to of plan {obj.id}"),
    ("plan", "superseded_by"): Phrase("superseded_by"),
    ("recommendation", "area"): Phrase("recommendation {obj.id}"),
    ("recommendation", "owner"): Phrase("owner of recommendation {obj.id}"),
    ("closure", "meeting"): Phrase("recommendation {parent.id} closed at meeting"),
    ("reopening", "meeting"): Phrase("recommendation {parent.id} reopened at meeting"),
    ("reopening", "closed_at"): Phrase("recommendation {parent.id} was closed at meeting"),
    ("action", "owner"): Phrase("owner of action {obj.id}"),
    ("action", "partners"): Phrase("action {obj.id}"),
    ("update", "by"): Phrase("'by' of an update to action {parent.id}"),
    ("extension", "meeting"): Phrase("extension of action {parent.id} cites meeting"),
    ("meeting", "board"): Phrase("board of meeting {obj.id}"),
    ("meeting", "chair"): Phrase("chair of meeting {obj.id}"),
    ("attendee", "role"): Phrase("attendee of meeting {parent.id}"),
    ("decision", "close"): Phrase("decision {obj.id} closes"),
    ("decision", "extend"): Phrase("decision {obj.id} extends"),
    ("decision", "cancel"): Phrase("decision {obj.id} cancels"),
    ("decision", "reopen"): Phrase("decision {obj.id} reopens"),
    ("board action", "owner"): Phrase("owner of board action {obj.id}"),
    ("paper", "to"): Phrase("'to' of paper {obj.id}"),
    ("paper", "from"): Phrase("'from' of paper {obj.id}"),
    ("success criterion", "measure"): Phrase("a success criterion of recommendation {parent.id} names measure"),
    ("assessment", "recommendation"): Phrase("an assessment at meeting {parent.id} judges"),
    ("partner view", "partner"): Phrase("a partner's view on {parent.recommendation} at an assessment"),
    ("measure", "owner"): Phrase("owner of measure {obj.id}"),
    ("measure", "recommendations"): Phrase("measure {obj.id} evidences"),
}
"""Each `Ref` field of the format, by (its object's noun, its name): how a message names it (all but
those whose target is checked by another rule)."""


# --- the walk --------------------------------------------------------------------------

REF, REFS, OBJECT, OBJECTS = "ref", "refs", "object", "objects"


@dataclass(frozen=True)
class Step:
    """One field of an object type that holds references, directly (REF, REFS) or further down (OBJECT, OBJECTS)."""

    kind: str
    field: Field
    attribute: str
    """The field's model attribute (Field.attribute, worked out once: the walk reads it for every object)."""
    target: str = ""
    """What a REF or REFS step's ids name (a key of TARGETS)."""
    inner: Obj | None = None
    """The object type an OBJECT or OBJECTS step holds."""


def _object_of(type_: object) -> Obj | None:
    """The object type a field holds (one, a list or a map of them); an Either's scalar is wrapped
    into its mapping's object (a role id into an attendee), so walking that object covers it."""
    if isinstance(type_, (List, Map)):
        return _object_of(type_.item if isinstance(type_, List) else type_.value)
    if isinstance(type_, Either):
        return type_.mapping
    return type_ if isinstance(type_, Obj) else None


_steps: dict[int, tuple[Step, ...]] = {}


def steps(obj: Obj) -> tuple[Step, ...]:
    """The fields of `obj` that hold references judged here, worked out once per object type: the walk
    skips everything else (evidence, agenda items, settings ...)."""
    known = _steps.get(id(obj))
    if known is not None:
        return known
    found: list[Step] = []
    _steps[id(obj)] = ()  # a type that contained itself would end here
    for field in obj.fields.values():
        type_ = field.type
        ref = type_.item if isinstance(type_, List) else type_
        if isinstance(ref, Ref):
            if TARGETS[ref.target] is not CHECKED_BY_BOARD_ACTION_REVIEWS:
                found.append(Step(REF if ref is type_ else REFS, field, field.attribute, target=ref.target))
        elif (inner := _object_of(type_)) is not None and steps(inner):
            found.append(Step(OBJECT if type_ is inner else OBJECTS, field, field.attribute, inner=inner))
    _steps[id(obj)] = result = tuple(found)
    return result


class _Judge:
    """Judges the references in the files of one scope (organisation.yaml, or one plan's files), each kind of
    id looked up once."""

    def __init__(self, scope: Scope, findings: list[Finding]):
        self.scope = scope
        self.findings = findings
        self._known: dict[str, Ids | None] = {}

    def known(self, target: str) -> Ids | None:
        try:
            return self._known[target]
        except KeyError:
            where = TARGETS[target]
            ids = self._known[target] = where.ids(self.scope) if where is not None else None
            return ids

    def walk(self, obj_type: Obj, obj: Located, parent: Located | None = None) -> None:
        for step in _steps.get(id(obj_type)) or steps(obj_type):
            value = getattr(obj, step.attribute)
            kind = step.kind
            if kind is REF:
                if value and (ids := self.known(step.target)) is not None and value not in ids:
                    self.judge(obj_type, step, obj, parent, value, ids)
            elif kind is REFS:
                if value and (ids := self.known(step.target)) is not None:
                    for one in value:
                        if one not in ids:
                            self.judge(obj_type, step, obj, parent, one, ids)
            elif (inner := step.inner) is None:
                continue  # never: an object step has its object type
            elif kind is OBJECT:
                if value:
                    self.walk(inner, value, obj)
            else:
                for child in value.values() if isinstance(value, dict) else value:
                    self.walk(inner, child, obj)

    def judge(self, obj_type: Obj, step: Step, obj: Located, parent: Located | None, value: str,
              ids: Ids) -> None:
        """`value` is not one of `ids`: a finding, unless its file has an error of its own."""
        target = TARGETS[step.target]
        if target is None or target.excused(self.scope, value):  # (never None: such targets have no steps)
            return
        phrase = PHRASES[obj_type.noun, step.field.name]
        scope = self.scope
        what = phrase.what.format(obj=obj, parent=parent, value=value)
        message = (phrase.message or target.message).format(
            what=what, value=value, suggestion=did_you_mean(value, ids), org_file=scope.org_file, plan=scope.plan,
            root=scope.tree.root, choices=", ".join(ids))
        self.findings.append(Finding.at(obj.at(step.field.name), target.rule, message))


def _files(tree: Tree) -> Iterator[tuple[Obj, Located, Plan | None]]:
    """Every file's top object with its format type, and the plan whose folder holds it."""
    if tree.organisation:
        yield fmt.ORGANISATION, tree.organisation, None
    for plan in tree.plans.values():
        yield fmt.PLAN, plan, plan
        for rec in plan.recommendations.values():
            yield fmt.RECOMMENDATION, rec, plan
        for meeting in plan.meetings.values():
            yield fmt.MEETING, meeting, plan
        for paper in plan.papers.values():
            yield fmt.PAPER, paper, plan
        for measure in plan.measures.values():
            yield fmt.MEASURE, measure, plan


def references(tree: Tree) -> Iterator[Finding]:
    """Every id that names something (a role, board, partner, key area, meeting, recommendation, action,
    plan) must name something that exists; and an action's carried_from must name an action of a plan."""
    findings: list[Finding] = []
    judges: dict[int, _Judge] = {}
    for obj_type, obj, plan in _files(tree):
        judge = judges.get(id(plan))
        if judge is None:
            judge = judges[id(plan)] = _Judge(Scope(tree, plan), findings)
        judge.walk(obj_type, obj)
    yield from findings
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            for action in rec.actions:
                if action.carried_from:
                    yield from _carried_from(tree, action, action.carried_from)


def _carried_from(tree: Tree, action: Action, carried_from: str) -> Iterator[Finding]:
    """carried_from is <plan folder>/<action id>: two references in one text, so the format holds it as text."""
    plan_id, _, action_id = carried_from.partition("/")
    source = tree.plans.get(plan_id)
    if source is None and plan_id in tree.unreadable_plans:
        return  # its plan.yaml has an error of its own; fix that first
    if source is None:
        yield Finding.at(action.at("carried_from"), "unknown-plan",
                         f"action {action.id} is carried from plan '{plan_id}', which is not a plan folder"
                         f"{did_you_mean(plan_id, tree.plans)}; write the folder of the superseded plan and the id "
                         "of its action, e.g. da-2014/R05.3")
    elif action_id not in source.actions and not _in_unreadable(source, action_id):
        yield Finding.at(action.at("carried_from"), "unknown-action",
                         f"action {action.id} is carried from '{carried_from}', but plan {plan_id} has no "
                         f"action {action_id}{did_you_mean(action_id, source.actions)}; use the id of the action of "
                         f"{plan_id} this one continues")


_compiling.close()
