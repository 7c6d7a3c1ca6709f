"""The domain model: frozen dataclasses, one per thing a plan file describes.

Every object remembers where it was written (`pos`) and where each of its fields
was written (`locs`), so any rule can point a finding at the exact line.
Fields that were missing or invalid in the file are None (or empty); the loader
has already reported them, and rules skip what they cannot judge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dagov.plan import vocabulary
from dagov.plan.classcode import CompiledOnce
from dagov.plan.findings import Pos

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

_NOWHERE = Pos("", 0, 0)


FieldLocs = Mapping[str, tuple[int, int]]
"""Field name -> (line, col) where it was written: the loader's compact `fields.Locs`, or {} when built by hand."""


def _meta() -> Any:
    return field(default=_NOWHERE, compare=False, repr=False, kw_only=True)


def _locs() -> Any:
    return field(default_factory=dict, compare=False, repr=False, kw_only=True)


class Located:
    pos: Pos
    locs: FieldLocs

    def at(self, name: str | None = None) -> Pos:
        """Where field `name` was written (or the object itself, if it was not)."""
        if name is not None:
            loc = self.locs.get(name)
            if loc is not None:
                return Pos(self.pos.path, loc[0], loc[1])
        return self.pos


# --- organisation.yaml ---------------------------------------------------------


@dataclass(frozen=True)
class Holder(Located):
    """Someone who held a post from one date (to another, or to now)."""

    name: str | None
    from_: dt.date | None
    to: dt.date | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Role(Located):
    """A post in the organisation (organisation.yaml roles): who owns recommendations and actions."""

    id: str
    title: str | None
    holder: str | None
    holders: tuple[Holder, ...] = ()
    """Dated holders (dagov.plan.people.holder_on); `holder` alone means "since an unknown date"."""
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Board(Located):
    """A board that scrutinises plans (organisation.yaml boards): its chair, members and how often it meets."""

    id: str
    title: str | None
    chair: str | None
    members: tuple[str, ...]
    cadence: str | None
    quorum: int | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Partner(Located):
    """A partner organisation whose information and views the board hears."""

    id: str
    title: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class PersonalDataSettings(Located):
    """How the personal-data rule reports, and what it must not report."""

    severity: str | None = None
    allow_domains: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    DEFAULT_SEVERITY = vocabulary.DEFAULT_PERSONAL_DATA_SEVERITY

    @property
    def level(self) -> str:
        """error, warning or off."""
        return self.severity or self.DEFAULT_SEVERITY


@dataclass(frozen=True)
class Settings(Located):
    """The organisation's settings: when work turns amber or stale, its protective marking, personal data."""

    amber_days: int | None = None
    stale_days: int | None = None
    classification: str | None = None
    markings: tuple[str, ...] = ()
    """Protective markings of the organisation's own, allowed besides the Government Security Classifications."""
    personal_data: PersonalDataSettings | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    DEFAULT_AMBER_DAYS = vocabulary.DEFAULT_AMBER_DAYS
    DEFAULT_STALE_DAYS = vocabulary.DEFAULT_STALE_DAYS
    DEFAULT_CLASSIFICATION = vocabulary.DEFAULT_CLASSIFICATION

    @property
    def amber(self) -> int:
        return self.DEFAULT_AMBER_DAYS if self.amber_days is None else self.amber_days

    @property
    def stale(self) -> int:
        return self.DEFAULT_STALE_DAYS if self.stale_days is None else self.stale_days

    @property
    def marking(self) -> str:
        return self.classification or self.DEFAULT_CLASSIFICATION

    @property
    def privacy(self) -> PersonalDataSettings:
        return self.personal_data or PersonalDataSettings()


@dataclass(frozen=True)
class Organisation(Located):
    """organisation.yaml: the organisation's roles, boards, partners and settings."""

    name: str | None
    roles: dict[str, Role]
    boards: dict[str, Board]
    partners: dict[str, Partner]
    settings: Settings | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    @property
    def config(self) -> Settings:
        return self.settings or Settings()


# --- recommendations/<ID>.yaml -------------------------------------------------


@dataclass(frozen=True)
class Evidence(Located):
    """A document or link that shows an action or a closure was done."""

    title: str | None
    link: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Update(Located):
    """One progress update on an action: when, by whom, what was done, and its RAG."""

    date: dt.date | None
    by: str | None
    note: str | None
    rag: str | None
    status: str | None = None
    public: bool | None = None
    """True when the note may be published (dagov publish); updates are internal by default."""
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Extension(Located):
    """A new due date for an action, approved by a board meeting."""

    to: dt.date | None
    meeting: str | None
    reason: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Action(Located):
    """One action of a recommendation: its owner, due date, progress updates, evidence and extensions."""

    id: str | None
    title: str | None
    owner: str | None
    due: dt.date | None
    status: str | None
    completed: dt.date | None
    partners: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    updates: tuple[Update, ...]
    extensions: tuple[Extension, ...]
    carried_from: str | None
    start: dt.date | None = None
    """When work started (for timelines); None: from its first update."""
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    @property
    def extended_due(self) -> dt.date | None:
        """The due date the file sets now: after its last extension, whenever that was approved.

        As of a date, only extensions approved by then count: `dagov.plan.rag.effective_due`.
        """
        for extension in reversed(self.extensions):
            if extension.to is not None:
                return extension.to
        return self.due


@dataclass(frozen=True)
class Closure(Located):
    """A recommendation closed by a board decision, with the evidence the board saw."""

    meeting: str | None
    evidence: tuple[Evidence, ...]
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Reopening(Located):
    """A closure undone by a later board decision, kept in the recommendation's history."""

    meeting: str | None
    reason: str | None
    closed_at: str | None
    evidence: tuple[Evidence, ...]
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Response(Located):
    """The organisation's response to a recommendation: accepted, partly accepted or not, and why."""

    decision: str | None
    explanation: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Success(Located):
    """How a recommendation shows success: `measure` has met its target for `sustained` consecutive periods."""

    measure: str | None
    sustained: int | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Recommendation(Located):
    """One recommendation of the inspectorate's report (recommendations/<ID>.yaml) and its actions."""

    id: str | None
    kind: str | None
    title: str | None
    text: str | None
    area: str | None
    owner: str | None
    timescale: str | None
    due: dt.date | None
    status: str | None
    closed: Closure | None
    actions: tuple[Action, ...]
    reopened: tuple[Reopening, ...] = ()
    response: Response | None = None
    success: tuple[Success, ...] = ()
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


# --- meetings/<ID>.yaml --------------------------------------------------------


@dataclass(frozen=True)
class Attendee(Located):
    """A role (most attendees), or a named guest from another organisation."""

    role: str | None
    name: str | None = None
    organisation: str | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Item(Located):
    """An agenda item of a meeting, with its minutes."""

    title: str | None
    minutes: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Decision(Located):
    """A board decision: a closure, an extension, a cancellation, a reopening or approved minutes."""

    id: str | None
    text: str | None
    close: str | None
    extend: str | None
    to: dt.date | None
    cancel: str | None = None
    approve_minutes: str | None = None
    reopen: str | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class BoardAction(Located):
    """An action the board gives someone at a meeting (its action log)."""

    id: str | None
    text: str | None
    owner: str | None
    due: dt.date | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class ActionReview(Located):
    """The board's review of an earlier board action at a later meeting."""

    action: str | None
    status: str | None
    note: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class PartnerView(Located):
    """What one partner said about a recommendation at a meeting."""

    partner: str | None
    view: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Assessment(Located):
    """The board's qualitative judgement of one recommendation at a meeting, with what partners said."""

    recommendation: str | None
    judgement: str | None
    narrative: str | None
    partners: tuple[PartnerView, ...] = ()
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Meeting(Located):
    """One board meeting's minutes (meetings/<ID>.yaml)."""

    id: str | None
    board: str | None
    date: dt.date | None
    venue: str | None
    chair: str | None
    present: tuple[Attendee, ...]
    apologies: tuple[Attendee, ...]
    items: tuple[Item, ...]
    decisions: tuple[Decision, ...]
    actions: tuple[BoardAction, ...]
    action_log: tuple[ActionReview, ...]
    status: str | None = None
    """The minutes' status: None (not written) reads as draft."""
    approved_at: str | None = None
    assessments: tuple[Assessment, ...] = ()
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    @property
    def approved(self) -> bool:
        return self.status == vocabulary.APPROVED


# --- measures/<ID>.yaml --------------------------------------------------------


@dataclass(frozen=True)
class MeasureValue(Located):
    """A measure's value for one period."""

    period: str | None
    value: float | None
    note: str | None = None
    provisional: bool | None = None
    source: str | None = None
    recorded: dt.date | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Baseline(Located):
    """Where a measure started: its value in a baseline period."""

    period: str | None
    value: float | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Target(Located):
    """The value a measure should reach, and by when."""

    value: float | None
    by: dt.date | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Measure(Located):
    """One outcome measure: how it is counted, its baseline and target, and its values period by period."""

    id: str | None
    title: str | None
    definition: str | None
    unit: str | None
    per: str | None
    better: str | None
    owner: str | None
    source: str | None
    frequency: str | None
    baseline: Baseline | None
    target: Target | None
    recommendations: tuple[str, ...]
    values: tuple[MeasureValue, ...]
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


# --- papers/<ID>.yaml ----------------------------------------------------------


@dataclass(frozen=True)
class Section(Located):
    """A numbered section of a board paper: its paragraphs, or a report included from the plan."""

    title: str | None
    paragraphs: tuple[str, ...]
    include: str | None
    audience: str | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Issued(Located):
    """When and from what a paper was issued (dagov issue paper): its copy in papers/issued/ is the record."""

    date: dt.date | None
    commit: str | None
    sha256: str | None
    """Of the issued Markdown copy (or the HTML one, when only HTML was issued)."""
    html_sha256: str | None = None
    prose: str | None = None
    """sha256 of the paper's own words at issue (dagov.plan.issued.prose_digest)."""
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Paper(Located):
    """A board paper (papers/<ID>.yaml): To, From, Date, subject and numbered sections."""

    id: str | None
    template: str | None
    to: str | None
    from_: str | None
    date: dt.date | None
    subject: str | None
    classification: str | None
    foi: str | None
    since: dt.date | None
    sections: tuple[Section, ...]
    issued: Issued | None = None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


# --- plan.yaml -----------------------------------------------------------------


@dataclass(frozen=True)
class Source(Located):
    """The inspection report a plan answers."""

    title: str | None
    publisher: str | None
    published: dt.date | None
    url: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Area(Located):
    """A key area of a plan, grouping its recommendations."""

    id: str
    title: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Publication(Located):
    """What the published plan says to the public: a summary and a contact."""

    summary: str | None
    contact: str | None
    published_url: str | None
    pos: Pos = _meta()
    locs: FieldLocs = _locs()


@dataclass(frozen=True)
class Plan(Located):
    """A plan folder: plan.yaml's fields, plus the files in its subfolders."""

    id: str | None
    title: str | None
    status: str | None
    owner: str | None
    lead: str | None
    board: str | None
    reports_to: str | None
    source: Source | None
    summary: str | None
    areas: dict[str, Area]
    start: dt.date | None
    end: dt.date | None
    superseded_by: str | None
    publication: Publication | None = None
    recommendations: dict[str, Recommendation] = field(default_factory=dict, kw_only=True)
    meetings: dict[str, Meeting] = field(default_factory=dict, kw_only=True)
    papers: dict[str, Paper] = field(default_factory=dict, kw_only=True)
    measures: dict[str, Measure] = field(default_factory=dict, kw_only=True)
    folder: str = field(default="", kw_only=True)
    unreadable: frozenset[str] = field(default=frozenset(), kw_only=True)
    """Stems of this plan's files that could not be read; rules do not report references to them."""
    pos: Pos = _meta()
    locs: FieldLocs = _locs()

    @cached_property
    def actions(self) -> dict[str, tuple[Recommendation, Action]]:
        """Every action of the plan by id, with its recommendation (first one wins on duplicates)."""
        index: dict[str, tuple[Recommendation, Action]] = {}
        for rec in self.recommendations.values():
            for action in rec.actions:
                if action.id is not None:
                    index.setdefault(action.id, (rec, action))
        return index

    @cached_property
    def meetings_by_date(self) -> tuple[Meeting, ...]:
        return tuple(sorted((m for m in self.meetings.values() if m.date), key=lambda m: (m.date, m.id)))


@dataclass(frozen=True)
class Tree:
    """Everything under one plans directory."""

    root: str
    organisation: Organisation | None
    plans: dict[str, Plan]
    files: int
    unreadable_plans: frozenset[str] = field(default=frozenset(), kw_only=True)
    """Plan folders whose plan.yaml could not be read; rules do not report references to them."""
    texts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False, kw_only=True)
    """Each file's text by its shown path, as read once by the loader, for rules that scan the raw
    text (comments included): the personal-data guard."""
    scans: Mapping[str, Any] | None = field(default=None, compare=False, repr=False, kw_only=True)
    """What the loader's text scanner found in each file, by shown path (files where it found nothing are left
    out); None when the loader was given no scanner."""


_compiling.close()
