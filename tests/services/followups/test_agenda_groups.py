"""The "Today" view's sections follow the user's calendar days, also across DST."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.services.followups.agenda import AgendaEntry, Section, agenda, group_agenda
from followup_gui.storage import Database
from tests.services.followups.outcome_data import NOW, make_application

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def entry(n: int, due: datetime) -> AgendaEntry:
    return AgendaEntry(
        follow_up_id=n,
        application_id=1,
        application="Acme",
        role="",
        contact=None,
        kind="call",
        due=due,
        window_end=due + timedelta(hours=1),
        rules=("R5",),
        reason="",
        overdue=False,
    )


def layout(groups) -> list[tuple[Section, date, list[int]]]:
    return [(g.section, g.day, [e.follow_up_id for e in g.entries]) for g in groups]


def test_new_york_fall_back_day_has_25_hours() -> None:
    # Saturday 2026-10-31 23:30 EDT; clocks go back at 02:00 on Sunday Nov 1.
    now = datetime(2026, 10, 31, 23, 30, tzinfo=NY)
    entries = [
        entry(1, datetime(2026, 10, 31, 22, 0, tzinfo=NY)),  # its window ended: overdue
        entry(2, datetime(2026, 10, 31, 23, 45, tzinfo=NY)),  # today
        # 24 real hours after now is 22:30 EST on Sunday: still Sunday.
        entry(3, (now.astimezone(UTC) + timedelta(hours=24)).astimezone(NY)),
        # 23:50 EST Sunday is 24h20m after now, more than a naive "now + 1 day".
        entry(4, datetime(2026, 11, 1, 23, 50, tzinfo=NY)),
        entry(5, datetime(2026, 11, 2, 0, 10, tzinfo=NY)),  # Monday
        # The repeated hour: 01:30 EST (fold=1) is after 01:40 EDT (fold=0).
        entry(6, datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY)),
        entry(7, datetime(2026, 11, 1, 1, 40, tzinfo=NY)),
    ]
    groups = group_agenda(entries, now, NY)
    assert layout(groups) == [
        (Section.OVERDUE, date(2026, 10, 31), [1]),
        (Section.TODAY, date(2026, 10, 31), [2]),
        (Section.DAY, date(2026, 11, 1), [7, 6, 3, 4]),
        (Section.DAY, date(2026, 11, 2), [5]),
    ]


def test_a_step_inside_its_window_is_listed_today_not_overdue() -> None:
    now = datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN)
    due = now - timedelta(hours=1)  # 09:00, its window until 17:00
    inside = replace(entry(1, due), window_end=now + timedelta(hours=7))
    ended = replace(entry(2, due - timedelta(days=2)), window_end=due - timedelta(days=2))
    assert layout(group_agenda([inside, ended], now, BERLIN)) == [
        (Section.OVERDUE, date(2026, 12, 8), [2]),
        (Section.TODAY, date(2026, 12, 8), [1]),
    ]


def test_berlin_days_from_a_new_york_employer() -> None:
    # The user lives in Berlin (clocks go back on 2026-10-25); the employer is in New York.
    now = datetime(2026, 10, 24, 22, 0, tzinfo=BERLIN)
    entries = [
        entry(1, datetime(2026, 10, 24, 17, 30, tzinfo=NY)),  # 23:30 Berlin: today
        entry(2, datetime(2026, 10, 25, 18, 30, tzinfo=NY)),  # 23:30 CET Sunday
        entry(3, datetime(2026, 10, 25, 19, 30, tzinfo=NY)),  # 00:30 CET Monday
        entry(4, datetime(2026, 11, 1, 17, 0, tzinfo=NY)),  # 23:00 Berlin Nov 1: 8 days on
        entry(5, datetime(2026, 10, 31, 17, 0, tzinfo=NY)),  # 22:00 Berlin Oct 31: day 7
    ]
    groups = group_agenda(entries, now, BERLIN)
    assert layout(groups) == [
        (Section.TODAY, date(2026, 10, 24), [1]),
        (Section.DAY, date(2026, 10, 25), [2]),
        (Section.DAY, date(2026, 10, 26), [3]),
        (Section.DAY, date(2026, 10, 31), [5]),
    ]


def test_grouping_a_stored_plan(db: Database) -> None:
    make_application(db)
    with db.read() as s:
        entries = agenda(s, NOW, 14)
    groups = group_agenda(entries, NOW, NY, days=14)
    # The thank-you was due last night and its 24 hours run until 15:00: due today.
    assert groups[0].section == Section.TODAY
    assert [e.kind for e in groups[0].entries] == ["thank_you_email"]
    assert not groups[0].entries[0].overdue
    assert groups[1].day == date(2026, 12, 1)
    assert [e.kind for e in groups[1].entries] == ["call"]
    later = NOW + timedelta(hours=4)  # 16:00: its window has ended
    with db.read() as s:
        entries = agenda(s, later, 14)
    groups = group_agenda(entries, later, NY, days=14)
    assert groups[0].section == Section.OVERDUE
    assert [e.kind for e in groups[0].entries] == ["thank_you_email"]
    assert groups[0].entries[0].overdue
