"""The follow-up planner: facts about one application in, the plan out (DOMAIN R1-R12).

:func:`plan` is pure: it reads only its arguments (the clock comes in as
``now``) and returns the steps still open, sorted by due time. Past-due steps
keep their original due time, so the user sees they are overdue; no step is ever
due before the event that caused it.

What the stage of the card means here:

- ``offer`` (or an ``offer`` outcome) and ``no_response``: nothing is planned.
- ``rejected`` (or a ``rejected``/``filled`` outcome): only a feedback request,
  unless one was already sent (R11).
- ``rejected`` waits for an interview that has not ended, and a card moved
  there without a logged outcome is never asked about in the past (``feedback``).
- ``wishlist`` and ``applied``: thank-you notes for interviews only, no calls;
  an Applied card without interviews gets one optional status email
  (``status_check``, general practice ``X1``, not a coaches' rule).
- every other stage: thank-you notes per interviewer and interview (R4), then a
  call sequence once every interview has ended (a scheduled next round is the
  next contact, so calls wait for it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_gui.domain.values import (
    TERMINAL_STAGES,
    ApplicationFacts,
    AttemptFacts,
    AttemptKind,
    ContactFacts,
    FollowUpKind,
    InterviewFacts,
    Outcome,
    PlannedFollowUp,
    require_aware,
)
from followup_gui.scheduling.calendar import add_absolute, local_instant, zone
from followup_gui.scheduling.calls import CallPlanner, primary_contact
from followup_gui.scheduling.feedback import feedback_request
from followup_gui.scheduling.playbooks import PLAYBOOKS
from followup_gui.scheduling.reach import call_route, has_email, short_name
from followup_gui.scheduling.settings import DEFAULT_SETTINGS, PlannerSettings, for_zone
from followup_gui.scheduling.status_check import status_check

# R4: "the same evening, at the latest within 24 hours" - real hours, across DST.
THANK_YOU_WINDOW = timedelta(hours=24)
NOTHING_STAGES: frozenset[str] = frozenset({"offer", "no_response"})
NO_CALL_STAGES: frozenset[str] = frozenset({"wishlist", "applied"})
_DECISIVE: frozenset[Outcome] = frozenset({Outcome.REJECTED, Outcome.FILLED, Outcome.OFFER})
_THANKS: frozenset[AttemptKind] = frozenset(
    {AttemptKind.THANK_YOU_EMAIL, AttemptKind.THANK_YOU_CARD}
)


def plan(
    app: ApplicationFacts,
    now: datetime,
    settings: PlannerSettings = DEFAULT_SETTINGS,
) -> list[PlannedFollowUp]:
    """Plan the open follow-ups of one application.

    Args:
        app: everything known about the application.
        now: the current instant (aware); decides which interviews are over.
        settings: business hours, holidays, thank-you preferences.

    Returns:
        The open steps sorted by due time (then key); due and window times are
        aware datetimes in the employer's time zone.

    Raises:
        ValueError: for a naive ``now`` or an unknown time zone.
    """
    require_aware(now, "now")
    tz = zone(app.timezone)
    settings = for_zone(settings, app.timezone)
    if app.stage in NOTHING_STAGES or (app.stage_terminal and app.stage not in TERMINAL_STAGES):
        return []  # (a column the user made terminal, e.g. "Withdrawn", too)
    interviews = sorted(app.interviews, key=lambda i: (i.starts_at, i.id))
    decisive = _decisive_attempt(app, interviews)
    if decisive is not None and decisive.outcome == Outcome.OFFER:
        return []
    if decisive is not None or app.stage == "rejected":
        return feedback_request(app, interviews, decisive, now, tz, settings)
    items = list(_thank_yous(app, interviews, tz, settings))
    items += status_check(app, now, tz, settings)
    ended = [i for i in interviews if i.ends_at <= now]
    if app.stage not in NO_CALL_STAGES and ended and len(ended) == len(interviews):
        last = max(ended, key=lambda i: (i.ends_at, i.starts_at))
        route = call_route(app, interviews, primary_contact(app, interviews))
        playbook = PLAYBOOKS[app.playbook]
        items += CallPlanner(app, tz, settings, playbook, route).plan(last)
    return sorted(items, key=lambda item: (item.due, item.key))


def _decisive_attempt(
    app: ApplicationFacts, interviews: list[InterviewFacts]
) -> AttemptFacts | None:
    """Return the latest offer/rejection, unless a later interview reopened the process."""
    decisive = [a for a in app.attempts if a.outcome in _DECISIVE]
    if not decisive:
        return None
    latest = max(decisive, key=lambda a: a.at)
    if any(i.starts_at > latest.at for i in interviews):
        return None
    return latest


def _snoozed(app: ApplicationFacts, key: str, due: datetime, tz: ZoneInfo) -> datetime:
    until = app.snoozes.get(key)
    if until is not None and require_aware(until, f"snooze of {key}") > due:
        return until.astimezone(tz)
    return due


def thank_you_sessions(
    interviews: Iterable[InterviewFacts], tz: ZoneInfo
) -> dict[tuple[str, date], list[InterviewFacts]]:
    """Each person's interviews by local day (employer's zone), in order: one thank-you each."""
    sessions: dict[tuple[str, date], list[InterviewFacts]] = {}
    for interview in sorted(interviews, key=lambda i: (i.starts_at, i.id)):
        day = interview.starts_at.astimezone(tz).date()
        for contact_id in dict.fromkeys(interview.participant_ids):
            sessions.setdefault((contact_id, day), []).append(interview)
    return sessions


def _thank_yous(
    app: ApplicationFacts,
    interviews: list[InterviewFacts],
    tz: ZoneInfo,
    settings: PlannerSettings,
) -> Iterator[PlannedFollowUp]:
    """One thank-you per person met per day, the same evening (R4).

    By email when the person has an email address; by card when the playbook
    or the settings ask for one, and instead of the email when there is no
    address to write to. A card to someone without a postal address asks for it.
    Several sessions with one person on one day get one thank-you, named after
    the first session (its key) and due the evening of the last.
    """
    cards = settings.plan_thank_you_cards or PLAYBOOKS[app.playbook].thank_you_card
    # The latest thank-you logged per (kind, person): one pass over the attempts.
    thanked: dict[tuple[AttemptKind, str | None], datetime] = {}
    for a in app.attempts:
        if a.kind in _THANKS and thanked.get((a.kind, a.contact_id), a.at) <= a.at:
            thanked[a.kind, a.contact_id] = a.at
    # When: the same for everyone whose day ended with the same session.
    timing: dict[str, tuple[datetime, datetime, str]] = {}
    for (contact_id, _day), sessions in thank_you_sessions(interviews, tz).items():
        first, last = sessions[0], max(sessions, key=lambda s: s.ends_at)
        if last.id not in timing:
            ended = last.ends_at.astimezone(tz)
            latest = add_absolute(ended, THANK_YOU_WINDOW)
            evening = local_instant(ended.date(), settings.thank_you_evening, tz)
            due = min(max(evening, ended), latest)
            timing[last.id] = (
                due,
                latest,
                "the same evening" if due == evening else "right after your interview",
            )
        due, latest, when = timing[last.id]
        contact = app.contacts.get(contact_id)
        name = contact.full_name if contact is not None else None
        who = name or "your interviewer"
        emailable = has_email(app, contact_id)
        mediums = ["email"] if emailable else []
        if cards or not emailable:
            mediums.append("card")
        for medium in mediums:
            key = f"thanks:{medium}:{contact_id}:{first.id}"
            attempt_kind = (
                AttemptKind.THANK_YOU_EMAIL if medium == "email" else AttemptKind.THANK_YOU_CARD
            )
            sent = thanked.get((attempt_kind, contact_id))
            done = sent is not None and sent >= first.starts_at
            if done or key in app.resolved:
                continue
            snoozed = _snoozed(app, key, due, tz)
            if medium == "email":
                reason = f"Thank {who} by email {when}, within 24 hours of your interview"
            else:
                reason = _card_reason(contact, who, when, emailable)
            yield PlannedFollowUp(
                key=key,
                kind=FollowUpKind.THANK_YOU_EMAIL
                if medium == "email"
                else FollowUpKind.THANK_YOU_CARD,
                contact_id=contact_id,
                contact_name=name,
                due=snoozed,
                # A snooze past the 24 hours is the user's choice; the window follows it.
                window_end=max(latest, snoozed),
                rules=("R4",),
                reason=reason + (" (snoozed)" if snoozed > due else ""),
            )


def _card_reason(contact: ContactFacts | None, who: str, when: str, emailable: bool) -> str:
    """Why a card, and what is missing to send it (R2, R4)."""
    short = short_name(contact) if contact is not None and contact.full_name else who
    postable = contact is not None and bool(contact.postal_address.strip())
    if not emailable and not postable:
        return (
            f"Add {short}'s email address to thank them by email {when}, within 24 hours "
            "of your interview, or their postal address to post a card"
        )
    if not emailable:
        return (
            f"Write {who} a thank-you card {when} and post it: there is no email address "
            f"on record (add {short}'s email address to thank them by email, which is faster)"
        )
    if not postable:
        return (
            f"Write {who} a thank-you card {when}, saying when you will follow up; "
            f"add {short}'s postal address to post it"
        )
    return f"Write {who} a thank-you card {when} and post it, saying when you will follow up"
