"""The rules about publishing a plan: every recommendation of a published plan has a response,
and a response that does not simply accept says why.

A plan is published when its plan.yaml has a `publication:` block (`dagov publish` puts only
those plans on the public website, see docs/publishing.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.model import Located, Tree
from dagov.plan.vocabulary import ACCEPTED, RESPONSE_DECISIONS


def responses(tree: Tree) -> Iterator[Finding]:
    """A published plan's recommendation without a response (warning); a response that is not
    accepted without an explanation (error, published or not: the response is the public record)."""
    for plan in tree.plans.values():
        for rec in plan.recommendations.values():
            response = rec.response
            if response is None:
                if plan.publication is not None:
                    yield Finding.at(rec.at("id"), "response-missing",
                                     f"recommendation {rec.id} has no 'response', but plan {plan.id} is published "
                                     "(it has publication: in plan.yaml); add response: with decision: "
                                     f"{', '.join(RESPONSE_DECISIONS)} (and an explanation unless accepted)",
                                     WARNING)
                continue
            if response.decision not in (None, ACCEPTED) and not response.explanation:
                yield Finding.at(response.at("decision"), "response-explanation-missing",
                                 f"the response to recommendation {rec.id} is {response.decision} but gives no "
                                 "explanation; add explanation: saying what will be done and what will not, and why",
                                 ERROR)


def sensitive_plans_marking(tree: Tree) -> str | None:
    """The organisation's marking of its plans (`settings: classification`) when it is OFFICIAL-SENSITIVE or
    higher, so that no plan may be published; None when they may be."""
    from dagov.check.rules import _allowed_markings, _sensitive  # rules imports this module: import when called

    marking = tree.organisation.config.marking if tree.organisation else None
    return marking if marking is not None and _sensitive(marking, _allowed_markings(tree)) else None


def personal_data_in(tree: Tree, texts: Iterable[tuple[Located, str, str]]) -> list[Finding]:
    """The personal-data guard over texts that would be published, `(object, field, text)` each, whatever
    `settings: personal_data: severity` says (on a public website it is always an error): a finding per
    match, at its line and column in the file, sorted."""
    from dagov.check import personal_data as pd

    settings = tree.organisation.config.privacy if tree.organisation else None
    scanner = pd.Scanner(settings.allow_domains if settings else (), settings.allow if settings else ())
    found: set[Finding] = set()
    for item, name, text in texts:
        for match in scanner.scan(text):
            line, col = _where(tree, item, name, match.text)
            found.add(Finding(item.pos.path, line, col, ERROR, "personal-data",
                              f"this public text looks like {pd.KINDS[match.kind]} ('{pd.masked(match.text)}'); "
                              "personal data must never be published"))
    return sorted(found)


def _where(tree: Tree, item: Located, name: str, text: str) -> tuple[int, int]:
    """The line and column of `text` in the file, searched from where field `name` of `item` was written."""
    from dagov.check import personal_data as pd

    pos = item.at(name)
    source = tree.texts.get(pos.path)
    if source is None:
        return pos.line, pos.col
    index = pd.LineIndex(source)
    start = index.starts[pos.line - 1] + pos.col - 1 if 0 < pos.line <= len(index.starts) else 0
    at = source.find(text, start)
    return index.line_col(at) if at >= 0 else (pos.line, pos.col)
