"""Line breaks that YAML counts but editors, git and GitHub do not: found, reported, and read as spaces.

Free of PyYAML: the text rules read files through `as_editors_read` on runs where every file's model
comes from the parse cache and nothing is parsed.
"""

from __future__ import annotations

from dagov.patterns import compiled_on_use
from dagov.plan.findings import ERROR, Finding

UNUSUAL_BREAK = compiled_on_use("[\x85\u2028\u2029]|\r(?!\n)")
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


def line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def as_editors_read(text: str) -> str:
    """`text` with every unusual line break made a space: one character for one, so offsets and columns
    stay, and YAML then counts exactly the lines an editor, git and GitHub show."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text and (
            "\r" not in text or UNUSUAL_BREAK.search(text) is None):
        return text  # the usual case: fast searches in C (the regular expression alone is ten times slower), no copy
    return UNUSUAL_BREAK.sub(" ", text)


def report_unusual_breaks(path: str, text: str, findings: list[Finding]) -> None:
    for listed, match in enumerate(UNUSUAL_BREAK.finditer(text), start=1):
        line, col = line_col(text, match.start())
        if listed > MAX_BREAKS_LISTED:
            more = sum(1 for _ in UNUSUAL_BREAK.finditer(text)) - MAX_BREAKS_LISTED
            findings.append(Finding(path, line, col, ERROR, "unusual-line-break",
                                    f"{more:,} more unusual line breaks from here on, not listed one by one; "
                                    "save the file with ordinary line endings (LF)"))
            return
        findings.append(Finding(path, line, col, ERROR, "unusual-line-break",
                                f"{UNUSUAL_BREAK_NAMES[match.group()]} (it is often invisible); "
                                "replace it with a space or a real line break"))
