"""The rules `dagov check` applies once every file has been read.

Each rule is a small generator over the tree that yields findings. Schema-level
rules (types, missing and unknown fields) run while reading; these are the rules
that need more than one file: ids, cross-references (dagov.check.references), and
governance consistency.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from dagov.check.board_rules import BOARD_RULES
from dagov.check.holders import holder_periods
from dagov.check.issued import issued_papers
from dagov.check.outcome_rules import OUTCOME_RULES
from dagov.check.papers import internal_blocks_in_disclosable_papers, self_numbered_paragraphs
from dagov.check.publication import responses
from dagov.check.references import references
from dagov.patterns import compiled_on_use
from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan import rag
from dagov.plan.classcode import CompiledOnce
from dagov.plan.findings import ERROR, WARNING, Finding, Pos
from dagov.plan.ids import next_numbered, paper_id
from dagov.plan.model import (
    Action,
    BoardAction,
    Located,
    Measure,
    Meeting,
    Paper,
    PersonalDataSettings,
    Recommendation,
    Tree,
)
from dagov.plan.vocabulary import (
    DONE_STATUSES,
    MARKING_DESCRIPTORS,
    MARKINGS,
    OFFICIAL_SENSITIVE,
    PAPER_TEMPLATES_BUILT_IN,
    SENSITIVE_MARKINGS,
    TOP_SECRET,
)
from dagov.words import close_matches, did_you_mean

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

if TYPE_CHECKING:
    from dagov.check import personal_data as pd  # the rule personal_data below has the module's name


def _f(pos: Pos, rule: str, message: str, severity: str = ERROR) -> Finding:
    return Finding.at(pos, rule, message, severity)


def _org_file(tree: Tree) -> str:
    return f"{tree.root}/organisation.yaml"


def _stem(obj: Located) -> str:
    """The name of the file `obj` was read from, without its '.yaml'."""
    return os.path.splitext(os.path.basename(obj.pos.path))[0]


# --- ids ---------------------------------------------------------------------------


def ids_match_files(tree: Tree) -> Iterator[Finding]:
    for folder, plan in tree.plans.items():
        if plan.id and plan.id != folder:
            yield _f(plan.at("id"), "id-mismatch",
                     f"plan id '{plan.id}' differs from its folder name '{folder}'; make them the same")
        for kind, items in (("recommendation", plan.recommendations), ("meeting", plan.meetings), ("paper", plan.papers),
                            ("measure", plan.measures)):
            for item in items.values():
                stem = _stem(item)
                if item.id and item.id != stem and not _VALID_ID.match(stem):
                    yield _f(item.at("id"), "id-mismatch", _not_an_id_name(kind, item, items))
                elif item.id and item.id != stem:
                    other = items.get(item.id)
                    if other is not None and other is not item:  # a copied file: renaming it would clash
                        yield _f(item.at("id"), "id-mismatch",
                                 f"{kind} id '{item.id}' is already the id of {other.pos.path}; "
                                 f"change this file's id to {stem}")
                        continue
                    yield _f(item.at("id"), "id-mismatch",
                             f"{kind} id '{item.id}' differs from its file name '{stem}.yaml'; "
                             f"rename the file to {item.id}.yaml or change the id to {stem}")
        for rec in plan.recommendations.values():
            if not rec.id or rec.id != _stem(rec):
                continue  # the id-mismatch above says what to fix first
            for action in rec.actions:
                if action.id and not action.id.startswith(rec.id + "."):
                    yield _f(action.at("id"), "id-mismatch",
                             f"action id '{action.id}' must start with its recommendation's id and a dot, e.g. {rec.id}.1")


_VALID_ID = compiled_on_use(fmt.REC_ID)
"""What a recommendation's, meeting's or paper's id (and so its file's name) may be."""


def _not_an_id_name(kind: str, item: Recommendation | Meeting | Paper | Measure, items: Mapping[str, Located]) -> str:
    """For a file whose name cannot be an id ('R05 - Copy.yaml', as Windows names a copy): what to do.

    Renaming it to its id would overwrite the original, and its name is no id to change the id to,
    so a copy is told the next free id and both edits.
    """
    stem = _stem(item)
    other = items.get(item.id or "")
    if other is None or other is item:
        return (f"{kind} id '{item.id}' differs from its file name '{stem}.yaml', which cannot be an id "
                f"({fmt.REC_ID_HINT}); rename the file to {item.id}.yaml")
    free = _free_id(item, items)
    keep = (f"rename the file to {free}.yaml and change its id to {free}" if free else
            "give the file a name of letters, digits, '-' or '_' and change its id to the same")
    if free and isinstance(item, Recommendation):
        keep += f" (its actions' ids to {free}.1, {free}.2, ...)"
    return (f"{kind} id '{item.id}' is already the id of {other.pos.path}, and the file name '{stem}' cannot be "
            f"an id: if this is a spare copy, delete it; to keep it as a new {kind}, {keep}")


def _free_id(item: Recommendation | Meeting | Paper | Measure, items: Mapping[str, Located]) -> str | None:
    """The id a new item like `item` would take: the next number for a recommendation, the date for a meeting,
    board initials and date for a paper; None when that id is taken too."""
    taken = set(items) | {_stem(other) for other in items.values()}
    if isinstance(item, (Recommendation, Measure)):
        return next_numbered(i for i in taken if _VALID_ID.match(i))
    if isinstance(item, Meeting):
        free = item.date.isoformat() if item.date else None
    else:
        free = paper_id(item.to, item.date) if item.to and item.date else None
    return free if free not in taken else None


def ids_unique(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        seen: dict[str, Action] = {}  # where the first was written is worked out only for a duplicate
        for rec in plan.recommendations.values():
            for action in rec.actions:
                if not action.id:
                    continue
                if action.id in seen:
                    first = seen[action.id].at("id")
                    yield _f(action.at("id"), "duplicate-id",
                             f"action id '{action.id}' is already used at {first.path}:{first.line}; give this action the next free number")
                else:
                    seen[action.id] = action
        for meeting in plan.meetings.values():
            decisions: set[str | None] = set()
            for decision in meeting.decisions:
                if decision.id in decisions:
                    yield _f(decision.at("id"), "duplicate-id",
                             f"decision id '{decision.id}' is used twice in meeting {meeting.id}; number decisions D1, D2, ...")
                decisions.add(decision.id)
    raised: dict[tuple[str, str], BoardAction] = {}
    for meeting in _all_meetings(tree):
        for board_action in meeting.actions:
            key = (meeting.board or "", board_action.id or "")
            if key in raised:
                first = raised[key].at("id")
                yield _f(board_action.at("id"), "duplicate-id",
                         f"board action id '{board_action.id}' was already raised at {first.path}:{first.line}; "
                         "board action ids must be unique across the board's meetings")
            else:
                raised[key] = board_action


def _all_meetings(tree: Tree) -> list[Meeting]:
    return [m for plan in tree.plans.values() for m in plan.meetings_by_date] + [
        m for plan in tree.plans.values() for m in plan.meetings.values() if m.date is None
    ]


# --- references (the format-driven ones are in dagov.check.references) ------------------------


def board_action_reviews(tree: Tree) -> Iterator[Finding]:
    """A review in an action log must be of a board action raised at an earlier meeting of that board."""
    if tree.unreadable_plans or any(plan.unreadable for plan in tree.plans.values()):
        return  # the meeting that raised it may be in a file with an error of its own
    raised: dict[tuple[str, str], list[dt.date | None]] = {}
    for meeting in _all_meetings(tree):
        for board_action in meeting.actions:
            raised.setdefault((meeting.board or "", board_action.id or ""), []).append(meeting.date)
    for meeting in _all_meetings(tree):
        for review in meeting.action_log:
            dates = raised.get((meeting.board or "", review.action or ""))
            if not review.action:
                continue
            earlier = dates is not None and (meeting.date is None or any(d is None or d < meeting.date for d in dates))
            if not earlier:
                yield _f(review.at("action"), "unknown-action",
                         f"action log of meeting {meeting.id} reviews '{review.action}', which no earlier meeting of "
                         f"{meeting.board} raised; check the id against the 'actions:' of earlier meetings")


# --- governance consistency -------------------------------------------------------------


def closures(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            if rec.status == "closed" and rec.closed is None:
                yield _f(rec.at("status"), "closure-not-approved",
                         f"recommendation {rec.id} is closed but does not say which meeting closed it; "
                         "add closed: with meeting: <id of the meeting whose decision closed it>")
            if rec.closed is not None and rec.status and rec.status != "closed":
                yield _f(rec.at("closed"), "closure-not-approved",
                         f"recommendation {rec.id} has a 'closed:' block but its status is {rec.status}; "
                         "set status: closed, or remove the closed: block")
            if rec.status == "closed" and rec.closed and rec.closed.meeting in plan.meetings:
                meeting = plan.meetings[rec.closed.meeting]
                if not any(d.close == rec.id for d in meeting.decisions):
                    yield _f(rec.closed.at("meeting"), "closure-not-approved",
                             f"recommendation {rec.id} is closed citing meeting {meeting.id}, but no decision of that "
                             f"meeting closes it; add a decision with close: {rec.id} to {meeting.pos.path}, or cite the right meeting")
            if rec.status == "closed":
                open_actions = [a.id for a in rec.actions if a.status not in DONE_STATUSES and a.id]
                if open_actions:
                    which = (f"action {open_actions[0]} is" if len(open_actions) == 1
                             else f"actions {', '.join(open_actions)} are")
                    yield _f(rec.at("status"), "closed-with-open-actions",
                             f"recommendation {rec.id} is closed but {which} not complete or cancelled; "
                             "complete or cancel them", WARNING)
        for meeting in plan.meetings.values():
            for decision in meeting.decisions:
                closed = plan.recommendations.get(decision.close or "")
                reopened = closed is not None and any(r.closed_at == meeting.id for r in closed.reopened)
                if closed is not None and closed.status == "open" and not reopened:
                    yield _f(decision.at("close"), "closure-not-recorded",
                             f"decision {decision.id} of meeting {meeting.id} closes {closed.id}, but {closed.id} is still open; "
                             f"set status: closed and closed: {{meeting: {meeting.id}}} in {closed.pos.path}", WARNING)
                if decision.extend and decision.to is None:
                    yield _f(decision.at("extend"), "missing-field",
                             f"decision {decision.id} extends {decision.extend} but gives no new date; add to: YYYY-MM-DD")


def extensions(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            for action in rec.actions:
                for extension in action.extensions:
                    meeting = plan.meetings.get(extension.meeting or "")
                    if meeting is None or extension.to is None:
                        continue
                    matching = [d for d in meeting.decisions if d.extend == action.id]
                    if matching and all(d.to is None for d in matching):
                        continue  # the decision's missing date is reported on the decision
                    if not matching:
                        yield _f(extension.at("meeting"), "extension-not-approved",
                                 f"extension of action {action.id} to {extension.to} cites meeting {meeting.id}, but no "
                                 f"decision there extends {action.id}; add a decision with extend: {action.id} and "
                                 f"to: {extension.to} to {meeting.pos.path}, or cite the right meeting")
                    elif not any(d.to == extension.to for d in matching):
                        approved = ", ".join(str(d.to) for d in matching if d.to)
                        yield _f(extension.at("to"), "extension-not-approved",
                                 f"extension of action {action.id} is to {extension.to}, but meeting {meeting.id} "
                                 f"approved {approved}; make the dates agree")


def action_completion(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            if rec.status == "open" and not rec.actions:
                yield _f(rec.at("id"), "no-actions",
                         f"recommendation {rec.id} is open but has no actions; add the actions that will deliver it",
                         WARNING)
            for action in rec.actions:
                if action.status == "complete" and action.completed is None:
                    yield _f(action.at("status"), "completed-date",
                             f"action {action.id} is complete but has no completed date; add completed: YYYY-MM-DD")
                if action.completed is not None and action.status and action.status != "complete":
                    yield _f(action.at("completed"), "completed-date",
                             f"action {action.id} has a completed date but its status is {action.status}; "
                             "set status: complete or remove completed:")
                if action.start is not None and action.completed is not None and action.start > action.completed:
                    yield _f(action.at("start"), "start-after-completion",
                             f"action {action.id} starts on {action.start}, after it was completed on "
                             f"{action.completed}; correct start: (or remove it: the timeline then starts the "
                             "action at its first update)", WARNING)
                if action.status == "complete" and not action.evidence:
                    yield _f(action.at("status"), "evidence-missing",
                             f"action {action.id} is complete but cites no evidence; add evidence: with a title and link",
                             WARNING)


def updates_in_order(tree: Tree) -> Iterator[Finding]:
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            for action in rec.actions:
                previous = None
                for update in action.updates:
                    if update.date is None:
                        continue
                    if previous is not None and update.date < previous:
                        yield _f(update.at("date"), "updates-order",
                                 f"update of {update.date} to action {action.id} comes after one of {previous}; "
                                 "keep updates oldest first", WARNING)
                    previous = max(previous, update.date) if previous else update.date


def update_status_agrees(tree: Tree) -> Iterator[Finding]:
    """The latest status an update records is the action's status now."""
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            for action in rec.actions:
                recorded = [u for u in action.updates if u.status]
                if recorded and action.status not in (None, "complete") and recorded[-1].status != action.status:
                    update = recorded[-1]
                    yield _f(update.at("status"), "status-mismatch",
                             f"the update of {update.date} records action {action.id} as {update.status}, but its "
                             f"status is {action.status}; make them agree (or add an update recording the change)",
                             WARNING)


def owner_rag(tree: Tree) -> Iterator[Finding]:
    """An owner's stated RAG greener than the facts on the day they stated it."""
    amber, _ = rag.day_limits(tree)
    for plan in tree.plans.values():
        meeting_dates = rag.meeting_dates(plan)
        for rec in plan.recommendations.values():
            for action in rec.actions:
                stated = [(u, u.date, u.rag) for u in action.updates if u.rag and u.date]
                if not stated:
                    continue
                update, when, rating = stated[-1]
                derived = rag.derive(action, when, amber, meeting_dates)
                if rag.greener(rating, derived.rag):
                    yield _f(update.at("rag"), "owner-rag-greener",
                             f"the update of {update.date} rates action {action.id} {update.rag}, but on that date it "
                             f"was {derived.reason}; review the RAG or ask the board for an extension", WARNING)


def supersession(tree: Tree) -> Iterator[Finding]:
    carried = {a.carried_from for plan in tree.plans.values() for _, a in plan.actions.values() if a.carried_from}
    for plan in tree.plans.values():
        if plan.status != "superseded":
            continue
        if not plan.superseded_by:
            yield _f(plan.at("status"), "successor-missing",
                     f"plan {plan.id} is superseded but does not say by which plan; add superseded_by: <plan id>")
        for _rec, action in plan.actions.values():
            # carried_from names the plan by its folder, as dagov.check.references resolves it; a missing status
            # is already reported by the loader.
            if action.status in DONE_STATUSES or action.status is None or f"{plan.folder}/{action.id}" in carried:
                continue
            yield _f(action.at("status"), "not-carried-forward",
                     f"action {action.id} of superseded plan {plan.folder} is {action.status} but is neither carried "
                     f"into a later plan nor cancelled; add carried_from: {plan.folder}/{action.id} to an action of "
                     f"{plan.superseded_by or 'the successor plan'}, or set status: cancelled")


def dates_in_order(tree: Tree) -> Iterator[Finding]:
    """A period written the wrong way round: reports and papers would count from after they end."""
    for plan in tree.plans.values():
        if plan.start and plan.end and plan.end < plan.start:
            yield _f(plan.at("end"), "date-order",
                     f"plan {plan.id} ends on {plan.end}, before it starts on {plan.start}; correct 'end' or 'start'")
        for paper in plan.papers.values():
            if paper.since and paper.date and paper.since > paper.date:
                yield _f(paper.at("since"), "date-order",
                         f"paper {paper.id} covers the period since {paper.since}, which is after the paper's date "
                         f"{paper.date}; 'since' must be on or before 'date': correct one of them")


TEMPLATE_SUFFIX = ".md.j2"
"""As dagov.render.templating names paper templates (not imported: it brings in Jinja2)."""


def templates_folder(root: str) -> str:
    """The governance repository's own templates: `templates/` beside the plans directory, as the user writes it."""
    return os.path.normpath(os.path.join(root, os.pardir, "templates"))


def _user_templates(folder: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError:  # no folder (the usual case), or one that cannot be read: only the built-ins
        return []
    return sorted(n[: -len(TEMPLATE_SUFFIX)] for n in names
                  if n.endswith(TEMPLATE_SUFFIX) and not n.startswith(("_", ".")))


def paper_templates(tree: Tree) -> Iterator[Finding]:
    """A paper must name a template that exists, or rendering it fails."""
    papers = [(paper, paper.template) for plan in tree.plans.values() for paper in plan.papers.values() if paper.template]
    if not papers:
        return
    folder = templates_folder(tree.root)
    own = _user_templates(folder)
    known = {*PAPER_TEMPLATES_BUILT_IN, *own}
    choices = f"{', '.join(PAPER_TEMPLATES_BUILT_IN)} (built in)"
    if own:
        choices += f", {', '.join(own)} (in {folder}/)"
    for paper, template in papers:
        if template not in known:
            yield _f(paper.at("template"), "unknown-template",
                     f"paper {paper.id} uses template '{template}', which does not exist"
                     f"{did_you_mean(template, known)}; use one of: {choices}, or create "
                     f"{os.path.join(folder, template + TEMPLATE_SUFFIX)}")


# --- protection of sensitive information ---------------------------------------------------


@dataclass(frozen=True)
class PersonalDataScan:
    """What the personal-data guard found in every file, read once for its findings and for masking."""

    scanner: pd.Scanner
    severity: str
    matches: dict[str, list[pd.Match]]
    """Matches by the shown path of the file they are in (files without any are left out)."""


def scan_personal_data(tree: Tree) -> PersonalDataScan | None:
    """Every file's text scanned for personal data (comments included); None when the guard is off."""
    from dagov.check import personal_data as pd  # the rule personal_data below has the module's name

    config = tree.organisation.config.privacy if tree.organisation else PersonalDataSettings()
    if config.level == "off":
        return None
    scanner = pd.Scanner(config.allow_domains, config.allow)
    if tree.scans is not None:  # the loader scanned each file as it read it (or the parse cache kept the scan)
        matches = {path: found for path in sorted(tree.texts) if (found := scanner.select(tree.scans.get(path, ())))}
    else:
        matches = {path: found for path in sorted(tree.texts) if (found := scanner.scan(tree.texts[path]))}
    return PersonalDataScan(scanner, WARNING if config.level == "warning" else ERROR, matches)


def personal_data(tree: Tree, scan: PersonalDataScan | None = None) -> Iterator[Finding]:
    """Text that looks like personal data, in any file, comments included (see docs/personal-data.md)."""
    from dagov.check import personal_data as pd  # the rule personal_data below has the module's name

    scan = scan or scan_personal_data(tree)
    if scan is None:
        return
    org_file = _org_file(tree)
    for path, matches in scan.matches.items():
        index = pd.LineIndex(tree.texts[path])
        for match in matches:
            if match.kind == "email":
                allow = f"if it is the organisation's own address, add its domain to settings: personal_data: allow_domains: in {org_file}"
            else:
                allow = f"if it is not personal data, add the exact text to settings: personal_data: allow: in {org_file}"
            yield Finding(path, *index.line_col(match.start), scan.severity, "personal-data",
                          f"this looks like {pd.KINDS[match.kind]} ('{pd.masked(match.text)}'); personal data must not "
                          f"be committed to a plan that may be published: remove it or refer to the person by role; {allow}")


MaskMemo = Callable[[bytes, Callable[[], str]], str]
"""remember(inputs, mask): the masked message, kept from an earlier run under `inputs` (everything the masking
depends on, as bytes), else `mask()` (and then kept): see dagov.check.run.Remembered."""


def mask_personal_data(findings: list[Finding], scan: PersonalDataScan | None,
                       remember: MaskMemo | None = None) -> list[Finding]:
    """`findings` with personal data masked in every message, as the personal-data finding masks it.

    Other findings quote values ("owner 'jane.smith@gmail.com 07700 900123' is not a role"), and
    would print in full into CI logs what the personal-data finding hides. A message is masked
    where the scanner finds personal data in it, where it repeats a text found in its file, and
    where a quoted value overlaps one (a date quoted without the 'born' before it).

    The masking of a message depends on nothing but the message, the texts found in its file and the
    settings: `remember`, if given, keeps each result between runs, for a second run on unchanged
    files finds the same cross-file findings again and scanning their messages costs as much as the
    rest of its rules."""
    if scan is None:
        return findings
    from dagov.check import personal_data as pd  # the rule personal_data below has the module's name

    found = {path: {form for m in matches for form in pd.forms(m)} for path, matches in scan.matches.items()}
    scanner = scan.scanner
    settings = (scanner.allow_domains, tuple(sorted(scanner.allow)))
    out = []
    for f in findings:
        if f.rule != "personal-data":
            forms = found.get(f.path, ())
            if remember is None:
                message = pd.mask_in(f.message, scanner, forms)
            else:
                inputs = repr((settings, tuple(sorted(forms)), f.message)).encode("utf-8", "surrogateescape")
                message = remember(inputs, partial(pd.mask_in, f.message, scanner, forms))
            if message != f.message:
                f = replace(f, message=message)
        out.append(f)
    return out


_SPELT_APART = compiled_on_use(r"^OFFICIAL\s*[-\u2010-\u2015_ ]\s*SENSITIVE\b|^TOP[-_ ]+SECRET\b")
"""OFFICIAL - SENSITIVE, OFFICIAL_SENSITIVE, TOP-SECRET: markings of the classifications, written apart."""


def _normal_marking(marking: str) -> str:
    """`marking` in capitals, single-spaced, with OFFICIAL-SENSITIVE and TOP SECRET as the classifications write them."""
    normal = " ".join(marking.upper().split())
    match = _SPELT_APART.match(normal)
    if match:
        normal = (TOP_SECRET if match.group().startswith("TOP") else OFFICIAL_SENSITIVE) + normal[match.end():]
    return normal


def _allowed_markings(tree: Tree) -> tuple[str, ...]:
    own = tree.organisation.config.markings if tree.organisation else ()
    return (*MARKINGS, *(f"{OFFICIAL_SENSITIVE} {d}" for d in MARKING_DESCRIPTORS), *own)


def _meant_marking(marking: str, allowed: tuple[str, ...]) -> str:
    """The allowed marking `marking` stands for: itself, its normal form, or the closest one to a misspelling
    (so that OFFICAL-SENSITIVE cannot dodge the FOI rule); its normal form when nothing is close."""
    if marking in allowed:
        return marking
    normal = _normal_marking(marking)
    by_normal = {_normal_marking(m): m for m in allowed}
    if normal in by_normal:
        return by_normal[normal]
    close = close_matches(normal, by_normal, n=1)
    return by_normal[close[0]] if close else normal


def _sensitive(marking: str | None, allowed: tuple[str, ...]) -> bool:
    return marking is not None and _normal_marking(_meant_marking(marking, allowed)).startswith(SENSITIVE_MARKINGS)


def markings_known(tree: Tree) -> Iterator[Finding]:
    """Every protective marking is one of the Government Security Classifications, or the organisation's own."""
    allowed = _allowed_markings(tree)
    marked: list[tuple[str, Located]] = [(f"paper {paper.id}", paper) for plan in tree.plans.values()
                                         for paper in plan.papers.values()]
    if tree.organisation and tree.organisation.settings:
        marked.insert(0, ("the settings", tree.organisation.settings))
    for what, item in marked:
        marking = getattr(item, "classification", None)
        if marking is None or marking in allowed:
            continue
        meant = _meant_marking(marking, allowed)
        hint = f" (did you mean '{meant}'?)" if meant in allowed else ""
        yield _f(item.at("classification"), "unknown-marking",
                 f"'classification' of {what} is '{marking}', which is not a protective marking{hint}; use one of: "
                 f"{', '.join(MARKINGS)} (the Government Security Classifications), or add the organisation's own "
                 "to 'markings' in the settings of organisation.yaml")


def protective_marking(tree: Tree) -> Iterator[Finding]:
    """A paper marked for FOI disclosure must not carry, or come from a plan set to, a sensitive marking."""
    default = tree.organisation.config.classification if tree.organisation else None
    allowed = _allowed_markings(tree)
    for plan in tree.plans.values():
        for paper in plan.papers.values():
            if paper.foi != "disclosable":
                continue
            if _sensitive(paper.classification, allowed):
                yield _f(paper.at("foi"), "protective-marking",
                         f"paper {paper.id} is marked {paper.classification} but foi: disclosable; a paper with that "
                         "marking must not be published: set foi: not-disclosable, or correct its classification")
            elif _sensitive(default, allowed):
                yield _f(paper.at("foi"), "protective-marking",
                         f"paper {paper.id} is foi: disclosable but {_org_file(tree)} marks the plans {default} "
                         "(settings: classification); set foi: not-disclosable, or, if the organisation's default "
                         "marking is wrong, correct it there")


RULES = (
    ids_match_files,
    ids_unique,
    references,
    board_action_reviews,
    closures,
    extensions,
    action_completion,
    updates_in_order,
    update_status_agrees,
    owner_rag,
    supersession,
    dates_in_order,
    holder_periods,
    issued_papers,
    paper_templates,
    self_numbered_paragraphs,
    internal_blocks_in_disclosable_papers,
    personal_data,
    markings_known,
    protective_marking,
    *BOARD_RULES,
    responses,
    *OUTCOME_RULES,
)


def run_rules(tree: Tree, loaded: list[Finding] | None = None, remember: MaskMemo | None = None) -> list[Finding]:
    """Every finding of `dagov check`: the loader's (`loaded`) and every rule's, sorted, with
    personal data masked in all of them (see `mask_personal_data`, and `remember`)."""
    scan = scan_personal_data(tree)
    findings = list(loaded or [])
    for rule in RULES:
        # The one scan serves the personal-data findings and the masking of every other finding.
        findings.extend(personal_data(tree, scan) if rule is personal_data else rule(tree))
    return sorted(set(mask_personal_data(findings, scan, remember)))


_compiling.close()
