"""dagov: inspection action plans kept as YAML files under git, checked and reported on."""

import sys
import types

__version__ = "0.1.0"


class _InspectWhenUsed(types.ModuleType):
    """What `dataclasses` gets for `import inspect` while dagov imports it: the real `inspect` at first use.

    `dataclasses` imports `inspect` (and with it `ast`, `dis` and `tokenize`: about 22 M instructions,
    a thirtieth of a second `dagov check`) only to write a docstring for a class that has none, and every
    dataclass of dagov's has one, so a `dagov check` or `dagov status` never uses it. The stand-in is in
    `sys.modules` only while `dataclasses` itself is imported: every other module that imports `inspect`
    gets the real one, and so does `dataclasses` at the first attribute it asks for."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get("inspect") is self:  # asked while dataclasses is still being imported
            del sys.modules["inspect"]
        import dataclasses
        import inspect

        dataclasses.inspect = inspect  # type: ignore[attr-defined]
        return getattr(inspect, name)


def _import_dataclasses() -> None:
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        return  # imported before dagov was: nothing to spare
    stand_in = _InspectWhenUsed("inspect")
    sys.modules["inspect"] = stand_in
    try:
        import dataclasses  # noqa: F401
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]


_import_dataclasses()
