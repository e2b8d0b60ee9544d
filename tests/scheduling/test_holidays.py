"""Holidays and bridge days of the employer's country, on by default and settable (R6, X2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_gui.domain.values import FollowUpKind, Outcome
from followup_gui.scheduling import PlannerSettings, is_holiday, next_call_slot, plan
from followup_gui.scheduling.closures import (
    BRIDGE_DAYS,
    bridge_rules,
    known_region,
    parse_bridge_days,
    rule_day,
)
from followup_gui.scheduling.settings import for_zone
from tests.scheduling.facts import BERLIN, NY, application, at, call, interview, with_attempts

DEFAULT = PlannerSettings()


def next_call_after_no_answer(when, tz: str, settings: PlannerSettings = DEFAULT):
    iv = interview(when - timedelta(days=14))
    app = with_attempts(application(iv, tz=tz), call(when, Outcome.NO_ANSWER))
    [step] = [i for i in plan(app, when, settings) if i.kind == FollowUpKind.CALL]
    return step.due


def test_a_german_employer_is_never_called_on_24_25_26_or_31_december():
    # No answer on Wednesday 23 December: Thu 24 (bridge), Fri 25 and Sat 26
    # (holidays), Sunday, Monday (R6): Tuesday 29.
    due = next_call_after_no_answer(at(2026, 12, 23, 10, tz=BERLIN), "Europe/Berlin")
    assert due == at(2026, 12, 29, 9, tz=BERLIN)
    # No answer on Wednesday 30 December: 31 (bridge), 1 January (holiday): Tuesday 5.
    due = next_call_after_no_answer(at(2026, 12, 30, 10, tz=BERLIN), "Europe/Berlin")
    assert due == at(2027, 1, 5, 9, tz=BERLIN)


def test_a_us_employer_is_never_called_on_thanksgiving_or_the_friday_after():
    due = next_call_after_no_answer(at(2026, 11, 25, 10), "America/New_York")
    assert due == at(2026, 12, 1, 9)


def test_the_friday_after_ascension_is_a_bridge_day_in_germany():
    # Ascension Day is Thursday 14 May 2026: Friday 15 is a bridge day.
    assert rule_day("easter+40", 2026) == date(2026, 5, 15)
    due = next_call_after_no_answer(at(2026, 5, 13, 10, tz=BERLIN), "Europe/Berlin")
    assert due == at(2026, 5, 19, 9, tz=BERLIN)


def test_the_country_comes_from_the_employers_time_zone():
    assert for_zone(DEFAULT, "Europe/Berlin").holidays_country == "DE"
    assert for_zone(DEFAULT, "America/New_York").holidays_country == "US"
    assert for_zone(DEFAULT, "UTC").holidays_country is None  # no country: no holidays
    # The same 24 December is a call day in New York, a bridge day in Berlin.
    assert not is_holiday(date(2026, 12, 22), for_zone(DEFAULT, "Europe/Berlin"))
    assert is_holiday(date(2026, 12, 24), for_zone(DEFAULT, "Europe/Berlin"))
    assert next_call_slot(at(2026, 12, 23, 18, tz=BERLIN), BERLIN) == at(2026, 12, 29, 9, tz=BERLIN)


def test_holidays_can_be_turned_off_or_pinned_to_a_country():
    wednesday = at(2026, 12, 23, 18, tz=BERLIN)
    off = PlannerSettings(holidays_country=None)
    assert next_call_slot(wednesday, BERLIN, off) == at(2026, 12, 24, 9, tz=BERLIN)
    # A New York employer with the German calendar chosen in Settings.
    de = PlannerSettings(holidays_country="DE")
    assert next_call_slot(at(2026, 12, 23, 18), NY, de) == at(2026, 12, 29, 9)


def test_bridge_days_can_be_turned_off_replaced_or_extended():
    wednesday = at(2026, 12, 22, 18, tz=BERLIN)
    no_bridges = PlannerSettings(holidays_country="DE", bridge_days=("off",))
    assert next_call_slot(wednesday, BERLIN, no_bridges) == at(2026, 12, 23, 9, tz=BERLIN)
    assert next_call_slot(at(2026, 12, 23, 18, tz=BERLIN), BERLIN, no_bridges) == at(
        2026, 12, 24, 9, tz=BERLIN
    )
    # Only 23 December (replacing the list): 24 December is a call day again.
    only_23 = PlannerSettings(holidays_country="DE", bridge_days=("12-23",))
    assert next_call_slot(wednesday, BERLIN, only_23) == at(2026, 12, 24, 9, tz=BERLIN)
    # The built-in list plus 23 December in Germany only.
    more = PlannerSettings(holidays_country="DE", bridge_days=parse_bridge_days("auto, de:12-23"))
    assert next_call_slot(wednesday, BERLIN, more) == at(2026, 12, 29, 9, tz=BERLIN)
    us_more = PlannerSettings(holidays_country="US", bridge_days=more.bridge_days)
    assert is_holiday(date(2026, 12, 24), us_more) and not is_holiday(date(2026, 12, 23), us_more)


def test_a_region_adds_its_own_holidays():
    # Epiphany (Wednesday 6 January 2027) is a holiday in Bavaria, not in all of Germany.
    assert is_holiday(date(2027, 1, 6), PlannerSettings(holidays_country="DE-BY"))
    assert not is_holiday(date(2027, 1, 6), PlannerSettings(holidays_country="DE"))
    assert known_region("de-by") == "DE-BY"
    with pytest.raises(ValueError, match="no region XX"):
        known_region("DE-XX")
    with pytest.raises(ValueError, match="not a country code"):
        known_region("QQ")


@pytest.mark.parametrize(
    ("year", "friday"),
    [(2025, date(2025, 11, 28)), (2026, date(2026, 11, 27)), (2027, date(2027, 11, 26))],
)
def test_the_day_after_thanksgiving_is_a_friday_each_year(year, friday):
    assert rule_day("thanksgiving+1", year) == friday
    assert is_holiday(friday, PlannerSettings(holidays_country="US"))


def test_every_documented_rule_is_valid_and_each_country_has_24_or_29_december():
    for country, rules in BRIDGE_DAYS.items():
        assert parse_bridge_days(", ".join(rules)) == rules, country
        assert bridge_rules(country, ("auto",)) == rules
        assert {"12-24", "12-29"} & set(rules), country


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13-45", "'13-45' is not a bridge day"),
        ("easter+", "'easter\\+' is not a bridge day"),
        ("christmas", "'christmas' is not a bridge day"),
        ("off, 12-24", "'off' cannot be combined"),
    ],
)
def test_bad_bridge_days_are_refused_with_the_item_named(text, message):
    with pytest.raises(ValueError, match=message):
        parse_bridge_days(text)


def test_bridge_day_text_is_normalised():
    assert parse_bridge_days("") == ("auto",)
    assert parse_bridge_days(" auto ;de:Easter+40  12-31") == ("auto", "DE:easter+40", "12-31")
    assert parse_bridge_days("OFF") == ("off",)


def test_a_call_moved_by_a_closed_day_names_the_general_practice_x2():
    iv = interview(at(2026, 11, 25, 10))  # Wednesday before Thanksgiving
    [moved] = [
        i for i in plan(application(iv), at(2026, 11, 25, 12)) if i.kind == FollowUpKind.CALL
    ]
    assert moved.due == at(2026, 12, 2, 9)  # Mon 30, Tue 1, Wed 2: three business days
    assert moved.rules == ("R5", "R6", "X2")
    golden = [i for i in plan(application(), at(2026, 11, 20, 12)) if i.kind == FollowUpKind.CALL]
    assert golden[0].rules == ("R5", "R6")  # nothing closed between Thursday and Tuesday
    off = PlannerSettings(holidays_country=None)
    [plain] = [i for i in plan(application(iv), at(2026, 11, 25, 12), off) if i.kind == "call"]
    assert "X2" not in plain.rules


def test_a_hand_edited_unknown_region_or_country_never_stops_the_plan():
    # Settings files can be edited by hand; the planner falls back, it does not fail.
    assert is_holiday(date(2026, 12, 25), PlannerSettings(holidays_country="DE-XX"))
    assert not is_holiday(date(2026, 12, 25), PlannerSettings(holidays_country="QQ"))
    assert plan(application(), at(2026, 11, 20, 12), PlannerSettings(holidays_country="QQ"))
