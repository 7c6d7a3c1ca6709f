"""What the files say about an earlier date: completion and cancellation take effect on their dates."""

import datetime as dt

from dagov.plan.model import Action, Update
from dagov.plan.rag import derive, status_as_of

D = dt.date


def action(status, completed=None, updates=()):
    return Action("R01.1", "t", "o", D(2014, 6, 30), status, completed, (), (), tuple(updates), (), None)


def test_completed_after_as_of_was_in_progress():
    done = action("complete", D(2014, 6, 20))
    assert status_as_of(done, D(2014, 6, 19)) == "in-progress"
    assert status_as_of(done, D(2014, 6, 20)) == "complete"


def test_cancellation_takes_effect_from_the_last_update():
    cancelled = action("cancelled", updates=[Update(D(2014, 5, 1), "o", "started", None),
                                             Update(D(2014, 9, 15), "o", "carried forward", None)])
    assert status_as_of(cancelled, D(2014, 9, 14)) == "in-progress"
    assert derive(cancelled, D(2014, 7, 1), 14).reason == "red: due 2014-06-30, 1 day overdue"
    assert derive(cancelled, D(2014, 9, 15), 14).rag == "grey"


def test_cancelled_without_updates_is_cancelled_throughout():
    assert status_as_of(action("cancelled"), D(2014, 1, 1)) == "cancelled"


def test_status_recorded_on_updates_gives_the_status_as_of_each_date():
    history = action("cancelled", updates=[
        Update(D(2014, 4, 22), "o", "requirements sent", None),
        Update(D(2014, 5, 30), "o", "BLOCKED: no budget", "red", "blocked"),
        Update(D(2014, 7, 2), "o", "funding agreed", "amber", "in-progress"),
        Update(D(2014, 9, 15), "o", "carried forward", None, "cancelled"),
    ])
    assert [status_as_of(history, D(2014, m, d)) for m, d in ((5, 1), (5, 30), (6, 12), (7, 2), (9, 15))] == [
        "in-progress", "blocked", "blocked", "in-progress", "cancelled"]
    assert derive(history, D(2014, 6, 12), 14).reason == "red: blocked"


def test_completion_is_dated_by_completed_not_by_recorded_statuses():
    done = action("complete", D(2014, 6, 20), updates=[Update(D(2014, 5, 1), "o", "stuck", None, "blocked")])
    assert status_as_of(done, D(2014, 6, 1)) == "blocked"
    assert status_as_of(done, D(2014, 6, 20)) == "complete"
