"""Spotting text that looks like personal data in plan files.

A guard rail, not a guarantee: each pattern is a UK format (e-mail, phone number,
National Insurance number, postcode, date of birth, vehicle registration, police
crime or incident reference, a name after "victim"/"suspect"/"offender"), tuned to
say nothing about what plans are full of: recommendation and action ids (R03.2),
ISO and British dates, role ids, acronyms (MASH, DASH), money, percentages and counts.
docs/personal-data.md lists the patterns and what they miss.

The raw text is scanned, comments included, because comments are committed too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dagov.patterns import compiled_on_use
from dagov.plan.classcode import CompiledOnce

_compiling = CompiledOnce(__name__)  # closed at the end of this module: see dagov.plan.classcode


@dataclass(frozen=True)
class Match:
    """Something in a text that looks like personal data: what kind, the text matched and where it lies."""

    kind: str
    """What it looks like: one of KINDS' keys."""
    text: str
    start: int
    end: int


KINDS = {
    "email": "an e-mail address",
    "phone": "a UK phone number",
    "ni-number": "a National Insurance number",
    "postcode": "a UK postcode",
    "date-of-birth": "a date of birth",
    "vehicle": "a vehicle registration",
    "crime-reference": "a police crime or incident reference",
    "name": "a person's name after victim/suspect/offender",
}

_NOT_WORD = r"(?<![A-Za-z0-9])"
_END_WORD = r"(?![A-Za-z0-9])"


def _word_starting(first: str, rest: str) -> re.Pattern[str]:
    """`first` (one character class) then `rest`, not preceded by a letter or digit.

    The boundary is checked after the first character, not before it: a pattern that
    starts with a character class lets the regex engine skip ahead quickly, which makes
    scanning several times faster than a leading look-behind.
    """
    return compiled_on_use(first + r"(?<![A-Za-z0-9].)" + rest + _END_WORD)


EMAIL = compiled_on_use(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![\w-])")

# A leading 0 (or +44) and 9 or 10 more digits in groups separated by single spaces or
# hyphens; dates (2014-06-12), ids and counts never start with a 0 followed by 1-3, 7-9.
PHONE = compiled_on_use(r"[+(0](?<![\w/.+-].)(?:(?<=\+)44[ -]?(?:\(0\)[ -]?)?|(?<=\()0|(?<=0))[1237-9]\d*(?:\)?[ -]?\d+){0,3}(?![\w/-])")

NI_NUMBER = _word_starting("[A-CEGHJ-PR-TW-Z]", r"[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]")
NI_NOT_ISSUED = ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ")

POSTCODE = _word_starting(
    "[A-PR-UWYZ]",
    r"(?:[0-9][0-9]?|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}",
)

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
DATE_OF_BIRTH = compiled_on_use(
    rf"(?i:{_NOT_WORD}(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)(?:\s*[:,-]\s*|\s+(?:is\s+|was\s+)?))(?-i:{_DATE})"
)
DATE_OF_BIRTH_WORDS = ("dob", "d.o", "date", "born")

# Current format (since 2001): two letters, an age identifier (02-29 or 51-79), three letters.
VEHICLE = _word_starting("[A-HJ-PR-Y]", r"[A-HJ-PR-Y](?:0[2-9]|[12][0-9]|[5-7][0-9]) ?[A-HJ-PR-Z]{3}")
# Older formats (A123 BCD, ABC 123D) look like too many other things; only after a vehicle word.
VEHICLE_OLD = compiled_on_use(
    r"(?i:\b(?:registration|reg\.?|vrm|index|vehicle|car|van|motorbike|motorcycle)\b)[^\n]{0,25}?"
    + _NOT_WORD + r"((?-i:[A-HJ-NP-Y][0-9]{1,3} ?[A-HJ-PR-Y]{3}|[A-HJ-PR-Y]{3} ?[0-9]{1,3}[A-HJ-NP-Y]))" + _END_WORD
)
VEHICLE_WORDS = ("registration", "reg", "vrm", "index", "vehicle", "car", "van", "motor")

# Structured references with a serial of five or more digits: CR/012345/14, WV/14/012345,
# 12/345678/14, INC-20140612-0123 (a change record CC-2014-031 is not one); and a long
# number introduced by a crime/incident/log word.
CRIME_REFERENCE = _word_starting(
    "[A-Z0-9]", r"(?:(?<=[A-Z])[A-Z]{1,4}[/-](?:\d{5,}[/-]\d{2,4}|\d{2,4}[/-]\d{5,})|(?<=\d)\d/\d{5,8}/\d{2}"
    r"|(?<=[A-Z])[A-Z]{1,4}\d{2}/\d{5,8})"
)
REFERENCE_AFTER_WORD = compiled_on_use(
    r"(?i:\b(?:crime|incident|occurrence|cad|urn|log|storm|niche|athena)"
    r"(?P<marker>\s*(?:ref(?:erence)?|no|number|num)\b\.?)?\s*(?P<colon>[:#]\s*)?)"
    r"(?P<ref>(?-i:[A-Z]{0,5})[/-]?\d[0-9A-Z/-]{3,})" + _END_WORD
)
REFERENCE_WORDS = ("crime", "incident", "occurrence", "cad", "urn", "log", "storm", "niche", "athena")
LOG_OF_DATE = compiled_on_use(r"(?i:\blog\s*(?:no\.?|number)?\s*)(?P<ref>\d{2,5}\s+(?:of\s+)?\d{1,2}/\d{1,2}/\d{2,4})" + _END_WORD)
_DATE_LIKE = compiled_on_use(r"^(?:\d{4}-\d{2}-\d{2}|\d{4}/\d{2}|\d{4}-\d{2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})$")

_ROLE_WORD = r"(?i:victim|suspect|offender|perpetrator|complainant|defendant|accused|survivor)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|PCSO|PS|DC|DS|DI|DCI|Sgt|Insp|Det)\.?"
"""Titles and police ranks that come before a surname: a suspect can be a colleague."""
_NAME_WORD = r"(?:[A-Z]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]+)(?:-[A-Z][a-z]+)?"
"""Jane, O'Neill, McDonald, Smith-Jones."""
_SURNAME = rf"(?:{_NAME_WORD}|[A-Z]{{2,}}(?:['’-][A-Z]+)?)"
ROLE_WORDS = ("victim", "suspect", "offender", "perpetrator", "complainant", "defendant", "accused", "survivor")
# Spaces only, not line breaks: in folded text a role word at the end of one line is
# often followed by an unrelated capitalised word on the next ("the victim / Public Protection").
NAME = compiled_on_use(
    rf"\b{_ROLE_WORD}(?:(?P<said>[ \t]*[:(,-][ \t]*|[ \t]+(?:named|called|is|was)[ \t]+)|[ \t]+)"
    rf"(?P<name>{_TITLE}[ \t]+{_SURNAME}|[A-Z]\.[ \t]?{_SURNAME}|{_NAME_WORD}(?:[ \t]+{_SURNAME})+|(?P<single>{_NAME_WORD}))"
)
NOT_NAMES = frozenset("""
    Support Services Service Satisfaction Survey Surveys Care Code Champion Champions Lead Leads Unit Units Team
    Strategy Policy Hub Advocate Advocates Advocacy Liaison Management Manager Focus Focused Charter Contact Journey
    Voice Voices Personal Statement Statements Impact Safety Safeguarding Risk Risks Needs Assessment Assessments
    Profile Profiles Engagement Experience Experiences Feedback Officer Officers Data Information Referral Referrals
    Interview Interviews Scheme Schemes Programme Programmes Program Panel Panels Pathway Pathways Plan Plans Centre
    Center Commissioner Forum Group Groups Board Network Protocol Process Review Reviews Toolkit Guidance Questionnaire
    Right Rights Intervention Interventions Behaviour Behavior Course Courses Disclosure Location Tracking Monitoring
    Order Orders Notice Notices First Led Centred Based Side Home Services Awareness Outcome Outcomes Contract Fund
    Funding Safe Aftercare Recovery Welfare Identification Identity Cohort Cohorts Desistance Accommodation Housing
    The And Of In On At For With From To By Or Not No All Any Every Each Some This That These Those Who What When
    Where Why How Their His Her Its
    Male Female Man Woman Boy Girl Adult Child Children Young Elderly White Black Asian British Irish English Scottish
    Welsh European Mixed Other Unknown Known Police Constable Sergeant Inspector Staff Member Members
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""".split())


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


class Scanner:
    """Finds personal data in text, skipping allowlisted e-mail domains and exact strings."""

    def __init__(self, allow_domains: Iterable[str] = (), allow: Iterable[str] = ()):
        self.allow_domains = tuple(d.strip().lower().lstrip("@").lstrip(".") for d in allow_domains if d.strip())
        self.allow = frozenset(_normal(a) for a in allow if a.strip())

    def scan(self, text: str) -> list[Match]:
        """Every match in `text`, in order of position, at most one per place."""
        return self.select(candidates(text))

    def select(self, found_in_text: Iterable[Match]) -> list[Match]:
        """What `candidates` found in a text, less what is allowed, in order of position, at most one per place.

        Kept apart from `candidates`, which needs no settings, so that the loader can scan each
        file once as it reads it (and the parse cache keep the result) before the settings are known."""
        found: dict[int, Match] = {}
        for match in found_in_text:
            if match.kind == "email" and self._allowed_domain(match.text.rpartition("@")[2]):
                continue
            if _normal(match.text) in self.allow:
                continue
            found.setdefault(match.start, match)
        return [found[start] for start in sorted(found)]

    def _allowed_domain(self, domain: str) -> bool:
        domain = domain.lower()
        return any(domain == allowed or domain.endswith("." + allowed) for allowed in self.allow_domains)


def candidates(text: str) -> tuple[Match, ...]:
    """Everything in `text` that looks like personal data, before any allowlist, in the order `Scanner.select`
    takes them (the first at a place wins)."""
    return tuple(_candidates(text))


def _candidates(text: str) -> Iterator[Match]:
    if "@" in text:
        for m in EMAIL.finditer(text):
            yield Match("email", m.group(), m.start(), m.end())
    for m in PHONE.finditer(text):
        phone = _phone_in(m.group())
        if phone:
            yield Match("phone", phone, m.start(), m.start() + len(phone))
    for m in NI_NUMBER.finditer(text):
        if m.group()[:2] not in NI_NOT_ISSUED:
            yield Match("ni-number", m.group(), m.start(), m.end())
    for kind, pattern in (("postcode", POSTCODE), ("vehicle", VEHICLE), ("crime-reference", CRIME_REFERENCE)):
        for m in pattern.finditer(text):
            yield Match(kind, m.group(), m.start(), m.end())
    yield from _keyword_candidates(text)


def _keyword_candidates(text: str) -> Iterator[Match]:
    """Patterns that start with a word (victim, born, crime...), tried only where one of their words occurs:
    one pass over the lower-cased text (same length, so offsets agree) is far faster than running each
    case-insensitive pattern over every position."""
    lower = text.translate(_ASCII_LOWER)
    for hit in _KEYWORD.finditer(lower):
        start = hit.start()
        if start and lower[start - 1] in _ASCII_ALNUM:
            continue  # inside a word ("scar", "blog"): every keyword pattern starts at a word boundary
        for kind, pattern, accept, group in _BY_WORD[hit.group()]:
            found = pattern.match(text, start)
            if found and accept(found):
                yield Match(kind, found.group(group), found.start(group), found.end(group))


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_TRUNK = compiled_on_use(r"^(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)")


def _phone_in(candidate: str) -> str | None:
    """The phone number at the start of `candidate`, or None.

    The pattern may run on into a following number ("07700 900123 130 trained"), so the
    longest leading run of groups that makes a phone number is taken.
    """
    cuts = [m.start() for m in re.finditer(r"[ -](?=\d)", candidate)] + [len(candidate)]
    for cut in reversed(cuts):
        if _is_phone(candidate[:cut]):
            return candidate[:cut]
    return None


def _is_phone(text: str) -> bool:
    national = _TRUNK.sub("", text).replace(")", "")
    groups = re.split(r"[ -]", national)
    if sum(len(g) for g in groups) not in (9, 10):
        return False
    # Written in up to three groups of at least three digits (the area code may be two: 020),
    # never as pairs of digits like a date.
    return len(groups) <= 3 and len(groups[0]) >= 2 and all(len(g) >= 3 for g in groups[1:])


def _is_reference(m: re.Match[str]) -> bool:
    ref = m.group("ref")
    digits = sum(c.isdigit() for c in ref)
    if digits < 5 or _DATE_LIKE.match(ref):
        return False
    # "recorded crime 10234" is a count; a reference is introduced as one, or is shaped like one.
    introduced = m.group("marker") or m.group("colon")
    return bool(introduced) or not ref.isdigit() or digits >= 7


def _is_name(m: re.Match[str]) -> bool:
    # Judge by the first two words ("Victim Support", "White British"); later ones may
    # belong to the next sentence.
    words = re.findall(r"[A-Za-z]+", m.group("name"))[:2]
    if any(w in NOT_NAMES for w in words):
        return False
    # A single capitalised word is too often an ordinary noun; accept it only when introduced as a name.
    return not m.group("single") or bool(m.group("said") and m.group("said").strip() not in ("", ",", "-"))


class LineIndex:
    """Turns offsets in a text into 1-based line and column, as editors count them."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def masked(text: str) -> str:
    """The match with most of it hidden, so the finding does not spread the data further (CI logs)."""
    visible = 3 if len(text) > 6 else 1
    return text[:visible] + "…"


def _always(m: re.Match[str]) -> bool:
    return True


_KEYWORD_PATTERNS = (
    # (kind, pattern, words it starts with, test of a match, group that is the personal data)
    ("date-of-birth", DATE_OF_BIRTH, DATE_OF_BIRTH_WORDS, _always, 0),
    ("vehicle", VEHICLE_OLD, VEHICLE_WORDS, _always, 1),
    ("crime-reference", REFERENCE_AFTER_WORD, REFERENCE_WORDS, _is_reference, "ref"),
    ("crime-reference", LOG_OF_DATE, ("log",), _always, "ref"),
    ("name", NAME, ROLE_WORDS, _is_name, "name"),
)


_Keyword = tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool], int | str]
"""(kind, pattern, test of a match, group that is the personal data)"""


def _by_word() -> dict[str, list[_Keyword]]:
    index: dict[str, list[_Keyword]] = {}
    for kind, pattern, words, accept, group in _KEYWORD_PATTERNS:
        for word in words:
            index.setdefault(word, []).append((kind, pattern, accept, group))
    return index


_BY_WORD = _by_word()
def _trie_pattern(words: dict[str, str]) -> str:
    """One regular expression matching any of `words` (each followed by its own lookahead), with shared
    beginnings written once (c(?:a(?:d|r)|rime)...): Python's engine tries the branches of an alternation
    one by one at every position, so a flat list of 29 words costs a third more than this tree of them.
    At a place where a word and a longer one both match (reg, registration), the longer is taken."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = words[word]

    def branch(node: dict[str, Any]) -> str:
        longer = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        body = "" if not longer else longer[0] if len(longer) == 1 else "(?:" + "|".join(longer) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?{node['']}" if body else node[""]

    return branch(trie)


# "date" is in every plan file ("date:", "update") and only ever matters before "of birth": the
# lookahead consumes nothing, so no later word is skipped (none starts inside "date" anyway).
_KEYWORD = compiled_on_use(_trie_pattern({w: r"(?=\s+of\s+birth)" if w == "date" else "" for w in _BY_WORD}))


# --- masking what other findings quote ------------------------------------------------------

_QUOTED = compiled_on_use(r"'([^'\n]*)'|\"([^\"\n]*)\"")
MIN_OVERLAP = 3
"""A quoted value that shares this many characters with personal data found in the files is
masked: enough for a truncated or split value, too few to hide ordinary words."""


def _hidden_spans(text: str, scanner: Scanner, found: Iterable[str]) -> list[tuple[int, int]]:
    """Where `text` (a finding's message) shows personal data: what the scanner finds in it, every
    occurrence of a text found in the files, and any quoted part that overlaps one of those."""
    spans = [(m.start, m.end) for m in scanner.scan(text)]
    # lastindex is never None: one of _QUOTED's two groups matches whenever it does
    quoted = [(m.start(m.lastindex or 0), m.end(m.lastindex or 0)) for m in _QUOTED.finditer(text)]
    for secret in found:
        start = text.find(secret)
        while start != -1:
            spans.append((start, start + len(secret)))
            start = text.find(secret, start + 1)
        for q_start, q_end in quoted:
            spans.extend(_overlap(text, q_start, q_end, secret))
    return spans


def _overlap(text: str, q_start: int, q_end: int, secret: str) -> list[tuple[int, int]]:
    """The part of the quoted text[q_start:q_end] that is part of `secret`: all of it when it lies
    inside the secret ('12/03/1980' of 'born 12/03/1980'), or its end or start where the quote
    and the secret overlap only at their edges."""
    value = text[q_start:q_end]
    if len(value) < MIN_OVERLAP:
        return []
    if value in secret:
        return [(q_start, q_end)]
    if value[-MIN_OVERLAP:] not in secret and value[:MIN_OVERLAP] not in secret:
        return []  # the quick test that rules out almost every pair
    spans = []
    for n in range(min(len(value), len(secret)) - 1, MIN_OVERLAP - 1, -1):
        if value.endswith(secret[:n]):
            spans.append((q_end - n, q_end))
            break
    for n in range(min(len(value), len(secret)) - 1, MIN_OVERLAP - 1, -1):
        if value.startswith(secret[-n:]):
            spans.append((q_start, q_start + n))
            break
    return spans


_DATE_IN = compiled_on_use(_DATE)


def forms(match: Match) -> set[str]:
    """The ways a message may show the data of `match`: as written, and for a date of birth the
    date alone and in the YYYY-MM-DD form a bad-date finding suggests."""
    found = {match.text}
    if match.kind == "date-of-birth":
        from dagov.plan.dates import parse_british

        date = _DATE_IN.search(match.text)
        day = parse_british(date.group()) if date else None
        if date:
            found.add(date.group())
        if day:
            found.add(day.isoformat())
    return found


def mask_in(text: str, scanner: Scanner, found: Iterable[str] = ()) -> str:
    """`text` with each run of personal data in it replaced as the personal-data finding shows it
    (`masked`): 'jane.smith@gmail.com 07700 900123' -> 'jan… 077…'."""
    spans = sorted(_hidden_spans(text, scanner, found))
    if not spans:
        return text
    out, at = [], 0
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        out.append(text[at:start])
        out.append(masked(text[start:end]))
        at = end
    out.append(text[at:])
    return "".join(out)


_compiling.close()
