"""Outcomes drive the plan: each logged call re-plans what follows (R8-R11)."""

from __future__ import annotations

from datetime import date

import pytest

from followup_gui.domain.values import (
    AttemptFacts,
    AttemptKind,
    FollowUpKind,
    Outcome,
    PlaybookName,
)
from followup_gui.scheduling import PlannerSettings, plan
from tests.scheduling.facts import GOLDEN, application, at, call, only, the_call, with_attempts

GENTLE, BALANCED, PERSISTENT = PlaybookName.GENTLE, PlaybookName.BALANCED, PlaybookName.PERSISTENT
TUE = at(2026, 11, 24, 9, 30)  # during the first balanced call slot
# The golden interview's weeks hold Thanksgiving: these tests of the cadence count
# plain business days; holidays (on by default) have their own tests below and in
# ``test_calendar`` and ``test_holidays``.
NO_HOLIDAYS = PlannerSettings(holidays_country=None)


def planned(playbook, *attempts, settings=None, **changes):
    app = with_attempts(application(playbook=playbook, **changes), *attempts)
    last = max((a.at for a in attempts), default=at(2026, 11, 20, 12))
    return plan(app, last, settings or NO_HOLIDAYS)


@pytest.mark.parametrize(
    ("playbook", "first", "after_voicemail"),
    [
        (GENTLE, at(2026, 11, 24, 9), at(2026, 12, 1, 9)),
        (BALANCED, at(2026, 11, 24, 9), at(2026, 12, 1, 9)),
        # Persistent: first call Thu 26 Nov, then two weeks after a voicemail.
        (PERSISTENT, at(2026, 11, 26, 9), at(2026, 12, 10, 9)),
    ],
)
def test_voicemail_waits_a_week_or_two(playbook, first, after_voicemail):
    items = planned(playbook, call(first, Outcome.VOICEMAIL))
    nxt = the_call(items)
    assert (nxt.key, nxt.due) == ("call:2", after_voicemail)
    assert nxt.rules == ("R6", "R8", "R9")
    week = "two weeks" if playbook == PERSISTENT else "a week"
    assert nxt.reason == (
        f"Call Dana Whitfield again to ask where they are in the process: "
        f"{week} {'has' if week.startswith('a ') else 'have'} passed since your voicemail"
    )
    # Thank-yous are not affected by a call.
    assert len(only(items, FollowUpKind.THANK_YOU_EMAIL)) == 2


@pytest.mark.parametrize("playbook", list(PlaybookName))
def test_no_answer_retries_the_next_call_day(playbook):
    assert the_call(planned(playbook, call(TUE, Outcome.NO_ANSWER))).due == at(2026, 11, 25, 9)
    # From a Friday, Monday is skipped (R6).
    friday = at(2026, 11, 27, 11)
    assert the_call(planned(playbook, call(friday, Outcome.NO_ANSWER))).due == at(2026, 12, 1, 9)


def test_no_answer_before_thanksgiving_skips_it_and_the_friday_after():
    wednesday = at(2026, 11, 25, 10)
    attempt = call(wednesday, Outcome.NO_ANSWER)
    assert the_call(planned(BALANCED, attempt)).due == at(2026, 11, 26, 9)  # holidays off
    # On by default (the employer is in New York), or named: Thanksgiving, the
    # Friday after it (a bridge day) and Monday (R6) are skipped.
    for settings in (PlannerSettings(), PlannerSettings(holidays_country="US")):
        assert the_call(planned(BALANCED, attempt, settings=settings)).due == at(2026, 12, 1, 9)


@pytest.mark.parametrize(
    ("playbook", "expected"),
    [
        (GENTLE, at(2026, 11, 26, 9)),  # a couple of business days
        (BALANCED, at(2026, 12, 1, 9)),  # a week
        (PERSISTENT, at(2026, 12, 1, 9)),
    ],
)
def test_spoke_without_a_date_uses_the_playbook_spacing(playbook, expected):
    nxt = the_call(planned(playbook, call(TUE, Outcome.SPOKE)))
    assert nxt.due == expected
    assert "since you last spoke" in nxt.reason


@pytest.mark.parametrize("playbook", list(PlaybookName))
def test_spoke_with_a_decision_date_checks_after_it(playbook):
    # Decision on Friday 4 Dec: two business days later is Tuesday 8 Dec.
    nxt = the_call(planned(playbook, call(TUE, Outcome.SPOKE, decision=date(2026, 12, 4))))
    assert nxt.due == at(2026, 12, 8, 9)
    assert nxt.rules == ("R3", "R5", "R6")
    assert "since the date they said they would decide" in nxt.reason


def test_a_newer_decision_date_on_the_application_counts_too():
    items = planned(BALANCED, call(TUE, Outcome.SPOKE), decision_expected=date(2026, 12, 9))
    assert the_call(items).due == at(2026, 12, 11, 9)


def test_a_past_decision_date_falls_back_to_spacing():
    items = planned(BALANCED, call(TUE, Outcome.SPOKE), decision_expected=date(2026, 11, 20))
    assert the_call(items).due == at(2026, 12, 1, 9)


def test_a_decision_date_tomorrow_still_waits_for_the_reasonable_period():
    attempt = call(TUE, Outcome.SPOKE, decision=date(2026, 11, 25))
    assert the_call(planned(BALANCED, attempt)).due == at(2026, 11, 27, 9)


@pytest.mark.parametrize("outcome", [Outcome.REJECTED, Outcome.FILLED])
@pytest.mark.parametrize("playbook", list(PlaybookName))
def test_rejection_leaves_a_single_feedback_request(playbook, outcome):
    items = planned(playbook, call(TUE, outcome))
    assert [(i.key, i.kind, i.due, i.contact_id) for i in items] == [
        ("feedback", FollowUpKind.FEEDBACK_REQUEST, at(2026, 11, 25, 9), "dana")
    ]


def test_rejection_by_email_to_someone_else_asks_them():
    rejected = AttemptFacts("sam", AttemptKind.STATUS_EMAIL, at(2026, 11, 27, 16), Outcome.REJECTED)
    items = planned(BALANCED, rejected)
    assert [(i.contact_id, i.due) for i in items] == [("sam", at(2026, 11, 30, 9))]


def test_feedback_already_requested_after_the_rejection():
    asked = AttemptFacts("dana", AttemptKind.FEEDBACK_REQUEST, at(2026, 11, 25, 9), Outcome.SENT)
    assert planned(BALANCED, call(TUE, Outcome.REJECTED), asked) == []


@pytest.mark.parametrize("playbook", list(PlaybookName))
def test_offer_cancels_everything(playbook):
    assert planned(playbook, call(TUE, Outcome.OFFER)) == []


def test_a_later_interview_reopens_after_a_rejection():
    rejected = call(at(2026, 11, 10, 10), Outcome.REJECTED)
    app = with_attempts(application(GOLDEN), rejected)
    assert the_call(plan(app, at(2026, 11, 20, 12))).key == "call:2"


@pytest.mark.parametrize(
    ("playbook", "calls", "move_on_due"),
    [
        # Gentle: two calls without an answer.
        (GENTLE, [at(2026, 11, 24, 9), at(2026, 11, 25, 9)], at(2026, 11, 26, 9)),
        # Balanced and Persistent: three.
        (
            BALANCED,
            [at(2026, 11, 24, 9), at(2026, 11, 25, 9), at(2026, 11, 26, 9)],
            at(2026, 11, 27, 9),
        ),
        (
            PERSISTENT,
            [at(2026, 11, 26, 9), at(2026, 11, 27, 9), at(2026, 12, 1, 9)],
            at(2026, 12, 2, 9),
        ),
    ],
)
def test_attempt_limit_suggests_moving_on(playbook, calls, move_on_due):
    attempts = [call(c, Outcome.NO_ANSWER) for c in calls]
    # One attempt fewer still plans a call.
    assert the_call(planned(playbook, *attempts[:-1])).key == f"call:{len(calls)}"
    items = planned(playbook, *attempts)
    moves = only(items, FollowUpKind.MOVE_ON)
    assert only(items, FollowUpKind.CALL) == []
    assert [(m.key, m.due) for m in moves] == [("move_on", move_on_due)]
    assert moves[0].rules == ("R9", "R10")
    assert moves[0].reason == (
        f"Time to move on: {len(calls)} calls without an answer, so move the card to "
        "No response and let the process play out"
    )


def test_voicemail_limit_suggests_moving_on_before_the_attempt_limit():
    attempts = [
        call(at(2026, 11, 24, 9), Outcome.VOICEMAIL),
        call(at(2026, 12, 1, 9), Outcome.VOICEMAIL),
    ]
    items = planned(BALANCED, *attempts)
    assert [(i.key, i.due) for i in only(items, FollowUpKind.MOVE_ON)] == [
        ("move_on", at(2026, 12, 8, 9))
    ]
    assert only(items, FollowUpKind.CALL) == []
    assert "2 voicemails" in items[-1].reason
    # Persistent allows a third voicemail.
    persistent = planned(PERSISTENT, *attempts)
    assert the_call(persistent).key == "call:3"


def test_dismissed_move_on_leaves_nothing():
    attempts = [call(at(2026, 11, 24 + d, 9), Outcome.NO_ANSWER) for d in range(3)]
    items = planned(BALANCED, *attempts, resolved=frozenset({"move_on"}))
    assert only(items, FollowUpKind.MOVE_ON) == [] == only(items, FollowUpKind.CALL)


def test_speaking_to_them_restarts_the_count():
    attempts = [
        call(at(2026, 11, 24, 9), Outcome.NO_ANSWER),
        call(at(2026, 11, 25, 9), Outcome.NO_ANSWER),
        call(at(2026, 11, 26, 9), Outcome.SPOKE),
        call(at(2026, 12, 3, 9), Outcome.NO_ANSWER),
        call(at(2026, 12, 4, 9), Outcome.NO_ANSWER),
    ]
    nxt = the_call(planned(BALANCED, *attempts))
    assert (nxt.key, nxt.due) == ("call:6", at(2026, 12, 8, 9))


def test_resolved_call_counts_as_a_call_without_outcome():
    # call:1 marked done without logging: call:2 a week after its due time.
    items = planned(BALANCED, resolved=frozenset({"call:1"}))
    nxt = the_call(items)
    assert (nxt.key, nxt.due) == ("call:2", at(2026, 12, 1, 9))
    assert "since your last planned call" in nxt.reason
    # A logged call and its resolved key are the same call, not two.
    logged = planned(BALANCED, call(TUE, Outcome.NO_ANSWER), resolved=frozenset({"call:1"}))
    assert the_call(logged).key == "call:2"
    # Three skipped calls reach the limit.
    skipped = planned(BALANCED, resolved=frozenset({"call:1", "call:2", "call:3"}))
    assert [i.kind for i in skipped if i.kind != FollowUpKind.THANK_YOU_EMAIL] == [
        FollowUpKind.MOVE_ON
    ]


def test_snoozed_later_call_and_move_on():
    items = planned(BALANCED, call(TUE, Outcome.VOICEMAIL), snoozes={"call:2": at(2026, 12, 4, 18)})
    assert the_call(items).due == at(2026, 12, 8, 9)
    attempts = [call(at(2026, 11, 24 + d, 9), Outcome.NO_ANSWER) for d in range(3)]
    snoozed = planned(BALANCED, *attempts, snoozes={"move_on": at(2026, 12, 5, 10)})
    assert only(snoozed, FollowUpKind.MOVE_ON)[0].due == at(2026, 12, 5, 10)
