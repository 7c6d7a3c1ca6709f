"""Every rule `dagov check` can report: its id, severity, group and meaning in plain words.

The ids are what findings print in brackets and what CI filters on, so they are a
stable interface. The meanings are written for the people who keep the plans, and
docs/format.md section 9 and the README's rule list are generated from this table
(dagov/check/reference_docs.py). tests/test_rule_catalogue.py reads the code for every
rule id a finding can carry and fails if one is missing here, or listed here but
never reported.

Nothing imports this module while checking: findings carry their rule id as a
plain string, so `dagov check` stays as light as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from dagov.plan.findings import ERROR, WARNING

SINGLE_FILE = "single-file"
ACROSS_FILES = "across-files"
WARNINGS = "warnings"

GROUPS = (
    (SINGLE_FILE, "Errors in a single file"),
    (ACROSS_FILES, "Errors across files"),
    (WARNINGS, "Warnings"),
)
"""The groups in the order docs/format.md section 9 shows them, with their headings."""


@dataclass(frozen=True)
class Rule:
    """One rule of `dagov check`, as docs/format.md lists it: its id, default severity and meaning."""

    id: str
    severity: str
    """As reported by default: ERROR or WARNING."""
    group: str
    """One of SINGLE_FILE, ACROSS_FILES, WARNINGS: which table of docs/format.md lists it."""
    meaning: str
    """What it means, in plain words (Markdown), exactly as docs/format.md section 9 says it."""
    severity_note: str = ""
    """When the severity is not always `severity`; empty when it always is."""


RULES = (
    # --- errors in a single file: the file cannot be read as written ---
    Rule("yaml-syntax", ERROR, SINGLE_FILE,
         "the file is not valid YAML: usually indentation, a tab, or a `: ` in unquoted text"),
    Rule("yaml-multiple-documents", ERROR, SINGLE_FILE, "more than one `---` document in a file"),
    Rule("yaml-alias", ERROR, SINGLE_FILE, "an anchor/alias (`&name`, `*name`) repeats a block; write it out"),
    Rule("yaml-tag", ERROR, SINGLE_FILE,
         "a YAML tag such as `!!python/name:...`, `!!binary`, `!!set` or `!foo`; remove it and write the value itself"),
    Rule("unusual-line-break", ERROR, SINGLE_FILE,
         "a U+0085, U+2028 or U+2029 character, or a carriage return on its own, which YAML reads as a line break "
         "but git and editors do not; replace it with a space or a real line break"),
    Rule("file-too-large", ERROR, SINGLE_FILE,
         "the file is over 2 MB (never read: a sparse 20 GB file is refused at once)"),
    Rule("not-a-mapping", ERROR, SINGLE_FILE, "the file is empty, or is not a list of `field: value` lines"),
    Rule("too-deep", ERROR, SINGLE_FILE,
         "the file is nested far too deeply to be a plan file, or it lies in a subfolder of `recommendations/`, "
         "`meetings/` or `papers/`, where dagov does not look"),
    Rule("unreadable-file", ERROR, SINGLE_FILE,
         "the file or folder could not be read: permission denied, a broken link or a loop, a link out of the plans "
         "directory, a named pipe, device or socket, or a folder where a file belongs"),
    Rule("missing-file", ERROR, SINGLE_FILE, "`organisation.yaml` is missing"),
    Rule("unknown-field", ERROR, SINGLE_FILE, "a field not in this reference (often a typo)"),
    Rule("missing-field", ERROR, SINGLE_FILE,
         "a required field is missing or empty; also a paper section with neither `paragraphs` nor `include`, "
         "or a decision with `extend` but no `to`"),
    Rule("owner-missing", ERROR, SINGLE_FILE, "a plan, recommendation, action or board action has no `owner`"),
    Rule("duplicate-key", ERROR, SINGLE_FILE,
         "the same field, or the same role/board/partner/area id, appears twice"),
    Rule("wrong-type", ERROR, SINGLE_FILE, "e.g. a list where a single value is expected"),
    Rule("bad-value", ERROR, SINGLE_FILE,
         "a value not in the allowed list (e.g. `status: done`), or an id in the wrong form"),
    Rule("bad-date", ERROR, SINGLE_FILE, "not a `YYYY-MM-DD` date, a date with a time, or no such day"),
    Rule("ambiguous-boolean", ERROR, SINGLE_FILE,
         "an unquoted yes/no/on/off/true/false where text is expected"),
    Rule("unquoted-number", ERROR, SINGLE_FILE,
         "an unquoted number where an id is expected (`id: 1.10`, which other YAML readers take for 1.1); "
         "a number in free text (`title: 2014`) is read as the text typed"),
    # --- errors across files: each file reads, but they do not agree ---
    Rule("id-mismatch", ERROR, ACROSS_FILES,
         "an id differs from its file or folder name, or an action id does not start with its "
         "recommendation's id and a dot"),
    Rule("duplicate-id", ERROR, ACROSS_FILES,
         "two actions in a plan, two decisions in a meeting, or two board actions of the same board share an id"),
    Rule("unknown-role", ERROR, ACROSS_FILES,
         "an owner, lead, chair, member, attendee, `by` or `from` that is not a role in `organisation.yaml`"),
    Rule("unknown-board", ERROR, ACROSS_FILES, "a board that is not in `organisation.yaml`"),
    Rule("unknown-partner", ERROR, ACROSS_FILES, "a partner that is not in `organisation.yaml`"),
    Rule("unknown-area", ERROR, ACROSS_FILES, "a recommendation's `area` that is not one of its plan's areas"),
    Rule("unknown-plan", ERROR, ACROSS_FILES,
         "`superseded_by` or `carried_from` names a plan folder that does not exist"),
    Rule("unknown-meeting", ERROR, ACROSS_FILES,
         "a closure or extension cites a meeting that is not in the plan's `meetings/`"),
    Rule("unknown-recommendation", ERROR, ACROSS_FILES,
         "a decision closes, an assessment judges, or a measure evidences a recommendation the plan does not have"),
    Rule("unknown-action", ERROR, ACROSS_FILES,
         "a decision extends an action the plan does not have; `carried_from` names an action the old plan "
         "does not have; or an `action_log` reviews a board action no earlier meeting of that board raised"),
    Rule("closure-not-approved", ERROR, ACROSS_FILES,
         "a recommendation is `closed` without a `closed:` block, has a `closed:` block without being closed, "
         "or cites a meeting with no decision closing it"),
    Rule("extension-not-approved", ERROR, ACROSS_FILES,
         "an extension cites a meeting with no matching `extend:` decision, or the dates differ"),
    Rule("extension-not-recorded", ERROR, ACROSS_FILES,
         "a decision extends an action that has no extension citing that meeting (the action stays on its old date)"),
    Rule("open-in-superseded-plan", ERROR, ACROSS_FILES,
         "a recommendation is still `open` in a `superseded` plan; it should be superseded (its open actions "
         "carried into the new plan) or closed"),
    Rule("unknown-minutes", ERROR, ACROSS_FILES,
         "a decision's `approve_minutes` names no earlier meeting of the same board"),
    Rule("minutes-not-approved", ERROR, ACROSS_FILES,
         "minutes are `approved` without `approved_at`, name `approved_at` while still draft, or cite a meeting "
         "that is not later or has no decision approving them"),
    Rule("completed-date", ERROR, ACROSS_FILES,
         "a `complete` action without `completed:`, or `completed:` on an action that is not complete"),
    Rule("successor-missing", ERROR, ACROSS_FILES, "a `superseded` plan without `superseded_by`"),
    Rule("not-carried-forward", ERROR, ACROSS_FILES,
         "an action of a superseded plan is neither complete, cancelled, nor carried into a later plan"),
    Rule("unknown-measure", ERROR, ACROSS_FILES,
         "a recommendation's `success` names a measure that is not in the plan's `measures/`"),
    Rule("measure-value-range", ERROR, ACROSS_FILES,
         "a measure's value, baseline or target is out of its unit's range: a percentage below 0 or above 100, a "
         "negative count, rate, number of days or ratio, or a count that is not a whole number"),
    Rule("measure-period", ERROR, ACROSS_FILES,
         "a measure's period is not of its `frequency` (a quarter in a monthly measure), is out of order, or is "
         "recorded twice"),
    Rule("measure-target-date", ERROR, ACROSS_FILES, "a measure's target date is not after its baseline period"),
    Rule("personal-data", ERROR, ACROSS_FILES,
         "text anywhere in a file, comments included, looks like personal data (an e-mail address, phone "
         "number, National Insurance number, postcode, date of birth, vehicle registration, crime reference, "
         "or a name after \"victim\"/\"suspect\"/\"offender\"); see [personal-data.md](personal-data.md)",
         severity_note="configurable: `settings: personal_data: severity` makes it a warning, or \"off\" "
                       "turns it off"),
    Rule("unknown-template", ERROR, ACROSS_FILES,
         "a paper's `template` is neither built in (`board-paper`, `progress-report`) nor a `<name>.md.j2` in the "
         "`templates/` folder beside the plans directory"),
    Rule("date-order", ERROR, ACROSS_FILES,
         "a plan's `end` is before its `start`, or a paper's `since` is after its `date`"),
    Rule("issued-paper-modified", ERROR, ACROSS_FILES,
         "an issued paper's copy in `papers/issued/` is missing, or no longer matches the sha256 recorded in the "
         "paper's `issued:` when `dagov issue paper` wrote it"),
    Rule("holder-date-order", ERROR, ACROSS_FILES,
         "a post holder's `to` (their last day) is before their `from` in a role's `holders`"),
    Rule("holders-overlap", ERROR, ACROSS_FILES,
         "two of a role's `holders` hold the post on the same day (an earlier holder has no `to`, or it is on "
         "or after the later one's `from`)"),
    Rule("unknown-marking", ERROR, ACROSS_FILES,
         "a paper's `classification`, or `settings: classification`, is not a protective marking of the Government "
         "Security Classifications (OFFICIAL, OFFICIAL-SENSITIVE, SECRET, TOP SECRET) or one of "
         "`settings: markings`"),
    Rule("protective-marking", ERROR, ACROSS_FILES,
         "a paper is `foi: disclosable` but is marked OFFICIAL-SENSITIVE (or higher), or "
         "`settings: classification` marks the plans so"),
    Rule("response-explanation-missing", ERROR, ACROSS_FILES,
         "a recommendation's `response` is `partly-accepted` or `not-accepted` without an `explanation`"),
    # --- warnings: should be looked at; `--strict` makes them fail too ---
    Rule("ignored-file", WARNING, WARNINGS,
         "a file or folder `dagov` does not read (a `.yml` file, a stray file, a folder without `plan.yaml`)",
         severity_note="an error where content would otherwise vanish from every report: a `.yml` or `.YAML` "
                       "file in a plan's folders, a `plan.yml`, `recommendations` (`meetings`, `papers`) as a file, "
                       "or one of those folders named in capitals"),
    Rule("closed-with-open-actions", WARNING, WARNINGS,
         "a closed recommendation still has actions that are not complete or cancelled"),
    Rule("closure-not-recorded", WARNING, WARNINGS,
         "a meeting decided to close a recommendation that is still `open` in its file"),
    Rule("cancellation-not-approved", WARNING, WARNINGS,
         "an action is `cancelled` but no decision of its plan's board cancels it (actions carried into a later "
         "plan excepted)"),
    Rule("cancellation-not-recorded", WARNING, WARNINGS,
         "a meeting decided to cancel an action that is not `cancelled` in its file"),
    Rule("minutes-approval-not-recorded", WARNING, WARNINGS,
         "a meeting approved the minutes of an earlier one that are not marked `approved` at it"),
    Rule("quorum-not-met", WARNING, WARNINGS, "fewer members of the board were present than its `quorum`"),
    Rule("member-absent", WARNING, WARNINGS,
         "a member of the board is neither present (nor chairing) nor among the apologies; the minutes list "
         "them as absent"),
    Rule("evidence-missing", WARNING, WARNINGS, "a complete action cites no evidence"),
    Rule("no-actions", WARNING, WARNINGS, "an open recommendation has no actions"),
    Rule("updates-order", WARNING, WARNINGS, "updates are not oldest first"),
    Rule("start-after-completion", WARNING, WARNINGS,
         "an action's `start:` is later than its `completed:` date (the timeline would draw no bar)"),
    Rule("owner-rag-greener", WARNING, WARNINGS, "the owner's latest RAG is greener than the dates show"),
    Rule("status-mismatch", WARNING, WARNINGS,
         "the latest `status` recorded on an update differs from the action's `status`"),
    Rule("measure-gap", WARNING, WARNINGS, "a measure has no value for a period between two recorded ones"),
    Rule("measure-stale", WARNING, WARNINGS,
         "a measure of an active plan has no value for either of the last two periods that have ended"),
    Rule("closure-before-outcome", WARNING, WARNINGS,
         "a recommendation was closed while one of its `success` criteria was not met as of the closing meeting's "
         "date (see [outcomes.md](outcomes.md))"),
    Rule("holder-and-holders", WARNING, WARNINGS,
         "a role has both `holder` and dated `holders`; documents use `holders` only"),
    Rule("issued-paper-edited", WARNING, WARNINGS,
         "a paper's own words (subject, sections, paragraphs) were edited after it was issued; the issued copy "
         "still says what the board received"),
    Rule("self-numbered-paragraph", WARNING, WARNINGS,
         "a paper's paragraph starts with a number of its own (`1.1 The force ...`); dagov numbers paragraphs, "
         "so it would print both"),
    Rule("internal-block-in-disclosable-paper", WARNING, WARNINGS,
         "a paper marked `foi: disclosable` includes a block that is internal (it quotes owners' updates) in a "
         "section without `audience: internal`; its public version leaves the block out (docs/templates.md)"),
    Rule("response-missing", WARNING, WARNINGS,
         "a recommendation of a published plan (one with `publication:`) has no `response`"),
)

BY_ID = {rule.id: rule for rule in RULES}
