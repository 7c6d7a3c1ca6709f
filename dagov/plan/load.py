"""Reading a plans directory: files in, a Tree and findings out. Never writes.

Every file is read even when others are broken, so one run reports everything.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from dagov.plan import format as fmt  # 'format' is a builtin
from dagov.plan import helper
from dagov.plan.cache import ParseCache, default_cache
from dagov.plan.fields import Obj
from dagov.plan.files import MAX_FILE_BYTES, DiskFiles, FileRefused, FileSource, FileTooLarge, os_reason
from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.linebreaks import as_editors_read
from dagov.plan.model import Organisation, Plan, Tree

SUBFOLDERS = {"recommendations": fmt.RECOMMENDATION, "meetings": fmt.MEETING, "papers": fmt.PAPER,
              "measures": fmt.MEASURE}

MAX_FOLDER_DEPTH = 4
"""Levels of subfolders under recommendations/ (meetings/, papers/) searched for stray plan files."""


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
    from dagov.plan.parse import model_of  # PyYAML is imported only when a file is parsed

    with _no_cycle_collection():
        return model_of(path, data, kind, findings)


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
        if self.cache is not None:
            self.cache.start_reading()
        self.scan_text = scan_text
        self.scanner_name = f"{scan_text.__module__}.{scan_text.__qualname__}" if scan_text else ""
        self.scans: dict[str, Any] = {}
        self.helper: helper.Helper | None = None
        """A process reading some folders into the cache meanwhile (see _helping)."""

    def read_around(self) -> None:
        """A file was not read through the cache: nothing may be kept of the whole tree (ParseCache.read_digest)."""
        if self.cache is not None:
            self.cache.note_read_around()

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
            from dagov.plan.parse import too_large

            self.findings.append(too_large(shown, err.size))
            self.read_around()
            return None
        except OSError as err:
            self.unreadable(rel, err)
            self.read_around()
            return None
        if len(data) > MAX_FILE_BYTES:
            self.read_around()
            return read_document(shown, data, kind, self.findings)
        # For rules that read the text itself (comments too); bad bytes were reported by the parser.
        self.texts.add(shown, rel)
        return self.parsed(shown, data, kind)

    def parsed(self, shown: str, data: bytes, kind: Obj) -> Any:
        """The model object of one file, its findings and its scan: from the cache, or read and then cached."""
        cache = self.cache
        key = cache.key(kind.noun, shown, self.scanner_name, data) if cache is not None else None
        if cache is not None and key is not None:  # (both or neither: the second for the type checker)
            cache.note_read(key)
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
