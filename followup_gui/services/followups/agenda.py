"""The agenda: pending follow-ups that are overdue or due soon, soonest first.

:func:`agenda` lists the entries; :func:`group_agenda` sorts them into the
"Today" view's sections (overdue, today, then each of the next days) by the
*user's* calendar day, which is not 24 hours long across a DST change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup_gui.domain import FollowUpKind, FollowUpStatus
from followup_gui.domain.timing import is_overdue
from followup_gui.scripts import scripts_for
from followup_gui.storage import Database
from followup_gui.storage import models as m

#: Steps done by email: they need an address.
EMAIL_KINDS = frozenset(
    {FollowUpKind.THANK_YOU_EMAIL, FollowUpKind.STATUS_EMAIL, FollowUpKind.FEEDBACK_REQUEST}
)


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda.

    Attributes:
        due: in the employer's time zone, so "Thu 10:00" means their Thursday.
        overdue: its window had ended at the ``now`` the agenda was asked for
            (see :mod:`followup_gui.domain.timing`); a step inside its window
            is due, not overdue.
        contact_id: the person the step is for, if it names one.
        scripts: the kinds of script that help with it, most useful first.
        missing_phone: a call to someone without a phone number, or a call
            the planner turned into a status email because nobody met has one.
        missing_email: an email to someone without an email address, or a
            thank-you card planned because the person has none.
        missing_address: a thank-you card to someone without a postal address.
    """

    follow_up_id: int
    application_id: int
    application: str
    role: str
    contact: str | None
    kind: str
    due: datetime
    window_end: datetime
    rules: tuple[str, ...]
    reason: str
    overdue: bool
    contact_id: int | None = None
    scripts: tuple[str, ...] = ()
    missing_phone: bool = False
    missing_email: bool = False
    missing_address: bool = False

    def as_json(self) -> dict[str, object]:
        """The ``agenda --json`` item (the contract outside tools rely on)."""
        return {
            "application": self.application,
            "role": self.role,
            "contact": self.contact,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "window_end": self.window_end.isoformat(),
            "rules": list(self.rules),
            "reason": self.reason,
            "overdue": self.overdue,
            "application_id": self.application_id,
            "follow_up_id": self.follow_up_id,
            "contact_id": self.contact_id,
            "scripts": list(self.scripts),
            "missing_phone": self.missing_phone,
            "missing_email": self.missing_email,
            "missing_address": self.missing_address,
        }


def agenda(session: Session, now: datetime, days: int = 7) -> list[AgendaEntry]:
    """Every pending follow-up overdue or due within ``days`` of ``now``, soonest first."""
    horizon = now + timedelta(days=days)
    # Plain columns, not ORM objects: with thousands of applications building
    # entities costs more than the query itself.
    rows = session.execute(
        select(
            m.FollowUp.id,
            m.FollowUp.application_id,
            m.Application.company,
            m.Application.role,
            m.Application.timezone,
            m.Contact.full_name,
            m.FollowUp.contact_id,
            m.Contact.phones,
            m.Contact.emails,
            m.Contact.postal_address,
            m.FollowUp.key,
            m.FollowUp.kind,
            m.FollowUp.due_at,
            m.FollowUp.window_end,
            m.FollowUp.rules,
            m.FollowUp.reason,
        )
        .join(m.Application, m.FollowUp.application_id == m.Application.id)
        .outerjoin(m.Contact, m.FollowUp.contact_id == m.Contact.id)
        .where(m.FollowUp.status == FollowUpStatus.PENDING.value, m.FollowUp.due_at <= horizon)
        .order_by(m.FollowUp.due_at, m.FollowUp.id)
    )
    zones: dict[str, ZoneInfo] = {}
    entries = []
    for row in rows:
        fid, app_id, company, role, tz_name, contact, contact_id, phones, emails = row[:9]
        postal, key, kind, due, window_end, rules, reason = row[9:]
        tz = zones.get(tz_name) or zones.setdefault(tz_name, ZoneInfo(tz_name))
        reachable = contact_id is not None
        card = kind == FollowUpKind.THANK_YOU_CARD
        entries.append(
            AgendaEntry(
                follow_up_id=fid,
                application_id=app_id,
                application=company,
                role=role,
                contact=contact,
                kind=kind,
                due=due.astimezone(tz),
                window_end=window_end.astimezone(tz),
                rules=tuple(r for r in rules.split(",") if r),
                reason=reason,
                overdue=is_overdue(due, window_end, now),
                contact_id=contact_id,
                scripts=tuple(str(k) for k in scripts_for(kind)),
                # A call's step (``call:N``) that is not a call: nobody met has a phone.
                missing_phone=(kind == FollowUpKind.CALL and reachable and not phones)
                or (key.startswith("call:") and kind != FollowUpKind.CALL),
                missing_email=(kind in EMAIL_KINDS or card) and reachable and not emails,
                missing_address=card and reachable and not (postal or "").strip(),
            )
        )
    return entries


def read_agenda(db: Database, now: datetime, days: int = 7) -> list[AgendaEntry]:
    """:func:`agenda` in a read transaction of its own."""
    with db.read() as session:
        return agenda(session, now, days)


class Section(StrEnum):
    """Which part of the "Today" view an entry belongs to."""

    OVERDUE = "overdue"
    TODAY = "today"
    DAY = "day"


@dataclass(frozen=True)
class AgendaGroup:
    """One section of the "Today" view.

    Attributes:
        section: overdue, today, or a later day.
        day: the user's local day of the section (today's for overdue).
        entries: soonest first.
    """

    section: Section
    day: date
    entries: tuple[AgendaEntry, ...]


def group_agenda(
    entries: Sequence[AgendaEntry], now: datetime, local_tz: tzinfo, days: int = 7
) -> list[AgendaGroup]:
    """Group entries into overdue, today and each of the next ``days`` local days.

    Overdue are the entries whose window has ended; a step due earlier but
    still inside its window is listed under today.

    Days are the user's calendar days in ``local_tz`` (an IANA zone, so a 23- or
    25-hour day across a DST change is still one day). Entries after the last
    day are left out; empty days get no group.

    Args:
        entries: as :func:`agenda` returns them.
        now: the instant the view is for.
        local_tz: the user's own time zone.
        days: how many days after today to show.
    """
    # Instants are compared in UTC: Python compares two times of one zone by wall clock.
    now_utc = now.astimezone(UTC)
    today = now.astimezone(local_tz).date()
    last = today + timedelta(days=days)
    overdue: list[AgendaEntry] = []
    by_day: dict[date, list[AgendaEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.due.astimezone(UTC), e.follow_up_id)):
        if is_overdue(entry.due, entry.window_end, now_utc):
            overdue.append(entry)
            continue
        day = max(entry.due.astimezone(local_tz).date(), today)
        if day <= last:
            by_day.setdefault(day, []).append(entry)
    groups = []
    if overdue:
        groups.append(AgendaGroup(Section.OVERDUE, today, tuple(overdue)))
    for day in sorted(by_day):
        section = Section.TODAY if day == today else Section.DAY
        groups.append(AgendaGroup(section, day, tuple(by_day[day])))
    return groups
