"""The agenda: pending follow-ups that are overdue or due soon, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from followup_gui.domain import FollowUpStatus
from followup_gui.storage import models as m


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda.

    Attributes:
        due: in the employer's time zone, so "Thu 10:00" means their Thursday.
        overdue: due before the ``now`` the agenda was asked for.
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
        }


def agenda(session: Session, now: datetime, days: int = 7) -> list[AgendaEntry]:
    """Every pending follow-up overdue or due within ``days`` of ``now``, soonest first."""
    horizon = now + timedelta(days=days)
    rows = session.scalars(
        select(m.FollowUp)
        .options(joinedload(m.FollowUp.application), joinedload(m.FollowUp.contact))
        .where(m.FollowUp.status == FollowUpStatus.PENDING.value, m.FollowUp.due_at <= horizon)
        .order_by(m.FollowUp.due_at, m.FollowUp.id)
    )
    entries = []
    for f in rows:
        tz = ZoneInfo(f.application.timezone)
        entries.append(
            AgendaEntry(
                follow_up_id=f.id,
                application_id=f.application_id,
                application=f.application.company,
                role=f.application.role,
                contact=None if f.contact is None else f.contact.full_name,
                kind=f.kind,
                due=f.due_at.astimezone(tz),
                window_end=f.window_end.astimezone(tz),
                rules=tuple(r for r in f.rules.split(",") if r),
                reason=f.reason,
                overdue=f.due_at < now,
            )
        )
    return entries
