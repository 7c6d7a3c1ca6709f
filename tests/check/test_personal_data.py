"""The personal-data guard: each pattern catches what it should and nothing that plans are full of."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dagov.check.personal_data import LineIndex, Scanner, masked

TRUE_POSITIVES = [
    # (kind, text, the part that is flagged)
    ("email", "Contact the victim on jane.smith@gmail.com today", "jane.smith@gmail.com"),
    ("email", "sent to J_Doe+plans@hotmail.co.uk.", "J_Doe+plans@hotmail.co.uk"),
    ("phone", "ring 07700 900123 after six", "07700 900123"),
    ("phone", "mobile 07700-900-123", "07700-900-123"),
    ("phone", "call 07700900123", "07700900123"),
    ("phone", "on 07700 900123 130 times", "07700 900123"),
    ("phone", "landline 01632 960123", "01632 960123"),
    ("phone", "tel: 0161 496 0123", "0161 496 0123"),
    ("phone", "London 020 7946 0123", "020 7946 0123"),
    ("phone", "on +44 7700 900123", "+44 7700 900123"),
    ("phone", "on +44 (0)20 7946 0123", "+44 (0)20 7946 0123"),
    ("phone", "or (01632) 960123", "(01632) 960123"),
    ("ni-number", "NI number JG103759A was", None),
    ("ni-number", "NINO: AB 12 34 56 C", "AB 12 34 56 C"),
    ("postcode", "lives at 12 Acacia Road, SW1A 1AA", "SW1A 1AA"),
    ("postcode", "address M1 1AE", "M1 1AE"),
    ("postcode", "near B33 8TH.", "B33 8TH"),
    ("postcode", "postcode CR26XH", "CR26XH"),
    ("date-of-birth", "DOB 12/06/1985", "DOB 12/06/1985"),
    ("date-of-birth", "D.O.B.: 1985-06-12", "D.O.B.: 1985-06-12"),
    ("date-of-birth", "she was born on 3 March 1990 in", "born on 3 March 1990"),
    ("date-of-birth", "date of birth 3rd March 1990", "date of birth 3rd March 1990"),
    ("date-of-birth", "Born: March 3, 1990", "Born: March 3, 1990"),
    ("vehicle", "seen driving AB12 CDE on", "AB12 CDE"),
    ("vehicle", "car WV63XYZ parked", "WV63XYZ"),
    ("vehicle", "vehicle reg A123 BCD seen", "A123 BCD"),
    ("vehicle", "registration ABC 123D", "ABC 123D"),
    ("crime-reference", "see CR/012345/14 for", "CR/012345/14"),
    ("crime-reference", "crime 12/345678/14", "12/345678/14"),
    ("crime-reference", "logged as INC-20140612-0123", "INC-20140612-0123"),
    ("crime-reference", "crime ref 4414001234", "4414001234"),
    ("crime-reference", "incident number: 12345", "12345"),
    ("crime-reference", "Log 1234 of 12/06/2014 refers", "1234 of 12/06/2014"),
    ("crime-reference", "occurrence WV1401234", "WV1401234"),
    ("crime-reference", "occurrence 44140012345 raised", "44140012345"),
    ("crime-reference", "see WV/14/012345 now", "WV/14/012345"),
    ("postcode", "HQ is WV1 1AA", "WV1 1AA"),
    ("name", "the victim Jane Smith said", "Jane Smith"),
    ("name", "suspect John SMITH arrested", "John SMITH"),
    ("name", "Victim: Mrs Patel", "Mrs Patel"),
    ("name", "offender named Dwayne", "Dwayne"),
    ("name", "the perpetrator, J. Bloggs, was", "J. Bloggs"),
    ("name", "complainant (Sarah O'Neill)", "Sarah O'Neill"),
    ("name", "victim - Ewan McDonald", "Ewan McDonald"),
    ("name", "the suspect, PC Hughes, was suspended", "PC Hughes"),
]


@pytest.mark.parametrize(("kind", "text", "flagged"), TRUE_POSITIVES, ids=[f"{c[0]}:{c[1]}" for c in TRUE_POSITIVES])
def test_each_pattern_catches_planted_personal_data(kind, text, flagged):
    matches = Scanner().scan(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, flagged or text.split()[2])]
    assert text[matches[0].start:matches[0].end] == matches[0].text


FALSE_POSITIVES = [
    "R03.2", "action R03.2 is complete", "L01.4 carried from da-2014/R05.3", "R12, R13 and R14",
    "2014-06-12", "due: 2014-06-12", "12/06/2014", "12.06.2014", "12 June 2014", "June 2014", "between 2014-06-12 and 2014-07-31",
    "chief-constable", "head-public-protection", "tsupt-corporate-development", "safeguarding-board", "da-2014-2016",
    "MASH", "DASH", "MARAC", "IDVA", "HMIC", "ICT", "the MASH and DASH reviews",
    "£1,500", "£25,000", "£1.2m", "45%", "12.5%", "1,500 staff", "1,140 referrals", "3,200 officers", "2014/15",
    "10:30", "0930 to 1030", "version 0.9", "da-framework-v0.9.docx", "101 and 999",
    "Victim Support", "Victim Code", "victim survey pilot", "Victim Satisfaction Survey", "victims think of the service",
    "Integrated Offender Management", "the suspect was arrested", "Domestic Abuse Perpetrator Programme",
    "the victim's first account", "offender management in the North", "Victim and Witness Care Unit",
    "Change record CC-2014-031", "https://intranet.wessexvale.local/sites/ict/changes/CC-2014-031",
    "recorded crime 10234 in the year", "incidents rose 12345", "action log 2014-06-12", "crime 2014/15",
    "born in the MASH", "DOB field added to the form", "date of birth recorded on 95% of forms",
    "The Home Secretary asked HMIC in September 2013", "within 12 months", "SB-01", "D1", "BCB-2014-06",
    "ISO 8601", "QQ 12 34 56 C (the specimen number on forms)", "PC 1234 attended", "A1 road", "M25 motorway", "CO2", "NHS111",
    "sb-2014-06", "bcb-2014-06-12", "Wessex Vale Police", "owner: head-ict",
    "and the victim\n        Public Protection) is", "the victim is Male", "the suspect was White British", "the suspect Police Officer", "R03 ICT work", "BS1", "holder: Andrew Marchbank",
    "the suspect in May 2014", "victims Jane", "£25,000", "£1.2m", "12 June 2014 at 10:30", "45% of victims",
]


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_ordinary_plan_text_is_not_personal_data(text):
    assert Scanner().scan(text) == []


def test_allowlisted_domains_and_their_subdomains_are_not_flagged():
    scanner = Scanner(allow_domains=["wessexvale.police.uk"])
    text = "a.b@wessexvale.police.uk, c@hq.wessexvale.police.uk, d@notwessexvale.police.uk, e@gmail.com"
    assert [m.text for m in scanner.scan(text)] == ["d@notwessexvale.police.uk", "e@gmail.com"]


def test_allowlisted_exact_strings_are_not_flagged_whatever_the_spacing():
    scanner = Scanner(allow=["01632 960000", "SW1A 1AA"])
    assert [m.text for m in scanner.scan("switchboard 01632960000, HQ SW1A 1AA, home 01632 960123")] == ["01632 960123"]


def test_line_index_counts_lines_and_columns_from_one():
    text = "a: 1\nb: 07700 900123\n\nc: x"
    index = LineIndex(text)
    (match,) = Scanner().scan(text)
    assert index.line_col(match.start) == (2, 4)
    assert index.line_col(0) == (1, 1)
    assert index.line_col(len(text) - 1) == (4, 4)


def test_masked_hides_most_of_the_text():
    assert masked("07700 900123") == "077…"
    assert masked("M1 1AE") == "M…"


@given(st.from_regex(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?|20[0-9]{2}-[01][0-9]-[0-3][0-9]|[a-z]{2,10}(-[a-z]{2,10}){0,3}"
                     r"|£?[1-9][0-9]{0,2}(,[0-9]{3})*(\.[0-9])?%?( staff| officers)?", fullmatch=True))
def test_ids_dates_role_ids_and_amounts_are_never_flagged(text):
    assert Scanner().scan(text) == []


# --- the rule in dagov check ---------------------------------------------------------------

from helpers.trees import BASE  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from dagov.check.run import check  # noqa: E402
from dagov.cli.app import app  # noqa: E402

R01 = "p1/recommendations/R01.yaml"
ORG = "organisation.yaml"
MESSAGE = ("this looks like a UK phone number ('077…'); personal data must not be committed to a plan that may be "
           "published: remove it or refer to the person by role; if it is not personal data, add the exact text to "
           "settings: personal_data: allow: in {root}/organisation.yaml")


def _planted(tree_dir, settings: str = ""):
    r01 = BASE[R01].replace("status: open\n", "status: open\n# victim's mobile is 07700 900123, ring after six\n")
    org = BASE[ORG] + settings
    return tree_dir({R01: r01, ORG: org})


def test_phone_number_in_a_comment_is_an_error_at_its_line_and_column(tree_dir):
    root = _planted(tree_dir)
    findings = [f for f in check(root).findings if f.rule == "personal-data"]
    assert [f.as_text() for f in findings] == [
        f"{root}/{R01}:10:22: error [personal-data] " + MESSAGE.format(root=root)
    ]


def test_check_exits_1_and_github_annotation_points_at_the_line(tree_dir):
    root = _planted(tree_dir)
    result = CliRunner().invoke(app, ["check", str(root), "--format", "github"])
    assert result.exit_code == 1
    assert f"::error file={root}/{R01},line=10,col=22,title=dagov personal-data::this looks like a UK phone" in result.stdout


def test_severity_warning_reports_without_failing(tree_dir):
    root = _planted(tree_dir, "  personal_data:\n    severity: warning\n")
    result = CliRunner().invoke(app, ["check", str(root)])
    assert result.exit_code == 0
    assert f"{root}/{R01}:10:22: warning [personal-data] this looks like a UK phone number" in result.stdout


def test_severity_off_silences_the_rule(tree_dir):
    root = _planted(tree_dir, "  personal_data:\n    severity: 'off'\n")
    assert [f for f in check(root).findings if f.rule == "personal-data"] == []


def test_allow_list_in_organisation_yaml_is_honoured(tree_dir):
    root = _planted(tree_dir, "  personal_data:\n    allow: ['07700 900123']\n")
    assert check(root).findings == []


def test_allow_domains_in_organisation_yaml_is_honoured(tree_dir):
    r01 = BASE[R01].replace("status: open\n", "status: open\n# owner: a.lead@wessexvale.police.uk, not x@gmail.com\n")
    root = tree_dir({R01: r01, ORG: BASE[ORG] + "  personal_data:\n    allow_domains: [wessexvale.police.uk]\n"})
    findings = [f for f in check(root).findings if f.rule == "personal-data"]
    assert [(f.line, f.col, f.message[:45]) for f in findings] == [(10, 43, "this looks like an e-mail address ('x@g…'); p")]
    assert findings[0].message.endswith("if it is the organisation's own address, add its domain to settings: "
                                        f"personal_data: allow_domains: in {root}/organisation.yaml")


def test_a_bad_severity_is_reported_by_the_loader(tree_dir):
    root = tree_dir({ORG: BASE[ORG] + "  personal_data:\n    severity: loud\n"})
    assert [f.as_text() for f in check(root).findings] == [
        f"{root}/organisation.yaml:23:15: error [bad-value] 'severity' of this personal_data settings is 'loud', "
        "which is not allowed; use one of: error, warning, off"
    ]


def test_personal_data_is_found_even_in_a_file_that_does_not_parse(tree_dir):
    root = tree_dir({R01: "id: R01\ntitle: [unclosed\nnote: suspect John Smith\n"})
    findings = [f for f in check(root).findings if f.rule == "personal-data"]
    assert [(f.line, f.col) for f in findings] == [(3, 15)]


def test_the_valid_tree_has_no_personal_data_findings(tree_dir):
    assert check(tree_dir()).findings == []


def test_unquoted_off_is_explained(tree_dir):
    root = tree_dir({ORG: BASE[ORG] + "  personal_data:\n    severity: off\n"})
    assert [f.message for f in check(root).findings] == [
        "'severity' of this personal_data settings is 'off', which YAML reads as the boolean false, not as text; "
        "put it in quotes: \"off\""
    ]


# --- properties over the example plan's own text -------------------------------------------------

from helpers.trees import EXAMPLE  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402

EXAMPLE_LINES = sorted({line for path in EXAMPLE.rglob("*.yaml") for line in path.read_text().splitlines()})
PLANTED = st.sampled_from(["07700 900123", "jo.bloggs@gmail.com", "JG103759A", "SW1A 1AA", "AB12 CDE",
                           "CR/012345/14", "DOB 12/06/1985", "victim Jane Smith"])


def test_no_line_of_the_example_plan_is_flagged():
    assert len(EXAMPLE_LINES) > 1000
    assert [line for line in EXAMPLE_LINES if Scanner().scan(line)] == []


@hsettings(max_examples=60, deadline=None)
@given(lines=st.lists(st.sampled_from(EXAMPLE_LINES), min_size=1, max_size=30), where=st.integers(0, 29),
       planted=PLANTED, data=st.data())
def test_planted_data_among_example_lines_is_found_at_its_line_and_column(lines, where, planted, data):
    line_no = min(where, len(lines) - 1)
    host = lines[line_no]
    col = data.draw(st.sampled_from([i for i in range(len(host) + 1) if i in (0, len(host)) or host[i - 1] == " "]))
    lines = [*lines[:line_no], f"{host[:col]}{'' if col == 0 or host[col - 1] == ' ' else ' '}{planted} {host[col:]}",
             *lines[line_no + 1:]]
    text = "\n".join(lines)
    matches = Scanner().scan(text)
    assert len(matches) == 1
    found = LineIndex(text).line_col(matches[0].start)
    expected_col = lines[line_no].index(planted) + 1
    offset = len("victim ") if planted.startswith("victim") else 0
    assert found == (line_no + 1, expected_col + offset)


# --- the keyword pre-filter (issue 19): fast, and never changing what is found ----------------------------------

def _flat_keyword_scan(text: str) -> list:
    """The guard as it was before the pre-filter was made fast: one flat alternation of every keyword, each hit
    tried whatever comes before it. The fast one (a tree of the words, "date" only before "of birth", hits
    inside a word skipped) must find exactly the same."""
    import re

    from dagov.check import personal_data as pd

    flat = re.compile("|".join(re.escape(w) for w in sorted(pd._BY_WORD, key=lambda w: (-len(w), w))))
    found = []
    for hit in flat.finditer(text.translate(pd._ASCII_LOWER)):
        for kind, pattern, accept, group in pd._BY_WORD[hit.group()]:
            m = pattern.match(text, hit.start())
            if m and accept(m):
                found.append((kind, m.group(group), m.start(group)))
    return found


_PIECES = st.sampled_from([
    "victim ", "Victim: ", "suspect Mr ", "offender ", "date of birth ", "Date Of\nBirth: ", "DOB ", "d.o.b. ", "born on ",
    "update ", "updated ", "date: ", "crime ref ", "incident no ", "CAD ", "log 123 of 12/06/14 ", "vehicle ", "reg ",
    "registration ", "car ", "scar ", "blog ", "Smith ", "Jane ", "O'Neill ", "AB12 CDE ", "A123 BCD ", "12/06/1980 ",
    "2014-06-12 ", "12 June 1980 ", "012345 ", "CR/012345/14 ", ", ", ". ", "\n", "(", ")", "-", "x", "1",
])


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_fast_keyword_prefilter_finds_what_the_flat_one_found(text: str):
    from dagov.check import personal_data as pd

    assert [(m.kind, m.text, m.start) for m in pd._keyword_candidates(text)] == _flat_keyword_scan(text)


def test_the_prefilter_does_not_fire_on_update_or_date_keys():
    from dagov.check import personal_data as pd

    lower = "date: 2014-06-12\nupdates:\n- date: 2014-07-01\n  note: updated the date of the review\n"
    assert list(pd._KEYWORD.finditer(lower)) == []


def test_the_loader_s_scan_gives_the_rule_s_findings(tmp_path):
    """check scans each file as it reads it (and the parse cache keeps the scan); a tree loaded without that
    scan is scanned by the rule itself: the same findings either way."""
    import shutil

    from helpers.trees import EXAMPLE

    from dagov.check.rules import run_rules
    from dagov.check.run import check
    from dagov.plan.load import load_tree

    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    r01 = plans / "da-2014" / "recommendations" / "R01.yaml"
    r01.write_text(r01.read_text() + "# victim Jane Smith, DOB 12/06/1980, on 07700 900123, AB12 CDE\n")
    scanned = check(plans, cache=None)
    tree, findings = load_tree(plans, cache=None)
    assert tree.scans is None and scanned.tree.scans
    by_rule = run_rules(tree, findings)
    assert [f.as_text() for f in scanned.findings] == [f.as_text() for f in by_rule]
    assert sum(f.rule == "personal-data" for f in by_rule) == 4


def test_the_keyword_patterns_are_compiled_when_first_used_and_then_are_the_compiled_patterns():
    """A warm run scans only cross-file messages: the patterns after a keyword (victim, born...) wait for one."""
    import re
    import subprocess
    import sys

    code = ("from dagov.check import personal_data as pd\n"
            "lazy = [p for p in (pd.NAME, pd.DATE_OF_BIRTH, pd.VEHICLE_OLD, pd.REFERENCE_AFTER_WORD, pd.LOG_OF_DATE)"
            " if 'match' in vars(p)]\n"
            "print(len(lazy), [m.text for m in pd.Scanner().scan('the victim Jane Smith, born 12/03/1980')])\n"
            "print('match' in vars(pd.NAME), 'match' in vars(pd.LOG_OF_DATE))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "0 ['Jane Smith', 'born 12/03/1980']\nTrue False\n"  # kept once used; 'log' never came
    from dagov.check import personal_data as pd

    assert isinstance(pd.NAME.match.__self__, re.Pattern)
