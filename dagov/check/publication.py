"""The rules about publishing a plan: every recommendation of a published plan has a response,
and a response that does not simply accept says why.

A plan is published when its plan.yaml has a `publication:` block (`dagov publish` puts only
those plans on the public website, see docs/publishing.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from dagov.plan.findings import ERROR, WARNING, Finding
from dagov.plan.model import Tree
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
