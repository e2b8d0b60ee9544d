"""Invariants of the planner over random interviews, zones, playbooks and outcomes."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_gui.domain.values import FollowUpKind, Outcome, PlaybookName
from followup_gui.scheduling import (
    PLAYBOOKS,
    PlannerSettings,
    add_business_days,
    is_call_day,
    is_call_slot,
    is_holiday,
    next_call_slot,
    plan,
)
from tests.scheduling.facts import application, call, interview

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/Berlin",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
]
FAST = settings(
    max_examples=int(os.environ.get("FOLLOWUP_HYPOTHESIS_EXAMPLES", "200")), deadline=None
)

zones = st.sampled_from(ZONES).map(ZoneInfo)
instants = st.datetimes(datetime(2025, 6, 1), datetime(2028, 6, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)
planner_settings = st.builds(
    PlannerSettings, holidays_country=st.sampled_from([None, "US", "DE", "NZ", "IN"])
)
# A logged outcome: voicemail, no answer, or spoke (optionally with a decision in N days).
outcomes = st.one_of(
    st.sampled_from([Outcome.VOICEMAIL, Outcome.NO_ANSWER]).map(lambda o: (o, None)),
    st.tuples(st.just(Outcome.SPOKE), st.none() | st.integers(-5, 30)),
)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def is_real_local_time(moment: datetime) -> bool:
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


@FAST
@given(after=instants, tz=zones, config=planner_settings)
def test_next_call_slot_is_the_first_allowed_instant(after, tz, config):
    slot = next_call_slot(after, tz, config)
    assert slot >= after
    assert slot.tzinfo == tz
    assert is_real_local_time(slot)
    assert is_call_slot(slot, tz, config)
    if is_call_slot(after, tz, config):
        assert slot == after
    else:
        # Nothing allowed was skipped: it opens the business day...
        assert slot.time() == config.business_start
        # ...and no call day lies strictly between.
        day = local_day(after, tz) + timedelta(days=1)
        while day < slot.date():
            assert not is_call_day(day, config)
            day += timedelta(days=1)


@FAST
@given(
    start=instants,
    minutes=st.integers(15, 300),
    tz=zones,
    playbook=st.sampled_from(list(PlaybookName)),
    config=planner_settings,
    cards=st.booleans(),
)
def test_thank_yous_follow_the_interview_within_24_real_hours(
    start, minutes, tz, playbook, config, cards
):
    iv = interview(start.astimezone(tz), minutes=minutes)
    config = dataclasses.replace(config, plan_thank_you_cards=cards)
    app = application(iv, playbook=playbook, tz=tz.key)
    items = plan(app, iv.ends_at + timedelta(hours=1), config)
    thanks = [i for i in items if i.kind.startswith("thank_you")]
    with_card = cards or playbook == PlaybookName.PERSISTENT
    assert len(thanks) == (4 if with_card else 2)
    for item in thanks:
        assert iv.ends_at <= item.due <= item.window_end
        real_span = item.window_end.astimezone(UTC) - iv.ends_at.astimezone(UTC)
        assert real_span <= timedelta(hours=24)
        assert is_real_local_time(item.due)
        assert item.rules == ("R4",)
    assert [i.due for i in items] == sorted(i.due for i in items)


@FAST
@given(
    start=instants,
    minutes=st.integers(15, 240),
    tz=zones,
    playbook=st.sampled_from(list(PlaybookName)),
    config=planner_settings,
    decision_in=st.none() | st.integers(-3, 20),
    history=st.lists(outcomes, min_size=1, max_size=8),
    delays=st.lists(st.integers(0, 7 * 60), min_size=8, max_size=8),
)
def test_simulated_call_sequences_respect_the_playbook(
    start, minutes, tz, playbook, config, decision_in, history, delays
):
    """Plan, make the next call at (about) its due time, log an outcome, re-plan."""
    book = PLAYBOOKS[playbook]
    iv = interview(start.astimezone(tz), minutes=minutes)
    end_day = local_day(iv.ends_at, tz)
    decision = None if decision_in is None else end_day + timedelta(days=decision_in)
    app = application(iv, playbook=playbook, tz=tz.key, decision_expected=decision)
    now = iv.ends_at
    cause, earliest_day = (
        iv.ends_at,
        add_business_days(end_day, book.first_call_business_days, config),
    )
    attempts = voicemails = 0
    said = decision
    for (outcome, decide_in), delay in zip(history, delays, strict=False):
        items = plan(app, now, config)
        assert [i.due for i in items] == sorted(i.due for i in items)
        calls = [i for i in items if i.kind == FollowUpKind.CALL]
        moves = [i for i in items if i.kind == FollowUpKind.MOVE_ON]
        limit = attempts >= book.max_attempts or voicemails >= book.max_voicemails
        if limit:
            assert not calls
            assert len(moves) == 1 and moves[0].due >= cause
            return
        assert not moves and len(calls) == 1
        nxt = calls[0]
        # R6: Tuesday-Friday, business hours, no holiday, in the employer's zone.
        assert nxt.due.tzinfo == tz
        assert is_call_slot(nxt.due, tz, config)
        assert nxt.due.weekday() in (1, 2, 3, 4)
        assert config.business_start <= nxt.due.time() < config.business_end
        assert not is_holiday(nxt.due.date(), config)
        assert is_real_local_time(nxt.due)
        # Nothing before its cause; at least the wait the last outcome asks for.
        assert nxt.due > cause
        assert nxt.due.date() >= earliest_day
        if said is not None:
            floor = add_business_days(said, book.decision_grace_business_days, config)
            assert nxt.due.date() >= floor
        assert nxt.due <= nxt.window_end
        # Make the call, somewhere inside its window.
        room = int((nxt.window_end - nxt.due).total_seconds() // 60)
        made = nxt.due + timedelta(minutes=min(delay, max(room - 1, 0)))
        day = local_day(made, tz)
        given_date = None if decide_in is None else day + timedelta(days=decide_in)
        app = dataclasses.replace(
            app, attempts=(*app.attempts, call(made, outcome, decision=given_date))
        )
        if given_date is not None:
            said = given_date  # what the employer said last wins, earlier or later (R3, R5)
        now = cause = made
        if outcome == Outcome.SPOKE:
            attempts = voicemails = 0
            gap = book.spacing_business_days
            if said is not None and said >= day:
                gap = 1
        elif outcome == Outcome.VOICEMAIL:
            attempts, voicemails = attempts + 1, voicemails + 1
            gap = book.voicemail_wait_business_days
        else:
            attempts += 1
            gap = 1
        earliest_day = add_business_days(day, gap, config)
        assert attempts <= book.max_attempts
        assert voicemails <= book.max_voicemails


@FAST
@given(
    day=st.integers(0, 20),
    hour=st.integers(0, 23),
    playbook=st.sampled_from(list(PlaybookName)),
    history=st.lists(st.sampled_from([Outcome.VOICEMAIL, Outcome.NO_ANSWER]), max_size=3),
)
def test_no_call_on_us_thanksgiving_when_holidays_are_on(day, hour, playbook, history):
    tz = ZoneInfo("America/New_York")
    config = PlannerSettings(holidays_country="US")
    iv = interview(datetime(2026, 11, 5, hour, tzinfo=tz) + timedelta(days=day))
    app = application(iv, playbook=playbook)
    now = iv.ends_at
    for outcome in [*history, None]:
        calls = [i for i in plan(app, now, config) if i.kind == FollowUpKind.CALL]
        if not calls:
            return
        assert calls[0].due.date() != date(2026, 11, 26)
        if outcome is None:
            return
        app = dataclasses.replace(app, attempts=(*app.attempts, call(calls[0].due, outcome)))
        now = calls[0].due
