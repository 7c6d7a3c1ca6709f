"""The references rule (dagov/check/references.py) covers exactly the format's `Ref` fields.

The rule walks the model along the format's fields; what it needs besides is where each
kind of id lives (TARGETS) and how each referring field is named in a message (PHRASES).
These tests fail when a `Ref` is added to the format without them, or when they name a
field or a kind of id the format no longer has.
"""

from __future__ import annotations

from dagov.check import reference_docs
from dagov.check import references as rule
from dagov.plan.fields import Either, List, Ref


def _refs() -> dict[tuple[str, str], str]:
    """Every field of the format holding an id (or a list of them), by (its object's noun, its name): its target."""
    found = {}
    for obj in reference_docs.fields_parts().values():
        for field in obj.fields.values():
            type_ = field.type.item if isinstance(field.type, List) else field.type
            if isinstance(type_, Ref):
                found[obj.noun, field.name] = type_.target
    return found


def _either_targets() -> set[str]:
    return {type_.scalar.target for obj in reference_docs.fields_parts().values() for field in obj.fields.values()
            for type_ in (field.type.item if isinstance(field.type, List) else field.type,)
            if isinstance(type_, Either) and isinstance(type_.scalar, Ref)}


def test_every_kind_of_reference_in_the_format_has_a_target_and_no_other():
    assert set(rule.TARGETS) == set(_refs().values()) | _either_targets()


def test_every_reference_field_of_the_format_has_a_phrase_and_no_other():
    judged_here = {site for site, target in _refs().items() if rule.TARGETS[target] is not None}
    assert set(rule.PHRASES) == judged_here


def test_an_ids_shorthand_is_read_into_a_field_the_walk_judges():
    """An attendee written as a bare role id becomes an attendee with that role: the walk judges its 'role'."""
    for obj in reference_docs.fields_parts().values():
        for field in obj.fields.values():
            type_ = field.type.item if isinstance(field.type, List) else field.type
            if isinstance(type_, Either) and isinstance(type_.scalar, Ref):
                wrapped = type_.wrap("chief-constable", None)
                judged = [f for f in type_.mapping.fields.values()
                          if _refs().get((type_.mapping.noun, f.name)) == type_.scalar.target
                          and getattr(wrapped, f.attribute) == "chief-constable"]
                assert judged, f"{obj.noun}.{field.name}: the id is read into no field the references rule judges"


def test_the_walk_visits_only_objects_that_hold_references():
    assert rule.steps(reference_docs.fields_parts()["evidence"]) == ()
    assert [step.field.name for step in rule.steps(reference_docs.fields_parts()["organisation"])] == ["boards"]
