"""The Jinja2 environment dagov renders with: where templates come from, filters, errors.

Templates are looked up first in the user's folder (`--templates DIR`, or `templates/`
in the working directory) and then in the ones shipped inside the package, so a
force can override any built-in template by giving a file the same name.

Markdown templates escape every value they print (see `dagov.mdtext`); a filter that
already produces Markdown returns `Markup`, which is printed as it is. `StrictUndefined`
turns a misspelt name into an error naming the template and line, never a blank.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from dagov import mdtext

MARKDOWN_SUFFIX = ".md.j2"
USER_FOLDER = "templates"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")

RAG_BADGES = {
    "red": "\U0001F534 Red",
    "amber": "\U0001F7E0 Amber",
    "green": "\U0001F7E2 Green",
    "complete": "\U0001F535 Complete",
    "grey": "\u26AA Cancelled",
    "closed": "Closed",
    "superseded": "Superseded",
    "none": "No live actions",
}


class TemplateProblem(Exception):
    """A template is missing or wrong; the message says which, where, and what to do."""


class _UserFolder(jinja2.FileSystemLoader):
    """The user's templates folder, read as plan files are: regular files only, at most the plan-file size limit.

    Jinja2's own loader already skips pipes and devices (they are not files), but reads
    a sparse 20 GB file whole.
    """

    def get_source(self, environment, template):
        from dagov.files import read_regular

        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        contents = read_regular(filename).decode(self.encoding)
        return contents, os.path.normpath(filename), lambda: False


@dataclass(frozen=True)
class Templates:
    """Where templates come from: an optional user folder in front of the built-in ones."""

    user_folder: Path | None = None

    @classmethod
    def find(cls, explicit: str | os.PathLike | None = None, cwd: str | os.PathLike = ".") -> "Templates":
        """`explicit` (from --templates) if given, else ./templates if it exists, else only the built-ins."""
        if explicit is not None:
            return cls(Path(explicit))
        here = Path(cwd) / USER_FOLDER
        return cls(here if here.is_dir() else None)

    def environment(self, autoescape_html: bool = False) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = []
        if self.user_folder is not None:
            loaders.append(_UserFolder(str(self.user_folder)))
        loaders.append(jinja2.PackageLoader("dagov", "templates"))
        env = jinja2.Environment(
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

    def names(self) -> list[str]:
        """Paper templates a paper may name: built-in and the user's, without the suffix."""
        return sorted({n[: -len(MARKDOWN_SUFFIX)] for n in self.environment().list_templates()
                       if n.endswith(MARKDOWN_SUFFIX) and "/" not in n and not n.startswith("_")})

    def render(self, name: str, context: dict, autoescape_html: bool = False) -> str:
        """Render one template; any problem with it becomes a TemplateProblem."""
        env = self.environment(autoescape_html)
        try:
            return env.get_template(name).render(context)
        except jinja2.TemplateNotFound as err:
            raise TemplateProblem(self._not_found(err.name or name)) from None
        except jinja2.TemplateSyntaxError as err:
            where = f"{self._shown(err.filename or err.name or name)}:{err.lineno}"
            raise TemplateProblem(f"{where}: template syntax error: {err.message}; fix the template there") from None
        except jinja2.UndefinedError as err:
            raise TemplateProblem(f"{self._where(err, name)}: {err.message}; check the spelling against the names "
                                  "each template receives (docs/templates.md)") from None
        except Exception as err:  # a user template can fail in any way; name where, never a traceback
            raise TemplateProblem(f"{self._where(err, name)}: template error: {err}; fix the template there") from None

    def _not_found(self, name: str) -> str:
        stem = name[: -len(MARKDOWN_SUFFIX)] if name.endswith(MARKDOWN_SUFFIX) else name
        where = f"{self.user_folder}/{name}" if self.user_folder else f"{USER_FOLDER}/{name}"
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


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """3|plural("action") -> "3 actions"; 1|plural("action") -> "1 action"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def number_word(count: int) -> str:
    """Numbers up to twelve in words, as papers write them; larger ones as digits."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve")
    return words[count] if 0 <= count < len(words) else str(count)


FILTERS = {
    "date": british_date,
    "rag": rag_badge,
    "plural": plural,
    "words": number_word,
    "md": mdtext.inline,
    "cell": mdtext.cell,
    "prose": mdtext.prose,
    "mermaid": mdtext.mermaid_text,
    "mermaid_id": mdtext.mermaid_id,
}
