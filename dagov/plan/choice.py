"""Which plan a command means: the one --plan names, or the only active plan.

One rule for every command that takes --plan to mean one plan (render, new, update, import
and export csv): a plan is named by its folder name, which `dagov check` holds equal to its
id (id-mismatch); its id is accepted too, so a plan whose id and folder differ can still be
named while that is being fixed.
"""

from __future__ import annotations

from dagov.errors import UsageError
from dagov.plan.model import Plan, Tree


class PlanNotFound(UsageError):
    """--plan names no plan, or it was not given and there is not exactly one active plan."""


def plan_named(tree: Tree, wanted: str) -> Plan:
    """The plan whose folder name (or else id) is `wanted`."""
    plan = tree.plans.get(wanted) or next((p for p in tree.plans.values() if p.id == wanted), None)
    if plan is None:
        raise PlanNotFound(f"there is no plan '{wanted}' in {tree.root}; plans: {_names(tree)}")
    return plan


def choose_plan(tree: Tree, wanted: str | None) -> Plan:
    """The plan named, or the only active plan when none is."""
    if wanted is not None:
        return plan_named(tree, wanted)
    active = [plan for _, plan in sorted(tree.plans.items()) if plan.status == "active"]
    if len(active) == 1:
        return active[0]
    raise PlanNotFound(f"there are {len(active)} active plans; choose one with --plan (plans: {_names(tree)})")


def _names(tree: Tree) -> str:
    return ", ".join(sorted(tree.plans)) or "none"
