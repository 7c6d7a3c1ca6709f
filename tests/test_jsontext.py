"""dagov.jsontext.dumps writes exactly what json.dumps(..., indent=2) writes (the root layer's test)."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dagov import jsontext

# Any unicode but lone surrogates (no dagov text holds one: it comes from UTF-8 files and git),
# control characters, DEL and C1 included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-0.0, 0.0, 1e308, -1e308, 5e-324, 1e16, 1.0, 0.1, math.nan, math.inf, -math.inf]),
)
INTS = st.one_of(st.integers(), st.integers(min_value=-(10**40), max_value=10**40))
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)
KEYS = st.one_of(TEXT, st.none(), st.booleans(), INTS, FLOATS)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.dictionaries(KEYS, children, max_size=6),
        st.dictionaries(TEXT, children, max_size=6),
    ),
    max_leaves=40,
)


@settings(max_examples=600, deadline=None)
@given(DOCUMENTS, st.booleans())
def test_the_same_text_as_json_dumps(document, ensure_ascii):
    assert jsontext.dumps(document, ensure_ascii=ensure_ascii) == json.dumps(document, indent=2, ensure_ascii=ensure_ascii)


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("document", [
    {}, [], (), "", 0, -0.0, None, True, False, math.nan, -math.inf,
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    [[[["deep"]]], {"x": [1, {"y": None}]}],
    {2: "int key", 1.5: "float key", True: "bool key", None: "null key", -0.0: "minus zero key"},
    {"\x00\x1f\x7f\x80\x9f\u2028\U0001f600\"\\/": "\x1b[2J\r\n\t\u00e9"},
    {"text": "é", "nested": {"list": ["ü", 1, 2.5, None]}},
])
def test_edges(document, ensure_ascii):
    assert jsontext.dumps(document, ensure_ascii=ensure_ascii) == json.dumps(document, indent=2, ensure_ascii=ensure_ascii)


class Colour(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Ratio(float):
    pass


class Ordered(dict):
    pass


class Items(list):
    pass


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_subclasses_are_written_as_json_dumps_writes_them(ensure_ascii):
    document = Ordered(rag=Colour.RED, level=Level.HIGH, ratio=Ratio(0.25), items=Items([Colour.RED, Level.HIGH, Ratio(2.0)]),
                       flat=Items(["a", 1]), keys={Level.HIGH: 1, Ratio(1.5): 2, Colour.RED: 3})
    assert jsontext.dumps(document, ensure_ascii=ensure_ascii) == json.dumps(document, indent=2, ensure_ascii=ensure_ascii)


@pytest.mark.parametrize("document", [{"when": object()}, [object()], {"nested": [{"set": {1}}]}, object(), [b"bytes"]])
def test_what_json_refuses_raises_the_same_type_error(document):
    with pytest.raises(TypeError) as expected:
        json.dumps(document, indent=2)
    with pytest.raises(TypeError) as got:
        jsontext.dumps(document)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("document", [{(1, 2): "tuple key"}, {"nested": {(1,): None, "x": [1]}}])
def test_a_key_json_refuses_raises_a_type_error(document):
    with pytest.raises(TypeError):
        json.dumps(document, indent=2)
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        jsontext.dumps(document)


def test_ensure_ascii_is_the_default_as_in_json_dumps():
    assert jsontext.dumps({"é": ["ü"]}) == json.dumps({"é": ["ü"]}, indent=2) == '{\n  "\\u00e9": [\n    "\\u00fc"\n  ]\n}'


def test_items_are_written_as_the_list_they_stand_for_each_made_only_when_written():
    """jsontext.Items: each item made as it is written, and let go before the next is made."""
    import gc
    import weakref

    from dagov import jsontext

    class Part(dict):
        pass

    made: list[weakref.ref] = []

    def make(n: int) -> Part:
        gc.collect()
        assert all(ref() is None for ref in made)  # the parts made before are gone
        part = Part(id=n, values=list(range(n)), nested={"a": [n, {"b": None}]})
        made.append(weakref.ref(part))
        return part

    sources = [0, 1, 2, 5]
    document = {"version": 1, "plans": jsontext.Items(make, sources), "after": [1.5, "é"]}
    expected = {"version": 1, "plans": [dict(id=n, values=list(range(n)), nested={"a": [n, {"b": None}]})
                                        for n in sources], "after": [1.5, "é"]}
    for ensure_ascii in (True, False):
        made.clear()
        assert jsontext.dumps(document, ensure_ascii=ensure_ascii) == json.dumps(expected, indent=2,
                                                                                   ensure_ascii=ensure_ascii)
    assert jsontext.dumps(jsontext.Items(make, [])) == "[]"
    assert jsontext.dumps({"plans": jsontext.Items(make, [])}) == json.dumps({"plans": []}, indent=2)
