"""Reminders: which follow-ups to announce now, and what the user did about them.

The tray's loop calls :func:`take_due_reminders` on a coarse timer with the wall
clock's ``now``; everything here takes ``now`` as an argument, so tests drive it
with a fake clock. A follow-up is announced once per due time: its
``notified_at`` is stored in the same transaction that picks it, so neither a
restart nor a second check repeats it, and nothing due is lost while the app was
closed (the first check after start catches up).

A follow-up's *reminder time* is its ``due_at``, or its ``snoozed_until`` when
that is later. It needs a reminder while ``notified_at`` is empty or older than
that time (a snooze or a re-plan that moves it earns a new reminder).

Marking reminders notified changes nothing a view shows; a snooze changes the
plans of the applications snoozed, and says so (a
:class:`~followup_gui.services.changes.Changes` with the count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from followup_gui.domain import FollowUpStatus, require_aware
from followup_gui.domain.quiet_hours import QuietHours
from followup_gui.services import changes as ch
from followup_gui.services.changes import NOTHING, Changes, WithChanges
from followup_gui.storage import Database
from followup_gui.storage import models as m

SUMMARY_THRESHOLD = 3
"""More reminders than this at once become one summary notification."""

SNOOZE_ALL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Reminder:
    """One follow-up to announce (values only: no session, no widget).

    Attributes:
        due: the reminder time, in the employer's time zone.
        contact: the person's full name, when the step is about one person.
    """

    follow_up_id: int
    application_id: int
    company: str
    role: str
    contact: str | None
    kind: str
    due: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """What may delay reminders: quiet hours and a pause the user asked for.

    Attributes:
        quiet_hours: reminders falling inside wait until the morning.
        paused_until: no reminder before this instant (``None``: not paused).
        tz: the user's own time zone (``None``: the system's local zone); quiet
            hours are read on its wall clock.
    """

    quiet_hours: QuietHours = field(default_factory=QuietHours)
    paused_until: datetime | None = None
    tz: tzinfo | None = None

    def held_until(self, now: datetime) -> datetime | None:
        """When reminders due at ``now`` must wait, the instant they may go out.

        Args:
            now: the current instant (aware).

        Returns:
            ``None`` when reminders may go out now; else the end of the pause
            or of the quiet hours, whichever comes last.
        """
        require_aware(now, "now")
        start = now
        if self.paused_until is not None and self.paused_until > now:
            start = self.paused_until
        local = start.astimezone(self.tz)
        resume = self.quiet_hours.resume_at(local)
        return None if resume == now else resume


@dataclass(frozen=True, slots=True)
class ReminderCheck:
    """What one check of the loop decided.

    Attributes:
        reminders: announce these now (already marked notified).
        held_until: reminders are held (quiet hours or a pause) until then.
        changes: what the check wrote that a view shows: nothing (marking a
            reminder as announced changes no card, plan or contact).
    """

    reminders: tuple[Reminder, ...] = ()
    held_until: datetime | None = None
    changes: Changes = NOTHING

    @property
    def summary(self) -> bool:
        """True when the reminders should be announced as one summary."""
        return len(self.reminders) > SUMMARY_THRESHOLD


def reminder_time(follow_up: m.FollowUp) -> datetime:
    """The instant a follow-up should be announced: due, or later if snoozed."""
    snoozed = follow_up.snoozed_until
    return follow_up.due_at if snoozed is None else max(follow_up.due_at, snoozed)


def needs_reminder(follow_up: m.FollowUp) -> bool:
    """Whether the follow-up has not been announced for its current reminder time."""
    notified = follow_up.notified_at
    return notified is None or notified < reminder_time(follow_up)


def _due_rows(session: Session, now: datetime) -> list[m.FollowUp]:
    """Pending follow-ups due at ``now`` and not snoozed past it, soonest first."""
    return list(
        session.scalars(
            select(m.FollowUp)
            .options(joinedload(m.FollowUp.application), joinedload(m.FollowUp.contact))
            .where(
                m.FollowUp.status == FollowUpStatus.PENDING.value,
                m.FollowUp.due_at <= now,
                or_(m.FollowUp.snoozed_until.is_(None), m.FollowUp.snoozed_until <= now),
            )
            .order_by(m.FollowUp.due_at, m.FollowUp.id)
        )
    )


def _reminder(follow_up: m.FollowUp) -> Reminder:
    app = follow_up.application
    return Reminder(
        follow_up_id=follow_up.id,
        application_id=follow_up.application_id,
        company=app.company,
        role=app.role,
        contact=None if follow_up.contact is None else follow_up.contact.full_name,
        kind=follow_up.kind,
        due=reminder_time(follow_up).astimezone(ZoneInfo(app.timezone)),
        reason=follow_up.reason,
    )


def due_now(db: Database, now: datetime) -> list[Reminder]:
    """Every follow-up due at ``now`` (announced or not, snoozed ones excepted).

    This is what the tray counts and lists in its menu.

    Args:
        db: the open database.
        now: the current instant (aware).
    """
    with db.read() as session:
        return [_reminder(f) for f in _due_rows(session, require_aware(now, "now"))]


def take_due_reminders(db: Database, now: datetime, policy: ReminderPolicy) -> ReminderCheck:
    """Pick the follow-ups to announce now and mark them notified, in one transaction.

    Everything that came due since the last check (or while the app was closed,
    or while the computer slept) is picked once. During quiet hours or a pause
    nothing is picked: the reminders wait, unmarked, for a later check.

    Args:
        db: the open database.
        now: the current instant (aware), from the wall clock or a fake one.
        policy: quiet hours and pause.

    Returns:
        The reminders to announce, or when the held ones may go out.
    """
    held = policy.held_until(now)
    if held is not None:
        return ReminderCheck(held_until=held)
    with db.read() as session:
        # Most checks find nothing new: only then take the write lock.
        if not any(needs_reminder(f) for f in _due_rows(session, now)):
            return ReminderCheck()
    with db.write() as session:
        fresh = [f for f in _due_rows(session, now) if needs_reminder(f)]
        for follow_up in fresh:
            follow_up.notified_at = now
        return ReminderCheck(tuple(_reminder(f) for f in fresh))


def snooze(
    db: Database, follow_up_ids: Sequence[int], now: datetime, delta: timedelta = SNOOZE_ALL
) -> WithChanges[int]:
    """Snooze pending follow-ups until ``now + delta``; they are announced again then.

    The planner honours ``snoozed_until`` at its next re-plan; until then the
    reminder loop does.

    Args:
        db: the open database.
        follow_up_ids: which follow-ups.
        now: the current instant (aware).
        delta: how long to snooze.

    Returns:
        How many follow-ups were snoozed, and the plans of their applications
        as changed.
    """
    until = require_aware(now, "now") + delta
    with db.write() as session:
        rows = session.scalars(
            select(m.FollowUp).where(
                m.FollowUp.id.in_(list(follow_up_ids)),
                m.FollowUp.status == FollowUpStatus.PENDING.value,
            )
        ).all()
        for follow_up in rows:
            follow_up.snoozed_until = until
        changes = ch.plans({f.application_id for f in rows}) if rows else NOTHING
        return WithChanges(len(rows), changes)


def snooze_all(db: Database, now: datetime, delta: timedelta = SNOOZE_ALL) -> WithChanges[int]:
    """Snooze every follow-up due at ``now`` (the tray's "Snooze all 1 h").

    Returns:
        How many follow-ups were snoozed, and what changed (see :func:`snooze`).
    """
    return snooze(db, [r.follow_up_id for r in due_now(db, now)], now, delta)


def pause_until_tomorrow(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The instant a "pause until tomorrow" ends: the next local midnight.

    Quiet hours usually cover midnight, so reminders then resume in the morning.

    Args:
        now: the current instant (aware).
        tz: the user's time zone (``None``: the system's local zone).
    """
    local = require_aware(now, "now").astimezone(tz)
    tomorrow = local.date() + timedelta(days=1)
    tz_of_local = local.tzinfo
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=tz_of_local)
