"""The Jinja2 environment dagov renders with: where templates come from, filters, errors.

Templates are looked up first in the user's folder (`--templates DIR`, or the
governance repository's `templates/` beside the plans directory, never the working
directory) and then in the ones shipped inside the package, so a force can override
any built-in template by giving a file the same name.

Every template runs in Jinja2's immutable sandbox: a template comes from a repository
that anyone with a pull request can change, and CI renders it, so it may print values
and call the filters below but never reach Python's internals, run a program, change
a list or read a file outside the template folders.

Markdown templates escape every value they print (see `dagov.render.mdtext`); a filter that
already produces Markdown returns `Markup`, which is printed as it is. `StrictUndefined`
turns a misspelt name into an error naming the template and line, never a blank.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import posixpath
import traceback
import types
from dataclasses import dataclass
from pathlib import Path, PurePath

import jinja2
import jinja2.loaders
import jinja2.sandbox
from markupsafe import Markup

from dagov.errors import DagovError
from dagov.plan.vocabulary import AMBER, CLOSED, COMPLETE, GREEN, GREY, NO_ACTIONS, RED, SUPERSEDED
from dagov.render import mdtext, svg
from dagov.words import plural

MARKDOWN_SUFFIX = ".md.j2"
USER_FOLDER = "templates"
"""A template file larger than this is refused (no paper template comes near it)."""
MAX_SEQUENCE = 1_000_000
"""The longest string or list `*` may make in a template; more is refused, not allocated."""
MAX_EXPONENT = 1_000

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")

RAG_BADGES = {
    RED: "\U0001F534 Red",
    AMBER: "\U0001F7E0 Amber",
    GREEN: "\U0001F7E2 Green",
    COMPLETE: "\U0001F535 Complete",
    GREY: "\u26AA Cancelled",
    CLOSED: "Closed",
    SUPERSEDED: "Superseded",
    NO_ACTIONS: "No live actions",
}


class TemplateProblem(DagovError):
    """A template is missing or wrong; the message says which, where, and what to do."""


@dataclass(frozen=True)
class Templates:
    """Where templates come from: an optional user folder in front of the built-in ones."""

    user_folder: Path | None = None
    folder_to_create: Path | None = None
    """Where the user's folder would be when there is none yet (for the not-found message)."""

    @classmethod
    def find(cls, explicit: str | os.PathLike | None = None,
             plans: str | os.PathLike | None = None) -> Templates:
        """`explicit` (from --templates) if given, else `templates/` beside the plans directory
        if it exists, else only the built-ins. The working directory is never looked in: a
        folder someone left where dagov happens to run must not change what it renders."""
        if explicit is not None:
            return cls(Path(explicit))
        if plans is None:
            return cls(None)
        beside = Path(_shown_path(Path(os.path.realpath(plans)).parent / USER_FOLDER))
        return cls(beside) if beside.is_dir() else cls(None, beside)

    def environment(self, autoescape_html: bool = False) -> jinja2.Environment:
        # "templates" relative to one working directory is another folder from the next: they must
        # not share an environment (nor its compiled templates), so the directory is in the key.
        relative = self.user_folder is not None and not self.user_folder.is_absolute()
        return _environment(self.user_folder, autoescape_html, os.getcwd() if relative else "")

    def names(self) -> list[str]:
        """Paper templates a paper may name: built-in and the user's, without the suffix."""
        return sorted({n[: -len(MARKDOWN_SUFFIX)] for n in self.environment().list_templates()
                       if n.endswith(MARKDOWN_SUFFIX) and "/" not in n and not n.startswith("_")})

    def render(self, name: str, context: dict, autoescape_html: bool = False) -> str:
        """Render one template; any problem with it becomes a TemplateProblem."""
        env = self.environment(autoescape_html)
        try:
            return env.get_template(name).render(context)
        except RefusedTemplateFile as err:
            raise TemplateProblem(str(err.message)) from None
        except jinja2.TemplateNotFound as err:
            missing = err.name or name
            if missing != name:  # an include, import or extends inside the template
                raise TemplateProblem(f"{self._where(err, name)}: template '{missing}' not found; a template can "
                                      "include, import or extend only another template by its name in the "
                                      "templates folders, e.g. '_sections.md.j2'") from None
            raise TemplateProblem(self._not_found(name)) from None
        except jinja2.sandbox.SecurityError as err:
            raise TemplateProblem(f"{self._where(err, name)}: not allowed in a template: {str(err).rstrip('.')}; a "
                                  "template may print values and use the filters docs/templates.md lists, "
                                  "nothing more") from None
        except jinja2.TemplateSyntaxError as err:
            where = f"{self._shown(err.filename or err.name or name)}:{err.lineno}"
            raise TemplateProblem(f"{where}: template syntax error: {err.message}; fix the template there") from None
        except jinja2.UndefinedError as err:
            raise TemplateProblem(f"{self._where(err, name)}: {err.message}; check the spelling against the names "
                                  "each template receives (docs/templates.md)") from None
        except Exception as err:  # a user template can fail in any way; name where, never a traceback
            raise TemplateProblem(f"{self._where(err, name)}: template error: {str(err).rstrip('.')}; fix the "
                                  "template there") from None

    def _not_found(self, name: str) -> str:
        stem = name[: -len(MARKDOWN_SUFFIX)] if name.endswith(MARKDOWN_SUFFIX) else name
        folder = self.user_folder or self.folder_to_create
        where = folder / name if folder else f"{USER_FOLDER}/{name} beside the plans directory"
        return (f"template '{stem}' not found; the templates available are {', '.join(self.names())}; "
                f"use one of them or create {where}")

    def _shown(self, filename: str) -> str:
        """A template's path as the user knows it: theirs as given, built-ins inside the package."""
        path = Path(filename)
        if self.user_folder is not None:
            try:
                return str(self.user_folder / path.resolve().relative_to(self.user_folder.resolve()))
            except ValueError:
                pass
        if path.is_absolute():
            parts = path.parts
            if "templates" in parts:
                return "(built-in) " + "/".join(parts[len(parts) - parts[::-1].index("templates") - 1:])
        return filename

    def _where(self, err: Exception, name: str) -> str:
        """The template file and line an error happened on, from Jinja's rewritten traceback."""
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if frame.filename.endswith(".j2"):
                return f"{self._shown(frame.filename)}:{frame.lineno}"
        return name


@functools.lru_cache(maxsize=8)
def _environment(user_folder: Path | None, autoescape_html: bool, cwd: str = "") -> jinja2.Environment:
    """One environment per folder, so a paper's dozen templates are compiled once, not per block.
    Sharing it is safe: the immutable sandbox lets no template change it."""
    loaders: list[jinja2.BaseLoader] = []
    if user_folder is not None:
        loaders.append(_ConfinedLoader(str(user_folder)))
    loaders.append(jinja2.PackageLoader("dagov.render", "templates"))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape_html,
        finalize=None if autoescape_html else _escape_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def _shown_path(path: Path) -> str:
    """A path as short as the user would type it: relative to the working directory when under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The immutable sandbox, and closed on the few things it leaves open.

    Jinja2's sandbox already refuses attributes starting with '_', the internals of
    functions, frames and generators, `str.format` tricks and changing lists and
    dicts. On top of that no attribute of a path, an open file or a module may be used
    (so no `.read_text()` or `.unlink()`, whatever a value turns out to be), and `*`
    and `**` may not build a value big enough to exhaust memory or the processor."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, (PurePath, io.IOBase, types.ModuleType)) or isinstance(value, types.ModuleType):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj, attribute):
        # An unsafe attribute gives an Undefined; looking further into it must report that
        # first refusal, not a second one about the Undefined's own internals.
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise jinja2.sandbox.SecurityError(f"a power of {right} is too large (at most {MAX_EXPONENT})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_SEQUENCE:
                    raise jinja2.sandbox.SecurityError(f"repeating a text or list {times} times makes it longer "
                                                       f"than {MAX_SEQUENCE:,} items")
        return super().call_binop(context, operator, left, right)


class _ConfinedLoader(jinja2.FileSystemLoader):
    """The user's folder, read only as regular files inside it.

    Jinja2 already refuses '..' in a template name; this also refuses a symlink that
    leads out of the folder (a committed link to ~/.ssh/id_rsa would otherwise be
    printed into a paper), a FIFO or device (which would hang or never end) and a file
    too large to be a template."""

    def get_source(self, environment, template):
        folder = self.searchpath[0]
        filename = posixpath.join(folder, *jinja2.loaders.split_template_path(template))
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        root = os.path.realpath(folder)
        if os.path.commonpath([root, os.path.realpath(filename)]) != root:
            raise RefusedTemplateFile(template, f"{filename} is a link that leads outside {folder}; templates are "
                                                "read only from inside the templates folder: put the file itself there")
        try:
            contents = _read_regular(filename)
        except IsADirectoryError:
            raise jinja2.TemplateNotFound(template) from None
        except (OSError, UnicodeDecodeError, ValueError) as err:
            reason = err if isinstance(err, ValueError) else getattr(err, "strerror", None) or err
            raise RefusedTemplateFile(template, f"{filename} cannot be read as a template: {reason}") from None
        return contents, os.path.normpath(filename), lambda: False


class RefusedTemplateFile(jinja2.TemplateError):
    """A template file that is there but may not be read; the message says why and what to do.

    Not a TemplateNotFound, so that the ChoiceLoader stops here instead of quietly using
    the built-in template of the same name."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def _read_regular(filename: str) -> str:
    """A regular file's text, read the way plan files are and with their size limit
    (a FIFO cannot hang it, a sparse file is not read)."""
    from dagov.plan.files import FileRefused, FileTooLarge, read_regular

    try:
        data = read_regular(filename)
    except FileTooLarge as err:
        raise ValueError(err.reason) from None
    except FileRefused as err:
        if os.path.isdir(filename):
            raise IsADirectoryError(filename) from None
        raise ValueError("it is not a regular file") from err
    return data.decode("utf-8")


def _escape_markdown(value: object) -> object:
    """Every `{{ value }}` in a Markdown template is escaped unless a filter made it Markdown."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return mdtext.inline(value)


# --- filters --------------------------------------------------------------------------


def british_date(value: dt.date | None, style: str = "long") -> str:
    """12 June 2014 (long), 12 Jun 2014 (short) or June 2014 (month)."""
    if value is None:
        return ""
    month = _MONTHS[value.month - 1]
    if style == "month":
        return f"{month} {value.year}"
    if style == "short":
        return f"{value.day} {month[:3]} {value.year}"
    return f"{value.day} {month} {value.year}"


def rag_badge(rag: str | None) -> Markup:
    """A RAG status as a coloured mark and the word, so it reads in black and white too."""
    return Markup(RAG_BADGES.get(rag or "", mdtext.inline(rag or "\u2014")))


def number_word(count: int) -> str:
    """Numbers up to twelve in words, as papers write them; larger ones as digits."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve")
    return words[count] if 0 <= count < len(words) else str(count)


FILTERS = {
    "date": british_date,
    "rag": rag_badge,
    "plural": plural,  # 3|plural("action") -> "3 actions"; 1|plural("action") -> "1 action"
    "words": number_word,
    "md": mdtext.inline,
    "cell": mdtext.cell,
    "prose": mdtext.prose,
    "mermaid": mdtext.mermaid_text,
    "mermaid_id": mdtext.mermaid_id,
    "short": svg.short_label,  # a key area's name short enough for a chart's margin
}
