"""Reading a plans directory: files in, a Tree and findings out. Never writes.

Every file is read even when others are broken, so one run reports everything.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import operator
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan import helper
from dagov.plan.cache import ParseCache, default_cache
from dagov.plan.fields import INVALID, LAZY_TAG, REPORTED_TAG, Obj, Reader, plain_tag, report_unusual_tags
from dagov.plan.files import MAX_FILE_BYTES, DiskFiles, FileRefused, FileSource, FileTooLarge, os_reason
from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.model import Organisation, Plan, Tree

try:  # libyaml's C parser is ~8x faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

STR_TAG = "tag:yaml.org,2002:str"

MAX_NESTING = 100
"""Levels of nested lists and mappings the pure-Python composer accepts (plan files use about six).

libyaml stops at 1,000 levels itself; PyYAML's Python composer recurses and would
hit Python's recursion limit at about 300, without saying where.
"""

SUBFOLDERS = {"recommendations": fmt.RECOMMENDATION, "meetings": fmt.MEETING, "papers": fmt.PAPER,
              "measures": fmt.MEASURE}


TOO_DEEP = "the file is nested too deeply to be a plan file; flatten it"

MAX_FOLDER_DEPTH = 4
"""Levels of subfolders under recommendations/ (meetings/, papers/) searched for stray plan files."""

UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
"""Characters YAML reads as a line break but git, GitHub and most editors do not.

libyaml ends a line at NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and a carriage
return on its own; `git diff`, GitHub's annotations and line numbers count only
LF (CRLF is one break). Left alone they shift every later finding's line and turn
the rest of a comment into data, so each is reported and read as a space.
"""

UNUSUAL_BREAK_NAMES = {
    "\x85": "a U+0085 NEXT LINE (NEL) character is here, which YAML reads as a line break but editors, git and "
            "GitHub do not",
    "\u2028": "a U+2028 LINE SEPARATOR character is here, which YAML reads as a line break but editors, git and "
              "GitHub do not",
    "\u2029": "a U+2029 PARAGRAPH SEPARATOR character is here, which YAML reads as a line break but editors, git and "
              "GitHub do not",
    "\r": "a carriage return (CR) on its own is here, which YAML and some editors read as a line break but git and "
          "GitHub do not",
}

OLD_MAC_FILE = ("this file's lines end in a carriage return alone (old Mac line endings), which git and GitHub do not "
                "count as line breaks, so the file is not read; save it with LF (or CRLF) line endings")
MAX_BREAKS_LISTED = 20
"""Unusual line breaks reported one by one in a file; after that one finding counts the rest."""


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def as_editors_read(text: str) -> str:
    """`text` with every unusual line break made a space: one character for one, so offsets and columns
    stay, and YAML then counts exactly the lines an editor, git and GitHub show."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text and (
            "\r" not in text or UNUSUAL_BREAK.search(text) is None):
        return text  # the usual case: fast searches in C (the regular expression alone is ten times slower), no copy
    return UNUSUAL_BREAK.sub(" ", text)


def _report_unusual_breaks(path: str, text: str, findings: list[Finding]) -> None:
    for listed, match in enumerate(UNUSUAL_BREAK.finditer(text), start=1):
        line, col = _line_col(text, match.start())
        if listed > MAX_BREAKS_LISTED:
            more = sum(1 for _ in UNUSUAL_BREAK.finditer(text)) - MAX_BREAKS_LISTED
            findings.append(Finding(path, line, col, ERROR, "unusual-line-break",
                                    f"{more:,} more unusual line breaks from here on, not listed one by one; "
                                    "save the file with ordinary line endings (LF)"))
            return
        findings.append(Finding(path, line, col, ERROR, "unusual-line-break",
                                f"{UNUSUAL_BREAK_NAMES[match.group()]} (it is often invisible); "
                                "replace it with a space or a real line break"))


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__("nested too deeply")
        self.mark = mark


@functools.cache
def _fast_loader(base: type[Any]) -> type[Any]:
    """A subclass of `base` with its per-scalar type resolution memoised.

    A subclass, never a patch of `base`: PyYAML's own loaders stay as they are for any
    other code in the process (a test imports dagov, loads a tree and compares them).
    PyYAML resolves every plain scalar's type (str, int, bool, date...) by trying
    regular expressions in Python, even under the C parser: a third of the time it
    takes to compose a plan file. The answer depends only on the text (safe
    loaders have no path resolvers, so the no-op descend/ascend hooks are exact).
    """
    resolve_uncached: Callable[[Any, type[Node], str, tuple[bool, bool]], str] = base.resolve

    def resolve(self: Any, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if not implicit[0]:  # quoted, or tagged with the non-specific '!': always text
                return STR_TAG
            return plain_tag(value)  # remembered, as for the files composed with lazy tags
        return resolve_uncached(self, kind, value, implicit)

    if base.yaml_path_resolvers:  # pragma: no cover - never the case for the safe loaders
        return base
    # The path hooks do nothing for safe loaders; libyaml's composer calls both for every node, so they are
    # C callables rather than Python functions.
    methods: dict[str, Any] = {"resolve": resolve, "descend_resolver": operator.is_,  # (parent, index) -> ignored
                               "ascend_resolver": type(None)}  # () -> None
    if issubclass(base, yaml.composer.Composer):  # the pure-Python loader: bound its recursion
        compose_unbounded = base.compose_node

        def compose_node(self: Any, parent: Node | None, index: int) -> Node | None:
            depth = getattr(self, "_dagov_depth", 0) + 1
            if depth > MAX_NESTING:
                raise _TooDeep(self.peek_event().start_mark)
            self._dagov_depth = depth
            try:
                return compose_unbounded(self, parent, index)
            finally:
                self._dagov_depth = depth - 1

        methods["compose_node"] = compose_node
    return type(f"Fast{base.__name__}", (base,), methods)


@functools.cache
def _lazy_loader(base: type[Any]) -> type[Any]:
    """`_fast_loader(base)` for a file with no explicit tag (no '!' in it): no tag is resolved while composing.

    Every node gets LAZY_TAG, and `fields.tag_of` resolves a scalar's tag from its text and style when a
    reader asks, exactly as PyYAML would have: a file's keys, lists and mappings, half its nodes, are never
    resolved, and composing makes no call back into Python for them (resolve is a C callable, as the
    path hooks of `_fast_loader` are)."""
    # resolve(kind, value, implicit) -> "?": str.format ignores arguments it has no field for
    methods = {"resolve": LAZY_TAG.format}
    return type(f"Lazy{base.__name__}", (_fast_loader(base),), methods)  # type: ignore[arg-type]  # a class is hashable


_KEY_LINE = re.compile(r"^(?P<indent>(?: *- +)* *)[^\s#'\"\-][^:#]*:(?:\s|$)")
"""A `key: value` line (or `- key: value`); `indent` is everything before the key."""


def _key_column(line: str) -> int | None:
    """Where the key of a `key: value` line starts (0-based, a list item's '- ' counted), or None."""
    match = _KEY_LINE.match(line)
    return len(match["indent"]) if match else None


def _opens_block(line: str) -> bool:
    """`key:` with nothing after it: the lines below are its children, not its siblings."""
    return line.split("#", 1)[0].rstrip().endswith(":")


def _significant(lines: list[str], start: int, step: int) -> str | None:
    """The first line from `start` (going by `step`) that is neither blank nor only a comment."""
    index = start
    while 0 <= index < len(lines):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return lines[index]
        index += step
    return None


def _spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _tab_in_indentation(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """(line, column, message) when line `index` is indented with a tab, which YAML never allows."""
    if not 0 <= index < len(lines):
        return None
    line = lines[index]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return (index + 1, indent.index("\t") + 1,
            f"line {index + 1} is indented with a tab; YAML indents with spaces only: replace the tab with spaces")


def _indentation_slip(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """(line, column, message) when the key on line `index` is indented differently from the keys around it.

    One space too many before `owner:` makes YAML read the line as more of the value above, and
    it then complains about the ': ' in it; quoting would hide the real mistake.
    """
    if not 0 <= index < len(lines):
        return None
    if lines[index].lstrip().startswith("-"):
        return None  # a list item's '- ' lines up with other dashes, not with keys: left to the general message
    column = _key_column(lines[index])
    above = _significant(lines, index - 1, -1)
    below = _significant(lines, index + 1, 1)
    # the siblings are the lines above, unless the line above opens this block (then the lines below)
    sibling = below if above is None or _opens_block(above) else above
    around = _key_column(sibling) if sibling is not None else None
    if column is None or around is None or around == column:
        return None
    return (index + 1, column + 1,
            f"line {index + 1} is indented by {_spaces(column)} but the fields around it "
            f"{f'by {_spaces(around)}' if around else 'are not indented'}; line the keys up")


def _char_at(lines: list[str], mark: yaml.Mark | None) -> str:
    """The character a mark points at, or '' (past the end of its line or of the file)."""
    if mark is None or not 0 <= mark.line < len(lines):
        return ""
    return lines[mark.line][mark.column:mark.column + 1]


def _syntax_message(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where a YAML syntax error really is, and what a non-programmer should do about it."""
    problem = err.problem or str(err)
    mark = err.problem_mark or err.context_mark
    lines = text.split("\n")
    if err.context == "while scanning a simple key" and err.context_mark is not None:
        # libyaml notices the missing ':' only on the next line; the key is where the mistake is
        mark = err.context_mark
        message = "a 'key: value' line is missing its ':' (or a line of text is not indented under its key); " \
                  "write it as 'key: value'"
    elif mark is not None and (found := _tab_in_indentation(lines, mark.line) or _indentation_slip(lines, mark.line)):
        return found
    elif "tab" in problem or _char_at(lines, mark) == "\t":
        message = "a tab character is used here; YAML needs spaces, not tabs: replace the tab with spaces"
    elif problem.startswith("mapping values are not allowed"):
        message = "there is a ': ' inside a value; put the whole value in quotes (\"...\"), or use '|' for a block of text"
    else:
        context = f" ({err.context})" if err.context else ""
        message = f"YAML syntax error: {problem}{context}; check the indentation and punctuation here"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, col, message


def _too_large(path: str, size: int) -> Finding:
    return Finding(path, 1, 1, ERROR, "file-too-large",
                   f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a plan file; "
                   "split it (one recommendation or meeting per file)")


def parse_yaml(path: str, data: bytes, findings: list[Finding]) -> Node | None:
    """Compose one YAML document into nodes, or report why it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        findings.append(_too_large(path, len(data)))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax",
                                f"byte 0x{data[err.start]:02x} is not valid UTF-8; save the file as UTF-8 text"))
        return None
    read_as = as_editors_read(text)
    if read_as is not text:
        if "\n" not in text and "\r" in text:  # a whole file of old Mac lines: one finding, not one per line
            findings.append(Finding(path, 1, text.index("\r") + 1, ERROR, "unusual-line-break", OLD_MAC_FILE))
            return None
        _report_unusual_breaks(path, text, findings)
        text = read_as
    # Every explicit tag is written with a '!'; without one, tags are resolved only when read (fields.tag_of).
    loader = (_fast_loader(_Loader) if "!" in text else _lazy_loader(_Loader))(text)
    try:
        node: Node | None = loader.get_single_node()
        if node is not None and "!" in text:  # every explicit tag is written with a '!'
            report_unusual_tags(node, path, findings)
        return node
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax",
                                f"character {err.character!r} is not allowed in a YAML file; delete it"))
    except yaml.composer.ComposerError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if err.problem and "another document" in err.problem:
            findings.append(Finding(path, line, col, ERROR, "yaml-multiple-documents",
                                    "this file holds more than one YAML document (a second '---'); "
                                    "keep one document per file"))
        else:
            findings.append(Finding(path, line, col, ERROR, "yaml-syntax", f"{err.problem or err}; fix the YAML here"))
    except yaml.MarkedYAMLError as err:
        line, col, message = _syntax_message(err, text)
        findings.append(Finding(path, line, col, ERROR, "yaml-syntax", message))
    except yaml.YAMLError as err:
        findings.append(Finding(path, 1, 1, ERROR, "yaml-syntax", f"YAML error: {err}"))
    except _TooDeep as err:
        findings.append(Finding(path, err.mark.line + 1, err.mark.column + 1, ERROR, "too-deep", TOO_DEEP))
    except RecursionError:
        findings.append(Finding(path, 1, 1, ERROR, "too-deep", TOO_DEEP))
    finally:
        loader.dispose()
    return None


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while reading.

    Reading makes millions of small objects and frees none in cycles (loaders
    break their own in dispose()); the collector would rescan the growing tree
    again and again: 40% of the time on 15,000 actions.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_document(path: str, data: bytes, kind: Obj, findings: list[Finding]) -> Any:
    """Parse bytes as one file of `kind`; return the model object or None."""
    with _no_cycle_collection():
        return _read_document(path, data, kind, findings)


def _read_document(path: str, data: bytes, kind: Obj, findings: list[Finding]) -> Any:
    node = parse_yaml(path, data, findings)
    if node is None:
        if not any(f.path == path for f in findings):
            findings.append(Finding(path, 1, 1, ERROR, "not-a-mapping",
                                    f"file is empty; a {kind.noun} file needs its fields (see docs/format.md)"))
        return None
    if node.tag is REPORTED_TAG:
        return None
    if not isinstance(node, MappingNode):
        mark = node.start_mark
        findings.append(Finding(path, mark.line + 1, mark.column + 1, ERROR, "not-a-mapping",
                                f"a {kind.noun} file must be a mapping of 'field: value' lines, not a single value or a list"))
        return None
    value = kind.read(node, Reader(path, findings), f"this {kind.noun}")
    return None if value is INVALID else value


def _is_yaml(name: str) -> bool:
    """Named like a YAML file, in any case: R07.yaml, R07.yml, R07.YAML."""
    return name.lower().endswith((".yaml", ".yml"))


def _misnamed(name: str) -> str | None:
    """Why a YAML-like name is not read (.yml, or .YAML in capitals) and what to rename it to; None if it is read."""
    if name.endswith(".yaml"):
        return None
    stem = name.rsplit(".", 1)[0]
    what = "'.yaml' files" if name.lower().endswith(".yml") else "files whose name ends in '.yaml' in lower case"
    # an error, not a warning: the file's content would silently vanish from every report
    return f"dagov reads only {what}, so this file is left out of every check and report; rename it to {stem}.yaml"


def _join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


class FileTexts(Mapping[str, str]):
    """The text of each file read (shown path -> text), read again from its source when asked.

    Rules that look at the raw text (personal data, comments included) go through every
    file once; keeping all the texts for them while the tree is in memory would add the
    whole size of the YAML to every command's memory (18 MB on 15,000 actions), and most
    commands never look. A file that has gone since it was loaded reads as empty.
    """

    def __init__(self, source: FileSource):
        self._source = source
        self._rel: dict[str, str] = {}

    def add(self, shown: str, rel: str) -> None:
        self._rel[shown] = rel

    def __getitem__(self, shown: str) -> str:
        rel = self._rel[shown]
        try:
            data = self._source.read(rel)
        except OSError:
            return ""
        # as the loader reads it, so text rules and YAML agree on every line and column
        return as_editors_read(data.decode("utf-8-sig", errors="replace"))

    def __iter__(self) -> Iterator[str]:
        return iter(self._rel)

    def __len__(self) -> int:
        return len(self._rel)


TextScanner = Callable[[str], Any]
"""A function of a file's text (as editors read it) whose result the loader keeps in `Tree.scans` for the
files where it is truthy (the personal-data guard's candidates); its `__qualname__` is part of cache keys."""


class _TreeReader:
    """Walks a FileSource; `display` is how paths are shown (the plans directory as the user named it)."""

    def __init__(self, source: FileSource, display: str, on_files_read: Callable[[int], None] | None = None,
                 cache: ParseCache | None = None, scan_text: TextScanner | None = None):
        self.source = source
        self.display = display
        self.findings: list[Finding] = []
        self.files = 0
        self.on_files_read = on_files_read
        self.texts = FileTexts(source)
        self.cache = cache if cache is not None and cache.use_for(display) else None
        self.scan_text = scan_text
        self.scanner_name = f"{scan_text.__module__}.{scan_text.__qualname__}" if scan_text else ""
        self.scans: dict[str, Any] = {}
        self.helper: helper.Helper | None = None
        """A process reading some folders into the cache meanwhile (see _helping)."""

    def shown(self, rel: str) -> str:
        return os.path.join(self.display, *rel.split("/")) if rel else self.display

    def warn_ignored(self, rel: str, message: str, severity: str = WARNING) -> None:
        self.findings.append(Finding(self.shown(rel), 1, 1, severity, "ignored-file", message))

    def unreadable(self, rel: str, err: OSError, what: str = "file") -> None:
        message = err.reason if isinstance(err, FileRefused) else f"cannot read the {what}: {os_reason(err)}"
        self.findings.append(Finding(self.shown(rel), 1, 1, ERROR, "unreadable-file", message))

    def listing(self, rel: str) -> tuple[list[str], list[str]]:
        """(files, folders) in `rel`, without names starting with '.' (temporary files, dagov's own, git's).

        A folder that cannot be listed is an error at that folder: the files in it would
        otherwise vanish from the check without a word.
        """
        return self.try_listing(rel) or ([], [])

    def try_listing(self, rel: str) -> tuple[list[str], list[str]] | None:
        """As `listing`, or None when the folder cannot be listed (reported)."""
        try:
            files, folders = self.source.listdir(rel)
        except OSError as err:
            self.unreadable(rel, err, "folder")
            return None
        return [n for n in files if not n.startswith(".")], [n for n in folders if not n.startswith(".")]

    def report_broken(self, rel: str) -> bool:
        """A link to nothing, or a loop, is reported whatever its name: it is always a mistake."""
        reason = self.source.problem(rel)
        if reason is not None:
            self.findings.append(Finding(self.shown(rel), 1, 1, ERROR, "unreadable-file", reason))
        return reason is not None

    def read(self, rel: str, kind: Obj) -> Any:
        self.files += 1
        if self.on_files_read is not None:
            self.on_files_read(self.files)
        shown = self.shown(rel)
        try:
            data = self.source.read(rel)
        except FileTooLarge as err:
            self.findings.append(_too_large(shown, err.size))
            return None
        except OSError as err:
            self.unreadable(rel, err)
            return None
        if len(data) > MAX_FILE_BYTES:
            return read_document(shown, data, kind, self.findings)
        # For rules that read the text itself (comments too); bad bytes were reported by the parser.
        self.texts.add(shown, rel)
        return self.parsed(shown, data, kind)

    def parsed(self, shown: str, data: bytes, kind: Obj) -> Any:
        """The model object of one file, its findings and its scan: from the cache, or read and then cached."""
        cache = self.cache
        key = cache.key(kind.noun, shown, self.scanner_name, data) if cache is not None else None
        if cache is not None and key is not None:  # (both or neither: the second for the type checker)
            entry = cache.get(key)
            if entry is not None:
                value, findings, scanned = entry
                self.findings.extend(findings)
                if scanned:
                    self.scans[shown] = scanned
                return value
        first = len(self.findings)
        value = read_document(shown, data, kind, self.findings)
        scanned = None
        if self.scan_text is not None:
            # as the loader reads it, so the scan and YAML agree on every line and column
            scanned = self.scan_text(as_editors_read(data.decode("utf-8-sig", errors="replace")))
            if scanned:
                self.scans[shown] = scanned
        if cache is not None and key is not None:
            cache.put(key, (value, tuple(self.findings[first:]), scanned))
        return value

    def folder(self, rel: str, kind: Obj, first: str = "") -> tuple[dict[str, Any], frozenset[str]]:
        """Read every file of one kind in a folder (from the one named `first`, for a helper: see _helping); also
        return the stems of files that could not be read."""
        helper_from = self.helper.first.get(rel) if self.helper is not None else None
        items: dict[str, Any] = {}
        broken: set[str] = set()
        read: list[tuple[str, Any]] = []
        names, folders = self.listing(rel)
        for name in sorted(names + [f for f in folders if _is_yaml(f)]):
            if name < first:
                continue
            if helper_from is not None and name >= helper_from:  # the helper read the rest: from its pack
                self.helper_wrote(rel)
                helper_from = None
            if name in folders:
                self.folder_named_like_file(_join(rel, name))
                broken.add(name.rsplit(".", 1)[0])
                continue
            if not _is_yaml(name):
                self.report_broken(_join(rel, name))
                continue
            misnamed = _misnamed(name)
            if misnamed:
                self.warn_ignored(_join(rel, name), misnamed, ERROR)
                continue
            stem = name.rsplit(".", 1)[0]
            item = self.read(_join(rel, name), kind)
            if item is None:
                broken.add(stem)
                continue
            read.append((stem, item))
        # A file whose id is its name keeps that id: 'R05 - Copy.yaml' sorts before R05.yaml, and its
        # copy of R05 must not take the original's place (the copy's id-mismatch finding explains it).
        for stem, item in sorted(read, key=lambda pair: pair[1].id != pair[0]):
            key = item.id if item.id and item.id not in items else stem
            if key not in items:  # otherwise an id-mismatch or duplicate-id finding explains it
                items[key] = item
        for sub in folders:
            if not _is_yaml(sub):
                self.too_deep(_join(rel, sub), rel, 1)
        if self.cache is not None:
            self.cache.close_folder(self.shown(rel))  # its pack written now, not held to the end
        return items, frozenset(broken)

    def helper_wrote(self, rel: str) -> None:
        """Wait until the helper has written folder `rel`'s pack, and read it again if it was read before."""
        assert self.helper is not None
        self.helper.wait_for(rel)
        if self.cache is not None:
            self.cache.reread(self.pack_path(self.cache, rel))

    def pack_path(self, cache: ParseCache, rel: str) -> str:
        """Where `cache` keeps the pack of folder `rel`'s files, as this reader reads them."""
        return cache.pack_path(self.shown(rel).replace(os.sep, "/"), self.scanner_name)

    def folder_named_like_file(self, rel: str) -> None:
        self.files += 1
        parent = self.shown(rel.rpartition("/")[0]) if "/" in rel else self.display
        self.findings.append(Finding(self.shown(rel), 1, 1, ERROR, "unreadable-file",
                                     "this is a folder, but its name ends in .yaml like a plan file's, so dagov cannot "
                                     f"read it; rename the folder, or move the file it should be into {parent}{os.sep}"))

    def too_deep(self, rel: str, kind_folder: str, depth: int) -> None:
        """Report plan files in a subfolder of recommendations/ (meetings/, papers/): dagov never reads them."""
        names, folders = self.listing(rel)
        where = self.shown(kind_folder) + os.sep
        for name in sorted(names + [f for f in folders if _is_yaml(f)]):
            if _is_yaml(name):
                self.findings.append(Finding(self.shown(_join(rel, name)), 1, 1, ERROR, "too-deep",
                                             f"dagov does not look in subfolders of {where}, so this file is left out "
                                             f"of every check and report; move it into {where} (or out of the plans "
                                             "directory if it is an old copy)"))
        if depth < MAX_FOLDER_DEPTH:
            for sub in folders:
                if not _is_yaml(sub):
                    self.too_deep(_join(rel, sub), kind_folder, depth + 1)

    def plan(self, rel: str, names: list[str], folders: list[str]) -> Plan | None:
        """Read the plan folder `rel`, whose (files, folders) are `names` and `folders`."""
        if "plan.yaml" in folders:
            self.folder_named_like_file(_join(rel, "plan.yaml"))
            plan: Plan | None = None
        else:
            plan = self.read(_join(rel, "plan.yaml"), fmt.PLAN)
        children: dict[str, dict[str, Any]] = {}
        broken: set[str] = set()
        for sub, kind in SUBFOLDERS.items():
            if sub in names:
                self.not_a_folder(_join(rel, sub), sub, kind)
                children[sub] = {}
                continue
            children[sub], broken_here = self.folder(_join(rel, sub), kind)
            broken |= broken_here
        for name in folders:
            if name not in SUBFOLDERS and name.lower() in SUBFOLDERS:
                self.warn_ignored(_join(rel, name), f"dagov reads only a folder named {name.lower()}, in lower case, "
                                  f"so the files in this folder are left out of every check and report; rename it to "
                                  f"{name.lower()}", ERROR)
        for name in names:
            if not _is_yaml(name):
                self.report_broken(_join(rel, name))
            elif name != "plan.yaml":
                misnamed = _misnamed(name)
                if misnamed and name.lower().rsplit(".", 1)[0] == "plan":
                    self.warn_ignored(_join(rel, name), misnamed, ERROR)
                else:
                    self.warn_ignored(_join(rel, name), "dagov does not read this file: recommendations go in "
                                      "recommendations/, meetings in meetings/, papers in papers/")
        if plan is None:
            return None
        return replace(plan, recommendations=children["recommendations"], meetings=children["meetings"],
                       papers=children["papers"], measures=children["measures"], folder=rel.rsplit("/", 1)[-1], unreadable=frozenset(broken))

    def not_a_folder(self, rel: str, sub: str, kind: Obj) -> None:
        """`recommendations` (meetings, papers) is there, but as a file or a broken link."""
        if not self.report_broken(rel):
            self.warn_ignored(rel, f"this is a file, but dagov reads {kind.noun}s from a folder named {sub}, one "
                              f".yaml file per {kind.noun}; rename this file and make {sub} a folder", ERROR)

    def tree(self) -> Tree:
        organisation: Organisation | None = None
        listed = self.try_listing("")
        names, folders = listed or ([], [])
        if listed is None:
            pass  # the plans directory itself cannot be listed: that one finding says it all
        elif "organisation.yaml" in folders:
            self.folder_named_like_file("organisation.yaml")
        elif "organisation.yaml" in names:
            organisation = self.read("organisation.yaml", fmt.ORGANISATION)
        else:
            self.findings.append(Finding(self.shown("organisation.yaml"), 1, 1, ERROR, "missing-file",
                                         "organisation.yaml is missing; create it with the organisation's name, "
                                         "roles and boards (see docs/format.md)"))
        plans: dict[str, Plan] = {}
        unreadable: set[str] = set()
        for name in names:
            if not _is_yaml(name):
                self.report_broken(name)
            elif name != "organisation.yaml":
                misnamed = _misnamed(name)
                if misnamed and name.lower().rsplit(".", 1)[0] == "organisation":
                    self.warn_ignored(name, misnamed, ERROR)
                else:
                    self.warn_ignored(name, "dagov does not read this file: a plans directory holds "
                                      "organisation.yaml and one folder per plan")
        for folder in folders:
            if folder == "organisation.yaml":
                continue
            inner_files, inner_folders = self.listing(folder)
            if "plan.yaml" not in inner_files and "plan.yaml" not in inner_folders:
                plan_files = [n for n in inner_files if n.lower() in ("plan.yaml", "plan.yml")]
                for name in plan_files:  # the whole plan would vanish: an error, where the file is
                    self.warn_ignored(_join(folder, name), _misnamed(name) or "", ERROR)
                if plan_files:
                    unreadable.add(folder)
                    continue
                if any(_is_yaml(n) for n in inner_files) or set(inner_folders) & set(SUBFOLDERS):
                    self.warn_ignored(folder, f"folder {folder} has no plan.yaml, so dagov ignores it; "
                                      "add a plan.yaml to make it a plan")
                continue
            plan = self.plan(folder, inner_files, inner_folders)
            if plan is not None:
                plans[folder] = plan
            else:
                unreadable.add(folder)
        return Tree(self.display, organisation, plans, self.files, texts=self.texts,
                    unreadable_plans=frozenset(unreadable), scans=self.scans if self.scan_text else None)


def unreadable_file(tree: Tree, plans: list[Plan], stem: str) -> str | None:
    """Where (relative to the plans directory) a recommendation or meeting named `stem` of one of `plans` is, in a
    file the loader found but could not read (a link out, a pipe, bad YAML...); None if there is no such file."""
    for plan in plans:
        if stem in plan.unreadable:
            for kind in ("recommendations", "meetings"):
                if os.path.lexists(os.path.join(tree.root, plan.folder, kind, f"{stem}.yaml")):
                    return f"{plan.folder}/{kind}/{stem}.yaml"
    return None


def _kind_folders(source: FileSource) -> list[tuple[str, Obj]]:
    """The folders of plan files `_TreeReader.tree` will read, in the order it reads them (nothing reported)."""
    found: list[tuple[str, Obj]] = []
    try:
        plans = source.listdir("")[1]
    except OSError:
        return found
    for plan in plans:
        try:
            files, folders = source.listdir(plan)
        except OSError:
            continue
        if not plan.startswith(".") and "plan.yaml" in files:
            found += [(f"{plan}/{sub}", kind) for sub, kind in SUBFOLDERS.items() if sub in folders]
    return found


@contextlib.contextmanager
def _helping(reader: _TreeReader) -> Iterator[None]:
    """While `reader` reads a tree from disk, a helper process reads the last of its files not cached yet into
    the cache (or a temporary one), where `reader` then finds them: see dagov.plan.helper."""
    with contextlib.ExitStack() as cleanup:
        reader.helper = _start_helper(reader, cleanup)
        try:
            yield
            if reader.helper is not None:
                reader.helper.wait()
        finally:
            if reader.helper is not None:
                reader.helper.stop()  # still running only if reading ended early (an error, Ctrl-C, SIGTERM)
            reader.helper = None


def _start_helper(reader: _TreeReader, cleanup: contextlib.ExitStack) -> helper.Helper | None:
    """The helper started for `reader`, or None if none is worth it (or none can be); what must be undone after
    reading (a temporary folder for the helper's packs when there is no cache to write to) goes on `cleanup`."""
    source = reader.source
    if not isinstance(source, DiskFiles) or not helper.can_fork():
        return None
    cache = reader.cache if reader.cache is not None and reader.cache.ready() else None
    kinds = dict(_kind_folders(source))
    cold = [cache is None or not os.path.exists(reader.pack_path(cache, rel)) for rel in kinds]
    if not any(cold):
        return None  # a warm run: nothing to share
    share = helper.share([helper.Folder(rel, source.yaml_sizes(rel, MAX_FILE_BYTES) if is_cold else (), is_cold)
                          for rel, is_cold in zip(kinds, cold, strict=True)], helper.helper_share(this_process_keeps=cache is not None))
    if not share:
        return None
    cleanup.enter_context(helper.ending_signals_raise())  # first in, last out: after the clean-up below
    temporary = None
    remove_temporary: Callable[[], None] | None = None
    if cache is None:  # the cache turned off or unusable: a folder for this run only
        import shutil
        import tempfile

        try:
            temporary = tempfile.mkdtemp(prefix="dagov-read-")
        except OSError:
            return None
        remove_temporary = functools.partial(shutil.rmtree, temporary, ignore_errors=True)
        cleanup.callback(remove_temporary)
    base = cache.base if cache is not None else temporary
    assert base is not None

    def read_share(parts: list[helper.Part], written: Callable[[], object]) -> None:  # in the helper
        other = _TreeReader(source, reader.display, None, ParseCache(base), reader.scan_text)
        for rel, first in parts:
            other.folder(rel, kinds[rel], first)  # its pack written as it ends
            written()

    # In the helper, if this process dies first, no one will read the temporary folder: the helper removes it.
    started = helper.start(share, read_share, orphaned=remove_temporary)
    if started is not None and temporary is not None:
        reader.cache = ParseCache(temporary, writable=False)  # only the helper's packs: this process keeps nothing
    return started


DEFAULT_CACHE: Any = object()
"""`cache=` meaning the user's parse cache, unless turned off (dagov.plan.cache.default_cache)."""


def load_tree(root: str | os.PathLike[str], source: FileSource | None = None,
              on_files_read: Callable[[int], None] | None = None, cache: ParseCache | None = DEFAULT_CACHE,
              scan_text: TextScanner | None = None) -> tuple[Tree, list[Finding]]:
    """Read every file under a plans directory. Returns the tree and every finding from reading it.

    `source` reads the files from somewhere else than the disk (a git revision); `root` is then
    only how paths are shown. `on_files_read`, if given, is called with the number of files read so far
    as each file is started. `cache` keeps what was read of each file for the next run (by default
    the user's, see dagov.plan.cache; None: no cache). `scan_text`, if given, is run on each file's
    text and its results kept in `Tree.scans` (and in the cache).
    """
    if cache is DEFAULT_CACHE:
        cache = default_cache()
    reader = _TreeReader(source or DiskFiles(root), os.path.normpath(str(root)), on_files_read, cache, scan_text)
    with _no_cycle_collection(), _helping(reader):
        tree = reader.tree()
        if reader.cache is not None:
            reader.cache.finish()
        # The tree lives as long as the command and holds no cycles (freed by reference counting when
        # dropped): out of the collector's sight, or every later collection would walk its millions of
        # objects again (0.6 s of a warm check of 15,000 actions).
        gc.freeze()
    return tree, reader.findings
