"""The response rules: a published plan's recommendation without a response, a response that does not
accept without saying why, and the new fields read as the format says."""

from __future__ import annotations

from helpers.trees import PLAN, R01, R02

from dagov.check.run import check

PUBLICATION = "publication:\n  summary: How we answer the inspection.\n  contact: Corporate Development\n"
R01_FILE = "p1/recommendations/R01.yaml"


def _findings(tree_dir, files: dict[str, str], rules: tuple[str, ...] = ("response-missing", "response-explanation-missing")):
    root = tree_dir({**files})
    return root, [f.as_text() for f in check(root).findings if f.rule in rules]


def _with_response(rec: str, response: str) -> str:
    return rec.replace("actions:\n", f"response:\n{response}actions:\n", 1)


def test_a_published_plans_recommendation_without_a_response_is_a_warning(tree_dir):
    root, found = _findings(tree_dir, {"p1/plan.yaml": PLAN + PUBLICATION,
                                       R01_FILE: _with_response(R01, "  decision: accepted\n")})
    assert found == [
        f"{root}/p1/recommendations/R02.yaml:1:5: warning [response-missing] recommendation R02 has no 'response', but "
        "plan p1 is published (it has publication: in plan.yaml); add response: with decision: accepted, "
        "partly-accepted, not-accepted (and an explanation unless accepted)"
    ]


def test_an_unpublished_plan_needs_no_response(tree_dir):
    assert _findings(tree_dir, {})[1] == []


def test_partly_accepted_without_an_explanation_is_an_error_published_or_not(tree_dir):
    root, found = _findings(tree_dir, {R01_FILE: _with_response(R01, "  decision: partly-accepted\n")})
    assert found == [
        f"{root}/{R01_FILE}:11:13: error [response-explanation-missing] the response to recommendation R01 is "
        "partly-accepted but gives no explanation; add explanation: saying what will be done and what will not, and why"
    ]


def test_not_accepted_with_an_explanation_and_accepted_without_one_are_fine(tree_dir):
    files = {"p1/plan.yaml": PLAN + PUBLICATION,
             R01_FILE: _with_response(R01, "  decision: not-accepted\n  explanation: The county council does this.\n"),
             "p1/recommendations/R02.yaml": _with_response(R02, "  decision: accepted\n")}
    root = tree_dir(files)
    assert [f.as_text() for f in check(root).findings] == []


def test_a_response_with_an_unknown_decision_says_the_choices(tree_dir):
    root, found = _findings(tree_dir, {R01_FILE: _with_response(R01, "  decision: agreed\n")}, ("bad-value",))
    assert found == [
        f"{root}/{R01_FILE}:11:13: error [bad-value] 'decision' of this response is 'agreed', "
        "which is not allowed; use one of: accepted, partly-accepted, not-accepted"
    ]


def test_public_is_true_or_false_and_yes_is_refused(tree_dir):
    rec = R01.replace("        rag: green\n", "        rag: green\n        public: yes\n", 1)
    root, found = _findings(tree_dir, {R01_FILE: rec}, ("wrong-type",))
    assert found == [
        f"{root}/{R01_FILE}:25:17: error [wrong-type] 'public' of update 2014-03-10 is 'yes'; write true or false "
        "(yes, no, on and off are not allowed)"
    ]


def test_publication_needs_a_summary_and_a_contact(tree_dir):
    root, found = _findings(tree_dir, {"p1/plan.yaml": PLAN + "publication:\n  summary: Ours.\n"}, ("missing-field",))
    assert found == [
        f"{root}/p1/plan.yaml:19:3: error [missing-field] 'contact' is missing in this publication (where the public "
        "can ask about the plan: a team's address or a web form, never a person's); add it, e.g. contact: Corporate "
        "Development, Force Headquarters"
    ]
