"""The file format: every file kind and every field, in one place.

The loader reads with these definitions into the classes of dagov/plan/model.py,
`dagov schema` exports them as JSON Schema, and docs/format.md's field tables are
generated from them (dagov/check/reference_docs.py). Tests keep them in step:
tests/test_model_format.py (every field is a model attribute and back),
tests/test_docs_generated.py (the tables are up to date, every field has an
example that reads without a finding) and tests/test_schema_export.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dagov.plan import model, vocabulary
from dagov.plan.fields import Bool, Date, Either, Enum, Field, Int, List, Map, Num, Obj, Reader, Ref, Str
from dagov.plan.periods import PERIOD, PERIOD_HINT

if TYPE_CHECKING:
    from yaml.nodes import Node

# The format's values, re-exported: the format is where a newcomer looks for them.
from dagov.plan.vocabulary import (  # noqa: F401
    ACTION_STATUSES,
    AUDIENCES,
    BLOCKS,
    FOI,
    KINDS,
    MINUTES_STATUSES,
    PAPER_TEMPLATES_BUILT_IN,
    PLAN_STATUSES,
    RAGS,
    RECOMMENDATION_STATUSES,
    RESPONSE_DECISIONS,
    REVIEW_STATUSES,
)

ID = r"^[a-z0-9][a-z0-9-]*$"
ID_HINT = "use lower-case letters, digits and hyphens, e.g. chief-constable"
REC_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
REC_ID_HINT = "use letters, digits, '-' or '_', e.g. R03"
ACTION_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*\.[0-9A-Za-z.]+$"
ACTION_ID_HINT = "an action id is its recommendation's id, a dot and a number, e.g. R03.2"
DOMAIN = r"^@?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
DOMAIN_HINT = "write a domain name, e.g. wessexvale.police.uk"
CARRIED = r"^[a-z0-9][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$"
CARRIED_HINT = "write <plan id>/<action id>, e.g. da-2014/R05.3"


D = dt.date


def role(name: str, description: str, required: bool = False, example: str = "chief-constable", **kw: Any) -> Field:
    return Field(name, Ref("role", ID, ID_HINT), required, description, example, **kw)


def owner(description: str) -> Field:
    return role("owner", description, required=True, missing_rule="owner-missing")


EVIDENCE = Obj(
    model.Evidence,
    "evidence",
    [
        Field("title", Str(), True, "what the evidence is", "Training completion report, June 2014"),
        Field("link", Str(), True, "where to find it: a path in the repository or an intranet address", "evidence/R03-training.pdf"),
    ],
    label="title",
)

# --- organisation.yaml ---------------------------------------------------------

HOLDER = Obj(
    model.Holder,
    "holder",
    [
        Field("name", Str(), True, "who held the post", "A. Example"),
        Field("from", Date(), True, "the first day they held it", D(2014, 9, 1), attr="from_"),
        Field("to", Date(), False, "the last day they held it (leave out while they still do)", D(2015, 3, 31)),
    ],
    label="name",
)

ROLE = Obj(
    model.Role,
    "role",
    [
        Field("title", Str(), True, "the post's title", "Chief Constable"),
        Field("holder", Str(), False, "who holds the post now, since a date not recorded (leave out when vacant)",
              "A. Example"),
        Field("holders", List(HOLDER), False,
              "who held the post and when, so documents of a date name that date's holder; a day nobody "
              "covers reads 'vacant'",
              [{"name": "A. Example", "from": D(2013, 4, 1), "to": D(2014, 7, 31)}]),
    ],
    label=None,
    key_attr="id",
    title="Role",
    description="A post that can own work. Owners are posts, not people, because holders change.",
)

BOARD = Obj(
    model.Board,
    "board",
    [
        Field("title", Str(), True, "the board's name", "Safeguarding Board"),
        role("chair", "the role that chairs it", required=True),
        Field("members", List(Ref("role", ID, ID_HINT)), True, "roles that sit on it", ["chief-constable", "head-of-public-protection"]),
        Field("cadence", Str(), False, "how often it meets", "monthly"),
        Field("quorum", Int(1, 100), False,
              "how many members must be present for the board to decide (fewer present is a warning)", 3),
    ],
    label=None,
    key_attr="id",
    title="Board",
)

PARTNER = Obj(
    model.Partner,
    "partner",
    [Field("title", Str(), True, "the partner organisation's name", "County Council Children's Services")],
    label=None,
    key_attr="id",
    title="Partner",
)

PERSONAL_DATA = Obj(
    model.PersonalDataSettings,
    "personal_data settings",
    [
        Field("severity", Enum(*vocabulary.PERSONAL_DATA_SEVERITIES), False,
              f"how the personal-data rule reports: {vocabulary.DEFAULT_PERSONAL_DATA_SEVERITY} (the default), "
              "warning, or off",
              vocabulary.DEFAULT_PERSONAL_DATA_SEVERITY),
        Field("allow_domains", List(Str(DOMAIN, DOMAIN_HINT)), False,
              "e-mail domains that are the organisation's own; addresses there are not flagged (subdomains included)",
              ["wessexvale.police.uk"]),
        Field("allow", List(Str()), False,
              "exact texts that look like personal data but are not (a switchboard number, headquarters' postcode)",
              ["01632 960000"]),
    ],
    label=None,
    title="Personal-data guard",
    description="Settings of the personal-data rule of dagov check (see docs/personal-data.md).",
)

SETTINGS = Obj(
    model.Settings,
    "settings",
    [
        Field("amber_days", Int(0, 365), False,
              f"an action due within this many days is amber (default {vocabulary.DEFAULT_AMBER_DAYS})",
              vocabulary.DEFAULT_AMBER_DAYS),
        Field("stale_days", Int(1, 3650), False,
              f"an action with no update for more than this many days is stale (default {vocabulary.DEFAULT_STALE_DAYS})",
              vocabulary.DEFAULT_STALE_DAYS),
        Field("classification", Str(), False,
              f"default protective marking of papers (default {vocabulary.DEFAULT_CLASSIFICATION})",
              vocabulary.DEFAULT_CLASSIFICATION),
        Field("markings", List(Str()), False,
              f"protective markings of the organisation's own, allowed besides {', '.join(vocabulary.MARKINGS)}",
              ["OFFICIAL-SENSITIVE OPERATIONAL"]),
        Field("personal_data", PERSONAL_DATA, False, "the personal-data guard's severity and allowlists",
              {"severity": "error", "allow_domains": ["wessexvale.police.uk"]}),
    ],
    label=None,
)

ORGANISATION = Obj(
    model.Organisation,
    "organisation",
    [
        Field("name", Str(), True, "the organisation's name", "Wessex Vale Police"),
        Field("roles", Map(ROLE, ID, ID_HINT), True, "posts that own work, by id", {"chief-constable": {"title": "Chief Constable"}}),
        Field("boards", Map(BOARD, ID, ID_HINT), True, "boards that oversee plans, by id",
              {"safeguarding-board": {"title": "Safeguarding Board", "chair": "chief-constable", "members": ["chief-constable"]}}),
        Field("partners", Map(PARTNER, ID, ID_HINT), False, "partner organisations, by id", {"county-council": {"title": "County Council"}}),
        Field("settings", SETTINGS, False, "optional settings", {"amber_days": vocabulary.DEFAULT_AMBER_DAYS}),
    ],
    label="name",
    title="organisation.yaml",
    description="The organisation: its roles, boards, partners and settings.",
)

# --- plan.yaml -----------------------------------------------------------------

SOURCE = Obj(
    model.Source,
    "source",
    [
        Field("title", Str(), True, "the inspection report's title", "Everyone's business: improving the police response to domestic abuse"),
        Field("publisher", Str(), True, "who published it", "HMIC"),
        Field("published", Date(), True, "when it was published", D(2014, 3, 27)),
        Field("url", Str(), False, "where to read it", "https://example.org/report.pdf"),
    ],
    label="title",
)

AREA = Obj(
    model.Area,
    "area",
    [Field("title", Str(), True, "the key area's name", "Leadership")],
    label=None,
    key_attr="id",
    title="Key area",
)

PUBLICATION = Obj(
    model.Publication,
    "publication",
    [
        Field("summary", Str(multiline=True), True, "a paragraph for the public: what the plan is for and how progress is reported",
              "This plan sets out how the force is answering HMIC's recommendations."),
        Field("contact", Str(), True, "where the public can ask about the plan: a team's address or a web form, never a person's",
              "Corporate Development, Force Headquarters"),
        Field("published_url", Str(), False, "the address the site will be published at, for the feed's links",
              "https://www.example.police.uk/domestic-abuse-plan/"),
    ],
    label=None,
    title="Publication",
    description="Publishes the plan: `dagov publish` puts only plans with this block on the public website.",
)

PLAN = Obj(
    model.Plan,
    "plan",
    [
        Field("id", Str(ID, ID_HINT), True, "the plan's id; must equal its folder's name", "da-2014"),
        Field("title", Str(), True, "the plan's title", "Domestic abuse action plan 2014"),
        Field("status", Enum(*PLAN_STATUSES), True, "active, superseded (by a later plan) or closed", "active"),
        owner("the role accountable for the whole plan"),
        role("lead", "the role that runs the plan day to day", required=True, example="t-supt-corporate-development"),
        Field("board", Ref("board", ID, ID_HINT), True, "the board that oversees the plan", "safeguarding-board"),
        Field("reports_to", Ref("board", ID, ID_HINT), False, "the board the plan reports up to", "business-coordination-board"),
        Field("source", SOURCE, True, "the inspection report the plan answers",
              {"title": "Domestic abuse inspection", "publisher": "HMIC", "published": D(2014, 3, 27)}),
        Field("summary", Str(multiline=True), False, "a paragraph of background for papers", "The force accepted all fifteen recommendations."),
        Field("areas", Map(AREA, ID, ID_HINT), True, "the key areas recommendations are grouped into", {"leadership": {"title": "Leadership"}}),
        Field("start", Date(), True, "when the plan started", D(2014, 2, 3)),
        Field("end", Date(), False, "when the plan is due to end", D(2014, 9, 30)),
        Field("superseded_by", Ref("plan", ID, ID_HINT), False, "the plan that replaced this one (required when superseded)", "da-2014-2016"),
        Field("publication", PUBLICATION, False, "publish the plan on the public website (dagov publish)",
              {"summary": "How the force is answering HMIC's recommendations.", "contact": "Corporate Development"}),
    ],
    title="plan.yaml",
    description="One action plan: what it answers, who owns it, its key areas.",
)

# --- recommendations/<ID>.yaml -------------------------------------------------

UPDATE = Obj(
    model.Update,
    "update",
    [
        Field("date", Date(), True, "when the update was given", D(2014, 5, 6)),
        role("by", "the role giving the update", required=True),
        Field("note", Str(multiline=True), True, "what has happened", "Course material signed off."),
        Field("rag", Enum(*RAGS), False, "the owner's own RAG assessment", "green"),
        Field("status", Enum(*ACTION_STATUSES), False,
              "the action's status from this date on: records when it became blocked, resumed or was cancelled, "
              "so reports as of an earlier date are right", "blocked"),
        Field("public", Bool(), False, "true to publish the note on the public website; updates are internal by default", True),
    ],
    label="date",
)

EXTENSION = Obj(
    model.Extension,
    "extension",
    [
        Field("to", Date(), True, "the new due date", D(2014, 7, 31)),
        Field("meeting", Ref("meeting"), True, "the board meeting whose decision approved it", "2014-06-11"),
        Field("reason", Str(multiline=True), True, "why the date moved", "Abstraction pressures over the summer."),
    ],
    label="to",
)

ACTION = Obj(
    model.Action,
    "action",
    [
        Field("id", Str(ACTION_ID, ACTION_ID_HINT), True, "the recommendation's id, a dot and a number", "R03.2"),
        Field("title", Str(), True, "what will be done", "Deliver classroom training to frontline officers"),
        owner("the role accountable for the action"),
        Field("due", Date(), True, "when it is due", D(2014, 5, 31)),
        Field("start", Date(), False, "when work on it started, for the timeline (default: its first update)", D(2014, 4, 7)),
        Field("status", Enum(*ACTION_STATUSES), True, "where it stands", "in-progress"),
        Field("completed", Date(), False, "when it was completed (required when status is complete)", D(2014, 5, 28)),
        Field("partners", List(Ref("partner", ID, ID_HINT)), False, "partner organisations involved", ["county-council"]),
        Field("evidence", List(EVIDENCE), False, "what shows it was done", [{"title": "Attendance report", "link": "evidence/R03.2.pdf"}]),
        Field("updates", List(UPDATE), False, "progress updates, oldest first",
              [{"date": D(2014, 5, 6), "by": "head-of-learning", "note": "Half the courses delivered.", "rag": "green"}]),
        Field("extensions", List(EXTENSION), False, "due dates moved by board decisions, oldest first",
              [{"to": D(2014, 7, 31), "meeting": "2014-06-11", "reason": "Abstraction pressures."}]),
        Field("carried_from", Str(CARRIED, CARRIED_HINT), False, "the action of a superseded plan that this one continues", "da-2014/R05.3"),
    ],
    title="Action",
)

CLOSURE = Obj(
    model.Closure,
    "closure",
    [
        Field("meeting", Ref("meeting"), True, "the board meeting whose decision closed the recommendation", "2014-06-11"),
        Field("evidence", List(EVIDENCE), False, "what shows the recommendation is met",
              [{"title": "Closure report", "link": "evidence/R01-closure.pdf"}]),
    ],
    label="meeting",
)

REOPENING = Obj(
    model.Reopening,
    "reopening",
    [
        Field("meeting", Ref("meeting"), True, "the board meeting whose decision reopened the recommendation", "2014-11-12"),
        Field("reason", Str(multiline=True), True, "why it was reopened", "Re-inspection found the new process not embedded."),
        Field("closed_at", Ref("meeting"), True, "the meeting that had closed it", "2014-06-11"),
        Field("evidence", List(EVIDENCE), False, "the evidence the closure cited",
              [{"title": "Closure report", "link": "evidence/R01-closure.pdf"}]),
    ],
    label="meeting",
)

RESPONSE = Obj(
    model.Response,
    "response",
    [
        Field("decision", Enum(*RESPONSE_DECISIONS), True, "accepted, partly-accepted or not-accepted", "partly-accepted"),
        Field("explanation", Str(multiline=True), False, "what will be done, or why not (required unless accepted)",
              "The force will train every frontline officer, but not police staff in back-office roles."),
    ],
    label=None,
    title="Response",
    description="The organisation's published response to a recommendation.",

)

SUCCESS = Obj(
    model.Success,
    "success criterion",
    [
        Field("measure", Ref("measure", REC_ID, REC_ID_HINT), True, "the measure that shows success", "M04"),
        Field("sustained", Int(1, 60), True, "for how many consecutive periods the measure must have met its target", 3),
    ],
    label="measure",
)

RECOMMENDATION = Obj(
    model.Recommendation,
    "recommendation",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the recommendation's id; must equal the file's name", "R03"),
        Field("kind", Enum(*KINDS), True, "what the inspectorate called it", "recommendation"),
        Field("title", Str(), True, "a short title", "Domestic abuse training for all staff"),
        Field("text", Str(multiline=True), True, "the recommendation as accepted", "The force should train every officer..."),
        Field("area", Ref("area", ID, ID_HINT), True, "the key area it belongs to", "training"),
        owner("the role accountable for the recommendation"),
        Field("timescale", Str(), True, "the timescale as the report wrote it", "within three months"),
        Field("due", Date(), True, "when it is due", D(2014, 6, 30)),
        Field("status", Enum(*RECOMMENDATION_STATUSES), True, "open, closed (by a board decision) or superseded", "open"),
        Field("closed", CLOSURE, False, "how it was closed (required when status is closed)", {"meeting": "2014-06-11"}),
        Field("response", RESPONSE, False, "the published response: accepted, partly accepted or not accepted, and why",
              {"decision": "accepted"}),
        Field("actions", List(ACTION), False, "the actions that deliver it",
              [{"id": "R03.1", "title": "Write the course", "owner": "head-of-learning", "due": D(2014, 4, 30),
                "status": "not-started"}]),
        Field("reopened", List(REOPENING), False, "closures undone by later board decisions, oldest first",
              [{"meeting": "2014-11-12", "reason": "Not embedded.", "closed_at": "2014-06-11"}]),
        Field("success", List(SUCCESS), False,
              "how success is shown: measures that must have met their targets for a number of periods before the "
              "recommendation is ready for closure", [{"measure": "M04", "sustained": 3}]),
    ],
    title="Recommendation file",
    description="One recommendation per file, named <id>.yaml, with its actions.",
)

# --- meetings/<ID>.yaml --------------------------------------------------------

GUEST = Obj(
    model.Attendee,
    "attendee",
    [
        Field("name", Str(), True, "the guest's name or post", "Head of Children's Services"),
        role("role", "their role, if they hold one in organisation.yaml"),
        Field("organisation", Str(), False, "the organisation they represent", "County Council"),
    ],
    label="name",
)

ATTENDEE = Either(Ref("role", ID, ID_HINT), GUEST, lambda value, pos: model.Attendee(value, pos=pos))

ITEM = Obj(
    model.Item,
    "agenda item",
    [
        Field("title", Str(), True, "the item's title", "Progress report"),
        Field("minutes", Str(multiline=True), True, "what was discussed", "The lead presented the monthly report."),
    ],
    label="title",
)

DECISION = Obj(
    model.Decision,
    "decision",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the decision's id within the meeting", "D1"),
        Field("text", Str(multiline=True), True, "what was decided", "The board approved closure of R01."),
        Field("close", Ref("recommendation"), False, "the recommendation this decision closes", "R01"),
        Field("extend", Ref("action"), False, "the action whose due date this decision extends", "R03.2"),
        Field("to", Date(), False, "the new due date, with extend", D(2014, 7, 31)),
        Field("cancel", Ref("action"), False, "the action this decision cancels", "R03.4"),
        Field("approve_minutes", Str(REC_ID, REC_ID_HINT), False,
              "the earlier meeting of the board whose minutes this decision approves", "2014-05-14"),
        Field("reopen", Ref("recommendation"), False, "the closed recommendation this decision reopens", "R01"),
    ],
)

BOARD_ACTION = Obj(
    model.BoardAction,
    "board action",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the board action's id, unique across the board's meetings", "SB-01"),
        Field("text", Str(multiline=True), True, "what is to be done", "Report on MASH staffing to the next meeting."),
        owner("the role that must do it"),
        Field("due", Date(), True, "when it is due", D(2014, 4, 9)),
    ],
)

ACTION_REVIEW = Obj(
    model.ActionReview,
    "action log review",
    [
        Field("action", Ref("board-action"), True, "the board action reviewed", "SB-01"),
        Field("status", Enum(*REVIEW_STATUSES), True, "its status after review", "discharged"),
        Field("note", Str(multiline=True), False, "what the board heard", "Report received."),
    ],
    label="action",
)

PARTNER_VIEW = Obj(
    model.PartnerView,
    "partner view",
    [
        Field("partner", Ref("partner", ID, ID_HINT), True, "the partner organisation", "county-council"),
        Field("view", Str(multiline=True), True, "what the partner told the board", "Referrals are now screened the same day."),
    ],
    label="partner",
)

ASSESSMENT = Obj(
    model.Assessment,
    "assessment",
    [
        Field("recommendation", Ref("recommendation"), True, "the recommendation judged", "R12"),
        Field("judgement", Enum(*vocabulary.JUDGEMENTS), True,
              "the board's judgement: embedded, improving, no-change, worse or too-early", "improving"),
        Field("narrative", Str(multiline=True), True, "why the board judged so", "Timeliness has improved for two months."),
        Field("partners", List(PARTNER_VIEW), False, "what partners said",
              [{"partner": "county-council", "view": "Referrals arrive complete."}]),
    ],
    label="recommendation",
)

MEETING = Obj(
    model.Meeting,
    "meeting",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the meeting's id; must equal the file's name (conventionally its date)", "2014-06-11"),
        Field("board", Ref("board", ID, ID_HINT), True, "the board that met", "safeguarding-board"),
        Field("date", Date(), True, "when it met", D(2014, 6, 11)),
        Field("venue", Str(), False, "where it met", "Force Headquarters"),
        role("chair", "the role that chaired it", required=True),
        Field("present", List(ATTENDEE), True, "roles present, or guests as {name, role, organisation}", ["chief-constable"]),
        Field("apologies", List(ATTENDEE), False, "apologies received", ["head-of-performance"]),
        Field("items", List(ITEM), False, "agenda items with their minutes", [{"title": "Progress report", "minutes": "..."}]),
        Field("decisions", List(DECISION), False, "decisions made", [{"id": "D1", "text": "Closure of R01 approved.", "close": "R01"}]),
        Field("actions", List(BOARD_ACTION), False, "actions arising (the board's action log)",
              [{"id": "SB-04", "text": "...", "owner": "chief-constable", "due": D(2014, 7, 9)}]),
        Field("action_log", List(ACTION_REVIEW), False, "review of earlier board actions", [{"action": "SB-01", "status": "discharged"}]),
        Field("status", Enum(*MINUTES_STATUSES), False,
              "the minutes' status: draft (the default) until a later meeting approves them, then approved", "approved"),
        Field("approved_at", Str(REC_ID, REC_ID_HINT), False,
              "the later meeting of the board whose decision approved these minutes (required when approved)",
              "2014-07-09"),
        Field("assessments", List(ASSESSMENT), False, "the board's judgement of recommendations' outcomes",
              [{"recommendation": "R12", "judgement": "improving", "narrative": "Two months within the standard."}]),
    ],
    title="Meeting file",
    description="One board meeting's minutes per file, named <id>.yaml.",
)

# --- measures/<ID>.yaml --------------------------------------------------------

MEASURE_VALUE = Obj(
    model.MeasureValue,
    "figure",
    [
        Field("period", Str(PERIOD, PERIOD_HINT), True, "the month (YYYY-MM), quarter (YYYY-Qn) or year (YYYY) it counts",
              "2014-05"),
        Field("value", Num(), True, "the figure for the period", 81.5),
        Field("note", Str(multiline=True), False, "what explains the figure", "Two staff on leave."),
        Field("provisional", Bool(), False, "true while the figure may still change", True),
        Field("source", Str(), False, "where this figure came from, if not the measure's source", "ccg"),
        Field("recorded", Date(), False,
              "when the figure became known (default: the day after its period ends)", D(2014, 6, 10)),
    ],
    label="period",
)

BASELINE = Obj(
    model.Baseline,
    "baseline",
    [
        Field("period", Str(PERIOD, PERIOD_HINT), True, "the period the baseline counts", "2014-01"),
        Field("value", Num(), True, "the figure then", 62),
    ],
    label="period",
)

TARGET = Obj(
    model.Target,
    "target",
    [
        Field("value", Num(), True, "the figure to reach", 90),
        Field("by", Date(), True, "when it should be reached", D(2014, 9, 30)),
    ],
    label=None,
)


def _rate_needs_per(values: dict[str, Any], rd: Reader, node: Node, me: str) -> None:
    if values.get("unit") == "rate" and not values.get("per"):
        rd.report(node, "missing-field", f"{me} is a rate but does not say per what; add per: e.g. per 1,000 incidents")


MEASURE = Obj(
    model.Measure,
    "measure",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the measure's id; must equal the file's name", "M04"),
        Field("title", Str(), True, "a short title", "MARU referrals processed within 24 hours"),
        Field("definition", Str(multiline=True), True, "how it is counted", "Referrals closed within 24 hours of receipt, "
              "as a percentage of all referrals received in the month."),
        Field("unit", Enum(*vocabulary.UNITS), True, "percent, count, rate, days or ratio", "percent"),
        Field("per", Str(), False, "for a rate: per what", "per 1,000 incidents"),
        Field("better", Enum(*vocabulary.BETTER), True, "whether higher or lower figures are better", "higher"),
        owner("the role accountable for the measure"),
        Field("source", Str(), True, "where the figures come from: a partner id, or the system's name", "county-council"),
        Field("frequency", Enum(*vocabulary.FREQUENCIES), True, "how often it is counted: monthly, quarterly or annual",
              "monthly"),
        Field("baseline", BASELINE, False, "the figure before the work started", {"period": "2014-01", "value": 62}),
        Field("target", TARGET, False, "the figure to reach, and by when", {"value": 90, "by": D(2014, 9, 30)}),
        Field("recommendations", List(Ref("recommendation")), False, "the recommendations it evidences", ["R12"]),
        Field("values", List(MEASURE_VALUE), False, "the figures, oldest first, one per period",
              [{"period": "2014-05", "value": 81.5}]),
    ],
    check=_rate_needs_per,
    title="Measure file",
    description="One outcome measure per file, named <id>.yaml, with its figures period by period.",
)

# --- papers/<ID>.yaml ----------------------------------------------------------


def _section_needs_content(values: dict[str, Any], rd: Reader, node: Node, me: str) -> None:
    if not values.get("paragraphs") and not values.get("include"):
        rd.report(node, "missing-field", f"{me} has neither 'paragraphs' nor 'include'; give it text or a generated block")


SECTION = Obj(
    model.Section,
    "section",
    [
        Field("title", Str(), True, "the section heading", "Purpose"),
        Field("paragraphs", List(Str(multiline=True)), False, "paragraphs of text, numbered by the renderer", ["This paper updates the board."]),
        Field("include", Enum(*BLOCKS), False, "a block generated from the plan as of the paper's date", "progress-by-area"),
        Field("audience", Enum(*AUDIENCES), False, "who the section is for: `internal` leaves it out of the "
              "public version of the paper (by default a section is public, but blocks that quote updates are internal)", "internal"),
    ],
    label="title",
    check=_section_needs_content,
    schema_extra={"anyOf": [
        {"required": ["paragraphs"], "properties": {"paragraphs": {"minItems": 1}}},
        {"required": ["include"]},
    ]},
)

SHA256 = r"^[0-9a-f]{64}$"
SHA256_HINT = "64 hexadecimal digits, as written by dagov issue paper"
SHA256_EXAMPLE = "b476ac9d52a8c162057e027b6bce862d4e9d4dfaf45de69bdeab4019d01a2a3c"

ISSUED = Obj(
    model.Issued,
    "issued",
    [
        Field("date", Date(), True, "the day it was issued", D(2014, 6, 12)),
        Field("commit", Str(r"^[0-9a-f]{7,40}$", "a git commit id, e.g. 841c906"), False,
              "the commit its figures were read from (left out when reconstructed from the files)", "841c906"),
        Field("sha256", Str(SHA256, SHA256_HINT), True, "sha256 of the issued copy", SHA256_EXAMPLE),
        Field("html_sha256", Str(SHA256, SHA256_HINT), False, "sha256 of the issued HTML copy, when both were issued",
              SHA256_EXAMPLE),
        Field("prose", Str(SHA256, SHA256_HINT), False, "sha256 of the paper's own words when it was issued",
              SHA256_EXAMPLE),
    ],
    label="date",
)

PAPER = Obj(
    model.Paper,
    "paper",
    [
        Field("id", Str(REC_ID, REC_ID_HINT), True, "the paper's id; must equal the file's name", "bcb-2014-06-12"),
        Field("template", Str(ID, ID_HINT), True, "the template it is rendered with", "board-paper"),
        Field("to", Ref("board", ID, ID_HINT), True, "the board it goes to", "business-coordination-board"),
        role("from", "the role it comes from", required=True, attr="from_"),
        Field("date", Date(), True, "the paper's date; its figures are as of this date", D(2014, 6, 12)),
        Field("subject", Str(), True, "its subject line", "Domestic abuse action plan: progress"),
        Field("classification", Str(), False, "protective marking (default from settings)", "OFFICIAL"),
        Field("foi", Enum(*FOI), True, "whether it may be disclosed under FOI", "disclosable"),
        Field("since", Date(), False, "start of the period it covers (default: the previous meeting)", D(2014, 5, 14)),
        Field("sections", List(SECTION), True, "numbered sections", [{"title": "Purpose", "paragraphs": ["..."]}]),
        Field("issued", ISSUED, False, "written by `dagov issue paper`: when it was issued, from which commit, and "
              "the sha256 of the issued copy (do not edit)",
              {"date": D(2014, 6, 12), "commit": "841c906", "sha256": SHA256_EXAMPLE}),
    ],
    title="Paper file",
    description="A board paper: prose written by people, blocks generated from the plan.",
)

FILE_KINDS = {
    "organisation": ORGANISATION,
    "plan": PLAN,
    "recommendation": RECOMMENDATION,
    "meeting": MEETING,
    "paper": PAPER,
    "measure": MEASURE,
}
