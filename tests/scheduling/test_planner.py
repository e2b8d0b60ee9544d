"""Golden scenarios of the planner: thank-yous, first calls, stages, snoozes (R4-R6, R11)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, time, timedelta

import pytest

from followup_gui.domain.values import (
    AttemptFacts,
    AttemptKind,
    FollowUpKind,
    Outcome,
    PlaybookName,
)
from followup_gui.scheduling import PlannerSettings, plan
from tests.scheduling.facts import (
    BERLIN,
    GOLDEN,
    NY,
    application,
    at,
    call,
    interview,
    only,
    the_call,
    with_attempts,
)

FRIDAY = at(2026, 11, 20, 12)


def test_balanced_golden_plan():
    items = plan(application(), FRIDAY)
    assert [(i.key, i.due) for i in items] == [
        ("thanks:email:dana:i1", at(2026, 11, 19, 19)),
        ("thanks:email:sam:i1", at(2026, 11, 19, 19)),
        ("call:1", at(2026, 11, 24, 9)),
    ]
    thanks, _, first_call = items
    assert thanks.window_end == at(2026, 11, 20, 15)
    assert thanks.kind == FollowUpKind.THANK_YOU_EMAIL
    assert thanks.contact_name == "Dana Whitfield"
    assert thanks.rules == ("R4",)
    assert thanks.reason == (
        "Thank Dana Whitfield by email the same evening, within 24 hours of your interview"
    )
    assert first_call.contact_id == "dana"
    assert first_call.window_end == at(2026, 11, 24, 17)
    assert first_call.rules == ("R5", "R6")
    assert first_call.reason == (
        "Call Dana Whitfield to ask where they are in the process: "
        "3 business days have passed since your interview"
    )


@pytest.mark.parametrize(
    ("playbook", "settings", "first_call"),
    [
        # Thu + 2 business days is Monday: moved to Tuesday (R6).
        (PlaybookName.GENTLE, PlannerSettings(), at(2026, 11, 24, 9)),
        (PlaybookName.BALANCED, PlannerSettings(), at(2026, 11, 24, 9)),
        (PlaybookName.PERSISTENT, PlannerSettings(holidays_country=None), at(2026, 11, 26, 9)),
        # A week after falls on Thanksgiving: holidays are on by default for the
        # employer's country (New York: US), and the Friday after Thanksgiving is
        # a bridge day: five business days reach Monday 30, moved to Tuesday (R6).
        (PlaybookName.PERSISTENT, PlannerSettings(), at(2026, 12, 1, 9)),
        (PlaybookName.PERSISTENT, PlannerSettings(holidays_country="US"), at(2026, 12, 1, 9)),
    ],
)
def test_first_call_per_playbook(playbook, settings, first_call):
    assert the_call(plan(application(playbook=playbook), FRIDAY, settings)).due == first_call


def test_first_call_after_a_wednesday_interview_differs_per_playbook():
    wednesday = interview(at(2026, 11, 11, 10))
    dues = {
        pb: the_call(plan(application(wednesday, playbook=pb), FRIDAY)).due for pb in PlaybookName
    }
    assert dues == {
        PlaybookName.GENTLE: at(2026, 11, 13, 9),  # Friday
        PlaybookName.BALANCED: at(2026, 11, 17, 9),  # Monday -> Tuesday
        PlaybookName.PERSISTENT: at(2026, 11, 18, 9),  # a week later
    }


def test_persistent_plans_a_card_per_interviewer():
    items = plan(application(playbook=PlaybookName.PERSISTENT), FRIDAY)
    cards = only(items, FollowUpKind.THANK_YOU_CARD)
    assert [c.key for c in cards] == ["thanks:card:dana:i1", "thanks:card:sam:i1"]
    assert all(c.due == at(2026, 11, 19, 19) for c in cards)
    assert "card" in cards[0].reason


def test_cards_on_request_in_any_playbook():
    settings = PlannerSettings(plan_thank_you_cards=True)
    assert len(only(plan(application(), FRIDAY, settings), FollowUpKind.THANK_YOU_CARD)) == 2
    assert only(plan(application(), FRIDAY), FollowUpKind.THANK_YOU_CARD) == []


def test_late_interview_is_thanked_right_after_it():
    late = interview(at(2026, 11, 19, 19, 30))
    thanks = only(plan(application(late), FRIDAY), FollowUpKind.THANK_YOU_EMAIL)[0]
    assert thanks.due == at(2026, 11, 19, 20, 30)
    assert thanks.window_end == at(2026, 11, 20, 20, 30)
    assert "right after your interview" in thanks.reason


def test_thank_you_evening_is_configurable():
    settings = PlannerSettings(thank_you_evening=time(18, 15))
    thanks = only(plan(application(), FRIDAY, settings), FollowUpKind.THANK_YOU_EMAIL)[0]
    assert thanks.due == at(2026, 11, 19, 18, 15)


def test_thank_you_is_done_by_an_email_after_the_interview_started():
    before = AttemptFacts("dana", AttemptKind.THANK_YOU_EMAIL, at(2026, 11, 18, 9), Outcome.SENT)
    after = AttemptFacts("sam", AttemptKind.THANK_YOU_EMAIL, at(2026, 11, 19, 18), Outcome.SENT)
    items = plan(with_attempts(application(), before, after), FRIDAY)
    assert [i.key for i in only(items, FollowUpKind.THANK_YOU_EMAIL)] == ["thanks:email:dana:i1"]


def test_each_interview_thanks_each_participant_once():
    second = interview(at(2026, 11, 24, 10), participants=("dana", "dana"), iid="i2")
    items = plan(application(GOLDEN, second), at(2026, 11, 25, 12))
    assert [i.key for i in only(items, FollowUpKind.THANK_YOU_EMAIL)] == [
        "thanks:email:dana:i1",
        "thanks:email:sam:i1",
        "thanks:email:dana:i2",
    ]
    # The sequence follows the last interview: Tue 24 Nov + 3 business days
    # (Thanksgiving and the Friday after it do not count) is Tuesday 1 December.
    assert the_call(items).due == at(2026, 12, 1, 9)


def test_resolved_items_are_omitted():
    app = application(resolved=frozenset({"thanks:email:dana:i1", "thanks:email:sam:i1"}))
    assert [i.key for i in plan(app, FRIDAY)] == ["call:1"]


def test_overdue_items_keep_their_due_time():
    items = plan(application(), at(2027, 2, 1, 12))
    assert [i.due for i in items] == [at(2026, 11, 19, 19)] * 2 + [at(2026, 11, 24, 9)]


def test_snoozed_call_moves_to_the_next_call_slot():
    app = application(snoozes={"call:1": at(2026, 11, 28, 8)})  # a Saturday
    first_call = the_call(plan(app, FRIDAY))
    assert first_call.due == at(2026, 12, 1, 9)
    assert first_call.reason.endswith("(snoozed)")


def test_snooze_before_the_due_time_changes_nothing():
    app = application(snoozes={"call:1": at(2026, 11, 20, 8)})
    assert the_call(plan(app, FRIDAY)).due == at(2026, 11, 24, 9)


def test_snoozed_thank_you():
    app = application(snoozes={"thanks:email:dana:i1": at(2026, 11, 20, 8)})
    thanks = plan(app, FRIDAY)
    dana = next(i for i in thanks if i.key == "thanks:email:dana:i1")
    assert dana.due == at(2026, 11, 20, 8)
    assert dana.window_end == at(2026, 11, 20, 15)


def test_primary_contact_receives_the_calls():
    assert the_call(plan(application(primary_contact_id="sam"), FRIDAY)).contact_id == "sam"


def test_calls_without_any_known_contact_name_the_team():
    anonymous = interview(at(2026, 11, 19, 14), participants=())
    items = plan(application(anonymous), FRIDAY)
    assert [i.key for i in items] == ["call:1"]
    assert items[0].contact_id is None
    assert items[0].reason.startswith("Call the hiring team at Acme to ask")


def test_decision_date_moves_the_first_call_past_a_reasonable_period():
    # Decision expected Wednesday 2 Dec: two business days later is Friday 4 Dec.
    first_call = the_call(plan(application(decision_expected=date(2026, 12, 2)), FRIDAY))
    assert first_call.due == at(2026, 12, 4, 9)
    assert first_call.rules == ("R3", "R5", "R6")
    assert "since the date they said they would decide" in first_call.reason


def test_decision_date_before_the_playbook_offset_changes_nothing():
    first_call = the_call(plan(application(decision_expected=date(2026, 11, 19)), FRIDAY))
    assert first_call.due == at(2026, 11, 24, 9)


def test_decision_on_a_friday_is_followed_on_tuesday_for_gentle_too():
    app = application(playbook=PlaybookName.GENTLE, decision_expected=date(2026, 11, 27))
    assert the_call(plan(app, FRIDAY)).due == at(2026, 12, 1, 9)


# -- stages ---------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["offer", "no_response"])
def test_terminal_stages_plan_nothing(stage):
    assert plan(application(stage=stage), FRIDAY) == []


def test_rejected_stage_asks_for_feedback_only():
    # Moved to Rejected the evening of the interview: asked the next business morning.
    items = plan(application(stage="rejected"), at(2026, 11, 19, 18))
    assert [(i.key, i.kind, i.due) for i in items] == [
        ("feedback", FollowUpKind.FEEDBACK_REQUEST, at(2026, 11, 20, 9))
    ]
    assert items[0].rules == ("R11",)
    # Five business days to send it: Thanksgiving and the Friday after do not count.
    assert items[0].window_end == at(2026, 12, 1, 17)
    assert "burn bridges" in items[0].reason
    assert not items[0].floating


def test_rejected_stage_with_feedback_already_requested_plans_nothing():
    asked = AttemptFacts("dana", AttemptKind.FEEDBACK_REQUEST, at(2026, 11, 23, 10), Outcome.SENT)
    app = with_attempts(application(stage="rejected"), asked)
    assert plan(app, at(2026, 12, 1, 12)) == []
    assert plan(application(stage="rejected", resolved=frozenset({"feedback"})), FRIDAY) == []


def test_rejected_without_any_event_is_due_the_next_business_morning():
    app = application(stage="rejected", interviews=())
    assert plan(app, at(2026, 11, 20, 12))[0].due == at(2026, 11, 23, 9)


@pytest.mark.parametrize("stage", ["wishlist", "applied"])
def test_early_stages_only_thank(stage):
    items = plan(application(stage=stage), FRIDAY)
    assert {i.kind for i in items} == {FollowUpKind.THANK_YOU_EMAIL}


def test_future_interview_thanks_at_its_end_and_holds_calls():
    app = application(stage="interview_scheduled")
    items = plan(app, at(2026, 11, 18, 12))
    assert [(i.key, i.due) for i in items] == [
        ("thanks:email:dana:i1", at(2026, 11, 19, 19)),
        ("thanks:email:sam:i1", at(2026, 11, 19, 19)),
    ]
    # Once it is over, the call sequence starts.
    assert the_call(plan(app, FRIDAY)).due == at(2026, 11, 24, 9)


def test_a_scheduled_next_round_holds_the_calls():
    second = interview(at(2026, 12, 3, 10), iid="i2")
    items = plan(application(GOLDEN, second), FRIDAY)
    assert only(items, FollowUpKind.CALL) == []
    assert len(only(items, FollowUpKind.THANK_YOU_EMAIL)) == 4


def test_no_interview_no_plan():
    assert plan(application(interviews=()), FRIDAY) == []


def test_naive_now_is_rejected():
    with pytest.raises(ValueError, match="now"):
        plan(application(), FRIDAY.replace(tzinfo=None))


# -- DST ------------------------------------------------------------------------


def assert_thanks_within_24h(items, ended):
    thanks = only(items, FollowUpKind.THANK_YOU_EMAIL)
    assert thanks
    for item in thanks:
        assert ended <= item.due <= item.window_end
        assert item.window_end.astimezone(UTC) - ended.astimezone(UTC) == timedelta(hours=24)
        back = item.due.astimezone(UTC).astimezone(item.due.tzinfo)
        assert back.replace(tzinfo=None) == item.due.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("start", "tz", "due_wall", "window_wall"),
    [
        # New York spring forward (Sun 8 Mar 2026): the night has 23 hours.
        (at(2026, 3, 7, 23), "America/New_York", "2026-03-07T23:30", "2026-03-09T00:30"),
        (at(2026, 3, 7, 10), "America/New_York", "2026-03-07T19:00", "2026-03-08T12:00"),
        # New York fall back (Sun 1 Nov 2026): the night has 25 hours.
        (at(2026, 10, 31, 14), "America/New_York", "2026-10-31T19:00", "2026-11-01T14:00"),
        (at(2026, 10, 31, 23), "America/New_York", "2026-10-31T23:30", "2026-11-01T22:30"),
        # Berlin (Sun 29 Mar and Sun 25 Oct 2026).
        (at(2026, 3, 28, 15, tz=BERLIN), "Europe/Berlin", "2026-03-28T19:00", "2026-03-29T16:30"),
        (at(2026, 10, 24, 15, tz=BERLIN), "Europe/Berlin", "2026-10-24T19:00", "2026-10-25T14:30"),
    ],
)
def test_thank_you_within_24_real_hours_across_dst(start, tz, due_wall, window_wall):
    iv = interview(start, minutes=30 if start.hour in (15, 23) else 60)
    items = plan(application(iv, tz=tz), start + timedelta(days=1))
    assert_thanks_within_24h(items, iv.ends_at)
    thanks = items[0]
    assert thanks.due.replace(tzinfo=None).isoformat(timespec="minutes") == due_wall
    assert thanks.window_end.replace(tzinfo=None).isoformat(timespec="minutes") == window_wall


def test_thank_you_evening_in_the_spring_forward_gap_is_a_real_time():
    settings = PlannerSettings(thank_you_evening=time(2, 30))
    iv = interview(at(2026, 3, 8, 0), minutes=45)
    items = plan(application(iv), at(2026, 3, 9, 12), settings)
    assert_thanks_within_24h(items, iv.ends_at)
    assert items[0].due.time() == time(3, 30)
    assert items[0].due.utcoffset() == timedelta(hours=-4)


def test_ambiguous_thank_you_evening_takes_the_first_occurrence():
    settings = PlannerSettings(thank_you_evening=time(1, 30))
    iv = interview(at(2026, 11, 1, 0), minutes=30)
    items = plan(application(iv), at(2026, 11, 2, 12), settings)
    assert_thanks_within_24h(items, iv.ends_at)
    assert items[0].due.utcoffset() == timedelta(hours=-4)
    assert items[0].due.fold == 0


def test_first_call_after_spring_forward_is_nine_local():
    iv = interview(at(2026, 3, 5, 14))  # Thursday before the change
    first_call = the_call(plan(application(iv), at(2026, 3, 6, 12)))
    assert first_call.due == at(2026, 3, 10, 9)
    assert first_call.due.utcoffset() == timedelta(hours=-4)


def test_first_call_after_berlin_fall_back_is_nine_local():
    iv = interview(at(2026, 10, 22, 14, tz=BERLIN))
    app = dataclasses.replace(application(iv, tz="Europe/Berlin"))
    first_call = the_call(plan(app, at(2026, 10, 23, 12, tz=BERLIN)))
    assert first_call.due == at(2026, 10, 27, 9, tz=BERLIN)
    assert first_call.due.utcoffset() == timedelta(hours=1)


def test_calls_use_the_employers_zone_not_the_callers():
    # now given in UTC; the plan is in the employer's zone.
    first_call = the_call(plan(application(), FRIDAY.astimezone(UTC)))
    assert first_call.due.tzinfo == NY


def test_calls_before_the_last_interview_do_not_count():
    # A call attempt before the interview belongs to an earlier round.
    app = with_attempts(application(), call(at(2026, 11, 10, 10), Outcome.NO_ANSWER))
    items = plan(app, FRIDAY)
    assert the_call(items).key == "call:2"
    assert the_call(items).due == at(2026, 11, 24, 9)


def test_naive_snooze_is_rejected():
    app = application(snoozes={"call:1": at(2026, 12, 1, 9).replace(tzinfo=None)})
    with pytest.raises(ValueError, match="snooze of call:1"):
        plan(app, FRIDAY)


def test_the_decision_date_said_last_wins_even_when_it_is_earlier():
    # Entered with 4 Dec; on a call on Mon 23 Nov they said "by Wed 25 Nov".
    app = with_attempts(
        application(decision_expected=date(2026, 12, 4)),
        call(at(2026, 11, 23, 10), Outcome.SPOKE, decision=date(2026, 11, 25)),
    )
    due = the_call(plan(app, at(2026, 11, 23, 12))).due
    assert date(2026, 11, 25) < due.date() < date(2026, 12, 4)
    # And a later call that gives a later date moves it again.
    later = with_attempts(
        app, call(at(2026, 11, 30, 10), Outcome.SPOKE, decision=date(2026, 12, 9))
    )
    assert the_call(plan(later, at(2026, 11, 30, 12))).due.date() > date(2026, 12, 9)


def test_a_column_the_user_made_terminal_plans_nothing():
    assert plan(application(stage="withdrawn", stage_terminal=True), FRIDAY) == []
    # The built-in Rejected column is terminal too, and still asks for feedback.
    assert plan(application(stage="rejected", stage_terminal=True), FRIDAY)
