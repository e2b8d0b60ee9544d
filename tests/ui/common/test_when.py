"""One way to write a date and a time: relative words plus the date, through QLocale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale

from followup_gui.ui.common.when import (
    OVERDUE_SIGN,
    at_text,
    clock_text,
    date_edit_format,
    date_time_edit_format,
    day_text,
    full_day_text,
    moment_text,
    relative_day,
    short_day_text,
    their_time,
    time_edit_format,
    when_text,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
#: Tuesday 8 December 2026, 10:00 in Berlin.
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def c_locale() -> Iterator[None]:
    """The C locale ("Fri, 11 Dec", "19:00"), whatever the machine's."""
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


def test_planned_steps_say_when_relative_to_today_plus_the_date() -> None:
    at = NOW.replace(hour=19)
    assert when_text(at, NOW, at, BERLIN) == "today 19:00"
    assert when_text(at + timedelta(days=1), NOW, None, BERLIN) == "tomorrow 19:00"
    three = NOW.replace(day=11)
    assert when_text(three, NOW, three, BERLIN) == "in 3 days · Fri, 11 Dec 10:00"
    far = NOW + timedelta(days=21)
    assert when_text(far, NOW, far, BERLIN) == "in 3 weeks · Tue, 29 Dec 10:00"


def test_the_year_appears_only_when_it_is_not_this_year() -> None:
    today = date(2026, 12, 8)
    assert day_text(date(2026, 1, 20), today) == "Tue, 20 Jan"
    assert day_text(date(2027, 1, 20), today) == "Wed, 20 Jan 2027"
    later = datetime(2027, 1, 20, 9, 0, tzinfo=BERLIN)
    assert when_text(later, NOW, later, BERLIN).endswith("Wed, 20 Jan 2027 09:00")
    assert moment_text(datetime(2025, 1, 20, 9, 0, tzinfo=BERLIN), NOW, BERLIN) == (
        "Mon, 20 Jan 2025 09:00"
    )


def test_a_step_inside_its_window_is_due_until_the_window_ends() -> None:
    due = NOW - timedelta(hours=1)
    assert when_text(due, NOW, NOW.replace(hour=18), BERLIN) == "due now · until 18:00"
    tomorrow = NOW.replace(hour=18) + timedelta(days=1)
    assert when_text(due, NOW, tomorrow, BERLIN) == "due now · until tomorrow 18:00"
    assert not when_text(due, NOW, tomorrow, BERLIN).startswith(OVERDUE_SIGN)


def test_overdue_only_after_the_window_and_in_days() -> None:
    due = NOW - timedelta(days=6)
    text = when_text(due, NOW, due + timedelta(hours=8), BERLIN)
    assert text == "⚠ 6 days overdue · Wed, 2 Dec"
    one = NOW - timedelta(days=1)
    assert when_text(one, NOW, one, BERLIN) == "⚠ 1 day overdue · Mon, 7 Dec"
    early = NOW - timedelta(hours=2)
    assert when_text(early, NOW, early, BERLIN) == "⚠ overdue since 08:00"


def test_the_employers_clock_is_shown_beside_the_users_when_it_differs() -> None:
    theirs = datetime(2026, 12, 9, 13, 0, tzinfo=NEW_YORK)  # 19:00 in Berlin
    assert when_text(theirs, NOW, theirs, BERLIN) == "tomorrow 19:00 (their 13:00 EST)"
    same = datetime(2026, 12, 9, 13, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert when_text(same, NOW, same, BERLIN) == "tomorrow 13:00"
    # Their evening is the user's next day: their weekday is said.
    late = datetime(2026, 12, 10, 19, 0, tzinfo=NEW_YORK)
    assert their_time(late, BERLIN) == " (their Thu 19:00 EST)"
    assert when_text(late, NOW, late, BERLIN) == (
        "in 3 days · Fri, 11 Dec 01:00 (their Thu 19:00 EST)"
    )


def test_a_zone_without_an_abbreviation_shows_its_offset() -> None:
    dubai = datetime(2026, 12, 9, 13, 0, tzinfo=ZoneInfo("Asia/Dubai"))
    assert their_time(dubai, BERLIN) == " (their 13:00 UTC+04)"


def test_days_around_today_in_words() -> None:
    today = date(2026, 12, 8)
    assert relative_day(today, today) == "today"
    assert relative_day(date(2026, 12, 7), today) == "yesterday"
    assert relative_day(date(2026, 12, 5), today) == "3 days ago"
    assert relative_day(date(2026, 11, 17), today) == "3 weeks ago"
    assert relative_day(date(2026, 12, 10), today) == "in 2 days"


def test_the_locale_decides_names_order_and_clock() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert day_text(date(2026, 12, 11), date(2026, 12, 8)) == "Fri, Dec 11"
    assert clock_text(NOW.replace(hour=19)).replace("\u202f", " ") == "7:00 PM"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert day_text(date(2026, 12, 11), date(2026, 12, 8)) == "Fr., 11. Dez."


def test_narrow_labels_drop_the_weekday_but_keep_the_year_rule() -> None:
    today = date(2026, 12, 8)
    assert short_day_text(date(2026, 12, 7), today) == "7 Dec"
    assert short_day_text(date(2025, 12, 29), today) == "29 Dec 2025"
    assert short_day_text(date(2025, 12, 29), None) == "29 Dec"  # a timeline's week tick
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert short_day_text(date(2026, 12, 7), today) == "Dec 7"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert short_day_text(date(2026, 12, 7), today) == "7. Dez."


def test_a_date_read_on_its_own_always_has_its_year() -> None:
    assert full_day_text(date(2026, 11, 3)) == "Tue, 3 Nov 2026"


def test_the_end_of_a_pause_says_today_tomorrow_or_the_day() -> None:
    assert at_text(NOW.replace(hour=18), NOW, BERLIN) == "18:00"
    assert at_text(datetime(2026, 12, 9, 0, 0, tzinfo=BERLIN), NOW, BERLIN) == "tomorrow 00:00"
    assert at_text(datetime(2026, 12, 14, 8, 0, tzinfo=BERLIN), NOW, BERLIN) == "Mon, 14 Dec 08:00"


def test_date_editors_show_the_locales_day_and_time() -> None:
    assert date_edit_format() == "ddd, d MMM yyyy"
    assert time_edit_format() == "HH:mm"
    assert date_time_edit_format() == "ddd, d MMM yyyy  HH:mm"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert date_edit_format() == "ddd, MMM d, yyyy"
    assert "AP" in time_edit_format().upper()
