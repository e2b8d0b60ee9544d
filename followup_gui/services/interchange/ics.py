"""The plan as an iCalendar (``.ics``) file, for any calendar app.

Every pending follow-up becomes a ``VEVENT`` at its due time with a ``VALARM``
that fires then. Its ``UID`` is built from the application id and the step's
stable key (``followup-<app id>-<key>@followup.local``), so importing a newer
export updates the events instead of duplicating them. Times are written in UTC,
which every calendar app reads without a ``VTIMEZONE``.

icalendar is imported here, not at start-up (it is slow to import).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from followup_gui.domain import FollowUpStatus
from followup_gui.services.interchange.files import write_private
from followup_gui.storage import Database
from followup_gui.storage import models as m

PRODID = "-//FollowUp//followup-gui//EN"
UID_DOMAIN = "followup.local"
#: How long the calendar blocks for a step; its real window is in the description.
EVENT_LENGTH = timedelta(minutes=15)

_WHAT = {
    "thank_you_email": "Thank-you email",
    "thank_you_card": "Thank-you card",
    "call": "Follow-up call",
    "status_email": "Status email",
    "feedback_request": "Ask for feedback",
    "move_on": "Time to move on",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Events between two progress reports.
REPORT_EVERY = 50


def event_uid(application_id: int, key: str) -> str:
    """The stable UID of one planned step (the same in every export)."""
    return f"followup-{application_id}-{_UNSAFE.sub('.', key)}@{UID_DOMAIN}"


def calendar_bytes(
    db: Database,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, int]:
    """Build the calendar of every pending follow-up.

    Args:
        db: the database.
        now: the export time (``DTSTAMP``); default: the current time.
        progress: called with ``(done, total)`` events every :data:`REPORT_EVERY`
            events (an exception it raises stops the export).

    Returns:
        The ``.ics`` content and the number of events in it.
    """
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "FollowUp")
    with db.read() as session:
        rows = list(
            session.scalars(
                select(m.FollowUp)
                .options(joinedload(m.FollowUp.application), joinedload(m.FollowUp.contact))
                .where(m.FollowUp.status == FollowUpStatus.PENDING.value)
                .order_by(m.FollowUp.due_at, m.FollowUp.id)
            )
        )
    for done, row in enumerate(rows):
        if progress is not None and done % REPORT_EVERY == 0:
            progress(done, len(rows))
        app = row.application
        what = _WHAT.get(row.kind, row.kind.replace("_", " ").capitalize())
        who = f" – {row.contact.full_name}" if row.contact is not None else ""
        due = row.due_at.astimezone(UTC)
        rules = ", ".join(r for r in row.rules.split(",") if r)
        description = (
            f"{row.reason}\n\nRules: {rules}\n"
            f"Application: {app.company}" + (f" ({app.role})" if app.role else "") + "\n"
            f"Do it by: {row.window_end.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        )
        event = Event()
        event.add("uid", event_uid(app.id, row.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + EVENT_LENGTH)
        event.add("summary", f"{what}{who} · {app.company}")
        event.add("description", description)
        event.add("categories", [what])
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{what}{who} · {app.company}")
        alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical(), len(rows)


def export_ics(
    db: Database,
    path: Path,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the plan to ``path`` as an ``.ics`` file (in one step, mode 0600).

    Args:
        db: the database.
        path: the file to write.
        now: the export time (``DTSTAMP``); default: the current time.
        progress: called with ``(done, total)`` events, and once more before the
            file is written; an exception it raises (a cancel) leaves ``path`` as
            it was.

    Returns:
        How many follow-ups were written.

    Raises:
        OSError: the file cannot be written.
    """
    content, count = calendar_bytes(db, now, progress)
    if progress is not None:
        progress(count, count)  # the last chance to cancel
    write_private(path, content)
    return count
