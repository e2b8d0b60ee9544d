"""The reminder loop's decisions, driven by a fake clock on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from followup_gui.domain.quiet_hours import QuietHours
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, WithChanges
from followup_gui.services.followups.reminders import (
    ReminderPolicy,
    due_now,
    pause_until_tomorrow,
    snooze_all,
    take_due_reminders,
)
from followup_gui.storage import Database
from followup_gui.storage import models as m

BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday, 10:00 in Berlin: outside the default quiet hours.
T0 = datetime(2024, 5, 15, 10, 0, tzinfo=BERLIN)
POLICY = ReminderPolicy(QuietHours(time(21), time(8)), tz=BERLIN)


class FakeClock:
    """The wall clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def add_follow_up(db: Database, due: datetime, key: str = "call-1", company: str = "Acme") -> int:
    with db.write() as s:
        contact = m.Contact(full_name="Dana Whitfield")
        app = m.Application(
            company=company, role="Backend Engineer", stage_key="interviewed", timezone="UTC"
        )
        s.add_all([contact, app])
        s.flush()
        f = m.FollowUp(
            application_id=app.id,
            contact_id=contact.id,
            key=key,
            kind="call",
            due_at=due,
            window_end=due + timedelta(hours=2),
            reason="Call Dana: no news after 5 business days",
        )
        s.add(f)
        s.flush()
        return f.id


def check(db: Database, clock: FakeClock, policy: ReminderPolicy = POLICY) -> list[int]:
    return [r.follow_up_id for r in take_due_reminders(db, clock(), policy).reminders]


def test_a_due_follow_up_fires_once(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0 + timedelta(minutes=10))
    assert check(db, clock) == []
    clock.advance(minutes=10)
    result = take_due_reminders(db, clock(), POLICY)
    assert [r.follow_up_id for r in result.reminders] == [fid]
    r = result.reminders[0]
    assert (r.company, r.contact, r.kind) == ("Acme", "Dana Whitfield", "call")
    assert not result.summary
    clock.advance(seconds=30)
    assert check(db, clock) == []
    clock.advance(hours=5)
    assert check(db, clock) == []
    # Still due (the tray counts it) even though it was announced.
    assert [r.follow_up_id for r in due_now(db, clock())] == [fid]


def test_restart_neither_repeats_nor_loses(db_path: Path) -> None:
    clock = FakeClock(T0)
    db = Database.open(db_path)
    first = add_follow_up(db, T0 - timedelta(minutes=1), key="a")
    second = add_follow_up(db, T0 + timedelta(hours=1), key="b")
    assert check(db, clock) == [first]
    db.close()
    # The app was closed while the second one came due.
    clock.advance(hours=3)
    db = Database.open(db_path)
    try:
        assert check(db, clock) == [second]
        assert check(db, clock) == []
        with db.read() as s:
            stored = {f.id: f.notified_at for f in s.scalars(select(m.FollowUp))}
        assert stored == {first: T0, second: clock()}
    finally:
        db.close()


def test_snooze_all_reminds_again_after_an_hour(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0)
    assert check(db, clock) == [fid]
    snoozed = snooze_all(db, clock())
    assert snoozed.value == 1
    with db.read() as s:
        app_id = s.get_one(m.FollowUp, fid).application_id
    # A snooze changes the plan of that application, not its card.
    assert snoozed.changes == ch.plans([app_id])
    assert snooze_all(db, clock()) == WithChanges(0, NOTHING), "nothing due any more"
    assert due_now(db, clock()) == []
    clock.advance(minutes=59)
    assert check(db, clock) == []
    clock.advance(minutes=1)
    assert check(db, clock) == [fid]
    assert check(db, clock) == []


def test_snooze_of_a_not_yet_announced_follow_up(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0)
    assert snooze_all(db, clock()).value == 1
    assert check(db, clock) == []
    clock.advance(hours=1)
    assert check(db, clock) == [fid]


def test_quiet_hours_wait_until_the_morning(db: Database) -> None:
    evening = datetime(2024, 5, 15, 22, 30, tzinfo=BERLIN)
    clock = FakeClock(evening)
    fid = add_follow_up(db, evening - timedelta(minutes=5))
    result = take_due_reminders(db, clock(), POLICY)
    assert result.reminders == ()
    assert result.held_until == datetime(2024, 5, 16, 8, 0, tzinfo=BERLIN)
    clock.now = datetime(2024, 5, 16, 7, 59, 30, tzinfo=BERLIN)
    assert check(db, clock) == []
    clock.now = datetime(2024, 5, 16, 8, 0, tzinfo=BERLIN)
    assert check(db, clock) == [fid]


def test_quiet_hours_are_read_on_the_users_wall_clock(db: Database) -> None:
    # 23:00 in New York is 05:00 in Berlin: quiet for a Berlin user either way,
    # but 14:00 in New York is 20:00 in Berlin, not quiet.
    clock = FakeClock(datetime(2024, 5, 15, 14, 0, tzinfo=ZoneInfo("America/New_York")))
    fid = add_follow_up(db, clock() - timedelta(minutes=1))
    ny_policy = ReminderPolicy(QuietHours(time(13), time(15)), tz=ZoneInfo("America/New_York"))
    assert check(db, clock, ny_policy) == []
    assert check(db, clock) == [fid]


def test_pause_until_tomorrow_holds_then_catches_up(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0 + timedelta(hours=2))
    until = pause_until_tomorrow(clock(), BERLIN)
    assert until == datetime(2024, 5, 16, 0, 0, tzinfo=BERLIN)
    paused = ReminderPolicy(POLICY.quiet_hours, paused_until=until, tz=BERLIN)
    clock.advance(hours=3)
    assert check(db, clock, paused) == []
    # Midnight ends the pause, but it is quiet until 08:00.
    result = take_due_reminders(db, until, paused)
    assert result.held_until == datetime(2024, 5, 16, 8, 0, tzinfo=BERLIN)
    clock.now = datetime(2024, 5, 16, 8, 0, tzinfo=BERLIN)
    assert check(db, clock, paused) == [fid]


def test_clock_jump_catches_up_in_one_check_with_a_summary(db: Database) -> None:
    clock = FakeClock(T0)
    ids = [add_follow_up(db, T0 + timedelta(days=d), key=f"k{d}") for d in range(1, 6)]
    assert check(db, clock) == []
    # Suspended for a week (or the clock was set ahead): the next check sees it all.
    clock.advance(days=7)
    result = take_due_reminders(db, clock(), POLICY)
    assert [r.follow_up_id for r in result.reminders] == ids
    assert result.summary
    assert check(db, clock) == []


@pytest.mark.parametrize(("count", "summary"), [(3, False), (4, True)])
def test_more_than_three_at_once_become_a_summary(db: Database, count: int, summary: bool) -> None:
    for i in range(count):
        add_follow_up(db, T0, key=f"k{i}")
    assert take_due_reminders(db, T0, POLICY).summary is summary


def test_done_and_cancelled_follow_ups_are_not_announced(db: Database) -> None:
    fid = add_follow_up(db, T0)
    with db.write() as s:
        s.get_one(m.FollowUp, fid).status = "done"
    assert take_due_reminders(db, T0, POLICY).reminders == ()
    assert due_now(db, T0) == []


def test_a_replan_that_moves_the_due_time_earns_a_new_reminder(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0)
    assert check(db, clock) == [fid]
    with db.write() as s:
        f = s.get_one(m.FollowUp, fid)
        f.due_at = T0 + timedelta(days=1)
        f.notified_at = None  # what a re-plan does when the due time moves
    clock.advance(days=1)
    assert check(db, clock) == [fid]


def test_clock_set_back_does_not_repeat(db: Database) -> None:
    clock = FakeClock(T0)
    fid = add_follow_up(db, T0 - timedelta(hours=3))
    assert check(db, clock) == [fid]
    clock.advance(hours=-1)
    assert check(db, clock) == []


def test_naive_now_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        take_due_reminders(db, datetime(2024, 5, 15, 10, 0), POLICY)


def test_quiet_hours_contain_and_resume() -> None:
    q = QuietHours.parse("21:00", "08:00")
    assert q.contains(time(23, 0)) and q.contains(time(7, 59)) and q.contains(time(21, 0))
    assert not q.contains(time(8, 0)) and not q.contains(time(12, 0))
    day = QuietHours(time(12), time(13))
    assert day.contains(time(12, 30)) and not day.contains(time(13, 0))
    assert not QuietHours(time(8), time(8)).enabled
    assert not QuietHours(time(8), time(8)).contains(time(8))
    assert QuietHours.parse("nonsense", "") == QuietHours()
    # The morning after the DST change (31 March 2024 in Berlin) is still 08:00.
    night = datetime(2024, 3, 30, 23, 0, tzinfo=BERLIN)
    assert q.resume_at(night) == datetime(2024, 3, 31, 8, 0, tzinfo=BERLIN)
    assert q.resume_at(night).utcoffset() == timedelta(hours=2)
    early = datetime(2024, 3, 31, 3, 30, tzinfo=BERLIN)
    assert q.resume_at(early) == datetime(2024, 3, 31, 8, 0, tzinfo=BERLIN)


def test_reminder_due_is_in_the_employers_zone(db: Database) -> None:
    add_follow_up(db, datetime(2024, 5, 15, 8, 0, tzinfo=UTC))
    (r,) = take_due_reminders(db, T0, POLICY).reminders
    assert r.due.tzinfo == ZoneInfo("UTC")
