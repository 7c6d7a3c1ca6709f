"""Progress figures as of a date: the numbers every report and paper shows.

Pure functions over the model. Every RAG comes from `dagov.plan.rag`; this module only
rolls action RAGs up to recommendations, areas, plans and owners, and picks out
the exceptions a board cares about. Nothing here reads the clock: `as_of` is
always passed in, so the same files and date give the same figures.

`dagov status`, `dagov owners` and board papers all use these functions, so the
figures in a paper are the figures on the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from dagov import jsontext
from dagov.errors import UsageError
from dagov.plan import rag
from dagov.plan.classcode import CompiledOnce
from dagov.plan.model import Action, Plan, Recommendation, Role, Tree
from dagov.plan.people import tree_on
from dagov.plan.vocabulary import ACTION_RAGS, CLOSED, NO_ACTIONS, RECOMMENDATION_STATUSES, SUPERSEDED
from dagov.report import outcomes
from dagov.words import NaturalKey, close_matches, natural_key, plural, suggestion

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

JSON_VERSION = 1
"""Bumped whenever a field of the JSON documents is renamed, removed or changes meaning."""


def no_such(kind: str, value: str, known: Iterable[str]) -> str:
    """"no plan 'x'; did you mean y?", or the known ones when nothing is close."""
    names = sorted(set(known), key=natural_key)
    return f"no {kind} '{value}'; " + suggestion(close_matches(value, names, cutoff=0.5),
                                                 f"known {kind}s: {', '.join(names) or 'none'}")


class _HasId(Protocol):
    @property
    def id(self) -> str | None: ...


class UnknownFilter(UsageError):
    """A --plan, --area or --owner that names nothing in the tree; shown after the option."""

    def __init__(self, kind: str, value: str, known: Iterable[str]):
        self.kind, self.value = kind, value
        super().__init__(no_such(kind, value, known))

    @property
    def message(self) -> str:
        return f"--{'owner' if self.kind == 'role' else self.kind}: {self}"


# --- figures -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFigures:
    """One action's figures as of a date: its owner, due dates, status, RAG and why, and its latest update."""

    plan_id: str | None
    recommendation_id: str | None
    area_id: str | None
    action: Action
    owner: str | None
    due: dt.date | None
    effective_due: dt.date | None
    """The due date after extensions approved on or before as_of."""
    status: str | None
    """The status as it stood on as_of (complete after as_of reads as in-progress)."""
    rag: str
    reason: str
    days_overdue: int
    stated_rag: str | None
    """The owner's RAG in their latest update on or before as_of."""
    rag_disagrees: bool
    """The stated RAG is greener than the derived one."""
    last_update: dt.date | None
    stale: bool
    carried_from: str | None
    carried_to: str | None
    """`plan/action` of the later action that continues this one, if any."""
    recommendation_open: bool
    """The recommendation was open on as_of, so the action is the board's concern."""

    @property
    def id(self) -> str | None:
        return self.action.id

    @property
    def title(self) -> str | None:
        return self.action.title

    @property
    def live(self) -> bool:
        """Counts towards progress: everything except cancelled actions."""
        return self.rag != rag.GREY

    @property
    def outstanding(self) -> bool:
        """Still to do, in an open recommendation, and not carried into a later plan."""
        return (self.recommendation_open and self.carried_to is None
                and self.rag not in (rag.COMPLETE, rag.GREY))


def carried_away(action: ActionFigures) -> bool:
    """Carried into a later plan before it was complete: work this plan handed on, not work it did."""
    return action.carried_to is not None and action.rag != rag.COMPLETE


class _CarriedWork:
    """What a group of actions handed on to later plans; progress counts it as not done here."""

    if TYPE_CHECKING:  # a field of a plan's or recommendation's figures, a property of an area's
        @property
        def actions(self) -> tuple[ActionFigures, ...]: ...

    @property
    def carried_away(self) -> tuple[ActionFigures, ...]:
        """Actions carried into a later plan before they were complete (see `carried_away`)."""
        return tuple(a for a in self.actions if carried_away(a))

    @property
    def planned(self) -> int:
        """Live actions and actions carried away: what the plan took on, the denominator of `progress_here`."""
        return sum(1 for a in self.actions if a.live or carried_away(a))

    @property
    def carried_to_plans(self) -> tuple[str, ...]:
        """The plans the carried-away actions went to, by id."""
        return tuple(sorted({(a.carried_to or "").split("/", 1)[0] for a in self.carried_away}, key=natural_key))

    @property
    def carried_note(self) -> str:
        """"12 actions carried to da-2014-2016, not done here", or "" when nothing was carried away."""
        if not self.carried_away:
            return ""
        return (f"{plural(len(self.carried_away), 'action')} carried to {', '.join(self.carried_to_plans)}, "
                "not done here")


@dataclass(frozen=True)
class RecommendationFigures(_CarriedWork):
    """One recommendation's figures as of a date: its status, its RAG and why, and its actions'."""

    plan_id: str | None
    recommendation: Recommendation
    status: str | None
    """The status as it stood on as_of (closed at a later meeting reads as open)."""
    rag: str
    """Worst RAG of its live actions; complete when all are; closed/superseded as such; none without live actions."""
    reason: str
    complete: int
    live: int
    actions: tuple[ActionFigures, ...]
    criteria: tuple[outcomes.CriterionFigures, ...] = ()
    """Its `success` criteria as of the date (dagov.report.outcomes)."""
    measure_ids: tuple[str, ...] = ()
    judgement: outcomes.Judgement | None = None
    """The board's latest assessment of it, at a meeting held by the date."""

    @property
    def id(self) -> str | None:
        return self.recommendation.id

    @property
    def outcomes_met(self) -> bool:
        """Every success criterion met (true when it has none)."""
        return all(c.met for c in self.criteria)

    @property
    def title(self) -> str | None:
        return self.recommendation.title

    @property
    def area_id(self) -> str | None:
        return self.recommendation.area

    @property
    def owner(self) -> str | None:
        return self.recommendation.owner

    @property
    def due(self) -> dt.date | None:
        return self.recommendation.due

    @property
    def progress(self) -> float | None:
        """Complete live actions / live actions; None when there are no live actions."""
        return self.complete / self.live if self.live else None

    @property
    def action_counts(self) -> dict[str, int]:
        return count_rags(self.actions)

    @property
    def actions_done(self) -> bool:
        """Open, and every live action complete, with none handed to a later plan unfinished."""
        return self.status == "open" and self.live > 0 and self.complete == self.live and not self.carried_away

    @property
    def proposed_for_closure(self) -> bool:
        """Ready for closure: every live action complete and every success criterion met."""
        return self.actions_done and self.outcomes_met

    @property
    def held_back(self) -> bool:
        """Every live action complete, but a success criterion not yet met."""
        return self.actions_done and not self.outcomes_met


class _ActionRollUp(_CarriedWork):
    """Figures of a group of actions (an area's, a plan's): the same roll-up everywhere."""

    if TYPE_CHECKING:  # a field of a plan's figures, a property of an area's: declared for the type checker only
        @property
        def actions(self) -> tuple[ActionFigures, ...]: ...

    @property
    def action_counts(self) -> dict[str, int]:
        return count_rags(self.actions)

    @property
    def rag(self) -> str:
        return roll_up_rag(self.actions)

    @property
    def complete(self) -> int:
        return sum(1 for a in self.actions if a.rag == rag.COMPLETE)

    @property
    def live(self) -> int:
        return sum(1 for a in self.actions if a.live)

    @property
    def progress(self) -> float | None:
        """Complete actions / live (not cancelled) actions; None when there are none."""
        return self.complete / self.live if self.live else None

    @property
    def progress_here(self) -> float | None:
        """Complete actions / actions planned (live, or carried away unfinished); None when there are none.

        The same as `progress` unless work was carried into a later plan: then never 100%."""
        return self.complete / self.planned if self.planned else None


@dataclass(frozen=True)
class AreaFigures(_ActionRollUp):
    """One key area's figures as of a date: its recommendations' and actions'."""

    area_id: str | None
    title: str | None
    recommendations: tuple[RecommendationFigures, ...]
    actions: tuple[ActionFigures, ...]
    """The actions the filters select, as the plan's: only the role's own under --owner, so the
    area's figures add up to the plan's header."""

    @property
    def counts(self) -> dict[str, int]:
        """Recommendations by status."""
        return count_statuses(self.recommendations)


@dataclass(frozen=True)
class PlanFigures(_ActionRollUp):
    """One plan's figures as of a date: its status, thresholds and key areas."""

    plan: Plan
    as_of: dt.date
    status: str | None
    """The plan's status on as_of: superseded only from the day its successor started."""
    amber_days: int
    stale_days: int
    areas: tuple[AreaFigures, ...]
    recommendations: tuple[RecommendationFigures, ...]
    actions: tuple[ActionFigures, ...]
    """The actions the filters select (all of a listed recommendation's actions when only --area is given)."""
    overdue: tuple[ActionFigures, ...]
    due_soon: tuple[ActionFigures, ...]
    blocked: tuple[ActionFigures, ...]
    stale: tuple[ActionFigures, ...]
    disagreements: tuple[ActionFigures, ...]
    proposed_closures: tuple[RecommendationFigures, ...]
    carried: tuple[ActionFigures, ...]
    area_filter: str | None = None
    owner_filter: str | None = None
    measures: tuple[outcomes.MeasureFigures, ...] = ()
    """The plan's outcome measures as of the date (dagov.report.outcomes)."""

    @property
    def id(self) -> str | None:
        return self.plan.id

    @property
    def superseded(self) -> bool:
        return self.status == SUPERSEDED

    @property
    def recommendation_counts(self) -> dict[str, int]:
        return count_statuses(self.recommendations)


@dataclass(frozen=True)
class OwnerFigures:
    """What one role owns as of a date: its recommendations and actions, with their figures."""

    role_id: str
    role: Role | None
    """None when plans name an owner that organisation.yaml does not define."""
    recommendations: tuple[RecommendationFigures, ...]
    actions: tuple[ActionFigures, ...]

    @property
    def title(self) -> str | None:
        return self.role.title if self.role else None

    @property
    def holder(self) -> str | None:
        return self.role.holder if self.role else None

    @property
    def owns_nothing(self) -> bool:
        return not self.recommendations and not self.actions

    @property
    def open_recommendations(self) -> int:
        return sum(1 for r in self.recommendations if r.status == "open")

    @property
    def outstanding(self) -> tuple[ActionFigures, ...]:
        return tuple(a for a in self.actions if a.outstanding)

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.outstanding if a.days_overdue > 0)

    @property
    def at_risk(self) -> int:
        """Outstanding actions rated amber: due within amber_days."""
        return sum(1 for a in self.outstanding if a.rag == rag.AMBER)

    @property
    def blocked(self) -> int:
        return sum(1 for a in self.outstanding if a.status == "blocked")

    @property
    def complete(self) -> int:
        return sum(1 for a in self.actions if a.rag == rag.COMPLETE)


def judged_here(action: ActionFigures) -> bool:
    """Counts towards a RAG roll-up: live, and not carried into a later plan (that plan judges it)."""
    return action.live and action.carried_to is None


def roll_up_rag(actions: Iterable[ActionFigures]) -> str:
    """The worst RAG of the actions judged here (see `judged_here`); `none` when there are none."""
    return rag.worst(a.rag for a in actions if judged_here(a)) or NO_ACTIONS


def count_rags(actions: Iterable[ActionFigures]) -> dict[str, int]:
    return _count_rags(action.rag for action in actions)


def _count_rags(rags: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(ACTION_RAGS, 0)
    for value in rags:
        counts[value] = counts.get(value, 0) + 1
    return counts


def count_statuses(recs: Iterable[RecommendationFigures]) -> dict[str, int]:
    counts = dict.fromkeys(RECOMMENDATION_STATUSES, 0)
    for rec in recs:
        key = rec.status or "unknown"
        counts[key] = counts.get(key, 0) + 1
    return counts


# --- computing them ------------------------------------------------------------


def started(plan: Plan, as_of: dt.date) -> bool:
    return plan.start is None or plan.start <= as_of


def carried_index(tree: Tree, as_of: dt.date) -> dict[str, str]:
    """`plan/action` of a superseded action -> `plan/action` of the action that continues it.

    Only plans started by `as_of` carry anything: before then the old action was still live.
    """
    index: dict[str, str] = {}
    for plan in sorted(tree.plans.values(), key=lambda p: natural_key(p.id)):
        if not started(plan, as_of):
            continue
        for _, action in plan.actions.values():
            if action.carried_from:
                index.setdefault(action.carried_from, f"{plan.id}/{action.id}")
    return index


def plan_status(tree: Tree, plan: Plan, as_of: dt.date) -> str | None:
    """Superseded only from the start of the plan that superseded it (if the tree has it)."""
    if plan.status == SUPERSEDED:
        successor = tree.plans.get(plan.superseded_by or "")
        if successor is not None and not started(successor, as_of):
            return "active"
    return plan.status


@dataclass(frozen=True)
class RagInputs:
    """Everything the figures of a plan's actions depend on besides the actions: one plan, one date."""

    plan: Plan
    as_of: dt.date
    amber_days: int
    stale_days: int
    meeting_dates: Mapping[str, dt.date]
    """Meeting id -> date: extensions and closures count from their meeting's date."""
    plan_status: str | None
    """As of `as_of` (see `plan_status`)."""
    carried_to: Mapping[str, str]
    """`carried_index` of the tree as of `as_of`."""


def rag_inputs(tree: Tree, plan: Plan, as_of: dt.date, *,
               carried_to: Mapping[str, str] | None = None) -> RagInputs:
    """Gather the inputs of `plan`'s figures as of `as_of` from the tree.

    `carried_to` is the tree's `carried_index` as of `as_of`: give it when gathering for
    several plans of one tree, so the tree is walked once.
    """
    amber_days, stale_days = rag.day_limits(tree)
    return RagInputs(plan=plan, as_of=as_of, amber_days=amber_days, stale_days=stale_days,
                     meeting_dates=rag.meeting_dates(plan), plan_status=plan_status(tree, plan, as_of),
                     carried_to=carried_index(tree, as_of) if carried_to is None else carried_to)


def recommendation_status(rec: Recommendation, inputs: RagInputs) -> str | None:
    """Closed only from the date of the meeting that closed it; superseded only once its plan was."""
    if rec.status == CLOSED and rec.closed is not None:
        closed_on = inputs.meeting_dates.get(rec.closed.meeting or "")
        if closed_on is not None and closed_on > inputs.as_of:
            return "open"
    if rec.status == SUPERSEDED and inputs.plan_status != SUPERSEDED:
        return "open"
    return rec.status


def action_figures(inputs: RagInputs, rec: Recommendation, action: Action) -> ActionFigures:
    """The figures of one action of `rec`, in the plan and as of the date of `inputs`."""
    plan, as_of = inputs.plan, inputs.as_of
    derived = rag.derive(action, as_of, inputs.amber_days, inputs.meeting_dates)
    last_update: dt.date | None = None
    stated_rag, stated_on = None, dt.date.min
    for update in action.updates:  # those dated on or before as_of: the last, and the last RAG stated
        day = update.date
        if day is None or day > as_of:
            continue
        if last_update is None or day > last_update:
            last_update = day
        if update.rag and day >= stated_on:  # the latest day's, and of a day the last written
            stated_rag, stated_on = update.rag, day
    since = last_update or plan.start
    stale = (derived.rag not in (rag.COMPLETE, rag.GREY)
             and since is not None and (as_of - since).days > inputs.stale_days)
    return ActionFigures(
        plan_id=plan.id,
        recommendation_id=rec.id,
        area_id=rec.area,
        action=action,
        owner=action.owner,
        due=action.due,
        effective_due=derived.effective_due,
        status=rag.status_as_of(action, as_of),
        rag=derived.rag,
        reason=derived.reason,
        days_overdue=derived.days_overdue,
        stated_rag=stated_rag,
        rag_disagrees=stated_rag is not None and rag.greener(stated_rag, derived.rag),
        last_update=last_update,
        stale=stale,
        carried_from=action.carried_from,
        carried_to=inputs.carried_to.get(f"{plan.id}/{action.id}"),
        recommendation_open=recommendation_status(rec, inputs) == "open",
    )


def _roll_up(status: str | None, actions: tuple[ActionFigures, ...]) -> tuple[str, str, int, int]:
    """(rag, reason, complete, live) of a recommendation from its actions."""
    live = [a for a in actions if a.live]
    complete = sum(1 for a in live if a.rag == rag.COMPLETE)
    if status in (CLOSED, SUPERSEDED):
        return status, status, complete, len(live)
    if not live:
        return NO_ACTIONS, "no live actions", 0, 0
    judged = [a for a in live if judged_here(a)]
    carried = "" if len(judged) == len(live) else f" ({len(live) - len(judged)} carried into a later plan)"
    if not judged:
        return NO_ACTIONS, "every live action carried into a later plan", complete, len(live)
    worst = roll_up_rag(judged)
    if worst == rag.COMPLETE:
        return worst, f"all {len(judged)} actions complete{carried}", complete, len(live)
    worst_action = min((a for a in judged if a.rag == worst),
                       key=lambda a: (-a.days_overdue, a.effective_due or dt.date.max, natural_key(a.id)))
    return worst, f"{worst_action.id} {worst_action.reason}", complete, len(live)


def recommendation_figures(inputs: RagInputs, rec: Recommendation) -> RecommendationFigures:
    status = recommendation_status(rec, inputs)
    actions = tuple(sorted((action_figures(inputs, rec, a) for a in rec.actions), key=lambda a: natural_key(a.id)))
    worst, reason, complete, live = _roll_up(status, actions)
    plan, as_of = inputs.plan, inputs.as_of
    return RecommendationFigures(plan.id, rec, status, worst, reason, complete, live, actions,
                                 outcomes.criteria(plan, rec, as_of), outcomes.measures_of(plan, rec.id),
                                 outcomes.latest_judgement(plan, rec.id, as_of))


def _overdue_key(a: ActionFigures) -> tuple[int, NaturalKey]:
    return (-a.days_overdue, natural_key(a.id))


def _due_key(a: ActionFigures) -> tuple[dt.date, NaturalKey]:
    return (a.effective_due or dt.date.max, natural_key(a.id))


def _id_key(a: _HasId) -> NaturalKey:
    return natural_key(a.id)


def _group_by_area(plan: Plan, recs: tuple[RecommendationFigures, ...], actions: tuple[ActionFigures, ...],
                   keep_empty: bool) -> tuple[AreaFigures, ...]:
    """The recommendations and selected `actions` by key area, in plan.yaml's order."""
    by_area: dict[str | None, list[RecommendationFigures]] = {}
    for rec in recs:
        by_area.setdefault(rec.area_id, []).append(rec)

    def area_figures(area_id: str | None, title: str | None, members: list[RecommendationFigures]) -> AreaFigures:
        return AreaFigures(area_id, title, tuple(members), tuple(a for a in actions if a.area_id == area_id))

    groups = []
    for area_id, area in plan.areas.items():
        members = by_area.pop(area_id, [])
        if members or keep_empty:
            groups.append(area_figures(area_id, area.title, members))
    # Areas the recommendations name but plan.yaml lacks (`dagov check` reports them): still shown.
    for unlisted in sorted(by_area, key=natural_key):
        groups.append(area_figures(unlisted, None, by_area[unlisted]))
    return tuple(groups)


def plan_figures(tree: Tree, plan: Plan, as_of: dt.date, area: str | None = None, owner: str | None = None,
                 *, carried_to: Mapping[str, str] | None = None) -> PlanFigures:
    """The figures of one plan as of a date, narrowed to one area and/or one owner's items.

    With `owner`, the plan lists the recommendations the role owns or has an action in,
    and every action list (and the action counts) holds only the role's own actions;
    a recommendation's own RAG and progress always cover all of its actions.
    """
    inputs = rag_inputs(tree, plan, as_of, carried_to=carried_to)
    recs = []
    actions: list[ActionFigures] = []
    for rec in sorted(plan.recommendations.values(), key=lambda r: natural_key(r.id)):
        if area is not None and rec.area != area:
            continue
        figures = recommendation_figures(inputs, rec)
        mine = figures.actions if owner is None else tuple(a for a in figures.actions if a.owner == owner)
        if owner is not None and rec.owner != owner and not mine:
            continue
        recs.append(figures)
        actions.extend(mine)
    recs_t, actions_t = tuple(recs), tuple(actions)
    outstanding = [a for a in actions if a.outstanding]
    return PlanFigures(
        plan=plan,
        as_of=as_of,
        status=inputs.plan_status,
        amber_days=inputs.amber_days,
        stale_days=inputs.stale_days,
        areas=_group_by_area(plan, recs_t, actions_t, keep_empty=area is None and owner is None),
        recommendations=recs_t,
        actions=actions_t,
        overdue=tuple(sorted((a for a in outstanding if a.days_overdue > 0), key=_overdue_key)),
        due_soon=tuple(sorted((a for a in outstanding if a.effective_due is not None
                               and 0 <= (a.effective_due - as_of).days <= inputs.amber_days), key=_due_key)),
        blocked=tuple(sorted((a for a in outstanding if a.status == "blocked"), key=_id_key)),
        stale=tuple(sorted((a for a in outstanding if a.stale),
                           key=lambda a: (a.last_update or dt.date.min, natural_key(a.id)))),
        disagreements=tuple(sorted((a for a in outstanding if a.rag_disagrees), key=_id_key)),
        proposed_closures=tuple(r for r in recs_t if r.proposed_for_closure),
        carried=tuple(sorted((a for a in actions if a.carried_from), key=_id_key)),
        area_filter=area,
        owner_filter=owner,
        measures=outcomes.plan_measures(plan, as_of) if area is None and owner is None else (),
    )


def action_counts_on(tree: Tree, plan: Plan, dates: Iterable[dt.date]) -> list[tuple[dict[str, int], int]]:
    """(action_counts, live) of the whole plan at each of `dates`: what `plan_figures(tree, plan,
    date)` gives as `.action_counts` and `.live`, without the rest of the figures.

    A paper's status chart needs these at every board meeting; the full figures of a large
    plan at each of them cost seconds, and only the actions' RAGs count here (the same
    `rag.derive`, with the inputs gathered once)."""
    amber_days, _ = rag.day_limits(tree)
    meetings = rag.meeting_dates(plan)
    actions = [a for rec in sorted(plan.recommendations.values(), key=lambda r: natural_key(r.id))
               for a in sorted(rec.actions, key=lambda a: natural_key(a.id))]
    rows = []
    for date in dates:
        counts = _count_rags(rag.derive(a, date, amber_days, meetings).rag for a in actions)
        rows.append((counts, len(actions) - counts[rag.GREY]))
    return rows


def ordered_plans(tree: Tree, as_of: dt.date) -> list[Plan]:
    """Plans started by `as_of`: active and closed first, superseded (as of then) last; by id within each."""
    return sorted((p for p in tree.plans.values() if started(p, as_of)),
                  key=lambda p: (plan_status(tree, p, as_of) == SUPERSEDED, natural_key(p.id)))


def not_started(tree: Tree, as_of: dt.date) -> list[Plan]:
    """Plans that start after `as_of`, the first to start first."""
    return sorted((p for p in tree.plans.values() if not started(p, as_of)),
                  key=lambda p: (p.start or dt.date.min, natural_key(p.id)))


def known_owners(tree: Tree) -> set[str]:
    roles = set(tree.organisation.roles) if tree.organisation else set()
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            roles.update(x for x in (rec.owner, *(a.owner for a in rec.actions)) if x)
    return roles


def report(tree: Tree, as_of: dt.date, plan: str | None = None, area: str | None = None,
           owner: str | None = None) -> list[PlanFigures]:
    """Figures of every plan started by `as_of` (or of the one named), superseded plans last.

    Raises UnknownFilter when `plan`, `area` or `owner` names nothing in the tree.
    """
    if plan is None:
        plans = ordered_plans(tree, as_of)
    else:
        plans = [p for p in tree.plans.values() if p.id == plan]
        if not plans:
            raise UnknownFilter("plan", plan, (p.id for p in tree.plans.values() if p.id))
    if area is not None:
        areas = {a for p in plans for a in p.areas} | {r.area for p in plans for r in p.recommendations.values() if r.area}
        if area not in areas:
            raise UnknownFilter("area", area, areas)
        plans = [p for p in plans if area in p.areas or any(r.area == area for r in p.recommendations.values())]
    if owner is not None and owner not in known_owners(tree):
        raise UnknownFilter("role", owner, known_owners(tree))
    carried_to = carried_index(tree, as_of)
    return [plan_figures(tree, p, as_of, area, owner, carried_to=carried_to) for p in plans]


def owners_report(tree: Tree, as_of: dt.date) -> list[OwnerFigures]:
    """Per role, what it owns across every plan: roles in organisation.yaml order, then undefined owners by id;
    each role with its holder on `as_of`."""
    tree = tree_on(tree, as_of)
    plans = report(tree, as_of)
    recs: dict[str, list[RecommendationFigures]] = {}
    actions: dict[str, list[ActionFigures]] = {}
    for figures in plans:
        for rec in figures.recommendations:
            if rec.owner:
                recs.setdefault(rec.owner, []).append(rec)
        for action in figures.actions:
            if action.owner:
                actions.setdefault(action.owner, []).append(action)
    roles: dict[str, Role | None] = dict(tree.organisation.roles) if tree.organisation else {}
    for role_id in sorted(set(recs) | set(actions), key=natural_key):
        roles.setdefault(role_id, None)
    return [OwnerFigures(role_id, role, tuple(recs.get(role_id, ())), tuple(actions.get(role_id, ())))
            for role_id, role in roles.items()]


# --- JSON ----------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def action_json(a: ActionFigures) -> dict[str, Any]:
    return {
        "id": a.id,
        "plan": a.plan_id,
        "recommendation": a.recommendation_id,
        "title": a.title,
        "owner": a.owner,
        "due": _date(a.due),
        "effective_due": _date(a.effective_due),
        "status": a.status,
        "rag": a.rag,
        "reason": a.reason,
        "days_overdue": a.days_overdue,
        "stated_rag": a.stated_rag,
        "rag_disagrees": a.rag_disagrees,
        "last_update": _date(a.last_update),
        "stale": a.stale,
        "carried_from": a.carried_from,
        "carried_to": a.carried_to,
    }


def recommendation_json(r: RecommendationFigures, actions: Iterable[ActionFigures] | None = None) -> dict[str, Any]:
    return {
        "id": r.id,
        "plan": r.plan_id,
        "title": r.title,
        "area": r.area_id,
        "owner": r.owner,
        "due": _date(r.due),
        "status": r.status,
        "rag": r.rag,
        "reason": r.reason,
        "progress": _ratio(r.progress),
        "actions_complete": r.complete,
        "actions_live": r.live,
        "proposed_for_closure": r.proposed_for_closure,
        "actions_carried_away": len(r.carried_away),
        "actions": [action_json(a) for a in (r.actions if actions is None else actions)],
        **outcomes.recommendation_outcomes_json(r.measure_ids, r.criteria, r.judgement),
    }


def _ids(items: Iterable[_HasId]) -> list[str | None]:
    return [item.id for item in items]


def plan_json(p: PlanFigures) -> dict[str, Any]:
    selected = {id(a) for a in p.actions}
    return {
        "id": p.id,
        "title": p.plan.title,
        "status": p.status,
        "board": p.plan.board,
        "lead": p.plan.lead,
        "as_of": p.as_of.isoformat(),
        "filters": {"area": p.area_filter, "owner": p.owner_filter},
        "amber_days": p.amber_days,
        "stale_days": p.stale_days,
        "rag": p.rag,
        "progress": _ratio(p.progress),
        "progress_here": _ratio(p.progress_here),
        "actions_carried_away": len(p.carried_away),
        "counts": {
            "recommendations": p.recommendation_counts,
            "actions": p.action_counts,
        },
        "areas": [{"id": a.area_id, "title": a.title, "rag": a.rag, "progress": _ratio(a.progress),
                   "counts": {"recommendations": a.counts, "actions": a.action_counts},
                   "recommendations": _ids(a.recommendations)}
                  for a in p.areas],
        "recommendations": [recommendation_json(r, [a for a in r.actions if id(a) in selected])
                            for r in p.recommendations],
        "exceptions": {
            "overdue": _ids(p.overdue),
            "due_soon": _ids(p.due_soon),
            "blocked": _ids(p.blocked),
            "stale": _ids(p.stale),
            "rag_disagreements": _ids(p.disagreements),
            "proposed_closures": _ids(p.proposed_closures),
            "carried": _ids(p.carried),
        },
        "measures": [outcomes.measure_json(m) for m in p.measures],
    }


def owner_json(o: OwnerFigures) -> dict[str, Any]:
    return {
        "role": o.role_id,
        "title": o.title,
        "holder": o.holder,
        "defined": o.role is not None,
        "counts": {
            "recommendations": len(o.recommendations),
            "open_recommendations": o.open_recommendations,
            "actions": len(o.actions),
            "outstanding": len(o.outstanding),
            "overdue": o.overdue,
            "at_risk": o.at_risk,
            "blocked": o.blocked,
            "complete": o.complete,
        },
        "recommendations": [{"plan": r.plan_id, "id": r.id, "title": r.title, "due": _date(r.due),
                             "status": r.status, "rag": r.rag, "progress": _ratio(r.progress)}
                            for r in o.recommendations],
        "actions": [action_json(a) for a in o.actions],
    }


def to_json(as_of: dt.date, plans: list[PlanFigures] | None = None,
            owners: list[OwnerFigures] | None = None) -> str:
    """The documented JSON document (docs/reports.md): `status` when given plans, `owners` when given owners."""
    document: dict[str, Any] = {"version": JSON_VERSION, "report": "owners" if owners is not None else "status",
                      "as_of": as_of.isoformat()}
    # Each plan's (owner's) part made as it is written, not all at once: see jsontext.Items.
    if owners is not None:
        document["owners"] = jsontext.Items(owner_json, owners)
    else:
        document["plans"] = jsontext.Items(plan_json, plans or [])
    from dagov.textsafe import json_safe

    return json_safe(jsontext.dumps(document, ensure_ascii=False)) + "\n"


_compiling.close()
