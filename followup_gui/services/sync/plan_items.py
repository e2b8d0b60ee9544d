"""Pending follow-ups as calendar items (icalendar), and what a phone did to one.

Every pending step becomes one ``VTODO`` with ``DUE`` and a ``VALARM`` (or a
``VEVENT`` with a ``VALARM`` where the calendar takes no to-dos), its summary
"Call Dana Whitfield (Acme Robotics)", its time in the employer's zone (with a
``VTIMEZONE``), and in its description the reason and the scripts (the call
script, the voicemail script...). Its UID is the one the ``.ics`` export uses
(application id and step key), so two FollowUp copies of one search write the
same item, and a re-plan updates it instead of adding one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from followup_gui.domain import FollowUpKind, FollowUpStatus
from followup_gui.scheduling import DEFAULT_SETTINGS, PlannerSettings
from followup_gui.scripts import render, scripts_for
from followup_gui.services.followups.reminders import reminder_time
from followup_gui.services.followups.timeline import facts_zone, step_context, stored_profile
from followup_gui.services.interchange.ics import EVENT_LENGTH, PRODID, event_uid
from followup_gui.services.plans.store import load_plan_inputs
from followup_gui.storage import Database
from followup_gui.storage import models as m

_DOING = {
    FollowUpKind.CALL: "Call {who}",
    FollowUpKind.THANK_YOU_EMAIL: "Thank-you email to {who}",
    FollowUpKind.THANK_YOU_CARD: "Thank-you card to {who}",
    FollowUpKind.STATUS_EMAIL: "Status email to {who}",
    FollowUpKind.FEEDBACK_REQUEST: "Ask {who} for feedback",
    FollowUpKind.MOVE_ON: "Time to move on from",
}
#: Steps a completion on the phone logs as Sent at once (an email or card goes or not).
SENT_WHEN_COMPLETED = frozenset(
    {
        FollowUpKind.THANK_YOU_EMAIL,
        FollowUpKind.THANK_YOU_CARD,
        FollowUpKind.STATUS_EMAIL,
        FollowUpKind.FEEDBACK_REQUEST,
    }
)


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One pending follow-up as it goes on the calendar.

    Attributes:
        due: when to do it, in the employer's zone (a snooze included).
    """

    follow_up_id: int
    application_id: int
    key: str
    kind: str
    summary: str
    description: str
    due: datetime

    @property
    def uid(self) -> str:
        """The item's stable UID (the ``.ics`` export's)."""
        return event_uid(self.application_id, self.key)


@dataclass(frozen=True, slots=True)
class PhoneState:
    """What a calendar item on the server says now.

    Attributes:
        completed: ticked off (``STATUS:COMPLETED`` or a ``COMPLETED`` time).
        due: its due time (a to-do's ``DUE``, an event's ``DTSTART``), if readable.
    """

    completed: bool
    due: datetime | None


def pending_steps(
    db: Database,
    override_dir: Path | None = None,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> list[PlannedStep]:
    """Every pending follow-up with its scripts rendered, soonest first (one read).

    Args:
        db: the database.
        override_dir: the user's own script templates, if any.
        settings: the planner's settings (the date a thank-you promises).
    """
    with db.read() as session:
        rows = list(
            session.scalars(
                select(m.FollowUp)
                .options(joinedload(m.FollowUp.contact))
                .where(m.FollowUp.status == FollowUpStatus.PENDING.value)
                .order_by(m.FollowUp.due_at, m.FollowUp.id)
            )
        )
        # The planner's own plain-row load (what the window's step panel reads too).
        ids = sorted({r.application_id for r in rows})
        facts = {int(p.facts.id): p.facts for p in load_plan_inputs(session, ids)}
        profile = stored_profile(session)
        steps = []
        for row in rows:
            app = facts[row.application_id]
            context = step_context(row, app, profile, settings)
            kind = FollowUpKind(row.kind)
            summary = step_summary(row.kind, row.contact, app.company)
            scripts = [render(k, context, override_dir) for k in scripts_for(kind)]
            parts = [row.reason, *(f"{_heading(s.kind)}:\n{s.text}" for s in scripts)]
            steps.append(
                PlannedStep(
                    follow_up_id=row.id,
                    application_id=row.application_id,
                    key=row.key,
                    kind=row.kind,
                    summary=summary,
                    description="\n\n".join(p for p in parts if p),
                    due=reminder_time(row).astimezone(facts_zone(app.timezone)),
                )
            )
        return steps


def step_summary(kind: str, contact: m.Contact | None, company: str) -> str:
    """What a step's item is called: "Call Dana Whitfield (Acme Robotics)"."""
    step = FollowUpKind(kind)
    if step == FollowUpKind.MOVE_ON:
        return f"{_DOING[step]} {company}"
    who = contact.full_name if contact is not None else "the hiring team"
    return f"{_DOING[step].format(who=who)} ({company})"


def _heading(kind: str) -> str:
    return f"{kind.replace('_', ' ').capitalize()} script"


def fingerprint(step: PlannedStep, component: str) -> str:
    """A hash of what the item says (a different one means: write it again)."""
    text = "\x1f".join((component, step.summary, step.description, step.due.isoformat()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def item_bytes(step: PlannedStep, component: str, stamp: datetime) -> bytes:
    """The step as an iCalendar object: a ``VTODO`` (or ``VEVENT``) with a ``VALARM``."""
    from icalendar import Alarm, Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    item = Event() if component == "VEVENT" else Todo()
    item.add("uid", step.uid)
    item.add("dtstamp", stamp.astimezone(UTC))
    item.add("summary", step.summary)
    item.add("description", step.description)
    item.add("categories", ["FollowUp"])
    item.add("x-followup-step", step.key)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", step.summary)
    if component == "VEVENT":
        item.add("dtstart", step.due)
        item.add("dtend", step.due + EVENT_LENGTH)
        item.add("transp", "TRANSPARENT")
        alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
    else:
        item.add("due", step.due)
        item.add("status", "NEEDS-ACTION")
        alarm.add("trigger", timedelta(0), parameters={"RELATED": "END"})
    item.add_component(alarm)
    cal.add_component(item)
    for tzid in sorted(cal.get_missing_tzids()):
        zone = _vtimezone(tzid)
        if zone is not None:
            cal.subcomponents.insert(0, zone)
    return bytes(cal.to_ical())


@lru_cache(maxsize=64)
def _vtimezone(tzid: str) -> Any:
    """The ``VTIMEZONE`` of a zone, built once (it is most of an item's build time)."""
    from icalendar import Timezone

    try:
        return Timezone.from_tzid(tzid)
    except ValueError:
        return None  # a zone icalendar does not know: the item keeps its TZID only


def read_phone_state(content: bytes, uid: str, zone_name: str) -> PhoneState | None:
    """What the server's copy of an item says, or ``None`` when it cannot be read.

    A floating time (no zone) is read in the employer's zone; a whole-day due date
    is not a time and is ignored.
    """
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(content)
    except ValueError:
        return None
    for item in cal.walk():
        if item.name not in ("VTODO", "VEVENT") or str(item.get("uid", "")) != uid:
            continue
        status = str(item.get("status", "")).upper()
        completed = status == "COMPLETED" or item.get("completed") is not None
        prop = item.get("due") if item.name == "VTODO" else item.get("dtstart")
        due: datetime | None = None
        try:
            value = prop.dt if prop is not None else None
        except AttributeError:
            value = None
        if isinstance(value, datetime):
            due = value if value.tzinfo is not None else value.replace(tzinfo=facts_zone(zone_name))
        elif isinstance(value, date):
            due = None
        return PhoneState(completed=completed, due=due)
    return None
