"""The public website of the plans, rendered from the public view (dagov/report/public.py) only.

Every page is static HTML with one shared style sheet: no JavaScript, no font, image or
script from anywhere else, and every link relative, so the folder works opened from disk
(file://) and from any web server or sub-folder. Pages name the organisation, the date of
the data and the protective-marking rule. The RAG is always a word beside its colour.
The same view gives the open data (JSON with a versioned schema, CSV) and an Atom feed of
closures and completions. Output is a function of the view alone: the same files and date
give byte-identical pages.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from markupsafe import Markup

from dagov.plan.vocabulary import (
    ACCEPTED,
    ACTIVE,
    AMBER,
    BLOCKED,
    CANCELLED,
    CLOSED,
    COMPLETE,
    GREEN,
    GREY,
    IN_PROGRESS,
    MET,
    NO_ACTIONS,
    NO_DATA,
    NOT_ACCEPTED,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
    OPEN,
    PARTLY_ACCEPTED,
    RED,
    SUPERSEDED,
)
from dagov.render import trend_svg
from dagov.render.outcome_blocks import axis
from dagov.render.templating import Templates
from dagov.report import outcomes, public
from dagov.report.public import PublicMeasure, PublicPlan, PublicRecommendation, PublicSite
from dagov.textsafe import printable
from dagov.words import natural_key

RAG_WORDS = {
    RED: "Red", AMBER: "Amber", GREEN: "Green", COMPLETE: "Complete", GREY: "Cancelled",
    CLOSED: "Closed", SUPERSEDED: "Superseded", NO_ACTIONS: "No live actions",
}
RAG_MEANINGS = {
    RED: "overdue, or blocked",
    AMBER: "due soon, or the due date was moved",
    GREEN: "on track",
    COMPLETE: "done",
    GREY: "no longer needed, or carried into a later plan",
}
STATUS_WORDS = {
    OPEN: "Open", CLOSED: "Closed", SUPERSEDED: "Superseded", ACTIVE: "Active",
    NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETE: "Complete", BLOCKED: "Blocked",
    CANCELLED: "Cancelled",
}
DECISION_WORDS = {ACCEPTED: "Accepted", PARTLY_ACCEPTED: "Partly accepted", NOT_ACCEPTED: "Not accepted"}
KIND_WORDS = {"recommendation": "Recommendation", "area-for-improvement": "Area for improvement",
              "cause-of-concern": "Cause of concern"}

OUTCOME_WORDS = {MET: "Target met", ON_TRACK: "On track", OFF_TRACK: "Off track", NO_DATA: "No data"}
OUTCOME_MEANINGS = {
    MET: "the latest value meets the target",
    ON_TRACK: "not met yet, but the trend since the baseline reaches the target by its date",
    OFF_TRACK: "the trend falls short of the target, or its date has passed",
    NO_DATA: "no value, or no target, yet",
}
BETTER_WORDS = {"higher": "Higher is better", "lower": "Lower is better"}

WORDS = {"rag": RAG_WORDS, "rag_meaning": RAG_MEANINGS, "status": STATUS_WORDS, "decision": DECISION_WORDS,
         "kind": KIND_WORDS, "outcome": OUTCOME_WORDS, "outcome_meaning": OUTCOME_MEANINGS, "better": BETTER_WORDS}

ATOM = "http://www.w3.org/2005/Atom"


def plan_page(plan_id: str) -> str:
    return f"plans/{plan_id}.html"


def recommendation_page(plan_id: str, rec_id: str) -> str:
    return f"plans/{plan_id}/{rec_id}.html"


def render_site(site: PublicSite) -> dict[str, bytes]:
    """Every file of the site by its path relative to the site's folder ('/'-separated), in path order."""
    templates = Templates(None)  # built-in templates only: the public site is what dagov ships, never overridden
    published = {p.id for p in site.plans}
    files: dict[str, str] = {}

    def page(name: str, path: str, title: str, **context: Any) -> None:
        root = "../" * path.count("/")
        files[path] = templates.render(f"site/{name}", {
            "site": site, "root": root, "title": title, "words": WORDS, "published": published,
            "link": lambda target: root + target, "plan_page": plan_page, "recommendation_page": recommendation_page,
            "percent": _percent, "figure": outcomes.number, "trend": trend, **context}, autoescape_html=True)

    page("index.html.j2", "index.html", f"{site.organisation}: inspection action plans")
    for plan in site.plans:
        page("plan.html.j2", plan_page(plan.id), plan.title, plan=plan, updates=_plan_updates(plan))
        for rec in plan.recommendations:
            page("recommendation.html.j2", recommendation_page(plan.id, rec.id), f"{rec.id}: {rec.title}",
                 plan=plan, rec=rec)
    page("open-data.html.j2", "open-data.html", "Open data", schema_version=public.SCHEMA_VERSION,
         csv_files=public.CSV_FILES)
    page("accessibility.html.j2", "accessibility.html", "Accessibility statement")
    files["style.css"] = templates.render("site/style.css", {})
    files["favicon.svg"] = templates.render("site/favicon.svg", {})
    files["open-data/plans.json"] = public.open_data_json(site)
    for name in public.CSV_FILES:
        files[f"open-data/{name}"] = public.open_data_csv(site, name)
    files[f"open-data/{public.SCHEMA_FILE}"] = public.open_data_schema()
    files["feed.atom"] = atom_feed(site)
    # A control character from a plan file (a YAML "\e") is shown as an escape, never passed on.
    return {path: printable(text).encode("utf-8") for path, text in sorted(files.items())}


def _percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def trend(measure: PublicMeasure) -> Markup:
    """The measure's known values as an inline SVG line chart with its target (empty when none is known yet)."""
    if not measure.values:
        return Markup("")
    values = [v.value for v in measure.values]
    low, high = axis(measure.unit, values, measure.target_value)
    latest = outcomes.number(measure.latest_value, measure.unit)
    goal = (f", target {outcomes.number(measure.target_value, measure.unit)}"
            if measure.target_value is not None else "")
    return Markup(trend_svg.svg({
        "title": f"{measure.id} {measure.title}: {latest} in {measure.values[-1].label}{goal}",
        "unit": measure.unit, "labels": [v.label for v in measure.values], "values": values,
        "target": measure.target_value, "low": low, "high": high}))


def _plan_updates(plan: PublicPlan) -> list[tuple[PublicRecommendation, public.PublicUpdate]]:
    """The plan's public updates, newest first."""
    pairs = [(rec, u) for rec in plan.recommendations for u in rec.updates]
    return sorted(pairs, key=lambda p: (-p[1].date.toordinal(), natural_key(p[1].action_id)))


# --- the Atom feed ------------------------------------------------------------------------------


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _urn(*parts: str) -> str:
    """A stable id for the feed and its entries: the same organisation, plan and event always give the same one."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "dagov:" + "/".join(parts)).urn


def atom_feed(site: PublicSite) -> str:
    """An Atom (RFC 4287) feed of every closure and completion, newest first, with relative links."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    base = next((p.published_url for p in site.plans if p.published_url), None)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:base": base} if base else {})
    events = site.events
    sub(feed, "title", f"{site.organisation}: inspection action plans, closures and completions")
    sub(feed, "subtitle", f"Recommendations closed and actions completed, as of {site.as_of.isoformat()}")
    sub(feed, "id", _urn(site.organisation, "feed"))
    sub(feed, "updated", _stamp(events[0].date if events else site.as_of))
    author = sub(feed, "author")
    sub(author, "name", site.organisation)
    sub(feed, "link", rel="self", href="feed.atom", type="application/atom+xml")
    sub(feed, "link", rel="alternate", href="index.html", type="text/html")
    titles = {p.id: p.title for p in site.plans}
    for event in events:
        entry = sub(feed, "entry")
        if event.kind == "closed":
            title = f"Recommendation {event.recommendation_id} closed: {event.title}"
            summary = (f"The board closed recommendation {event.recommendation_id} of {titles[event.plan_id]} "
                       f"on {event.date.isoformat()}.")
        else:
            title = f"Action {event.action_id} completed: {event.title}"
            summary = (f"Action {event.action_id} of recommendation {event.recommendation_id} "
                       f"({titles[event.plan_id]}) was completed on {event.date.isoformat()}.")
        sub(entry, "title", title)
        sub(entry, "id", _urn(site.organisation, event.plan_id, event.recommendation_id, event.action_id or "", event.kind))
        sub(entry, "updated", _stamp(event.date))
        anchor = f"#{event.action_id}" if event.action_id else ""
        sub(entry, "link", rel="alternate", type="text/html",
            href=recommendation_page(event.plan_id, event.recommendation_id) + anchor)
        sub(entry, "summary", summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
