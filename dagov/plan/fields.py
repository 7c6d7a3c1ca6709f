"""Schema types that read YAML nodes straight into model objects.

Each type knows how to turn a composed YAML node into a checked Python value and
how to describe itself as JSON Schema. Reading from nodes (not from PyYAML's
constructed data) keeps the line and column of every key and value, catches
duplicate keys and YAML 1.1 booleans that PyYAML would silently accept, and never
expands an alias twice (so a "billion laughs" file costs nothing).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from struct import Struct
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
else:
    MappingNode = ScalarNode = SequenceNode = None  # PyYAML's, bound by _import_node_classes

from dagov.patterns import compiled_on_use
from dagov.plan.classcode import CompiledOnce
from dagov.plan.findings import ERROR, Finding, Pos
from dagov.words import did_you_mean

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
FLOAT_TAG = "tag:yaml.org,2002:float"
REPORTED_TAG = "dagov:reported-tag"
LAZY_TAG = "?"
"""The tag of every node of a file with no explicit tags, as composed by the loader (dagov.plan.load): resolved
only where a reader asks (`tag_of`), so that keys, lists and mappings, which nobody asks, cost nothing."""
MAPPING_TAG = "tag:yaml.org,2002:map"
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
IMPLICIT_TAGS_KEPT = 4096
"""Plain scalars whose YAML type is remembered: keys, ids, statuses and dates repeat from file to file."""
_implicit_tags: dict[str, str] = {}


def tag_of(node: Node) -> str:
    """The YAML tag of `node`, as PyYAML's safe loader resolves it: for a plain scalar, by its text (str, int,
    bool, null, a date...); any other scalar (quoted, or a block) is text. Resolved once, then kept on the node."""
    tag: str = node.tag
    if tag != LAZY_TAG:
        return tag
    if node.__class__ is ScalarNode or isinstance(node, ScalarNode):
        # quoted, or a | or > block (PyYAML's 'quoted_implicit'): always text; plain: by its text
        tag = STR_TAG if node.style else plain_tag(node.value)
    else:
        tag = MAPPING_TAG if isinstance(node, MappingNode) else SEQUENCE_TAG
    node.tag = tag
    return tag


def plain_tag(value: str) -> str:
    """The tag PyYAML's safe loaders give a plain scalar written `value` (remembered for short ones)."""
    tag = _implicit_tags.get(value)
    return tag if tag is not None else _resolve_plain(value)


def _resolve_plain(value: str) -> str:
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    # Resolver.resolve reads only class attributes (the implicit resolvers, the default tags)
    tag: str = Resolver.resolve(Resolver, ScalarNode, value, (True, False))  # type: ignore[arg-type,no-untyped-call]
    if len(_implicit_tags) < IMPLICIT_TAGS_KEPT and len(value) <= 64:
        _implicit_tags[value] = tag
    return tag
"""Put on a node whose explicit tag was reported: reading it gives INVALID, with no second finding."""

CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(CORE + t for t in ("str", "null", "bool", "int", "float", "timestamp", "merge", "value"))
"""What a plain value resolves to (merge and value are the implicit tags of `<<` and `=`), or may be tagged."""
NULL_SPELLINGS = frozenset(("", "~", "null", "Null", "NULL"))

# Only these spellings mean true/false in YAML 1.2; PyYAML (YAML 1.1) also reads
# yes/no/on/off/y/n as booleans, which surprises people writing `owner: no`.
PLAIN_BOOLEANS = {"true", "false"}

ISO_DATE = compiled_on_use(r"^\d{4}-\d{2}-\d{2}$")

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()
"""A value was present but unusable; the reason has already been reported."""

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()

MAX_UNKNOWN_LISTED = 20
"""Unknown fields reported one by one in a mapping; a file with thousands is the wrong file, not typos."""

DATE_CACHE_LIMIT = 20_000
_dates: dict[str, dt.date] = {}
"""Date text -> date: plans repeat the same few hundred days, so share one object per day."""


class Phrase:
    """How a value is named in messages ("'owner' of action R03.2"), put together only if a message needs it.

    Every field read gets one; almost none is ever printed.
    """

    __slots__ = ("args", "template")

    def __init__(self, template: str, *args: Any):
        self.template = template
        self.args = args

    def __str__(self) -> str:
        return self.template.format(*self.args)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return repr(str(self))


_LINE_AND_COLUMN = Struct("=II")  # as array("I") packs them: native order, 32 bits each


class Locs(MappingABC[str, tuple[int, int]]):
    """Where each field of an object was written: field name -> (line, col), read-only.

    A dict of tuples costs about 1 KB per object; this keeps the names in a tuple
    shared by every object with the same fields, and the numbers packed in bytes
    (two unsigned 32-bit numbers a field), which also pickle ten times faster than an
    array and a slotted object's state (there are as many as the objects: the parse
    cache keeps hundreds of thousands of them).
    """

    __slots__ = ("_names", "_where")

    def __init__(self, names: tuple[str, ...] = (), where: bytes = b""):
        self._names = names
        self._where = where

    def __reduce__(self) -> tuple[type[Locs], tuple[tuple[str, ...], bytes]]:
        return Locs, (self._names, self._where)

    def get(self, name: str, default: Any = None) -> Any:
        try:
            i = self._names.index(name)
        except ValueError:
            return default
        return _LINE_AND_COLUMN.unpack_from(self._where, _LINE_AND_COLUMN.size * i)

    def __getitem__(self, name: str) -> tuple[int, int]:
        loc: tuple[int, int] | None = self.get(name)
        if loc is None:
            raise KeyError(name)
        return loc

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Locs({dict(self)!r})"


def _describe_node(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, SequenceNode):
        return "a list"
    if tag_of(node) == NULL_TAG:
        return "empty"
    if tag_of(node) == BOOL_TAG:
        return f"the boolean {node.value!r}"
    if tag_of(node) in (INT_TAG, FLOAT_TAG):
        return f"the number {node.value}"
    if tag_of(node) == TIMESTAMP_TAG:
        return f"the date {node.value}"
    return f"the text {node.value!r}"


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(CORE):] if tag.startswith(CORE) else tag


def _tag_problem(node: Node) -> str | None:
    """Why `node`'s tag cannot be read as plan data, or None when it is a core tag of its kind."""
    tag = tag_of(node)
    if isinstance(node, ScalarNode):
        if tag not in SCALAR_TAGS:
            return f"the YAML tag '{_shown_tag(tag)}' is not allowed in a plan file"
        if tag == NULL_TAG and node.value not in NULL_SPELLINGS:
            return f"the YAML tag '!!null' makes {node.value!r} read as empty"
        return None
    expected = CORE + ("map" if isinstance(node, MappingNode) else "seq")
    return None if tag == expected else f"the YAML tag '{_shown_tag(tag)}' is not allowed in a plan file"


def _import_node_classes() -> None:
    """Bind PyYAML's node classes, which this module's readers test nodes against, before the first node is read.

    Not when this module is imported: importing PyYAML takes about 20 ms, a tenth of a warm `dagov check`,
    where every file's model comes from the parse cache and no node is read. Called where reading starts
    (a `Reader`, `report_unusual_tags`); a node tested before that fails loudly (isinstance of None)."""
    global MappingNode, ScalarNode, SequenceNode
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode


def report_unusual_tags(root: Node, path: str, findings: list[Finding]) -> None:
    """Report every node with an explicit tag dagov does not read (`!!python/name:...`, `!foo`, `!!binary`,
    `!!set`...) at the tag, and mark it so reading it gives INVALID rather than an empty or garbled value."""
    _import_node_classes()
    seen: set[int] = set()
    stack = [root]
    while stack:  # not recursive: libyaml composes up to 1,000 levels
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        problem = _tag_problem(node)
        if problem is not None:
            mark = node.start_mark
            findings.append(Finding(path, mark.line + 1, mark.column + 1, ERROR, "yaml-tag",
                                    f"{problem} (dagov reads only plain text, numbers, dates, lists and mappings); "
                                    "remove the tag and write the value itself"))
            node.tag = REPORTED_TAG
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


class Reader:
    """Per-file state while reading one document: where we are, what went wrong."""

    def __init__(self, path: str, findings: list[Finding]):
        if ScalarNode is None:
            _import_node_classes()
        self.path = path
        self.findings = findings
        self._entered: set[int] = set()

    def pos(self, node: Node) -> Pos:
        mark = node.start_mark
        return Pos(self.path, mark.line + 1, mark.column + 1)

    def report(self, node: Node | Pos, rule: str, message: str, severity: str = ERROR) -> None:
        pos = node if isinstance(node, Pos) else self.pos(node)
        self.findings.append(Finding.at(pos, rule, message, severity))

    def enter(self, node: Node) -> bool:
        """Refuse to read the same collection twice: that only happens through an alias."""
        key = id(node)
        if key in self._entered:
            self.report(
                node,
                "yaml-alias",
                "this list or mapping is repeated through an alias (*name) later in the file; "
                "write the content out in full where the alias is (aliases of lists and mappings are not allowed "
                "in plan files)",
            )
            return False
        self._entered.add(key)
        return True


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its type, whether it is required, and its documentation."""

    name: str
    type: Type
    required: bool = False
    description: str = ""
    example: Any = None
    attr: str | None = None
    missing_rule: str = "missing-field"

    @property
    def attribute(self) -> str:
        return self.attr or self.name.replace("-", "_")


class Type:
    """Base class: conform a node to this type or report why it does not."""

    kind = "value"

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _wrong(self, node: Node, rd: Reader, what: str | Phrase, expected: str, example: Any = None) -> Any:
        hint = f", e.g. {example}" if example is not None else ""
        rd.report(node, "wrong-type", f"{what} should be {expected}{hint}, not {_describe_node(node)}")
        return INVALID


def _scalar_text(node: Node, rd: Reader, what: str | Phrase, type_: Type) -> Any:
    """The text of a scalar meant as a string, or INVALID/MISSING with the reason reported."""
    if not isinstance(node, ScalarNode):
        return type_._wrong(node, rd, what, "a single value")
    tag = tag_of(node)
    if tag == STR_TAG:
        return node.value
    if tag == NULL_TAG:
        return MISSING
    if tag == BOOL_TAG:
        rd.report(
            node,
            "ambiguous-boolean",
            f"{what} is {node.value!r}, which YAML reads as the boolean "
            f"{str(node.value.lower() in ('yes', 'y', 'on', 'true')).lower()}, not as text; "
            f"put it in quotes: \"{node.value}\"",
        )
        return INVALID
    # Numbers and dates where text is expected (an id like 2014-06-12, a timescale
    # of 3) mean what was written: keep the text exactly as typed.
    return node.value


class Str(Type):
    kind = "string"

    def __init__(self, pattern: str | None = None, pattern_hint: str = "", multiline: bool = False):
        self.pattern = compiled_on_use(pattern) if pattern else None
        self.pattern_source = pattern
        self.pattern_hint = pattern_hint
        self.multiline = multiline

    interned = False
    """Ids repeat thousands of times (owners, roles): keep one copy of each."""

    @property
    def is_id(self) -> bool:
        """An id (a value with a pattern, or a reference): text that names something, never a number."""
        return self.pattern is not None

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if node.__class__ is ScalarNode and tag_of(node) == STR_TAG:  # the usual case: plain text
            value = node.value
        else:
            value = _scalar_text(node, rd, what, self)
            if not isinstance(value, str):
                return value
            if tag_of(node) in (INT_TAG, FLOAT_TAG) and self.is_id:
                return _number_as_id(node, rd, what)
        if not self.multiline:
            value = value.strip()
        if not value:
            return MISSING
        if self.pattern is not None and not self.pattern.match(value):
            rd.report(node, "bad-value", f"{what} {value!r} is not valid: {self.pattern_hint}")
            return INVALID
        return sys.intern(value) if self.interned else value

    def json_schema(self) -> dict[str, Any]:
        # Free text may be a bare number (title: 2014, timescale: 3), read as the text typed, as dagov
        # reads it; an id may not, as YAML readers change it (1.10 is the number 1.1): see _number_as_id.
        schema: dict[str, Any] = {"type": "string" if self.is_id else ["string", "number"], "minLength": 1}
        if self.pattern_source:
            schema["pattern"] = self.pattern_source
        return schema


def _number_as_id(node: Node, rd: Reader, what: str | Phrase) -> Any:
    """An unquoted number where an id belongs: refused, as the JSON Schema refuses it. Every YAML
    reader but dagov's (an editor, a script, the schema) takes 1.10 for the number 1.1 and 007 for 7,
    so the id would differ from one tool to the next; quoted, it is the same text everywhere."""
    try:
        number = float(node.value.replace("_", ""))
        read = repr(int(number)) if tag_of(node) == INT_TAG or (number.is_integer() and "." not in node.value) else repr(number)
    except (ValueError, OverflowError):
        read = node.value
    as_read = f" (other tools read it as {read})" if read != node.value else ""
    rd.report(node, "unquoted-number",
              f"{what} is {node.value}, which YAML reads as a number{as_read}, but an id is text; "
              f"put it in quotes: \"{node.value}\"")
    return INVALID


class Ref(Str):
    """An id that must name something elsewhere (a role, board, area...)."""

    interned = True
    is_id = True  # with or without a pattern

    def __init__(self, target: str, pattern: str | None = None, pattern_hint: str = ""):
        super().__init__(pattern, pattern_hint)
        self.target = target


class Enum(Type):
    kind = "enum"

    def __init__(self, *values: str):
        self.values = values
        self._canonical = {v: v for v in values}

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if node.__class__ is ScalarNode and tag_of(node) == STR_TAG:
            known = self._canonical.get(node.value)
            if known is not None:  # the usual case: exactly one of the values
                return known
        value = _scalar_text(node, rd, what, self)
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value == "":
            return MISSING
        if value not in self.values:
            rd.report(
                node,
                "bad-value",
                f"{what} is {value!r}, which is not allowed; use one of: {', '.join(self.values)}"
                + did_you_mean(value, self.values),
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class Date(Type):
    kind = "date"

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong(node, rd, what, "a date", "2014-06-30")
        known = _dates.get(node.value)
        if known is not None and tag_of(node) != NULL_TAG:
            return known
        if tag_of(node) == NULL_TAG or (tag_of(node) == STR_TAG and not node.value.strip()):
            return MISSING
        text = node.value.strip()
        if ISO_DATE.match(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                rd.report(node, "bad-date", f"{what} is {text}, which is not a real calendar date; check the day and month")
                return INVALID
            if len(_dates) < DATE_CACHE_LIMIT:
                _dates[node.value] = day
            return day
        if tag_of(node) != TIMESTAMP_TAG:
            from dagov.plan.dates import DAY_MONTH_YEAR, NOT_A_REAL_DATE, parse_british, shaped_like_a_date

            meant = parse_british(text)
            if meant is not None:
                how = "read as day/month/year, " if DAY_MONTH_YEAR.match(text) else ""
                rd.report(node, "bad-date", f"{what} is {text!r}, which is not in YYYY-MM-DD form; {how}write "
                                            f"{meant.isoformat()}")
                return INVALID
            if shaped_like_a_date(text):
                rd.report(node, "bad-date", f"{what} is {text!r}, which is {NOT_A_REAL_DATE}; write it as YYYY-MM-DD, "
                                            "e.g. 2014-06-30")
                return INVALID
        if tag_of(node) == TIMESTAMP_TAG:
            rd.report(node, "bad-date", f"{what} is {text!r}, which has a time; write only the date, e.g. {text[:10]}")
            return INVALID
        rd.report(node, "bad-date", f"{what} is {text!r}, which is not a date; write it as YYYY-MM-DD, e.g. 2014-06-30")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        # Editors see a plain YAML date as a string; "format" lets them check it.
        return {"type": "string", "format": "date", "pattern": ISO_DATE.pattern}


class Int(Type):
    kind = "integer"

    def __init__(self, minimum: int = 0, maximum: int | None = None):
        self.minimum = minimum
        self.maximum = maximum

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong(node, rd, what, "a whole number", self.minimum)
        if tag_of(node) == NULL_TAG:
            return MISSING
        text = node.value.strip()
        if tag_of(node) != INT_TAG or not re.fullmatch(r"[0-9]+", text):
            return self._wrong(node, rd, what, "a whole number", self.minimum)
        value = int(text)
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            upper = f" and {self.maximum}" if self.maximum is not None else " or more"
            rd.report(node, "bad-value", f"{what} is {value}; it must be between {self.minimum}{upper}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


FLOAT_TAG = "tag:yaml.org,2002:float"
NUMBER = compiled_on_use(r"^-?[0-9]+(\.[0-9]+)?$")


class Num(Type):
    """A number, whole or decimal (a measure's value): 61.5, 12, -3."""

    kind = "number"

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong(node, rd, what, "a number", 61.5)
        if tag_of(node) == NULL_TAG:
            return MISSING
        text = node.value.strip().replace(",", "") if tag_of(node) == STR_TAG else node.value.strip()
        if tag_of(node) not in (INT_TAG, FLOAT_TAG, STR_TAG) or not NUMBER.match(text):
            if text.endswith("%") and NUMBER.match(text[:-1].strip()):
                rd.report(node, "wrong-type", f"{what} is {text!r}; write the number without the % sign, "
                                              f"e.g. {text[:-1].strip()}")
                return INVALID
            return self._wrong(node, rd, what, "a number", 61.5)
        value = float(text)
        return int(value) if value.is_integer() and "." not in text else value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number"}


class Bool(Type):
    """true or false, as YAML 1.2 spells them; yes/no/on/off are refused, since they read as text elsewhere."""

    kind = "boolean"

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong(node, rd, what, "true or false", "true")
        if tag_of(node) == NULL_TAG:
            return MISSING
        text = node.value.strip()
        if tag_of(node) == BOOL_TAG and text not in PLAIN_BOOLEANS:
            rd.report(node, "wrong-type", f"{what} is {text!r}; write true or false (yes, no, on and off are not allowed)")
            return INVALID
        if tag_of(node) != BOOL_TAG:
            return self._wrong(node, rd, what, "true or false", "true")
        return text == "true"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class List(Type):
    kind = "list"

    def __init__(self, item: Type):
        self.item = item

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if isinstance(node, ScalarNode) and tag_of(node) == NULL_TAG:
            return MISSING
        if not isinstance(node, SequenceNode):
            return self._wrong(node, rd, what, "a list (lines starting with '- ')")
        if not rd.enter(node):
            return INVALID
        items = []
        entry = Phrase("an entry of {}", what)
        read = self.item.read
        for child in node.value:
            if child.tag is REPORTED_TAG:
                continue
            value = read(child, rd, entry)
            if value is not INVALID and value is not MISSING:
                items.append(value)
        return tuple(items)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema()}


class Either(Type):
    """A scalar (usually an id) or a mapping, chosen by the node's shape."""

    kind = "either"

    def __init__(self, scalar: Type, mapping: Obj, wrap: Callable[[Any, Pos], Any]):
        self.scalar = scalar
        self.mapping = mapping
        self.wrap = wrap

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if isinstance(node, MappingNode):
            return self.mapping.read(node, rd, what)
        value = self.scalar.read(node, rd, what)
        if isinstance(value, str):
            return self.wrap(value, rd.pos(node))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"oneOf": [self.scalar.json_schema(), self.mapping.json_schema()]}


_ReadPlan = tuple[tuple[Field, ...], tuple[tuple[str, str, Any], ...], dict[tuple[str, ...], tuple[str, ...]]]
"""Obj.read's (required fields, (name, attribute, default) of every field, one names tuple per set of names)."""


class Obj(Type):
    """A mapping with known keys, read into a frozen dataclass.

    `noun` names the thing in messages ("action R03.2"); `label` is the field whose
    value identifies it; `key_attr` receives the map key when the object is a value
    in a Map (roles, boards, areas are keyed by id).
    """

    kind = "object"

    def __init__(
        self,
        cls: type,
        noun: str,
        fields: list[Field],
        label: str | None = "id",
        key_attr: str | None = None,
        check: Callable[[dict[str, Any], Reader, Node, str], None] | None = None,
        title: str = "",
        description: str = "",
        schema_extra: dict[str, Any] | None = None,
    ):
        self.cls = cls
        self.noun = noun
        self.fields = {f.name: f for f in fields}
        self.label = label
        self.key_attr = key_attr
        self.check = check
        self.title = title
        self.description = description
        self.schema_extra = schema_extra or {}
        """JSON Schema keywords for what `check` enforces in code (e.g. one of two fields)."""

    def _plan(self) -> _ReadPlan:
        """What read() needs about the fields, worked out once (fields are fixed after import)."""
        plan: _ReadPlan | None = self.__dict__.get("_read_plan")
        if plan is None:
            required = tuple(f for f in self.fields.values() if f.required)
            defaults = tuple((f.name, f.attribute, dict if isinstance(f.type, Map) else
                              () if isinstance(f.type, List) else None) for f in self.fields.values())
            plan = (required, defaults, {})
            self._read_plan = plan
        return plan

    def read(self, node: Node, rd: Reader, what: str | Phrase, key: str | None = None) -> Any:
        if not isinstance(node, MappingNode):
            return self._wrong(node, rd, what, f"a mapping of {self.noun} fields")
        if not rd.enter(node):
            return INVALID
        required, defaults, shared_names = self._plan()
        pairs: dict[str, tuple[Node, Node]] = {}  # the first of each key, in file order
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode and not isinstance(key_node, ScalarNode):
                rd.report(key_node, "wrong-type", f"a key in {what} is {_describe_node(key_node)}; keys must be plain names")
                continue
            if key_node.tag is REPORTED_TAG:
                continue
            name = key_node.value
            if name in pairs:
                rd.report(
                    key_node,
                    "duplicate-key",
                    f"'{name}' appears twice in {what} (first at line {pairs[name][0].start_mark.line + 1}); "
                    "YAML would silently keep only the last one: remove or merge the duplicate",
                )
                continue
            pairs[name] = (key_node, value_node)
        ident = key
        if self.label and ident is None:
            labelled = pairs.get(self.label)
            if labelled is not None and isinstance(labelled[1], ScalarNode) and labelled[1].value:
                ident = str(labelled[1].value)
        me = f"{self.noun} {ident}" if ident else f"this {self.noun}"
        fields = self.fields
        values: dict[str, Any] = {}
        where = array("I")
        unknown = 0
        for name, (key_node, value_node) in pairs.items():
            field = fields.get(name)
            if field is None:
                unknown += 1
                if unknown > MAX_UNKNOWN_LISTED:
                    if unknown == MAX_UNKNOWN_LISTED + 1:
                        more = sum(1 for other in pairs if other not in fields) - MAX_UNKNOWN_LISTED
                        rd.report(key_node, "unknown-field",
                                  f"{me} has {more:,} more unknown fields from here on, not listed one by one; "
                                  f"is this the right file? allowed fields: {', '.join(fields)}")
                    continue
                rd.report(
                    key_node,
                    "unknown-field",
                    f"{me} has an unknown field '{name}'{did_you_mean(name, fields)}; "
                    f"allowed fields: {', '.join(fields)}",
                )
                continue
            values[name] = INVALID if value_node.tag is REPORTED_TAG else \
                field.type.read(value_node, rd, Phrase("'{}' of {}", name, me))
            mark = value_node.start_mark
            where.append(mark.line + 1)
            where.append(mark.column + 1)
        names = tuple(values)
        locs = Locs(shared_names.setdefault(names, names), where.tobytes())
        pos = rd.pos(node)
        for field in required:
            if values.get(field.name, MISSING) is MISSING:
                self._report_missing(field, field.name in values, locs, pos, rd, me)
        if self.check is not None:
            self.check(values, rd, node, me)
        kwargs = {}
        for name, attribute, default in defaults:
            value = values.get(name, MISSING)
            if value is MISSING or value is INVALID:
                value = {} if default is dict else default
            kwargs[attribute] = value
        if self.key_attr is not None:
            kwargs[self.key_attr] = key
        return self.cls(**kwargs, pos=pos, locs=locs)

    @staticmethod
    def _report_missing(field: Field, present: bool, locs: Locs, pos: Pos, rd: Reader, me: str) -> None:
        loc = locs.get(field.name)
        where = Pos(pos.path, *loc) if loc is not None else pos
        state = "is empty" if present else "is missing"
        if field.missing_rule == "owner-missing":
            message = f"{me} has no owner; add 'owner:' with a role from organisation.yaml"
        else:
            meaning = f" ({field.description})" if field.description else ""
            scalar = field.example is not None and not isinstance(field.example, (dict, list, tuple))
            example = f", e.g. {field.name}: {_example_text(field.example)}" if scalar else ""
            message = f"'{field.name}' {state} in {me}{meaning}; add it{example}"
        rd.report(where, field.missing_rule, message)

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for field in self.fields.values():
            prop: dict[str, Any] = {"title": _field_title(field.name)}
            prop.update(field.type.json_schema() if field.required else _or_null(field.type.json_schema()))
            if field.description:
                prop["description"] = field.description[0].upper() + field.description[1:]
            if field.example is not None:
                prop["examples"] = [_json_example(field.example)]
            properties[field.name] = prop
        schema: dict[str, Any] = {"title": self.title or self.noun.capitalize()}
        if self.description:
            schema["description"] = self.description
        schema.update({"type": "object", "properties": properties, "additionalProperties": False})
        required = [f.name for f in self.fields.values() if f.required]
        if required:
            schema["required"] = required
        schema.update(self.schema_extra)
        return schema


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field may be written with nothing after it (`holder:`); dagov reads that as absent."""
    schema = dict(schema)
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    schema["type"] = [*kinds, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _field_title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _example_text(example: Any) -> str:
    if isinstance(example, dt.date):
        return example.isoformat()
    return str(example)


def _json_example(example: Any) -> Any:
    if isinstance(example, dt.date):
        return example.isoformat()
    if isinstance(example, (list, tuple)):
        return [_json_example(e) for e in example]
    if isinstance(example, Mapping):
        return {k: _json_example(v) for k, v in example.items()}
    return example


class Map(Type):
    """A mapping from ids to objects (roles, boards, partners, areas)."""

    kind = "map"

    def __init__(self, value: Obj, key_pattern: str, key_hint: str):
        self.value = value
        self.key_pattern = compiled_on_use(key_pattern)
        self.key_pattern_source = key_pattern
        self.key_hint = key_hint

    def read(self, node: Node, rd: Reader, what: str | Phrase) -> Any:
        if isinstance(node, ScalarNode) and tag_of(node) == NULL_TAG:
            return MISSING
        if not isinstance(node, MappingNode):
            return self._wrong(node, rd, what, f"a mapping of {self.value.noun} ids to {self.value.noun} details")
        if not rd.enter(node):
            return INVALID
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag is REPORTED_TAG or value_node.tag is REPORTED_TAG:
                continue
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is not None and tag_of(key_node) == BOOL_TAG:
                rd.report(key_node, "ambiguous-boolean",
                          f"{self.value.noun} id {key!r} in {what} is read by YAML as a boolean; "
                          f"put it in quotes (\"{key}\") or choose another id")
                continue
            if key is None:
                rd.report(
                    key_node,
                    "bad-value",
                    f"{self.value.noun} id {_describe_node(key_node)} in {what} is not a usable id; {self.key_hint}",
                )
                continue
            if key in seen:
                rd.report(
                    key_node,
                    "duplicate-key",
                    f"{self.value.noun} '{key}' is defined twice in {what} (first at line {seen[key]}); "
                    "YAML would silently keep only the last one: remove or rename one",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            if not self.key_pattern.match(key):
                rd.report(key_node, "bad-value", f"{self.value.noun} id {key!r} in {what} is not valid: {self.key_hint}")
                continue
            value = self.value.read(value_node, rd, f"{self.value.noun} {key}", key=key)
            if value is not INVALID:
                result[key] = value
        return result

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": self.key_pattern_source},
            "additionalProperties": self.value.json_schema(),
        }


_compiling.close()
