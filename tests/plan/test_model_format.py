"""The model (dagov/plan/model.py) and the format (dagov/plan/format.py) describe the same fields.

Each `Obj` in the format names its model dataclass; the loader builds that class
from the fields it read, so a format field with no attribute fails only when a
file uses it, and an attribute with no field is silently always empty. This test
says which, by name.
"""

from __future__ import annotations

import dataclasses

from dagov.check import reference_docs

LOCATION = {"pos", "locs"}
"""Where the object was written: every model class has them, no file spells them."""

NOT_IN_THE_FILE = {
    "Plan": {"recommendations", "meetings", "papers", "measures", "folder", "unreadable"},
}
"""Model attributes filled in from elsewhere than the object's own fields: a plan's
files come from its subfolders and its folder name from the directory
(loader.Loader.plan). Map keys (`key_attr`, e.g. a role's id) are added below."""


def _format_objs():
    return reference_docs.fields_parts().items()


def test_every_field_of_the_format_is_an_attribute_of_its_model_class():
    missing = []
    for part, obj in _format_objs():
        attributes = {f.name for f in dataclasses.fields(obj.cls)}
        missing += [f"{part}.{field.name} -> {obj.cls.__name__}.{field.attribute}"
                    for field in obj.fields.values() if field.attribute not in attributes]
    assert missing == [], "format fields with no model attribute to read into"


def test_every_attribute_of_a_model_class_is_a_field_of_the_format():
    extra = []
    for part, obj in _format_objs():
        read = {field.attribute for field in obj.fields.values()}
        derived = LOCATION | NOT_IN_THE_FILE.get(obj.cls.__name__, set()) | ({obj.key_attr} - {None})
        extra += [f"{obj.cls.__name__}.{f.name} (format part {part})" for f in dataclasses.fields(obj.cls)
                  if f.name not in read and f.name not in derived]
    assert extra == [], "model attributes the format never fills: add a field to dagov/plan/format.py, or list them as derived"


def test_every_model_class_is_read_by_the_format():
    from dagov.plan import model

    read = {obj.cls for _, obj in _format_objs()}
    classes = {cls for cls in vars(model).values()
               if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__}
    assert sorted(c.__name__ for c in classes - read) == ["Tree"]  # the whole plans directory, not a file's block


def test_the_derived_attributes_listed_are_real():
    for name, attributes in NOT_IN_THE_FILE.items():
        cls = next(obj.cls for _, obj in _format_objs() if obj.cls.__name__ == name)
        assert attributes <= {f.name for f in dataclasses.fields(cls)}, name
