"""The weeks before an interview: one optional status email (``X1``, general practice).

The coaches' rules (R1-R12) start at the interview. For an Applied card without
any interview, common practice is one short status email to the recruiter or
hiring manager after about two weeks of silence, then nothing more until an
interview. It is not one of the coaches' rules: its rule id is ``X1`` and its
reason says so. Settings can turn it off (``PlannerSettings.plan_status_check``).

It is planned once: not after it was sent, done or skipped, not after any
other contact was logged (that was news), and not when applying was so long ago
that the silence is the answer (``STALE_AFTER``; e.g. old applications
imported from a spreadsheet).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain.values import (
    ApplicationFacts,
    FollowUpKind,
    PlannedFollowUp,
    require_aware,
)
from followup_gui.scheduling.calendar import add_business_days, local_instant
from followup_gui.scheduling.reach import email_note, has_email
from followup_gui.scheduling.settings import PlannerSettings

STATUS_KEY = "status"
#: The rule id of general practice beyond the coaches' rules (DOMAIN "Beyond the sources").
STATUS_RULE = "X1"
#: "About two weeks" after applying, in business days.
STATUS_AFTER_BUSINESS_DAYS = 10
#: A week of business days to send it.
STATUS_WINDOW_BUSINESS_DAYS = 5
#: Six weeks after applying without news, an email no longer helps: none is planned.
STALE_AFTER = timedelta(weeks=6)
STAGE = "applied"


def status_check(
    app: ApplicationFacts, now: datetime, tz: ZoneInfo, settings: PlannerSettings
) -> list[PlannedFollowUp]:
    """The status email of an Applied card without interviews, or nothing.

    Args:
        app: the application.
        now: the clock.
        tz: the employer's zone.
        settings: business hours, holidays and the off switch.
    """
    if (
        not settings.plan_status_check
        or app.stage != STAGE
        or app.interviews
        or app.attempts
        or app.applied_at is None
        or STATUS_KEY in app.resolved
    ):
        return []
    applied = require_aware(app.applied_at, "applied_at")
    if now - applied > STALE_AFTER:
        return []
    applied_day = applied.astimezone(tz).date()
    day = add_business_days(applied_day, STATUS_AFTER_BUSINESS_DAYS, settings)
    due = local_instant(day, settings.business_start, tz)
    last_day = add_business_days(day, STATUS_WINDOW_BUSINESS_DAYS, settings)
    window_end = local_instant(last_day, settings.business_end, tz)
    until = app.snoozes.get(STATUS_KEY)
    snoozed = until is not None and require_aware(until, "snooze of status") > due
    if until is not None and snoozed:
        due = until.astimezone(tz)
    # An email: to the primary contact only when they have an address (R2).
    emailable = has_email(app, app.primary_contact_id)
    contact = (
        app.contacts.get(app.primary_contact_id) if emailable and app.primary_contact_id else None
    )
    name = contact.full_name if contact is not None and contact.full_name else None
    who = name or (f"the hiring team at {app.company}" if app.company else "the hiring team")
    missing = email_note(app, app.primary_contact_id, app.primary_contact_id if name else None)
    return [
        PlannedFollowUp(
            key=STATUS_KEY,
            kind=FollowUpKind.STATUS_EMAIL,
            contact_id=app.primary_contact_id if name is not None else None,
            contact_name=name,
            due=due,
            window_end=max(window_end, due),
            rules=(STATUS_RULE,),
            reason=(
                f"Email {who} once to ask where your application stands: two weeks have "
                "passed since you applied without news. General practice, not one of "
                "the coaches' interview rules"
                + (f". {missing}" if missing else "")
                + (" (snoozed)" if snoozed else "")
            ),
        )
    ]
