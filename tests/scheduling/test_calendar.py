"""Business calendar: call days, business hours, holidays and DST (R6)."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from followup_gui.scheduling import (
    PlannerSettings,
    add_business_days,
    is_call_day,
    is_call_slot,
    local_instant,
    next_call_slot,
)
from followup_gui.scheduling.calendar import add_absolute, zone
from tests.scheduling.facts import BERLIN, NY, at

US = PlannerSettings(holidays_country="US")
OFF = PlannerSettings(holidays_country=None)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # Inside business hours of a Wednesday: now is fine.
        (at(2026, 11, 18, 10, 30), at(2026, 11, 18, 10, 30)),
        # Before opening: wait for 09:00.
        (at(2026, 11, 18, 7), at(2026, 11, 18, 9)),
        # At closing time: the next call day.
        (at(2026, 11, 18, 17), at(2026, 11, 19, 9)),
        # Friday evening: the weekend and Monday are skipped.
        (at(2026, 11, 20, 18), at(2026, 11, 24, 9)),
        (at(2026, 11, 21, 12), at(2026, 11, 24, 9)),
        (at(2026, 11, 23, 10), at(2026, 11, 24, 9)),
    ],
)
def test_next_call_slot_skips_nights_weekends_and_mondays(after, expected):
    slot = next_call_slot(after, "America/New_York")
    assert slot == expected
    assert slot.tzinfo == NY


def test_next_call_slot_uses_the_employers_zone():
    # 17:30 in Berlin is 11:30 in New York on a Wednesday: callable in New York.
    after = at(2026, 11, 18, 17, 30, BERLIN)
    assert next_call_slot(after, NY) == at(2026, 11, 18, 11, 30)
    # ...but after hours in Berlin.
    assert next_call_slot(after, BERLIN) == at(2026, 11, 19, 9, tz=BERLIN)


def test_thanksgiving_and_the_friday_after_are_skipped_unless_holidays_are_off():
    wednesday_evening = at(2026, 11, 25, 18)
    # On by default, for the country of the employer's zone; the Friday after
    # Thanksgiving is a bridge day (X2), and Monday is no call day (R6).
    assert next_call_slot(wednesday_evening, NY) == at(2026, 12, 1, 9)
    assert next_call_slot(wednesday_evening, NY, US) == at(2026, 12, 1, 9)
    assert next_call_slot(wednesday_evening, NY, OFF) == at(2026, 11, 26, 9)
    assert not is_call_day(date(2026, 11, 26), US)
    assert not is_call_day(date(2026, 11, 27), US)
    assert is_call_day(date(2026, 11, 26), OFF)


def test_german_holiday_is_skipped():
    # Friday 1 May 2026 is Labour Day in Germany.
    de = PlannerSettings(holidays_country="DE")
    assert next_call_slot(at(2026, 4, 30, 18, tz=BERLIN), BERLIN, de) == at(
        2026, 5, 5, 9, tz=BERLIN
    )


def test_business_days_count_mondays_but_not_weekends_or_holidays():
    thursday = date(2026, 11, 19)
    assert add_business_days(thursday, 0) == thursday
    assert add_business_days(thursday, 2) == date(2026, 11, 23)
    assert add_business_days(thursday, 5) == date(2026, 11, 26)
    # Thanksgiving (a holiday) and the Friday after it (a bridge day) do not count.
    assert add_business_days(thursday, 5, US) == date(2026, 11, 30)
    with pytest.raises(ValueError, match="negative"):
        add_business_days(thursday, -1)


def test_is_call_slot_bounds():
    assert is_call_slot(at(2026, 11, 18, 9), NY)
    assert is_call_slot(at(2026, 11, 18, 16, 59), NY)
    assert not is_call_slot(at(2026, 11, 18, 17), NY)
    assert not is_call_slot(at(2026, 11, 23, 10), NY)  # Monday


def test_custom_business_hours():
    settings = PlannerSettings(business_start=time(10), business_end=time(12))
    assert next_call_slot(at(2026, 11, 18, 12, 5), NY, settings) == at(2026, 11, 19, 10)


def test_invalid_inputs_are_rejected():
    with pytest.raises(ValueError, match="time zone"):
        next_call_slot(at(2026, 11, 18).replace(tzinfo=None), NY)
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="business_start"):
        PlannerSettings(business_start=time(17), business_end=time(9))


# -- DST ------------------------------------------------------------------------


def round_trips(moment):
    """A real local time survives a trip through UTC unchanged."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("tz", "day", "wall", "expected_wall", "offset_hours"),
    [
        # Spring forward: 02:30 does not exist; it becomes 03:30 summer time.
        (NY, date(2026, 3, 8), time(2, 30), time(3, 30), -4),
        (BERLIN, date(2026, 3, 29), time(2, 30), time(3, 30), 2),
        # Fall back: 01:30 happens twice; the first (summer time) one is chosen.
        (NY, date(2026, 11, 1), time(1, 30), time(1, 30), -4),
        (BERLIN, date(2026, 10, 25), time(2, 30), time(2, 30), 2),
    ],
)
def test_local_instant_never_returns_a_missing_time(tz, day, wall, expected_wall, offset_hours):
    moment = local_instant(day, wall, tz)
    assert moment.time() == expected_wall
    assert moment.utcoffset() == timedelta(hours=offset_hours)
    assert round_trips(moment)


def test_call_slots_keep_nine_oclock_across_dst():
    # Thursday before the US change: next call day after the weekend is Tue 10 March.
    slot = next_call_slot(at(2026, 3, 6, 18), NY)
    assert slot == at(2026, 3, 10, 9)
    assert slot.utcoffset() == timedelta(hours=-4)
    slot = next_call_slot(at(2026, 10, 23, 18, tz=BERLIN), BERLIN)
    assert (slot.date(), slot.time()) == (date(2026, 10, 27), time(9))
    assert slot.utcoffset() == timedelta(hours=1)


def test_absolute_addition_crosses_dst_in_real_hours():
    saturday = at(2026, 3, 7, 23, 30)
    later = add_absolute(saturday, timedelta(hours=24))
    assert later.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(hours=24)
    # 24 real hours after 23:30 on the eve of spring forward is 00:30 two days on.
    assert later.replace(tzinfo=None).isoformat() == "2026-03-09T00:30:00"
