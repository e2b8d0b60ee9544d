"""After a rejection: one feedback request, to someone who was met, at a sensible time (R11).

Who is asked, in this order: the person who gave the news if they were in one
of the interviews, the primary contact if they were, an interviewer of the last
interview; failing anyone met, the person who gave the news or the primary
contact; failing anyone known, the hiring team, and the reason says so. The
request is an email: only someone with an email address is asked; when the
person who would be asked has none, the next one is, or the hiring team, and
the step says whose address to add.

When: the first business morning after the rejection, never before an
interview that has not ended (its people can only be asked after it) and, for a
card moved to Rejected without a logged outcome, never in the past: the moment
the news came is not on record, so the request is counted from ``now`` and
marked ``floating`` (the re-plan keeps the due time it stored first).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from followup_gui.domain.values import (
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    FollowUpKind,
    InterviewFacts,
    PlannedFollowUp,
    require_aware,
)
from followup_gui.scheduling.calendar import add_business_days, local_instant, next_business_morning
from followup_gui.scheduling.reach import email_note, has_email
from followup_gui.scheduling.settings import PlannerSettings

FEEDBACK_KEY = "feedback"
# A feedback request is still timely within a week of business days (R11).
FEEDBACK_WINDOW_BUSINESS_DAYS = 5


def feedback_request(
    app: ApplicationFacts,
    interviews: list[InterviewFacts],
    rejection: AttemptFacts | None,
    now: datetime,
    tz: ZoneInfo,
    settings: PlannerSettings,
) -> list[PlannedFollowUp]:
    """The single feedback request after a rejection, or nothing once it was asked.

    Args:
        app: the application.
        interviews: its interviews, by start.
        rejection: the logged rejection, or ``None`` when the card was moved to
            Rejected without one.
        now: the clock.
        tz: the employer's zone.
        settings: business hours and holidays.
    """
    if FEEDBACK_KEY in app.resolved:
        return []
    # A request sent after the last interview already answers this rejection.
    asked_from = rejection.at if rejection is not None else _last_start(interviews)
    if any(
        a.kind == AttemptKind.FEEDBACK_REQUEST and (asked_from is None or a.at >= asked_from)
        for a in app.attempts
    ):
        return []
    due, floating = _due(app, interviews, rejection, now, tz, settings)
    last_day = add_business_days(due.date(), FEEDBACK_WINDOW_BUSINESS_DAYS, settings)
    window_end = local_instant(last_day, settings.business_end, tz)
    until = app.snoozes.get(FEEDBACK_KEY)
    snoozed = until is not None and require_aware(until, "snooze of feedback") > due
    if until is not None and snoozed:
        due = until.astimezone(tz)
    # An email: only to someone with an address (the step says who lacks one).
    contact_id, met = _whom(app, interviews, rejection, lambda c: has_email(app, c))
    meant, _ = _whom(app, interviews, rejection, lambda c: True)
    contact = app.contacts.get(contact_id) if contact_id is not None else None
    name = contact.full_name if contact is not None and contact.full_name else None
    missing = email_note(app, meant, contact_id)
    if name is None:
        team = f"the hiring team at {app.company}" if app.company else "the hiring team"
        nobody = "" if meant is not None else "Nobody you met is on record, so "
        reason = (
            f"{nobody}{'A' if not nobody else 'a'}sk {team} for feedback on your application, "
            "and keep the contact: don't burn bridges"
        )
    elif met:
        reason = (
            f"Ask {name}, whom you met, for feedback and whether more information could "
            "help, and keep the contact: don't burn bridges"
        )
    else:
        reason = (
            f"Ask {name} for feedback and whether more information could help, "
            "and keep the contact: don't burn bridges"
        )
    if missing:
        reason += f". {missing}"
    return [
        PlannedFollowUp(
            key=FEEDBACK_KEY,
            kind=FollowUpKind.FEEDBACK_REQUEST,
            contact_id=contact_id if name is not None else None,
            contact_name=name,
            due=due,
            window_end=max(window_end, due),
            rules=("R11",),
            reason=reason + (" (snoozed)" if snoozed else ""),
            floating=floating and not snoozed,
        )
    ]


def _due(
    app: ApplicationFacts,
    interviews: list[InterviewFacts],
    rejection: AttemptFacts | None,
    now: datetime,
    tz: ZoneInfo,
    settings: PlannerSettings,
) -> tuple[datetime, bool]:
    """The due time and whether it was counted from ``now`` (see the module's docstring)."""
    # Every interview's end: one that has not ended yet is a floor, not an event.
    events = [i.ends_at for i in interviews]
    if rejection is not None:
        events.append(rejection.at)
    else:
        # The card was moved to Rejected without a logged outcome: the news came
        # after the last thing that happened.
        events += [
            a.at for a in app.attempts if a.kind != AttemptKind.FEEDBACK_REQUEST and a.at <= now
        ]
    if events:
        due = next_business_morning(max(events), tz, settings)
        if rejection is not None or due >= now:
            return due, False
    return next_business_morning(now, tz, settings), True


def _whom(
    app: ApplicationFacts,
    interviews: list[InterviewFacts],
    rejection: AttemptFacts | None,
    reachable: Callable[[str], bool],
) -> tuple[str | None, bool]:
    """Who is asked (of those ``reachable``), and whether they were met in an interview."""
    met: dict[str, None] = {}
    for interview in sorted(interviews, key=lambda i: (i.ends_at, i.starts_at), reverse=True):
        met.update(dict.fromkeys(interview.participant_ids))
    told = rejection.contact_id if rejection is not None else None
    for candidate in (told, app.primary_contact_id, *met):
        if candidate in met and _named(app, candidate) and reachable(candidate):
            return candidate, True
    for candidate in (told, app.primary_contact_id):
        if candidate is not None and _named(app, candidate) and reachable(candidate):
            return candidate, False
    return None, False


def _named(app: ApplicationFacts, contact_id: str) -> bool:
    contact = app.contacts.get(contact_id)
    return contact is not None and bool(contact.full_name)


def _last_start(interviews: list[InterviewFacts]) -> datetime | None:
    return max((i.starts_at for i in interviews), default=None)
