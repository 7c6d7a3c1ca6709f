"""Published sites for tests: a small plan with planted internal content, the example's site, and the
text a reader could see in a site's files (HTML unescaped, JSON strings, CSV cells, the feed's text)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers.trees import BASE, PLAN, R01, R02

PUBLICATION = ("publication:\n  summary: How the force is answering the inspection.\n"
               "  contact: Corporate Development, Force Headquarters\n")

PLANTED_UPDATES = """\
    updates:
      - date: 2014-08-01
        by: trainer
        note: Half the courses delivered, more booked.
        rag: green
        public: true
      - date: 2014-08-02
        by: trainer
        note: INTERNAL-ONLY staffing worries in the training team.
"""
"""On R01.2, red from 1 August (due 31 July): a public update whose owner says green, and an internal one."""

R01_PLANTED = R01.replace("    partners: [county-council]\n", "    partners: [county-council]\n" + PLANTED_UPDATES, 1).replace(
    "actions:\n", "response:\n  decision: partly-accepted\n  explanation: Everyone who meets the public.\n\nactions:\n", 1)
R02_ACCEPTED = R02.replace("actions:\n", "response:\n  decision: accepted\n\nactions:\n", 1)

PUBLISHED = {**BASE, "p1/plan.yaml": PLAN + PUBLICATION, "p1/recommendations/R01.yaml": R01_PLANTED,
             "p1/recommendations/R02.yaml": R02_ACCEPTED}
"""The helpers' small tree, published, with an internal update, holders' names and an owner's RAG planted."""

NEVER_SHOWN = ("INTERNAL-ONLY", "A. Chief", "B. Lead", "Jo Guest", "The lead reported progress", "Temporary Superintendent",
               "Head of Learning", "evidence/course.pdf", "Summer leave")
"""What must not appear anywhere in PUBLISHED's site: an internal update, holders' names, a guest of the minutes,
minutes, owners' titles, an evidence link, an extension's reason."""


def reader_text(site: Path) -> dict[str, str]:
    """Every file of a site as the text a reader of it sees, by path."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            out[rel] = html.unescape(re.sub(r"\s+", " ", raw))
        elif path.suffix == ".json":
            out[rel] = "\n".join(_strings(json.loads(raw)))
        elif path.suffix == ".csv":
            out[rel] = "\n".join(cell for row in csv.reader(io.StringIO(raw)) for cell in row)
        elif path.suffix == ".atom":
            out[rel] = "\n".join(t for t in ET.fromstring(raw).itertext())
        else:
            out[rel] = raw
    return out


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
