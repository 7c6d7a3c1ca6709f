"""One small invalid case per rule: the exact finding, file, line and column."""

import pytest
from helpers.trees import BASE

from dagov.check.run import check

R01 = BASE["p1/recommendations/R01.yaml"]
R02 = BASE["p1/recommendations/R02.yaml"]
M = BASE["p1/meetings/2014-03-12.yaml"]
PLAN = BASE["p1/plan.yaml"]

CASES = {
    "yaml-syntax": {"p1/recommendations/R01.yaml": "id: R01\ntitle: [unclosed\n"},
    "tab": {"p1/recommendations/R01.yaml": R01.replace("  - id: R01.2", "\t- id: R01.2")},
    "dup": {"p1/recommendations/R01.yaml": R01.replace("timescale:", "owner: lead\ntimescale:")},
    "unknown-field": {"p1/recommendations/R01.yaml": R01.replace("timescale:", "ownr: lead\ntimescale:")},
    "missing": {"p1/recommendations/R01.yaml": R01.replace("timescale: within three months\n", "")},
    "wrong-type": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: [2014]\nstatus")},
    "bad-value": {"p1/recommendations/R01.yaml": R01.replace("status: open", "status: done")},
    "bad-date": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: 30/06/2014\nstatus")},
    "ambig": {"p1/recommendations/R01.yaml": R01.replace("owner: trainer\ntimescale", "owner: no\ntimescale")},
    "id-mismatch": {"p1/recommendations/R01.yaml": R01.replace("id: R01\n", "id: R1\n")},
    "dup-id": {"p1/recommendations/R01.yaml": R01 + "  - id: R01.1\n    title: Again\n    owner: trainer\n    due: 2014-05-01\n    status: not-started\n"},
    "owner-missing": {"p1/recommendations/R01.yaml": R01.replace("owner: trainer\ntimescale", "owner:\ntimescale")},
    "owner-missing2": {"p1/recommendations/R01.yaml": R01.replace("owner: trainer\ntimescale", "timescale")},
    "unknown-role": {"p1/recommendations/R01.yaml": R01.replace("owner: trainer\ntimescale", "owner: trainr\ntimescale")},
    "unknown-area": {"p1/recommendations/R01.yaml": R01.replace("area: training", "area: trainin")},
    "unknown-board": {"p1/plan.yaml": PLAN.replace("board: safeguarding-board", "board: sb")},
    "unknown-partner": {"p1/recommendations/R01.yaml": R01.replace("[county-council]", "[city-council]")},
    "unknown-meeting": {"p1/recommendations/R02.yaml": R02.replace("meeting: 2014-03-12", "meeting: 2014-03-13")},
    "unknown-rec": {"p1/meetings/2014-03-12.yaml": M.replace("close: R02", "close: R09")},
    "unknown-action": {"p1/meetings/2014-03-12.yaml": M.replace("extend: R01.2", "extend: R01.9")},
    "closure-not-approved": {"p1/meetings/2014-03-12.yaml": M.replace("    close: R02\n", "")},
    "closure-not-recorded": {"p1/recommendations/R02.yaml": R02.replace("status: closed\nclosed:\n  meeting: 2014-03-12\n", "status: open\n")},
    "ext-not-approved": {"p1/meetings/2014-03-12.yaml": M.replace("to: 2014-07-31", "to: 2014-08-31")},
    "completed-date": {"p1/recommendations/R01.yaml": R01.replace("    completed: 2014-04-20\n", "")},
    "start-after-completion": {"p1/recommendations/R01.yaml": R01.replace("    completed: 2014-04-20\n", "    completed: 2014-04-20\n    start: 2014-04-21\n", 1)},
    "evidence": {"p1/recommendations/R01.yaml": R01.replace("    evidence:\n      - title: Course pack\n        link: evidence/course.pdf\n", "")},
    "no-actions": {"p1/recommendations/R01.yaml": R01.split("actions:")[0]},
    "successor": {"p1/plan.yaml": PLAN.replace("status: active", "status: superseded")},
    "updates-order": {"p1/recommendations/R01.yaml": R01.replace("        rag: green\n", "        rag: green\n      - date: 2014-03-01\n        by: trainer\n        note: Earlier.\n")},
    "rag-greener": {"p1/recommendations/R01.yaml": R01.replace("        rag: green\n", "        rag: green\n      - date: 2014-05-10\n        by: trainer\n        note: Late.\n        rag: green\n").replace("status: complete\n    completed: 2014-04-20", "status: complete\n    completed: 2014-05-20")},
    "multi-doc": {"p1/recommendations/R01.yaml": R01 + "---\nid: x\n"},
    "not-mapping": {"p1/recommendations/R01.yaml": "- a\n- b\n"},
    "empty": {"p1/recommendations/R01.yaml": ""},
    "alias": {"p1/recommendations/R01.yaml": R01.replace("    partners: [county-council]", "    partners: &p [county-council]\n    evidence: *p")},
    "utf8": {"p1/recommendations/R01.yaml": R01.encode().replace(b"Train everyone", b"Train \xff everyone")},
    "missing-org": {"organisation.yaml": None},
    "yml": {"p1/recommendations/R03.yml": "id: R03\n"},
    "unknown-plan": {"p1/plan.yaml": PLAN.replace("status: active", "status: superseded\nsuperseded_by: p2")},
    "carried-from-nowhere": {"p1/recommendations/R01.yaml": R01 + "    carried_from: p0/R07.1\n"},
    "review-unknown-board-action": {"p1/meetings/2014-03-12.yaml": M + "action_log:\n  - action: SB-09\n    status: open\n"},
    "closed-with-open-actions": {"p1/recommendations/R02.yaml": R02.replace("status: complete\n    completed: 2014-02-20", "status: in-progress")},
    "extend-without-date": {"p1/meetings/2014-03-12.yaml": M.replace("    to: 2014-07-31\n", "")},
    "closed-block-but-open": {"p1/recommendations/R02.yaml": R02.replace("status: closed", "status: open")},
    "duplicate-decision": {"p1/meetings/2014-03-12.yaml": M.replace("id: D2", "id: D1")},
    "too-large": {"p1/recommendations/R01.yaml": R01 + "# " + "x" * (2 * 1024 * 1024) + "\n"},
    "stray-yaml": {"p1/notes.yaml": "a: 1\n", "stray/recommendations/R01.yaml": R01},
    "duplicate-role": {"organisation.yaml": BASE["organisation.yaml"].replace("  trainer:\n", "  lead:\n    title: Again\n  trainer:\n")},
    "role-as-boolean-key": {"organisation.yaml": BASE["organisation.yaml"].replace("  trainer:\n", "  yes:\n    title: Yes\n  trainer:\n")},
    "bad-role-id": {"organisation.yaml": BASE["organisation.yaml"].replace("  trainer:\n", "  Head Trainer:\n    title: Trainer\n  trainer:\n")},
    "guest-unknown-field": {"p1/meetings/2014-03-12.yaml": M.replace("organisation: County Council", "org: County Council")},
    "impossible-date": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: 2014-02-30\nstatus")},
    "datetime": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: 2014-06-30 10:00:00\nstatus")},
    "number-as-text-is-kept": {"p1/recommendations/R01.yaml": R01.replace("timescale: within three months", "timescale: 3")},
    "string-for-list": {"p1/recommendations/R01.yaml": R01.replace("[county-council]", "county-council")},
    "empty-title": {"p1/recommendations/R01.yaml": R01.replace("title: Train everyone", 'title: ""')},
    "status-mismatch": {"p1/recommendations/R01.yaml": R01.replace(
        "    status: in-progress\n", "    status: in-progress\n    updates:\n      - date: 2014-05-01\n        by: trainer\n"
        "        note: Stuck.\n        status: blocked\n")},
    "missing-colon": {"p1/recommendations/R01.yaml": R01.replace("area: training", "area training")},
    "colon-in-text": {"p1/recommendations/R01.yaml": R01.replace("text: The force should train everyone.",
                                                                "text: Status: the force should train everyone.")},
    "date-in-words": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: 1 June 2014\nstatus")},
    "date-short-iso": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus", "due: 2014-6-1\nstatus")},
    "british-date-no-such-day": {"p1/recommendations/R01.yaml": R01.replace("due: 2014-06-30\nstatus",
                                                                            "due: 31/6/2014\nstatus")},
    "broken-plan-yaml-gives-one-error": {
        "p1/plan.yaml": PLAN.replace("status: active", "status active"),
        "p2/plan.yaml": PLAN.replace("id: p1", "id: p2"),
        "p2/recommendations/R09.yaml": (
            "id: R09\nkind: recommendation\ntitle: Go on\ntext: Carry on.\narea: training\nowner: trainer\n"
            "timescale: soon\ndue: 2014-12-31\nstatus: open\nactions:\n  - id: R09.1\n    title: Go on\n"
            "    owner: trainer\n    due: 2014-12-31\n    status: in-progress\n    carried_from: p1/R01.2\n")},
    "copied-file": {"p1/recommendations/R03.yaml": R02},
    "plan-id-mismatch": {"p1/plan.yaml": PLAN.replace("id: p1", "id: plan-one")},
}

EXPECTED = {
    'yaml-syntax': [
        "plans/p1/recommendations/R01.yaml:3:1: error [yaml-syntax] YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence); check the indentation and punctuation here",
    ],
    'tab': [
        'plans/p1/recommendations/R01.yaml:25:1: error [yaml-syntax] line 25 is indented with a tab; YAML indents with spaces only: replace the tab with spaces',
    ],
    'dup': [
        "plans/p1/recommendations/R01.yaml:7:1: error [duplicate-key] 'owner' appears twice in this recommendation (first at line 6); YAML would silently keep only the last one: remove or merge the duplicate",
    ],
    'unknown-field': [
        "plans/p1/recommendations/R01.yaml:7:1: error [unknown-field] recommendation R01 has an unknown field 'ownr' (did you mean 'owner'?); allowed fields: id, kind, title, text, area, owner, timescale, due, status, closed, actions, reopened",
    ],
    'missing': [
        "plans/p1/recommendations/R01.yaml:1:1: error [missing-field] 'timescale' is missing in recommendation R01 (the timescale as the report wrote it); add it, e.g. timescale: within three months",
    ],
    'wrong-type': [
        "plans/p1/recommendations/R01.yaml:8:6: error [wrong-type] 'due' of recommendation R01 should be a date, e.g. 2014-06-30, not a list",
    ],
    'bad-value': [
        "plans/p1/recommendations/R01.yaml:9:9: error [bad-value] 'status' of recommendation R01 is 'done', which is not allowed; use one of: open, closed, superseded",
    ],
    'bad-date': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is '30/06/2014', which is not in YYYY-MM-DD form; read as day/month/year, write 2014-06-30",
    ],
    'ambig': [
        'plans/p1/recommendations/R01.yaml:6:8: error [ambiguous-boolean] \'owner\' of recommendation R01 is \'no\', which YAML reads as the boolean false, not as text; put it in quotes: "no"',
    ],
    'id-mismatch': [
        "plans/p1/recommendations/R01.yaml:1:5: error [id-mismatch] recommendation id 'R1' differs from its file name 'R01.yaml'; rename the file to R1.yaml or change the id to R01",
    ],
    'dup-id': [
        "plans/p1/recommendations/R01.yaml:35:9: error [duplicate-id] action id 'R01.1' is already used at plans/p1/recommendations/R01.yaml:11; give this action the next free number",
    ],
    'owner-missing': [
        "plans/p1/recommendations/R01.yaml:6:7: error [owner-missing] recommendation R01 has no owner; add 'owner:' with a role from organisation.yaml",
    ],
    'owner-missing2': [
        "plans/p1/recommendations/R01.yaml:1:1: error [owner-missing] recommendation R01 has no owner; add 'owner:' with a role from organisation.yaml",
    ],
    'unknown-role': [
        "plans/p1/recommendations/R01.yaml:6:8: error [unknown-role] owner of recommendation R01 is 'trainr', which is not a role in plans/organisation.yaml (did you mean 'trainer'?); use a role id from there, or add the role",
    ],
    'unknown-area': [
        "plans/p1/recommendations/R01.yaml:5:7: error [unknown-area] area 'trainin' of recommendation R01 is not a key area of plan p1 (did you mean 'training'?); use one of: leadership, training",
    ],
    'unknown-board': [
        "plans/p1/plan.yaml:6:8: error [unknown-board] board of plan p1 is 'sb', which is not a board in plans/organisation.yaml; use one of: safeguarding-board",
    ],
    'unknown-partner': [
        "plans/p1/recommendations/R01.yaml:30:15: error [unknown-partner] partner 'city-council' of action R01.2 is not a partner in plans/organisation.yaml (did you mean 'county-council'?); add it under partners:",
    ],
    'unknown-meeting': [
        "plans/p1/recommendations/R02.yaml:11:12: error [unknown-meeting] recommendation R02 closed at meeting '2014-03-13', but plan p1 has no such meeting (did you mean '2014-03-12'?); use the id of a file in p1/meetings/",
    ],
    'unknown-rec': [
        "plans/p1/meetings/2014-03-12.yaml:13:12: error [unknown-recommendation] decision D1 closes 'R09', which is not a recommendation of plan p1 (did you mean 'R02'?)",
        'plans/p1/recommendations/R02.yaml:11:12: error [closure-not-approved] recommendation R02 is closed citing meeting 2014-03-12, but no decision of that meeting closes it; add a decision with close: R02 to plans/p1/meetings/2014-03-12.yaml, or cite the right meeting',
    ],
    'unknown-action': [
        "plans/p1/meetings/2014-03-12.yaml:16:13: error [unknown-action] decision D2 extends 'R01.9', which is not an action of plan p1 (did you mean 'R01.2'?)",
        'plans/p1/recommendations/R01.yaml:33:18: error [extension-not-approved] extension of action R01.2 to 2014-07-31 cites meeting 2014-03-12, but no decision there extends R01.2; add a decision with extend: R01.2 and to: 2014-07-31 to plans/p1/meetings/2014-03-12.yaml, or cite the right meeting',
    ],
    'closure-not-approved': [
        'plans/p1/recommendations/R02.yaml:11:12: error [closure-not-approved] recommendation R02 is closed citing meeting 2014-03-12, but no decision of that meeting closes it; add a decision with close: R02 to plans/p1/meetings/2014-03-12.yaml, or cite the right meeting',
    ],
    'closure-not-recorded': [
        'plans/p1/meetings/2014-03-12.yaml:13:12: warning [closure-not-recorded] decision D1 of meeting 2014-03-12 closes R02, but R02 is still open; set status: closed and closed: {meeting: 2014-03-12} in plans/p1/recommendations/R02.yaml',
    ],
    'ext-not-approved': [
        'plans/p1/recommendations/R01.yaml:32:13: error [extension-not-approved] extension of action R01.2 is to 2014-07-31, but meeting 2014-03-12 approved 2014-08-31; make the dates agree',
    ],
    'completed-date': [
        'plans/p1/recommendations/R01.yaml:15:13: error [completed-date] action R01.1 is complete but has no completed date; add completed: YYYY-MM-DD',
    ],
    'start-after-completion': [
        'plans/p1/recommendations/R01.yaml:17:12: warning [start-after-completion] action R01.1 starts on 2014-04-21, after it was completed on 2014-04-20; correct start: (or remove it: the timeline then starts the action at its first update)',
    ],
    'evidence': [
        'plans/p1/recommendations/R01.yaml:15:13: warning [evidence-missing] action R01.1 is complete but cites no evidence; add evidence: with a title and link',
    ],
    'no-actions': [
        "plans/p1/meetings/2014-03-12.yaml:16:13: error [unknown-action] decision D2 extends 'R01.2', which is not an action of plan p1 (did you mean 'R02.1'?)",
        'plans/p1/recommendations/R01.yaml:1:5: warning [no-actions] recommendation R01 is open but has no actions; add the actions that will deliver it',
    ],
    'successor': [
        'plans/p1/plan.yaml:3:9: error [successor-missing] plan p1 is superseded but does not say by which plan; add superseded_by: <plan id>',
        'plans/p1/recommendations/R01.yaml:9:9: error [open-in-superseded-plan] recommendation R01 is still open, but plan p1 is superseded; set status: superseded (with its open actions carried into the successor plan), or closed with the meeting that closed it',
        'plans/p1/recommendations/R01.yaml:29:13: error [not-carried-forward] action R01.2 of superseded plan p1 is in-progress but is neither carried into a later plan nor cancelled; add carried_from: p1/R01.2 to an action of the successor plan, or set status: cancelled',
    ],
    'updates-order': [
        'plans/p1/recommendations/R01.yaml:25:15: warning [updates-order] update of 2014-03-01 to action R01.1 comes after one of 2014-03-10; keep updates oldest first',
    ],
    'rag-greener': [
        'plans/p1/recommendations/R01.yaml:28:14: warning [owner-rag-greener] the update of 2014-05-10 rates action R01.1 green, but on that date it was red: due 2014-04-30, 10 days overdue; review the RAG or ask the board for an extension',
    ],
    'multi-doc': [
        "plans/p1/recommendations/R01.yaml:35:1: error [yaml-multiple-documents] this file holds more than one YAML document (a second '---'); keep one document per file",
    ],
    'not-mapping': [
        "plans/p1/recommendations/R01.yaml:1:1: error [not-a-mapping] a recommendation file must be a mapping of 'field: value' lines, not a single value or a list",
    ],
    'empty': [
        'plans/p1/recommendations/R01.yaml:1:1: error [not-a-mapping] file is empty; a recommendation file needs its fields (see docs/format.md)',
    ],
    'alias': [
        'plans/p1/recommendations/R01.yaml:30:15: error [yaml-alias] this list or mapping is repeated through an alias (*name) later in the file; write the content out in full where the alias is (aliases of lists and mappings are not allowed in plan files)',
    ],
    'utf8': [
        'plans/p1/recommendations/R01.yaml:3:14: error [yaml-syntax] byte 0xff is not valid UTF-8; save the file as UTF-8 text',
    ],
    'missing-org': [
        "plans/organisation.yaml:1:1: error [missing-file] organisation.yaml is missing; create it with the organisation's name, roles and boards (see docs/format.md)",
    ],
    'yml': [
        "plans/p1/recommendations/R03.yml:1:1: error [ignored-file] dagov reads only '.yaml' files, so this file is left out of every check and report; rename it to R03.yaml",
    ],
    'unknown-plan': [
        "plans/p1/plan.yaml:4:16: error [unknown-plan] superseded_by 'p2' is not a plan folder in plans; give the id of the plan that replaced this one",
        'plans/p1/recommendations/R01.yaml:9:9: error [open-in-superseded-plan] recommendation R01 is still open, but plan p1 is superseded by p2; set status: superseded (with its open actions carried into p2), or closed with the meeting that closed it',
        'plans/p1/recommendations/R01.yaml:29:13: error [not-carried-forward] action R01.2 of superseded plan p1 is in-progress but is neither carried into a later plan nor cancelled; add carried_from: p1/R01.2 to an action of p2, or set status: cancelled',
    ],
    'carried-from-nowhere': [
        "plans/p1/recommendations/R01.yaml:35:19: error [unknown-plan] action R01.2 is carried from plan 'p0', which is not a plan folder; write the folder of the superseded plan and the id of its action, e.g. da-2014/R05.3",
    ],
    'review-unknown-board-action': [
        "plans/p1/meetings/2014-03-12.yaml:24:13: error [unknown-action] action log of meeting 2014-03-12 reviews 'SB-09', which no earlier meeting of safeguarding-board raised; check the id against the 'actions:' of earlier meetings",
    ],
    'closed-with-open-actions': [
        'plans/p1/recommendations/R02.yaml:9:9: warning [closed-with-open-actions] recommendation R02 is closed but action R02.1 is not complete or cancelled; complete or cancel them',
    ],
    'extend-without-date': [
        'plans/p1/meetings/2014-03-12.yaml:16:13: error [missing-field] decision D2 extends R01.2 but gives no new date; add to: YYYY-MM-DD',
    ],
    'closed-block-but-open': [
        'plans/p1/meetings/2014-03-12.yaml:13:12: warning [closure-not-recorded] decision D1 of meeting 2014-03-12 closes R02, but R02 is still open; set status: closed and closed: {meeting: 2014-03-12} in plans/p1/recommendations/R02.yaml',
        "plans/p1/recommendations/R02.yaml:11:3: error [closure-not-approved] recommendation R02 has a 'closed:' block but its status is open; set status: closed, or remove the closed: block",
    ],
    'duplicate-decision': [
        "plans/p1/meetings/2014-03-12.yaml:14:9: error [duplicate-id] decision id 'D1' is used twice in meeting 2014-03-12; number decisions D1, D2, ...",
    ],
    'too-large': [
        'plans/p1/recommendations/R01.yaml:1:1: error [file-too-large] file is 2,097,883 bytes, over the 2,097,152-byte limit for a plan file; split it (one recommendation or meeting per file)',
    ],
    'stray-yaml': [
        'plans/p1/notes.yaml:1:1: warning [ignored-file] dagov does not read this file: recommendations go in recommendations/, meetings in meetings/, papers in papers/',
        'plans/stray:1:1: warning [ignored-file] folder stray has no plan.yaml, so dagov ignores it; add a plan.yaml to make it a plan',
    ],
    'duplicate-role': [
        "plans/organisation.yaml:9:3: error [duplicate-key] role 'lead' is defined twice in 'roles' of organisation Test Constabulary (first at line 6); YAML would silently keep only the last one: remove or rename one",
    ],
    'role-as-boolean-key': [
        'plans/organisation.yaml:9:3: error [ambiguous-boolean] role id \'yes\' in \'roles\' of organisation Test Constabulary is read by YAML as a boolean; put it in quotes ("yes") or choose another id',
    ],
    'bad-role-id': [
        "plans/organisation.yaml:9:3: error [bad-value] role id 'Head Trainer' in 'roles' of organisation Test Constabulary is not valid: use lower-case letters, digits and hyphens, e.g. chief-constable",
    ],
    'guest-unknown-field': [
        "plans/p1/meetings/2014-03-12.yaml:5:51: error [unknown-field] attendee Jo Guest has an unknown field 'org'; allowed fields: name, role, organisation",
    ],
    'impossible-date': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is 2014-02-30, which is not a real calendar date; check the day and month",
    ],
    'datetime': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is '2014-06-30 10:00:00', which has a time; write only the date, e.g. 2014-06-30",
    ],
    'number-as-text-is-kept': [
    ],
    'string-for-list': [
        "plans/p1/recommendations/R01.yaml:30:15: error [wrong-type] 'partners' of action R01.2 should be a list (lines starting with '- '), not the text 'county-council'",
    ],
    'empty-title': [
        "plans/p1/recommendations/R01.yaml:3:8: error [missing-field] 'title' is empty in recommendation R01 (a short title); add it, e.g. title: Domestic abuse training for all staff",
    ],
    'status-mismatch': [
        'plans/p1/recommendations/R01.yaml:34:17: warning [status-mismatch] the update of 2014-05-01 records action R01.2 as blocked, but its status is in-progress; make them agree (or add an update recording the change)',
    ],
    'missing-colon': [
        "plans/p1/recommendations/R01.yaml:5:1: error [yaml-syntax] a 'key: value' line is missing its ':' (or a line of text is not indented under its key); write it as 'key: value'",
    ],
    'colon-in-text': [
        'plans/p1/recommendations/R01.yaml:4:13: error [yaml-syntax] there is a \': \' inside a value; put the whole value in quotes ("..."), or use \'|\' for a block of text',
    ],
    'date-in-words': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is '1 June 2014', which is not in YYYY-MM-DD form; write 2014-06-01",
    ],
    'date-short-iso': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is '2014-6-1', which is not in YYYY-MM-DD form; write 2014-06-01",
    ],
    'british-date-no-such-day': [
        "plans/p1/recommendations/R01.yaml:8:6: error [bad-date] 'due' of recommendation R01 is '31/6/2014', which is not a real calendar date (check the day and month); write it as YYYY-MM-DD, e.g. 2014-06-30",
    ],
    'broken-plan-yaml-gives-one-error': [
        "plans/p1/plan.yaml:3:1: error [yaml-syntax] a 'key: value' line is missing its ':' (or a line of text is not indented under its key); write it as 'key: value'",
    ],
    'copied-file': [
        "plans/p1/recommendations/R03.yaml:1:5: error [id-mismatch] recommendation id 'R02' is already the id of plans/p1/recommendations/R02.yaml; change this file's id to R03",
        "plans/p1/recommendations/R03.yaml:13:9: error [duplicate-id] action id 'R02.1' is already used at plans/p1/recommendations/R02.yaml:13; give this action the next free number",
    ],
    'plan-id-mismatch': [
        "plans/p1/plan.yaml:1:5: error [id-mismatch] plan id 'plan-one' differs from its folder name 'p1'; make them the same",
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_reports_exact_location(case, tree_dir, monkeypatch):
    root = tree_dir(CASES[case])
    monkeypatch.chdir(root.parent)
    assert [f.as_text() for f in check("plans").findings] == EXPECTED[case]


def test_valid_tree_has_no_findings(tree_dir, monkeypatch):
    root = tree_dir()
    monkeypatch.chdir(root.parent)
    result = check("plans")
    assert result.findings == []
    assert result.tree.files == 5
