"""How a person can be reached: calls only to a phone, emails only to an address (R2, R4, R7).

R2 asks for at least one contact method per person met; R7 says to reach
someone who was at the interview. The planner never plans a call to a person
without a phone number nor an email to a person without an email address.
Instead:

- a call goes to the chosen person if they have a phone; else to another
  person met (the last interview's people first) who has one; else it becomes
  a status email, to the chosen person or another person met with an email
  address, else to the hiring team. The step says what is missing.
- a thank-you goes by email when the person has an email address; else by
  card (a card is also planned when the playbook or the settings ask for one);
  a card without a postal address asks for it (see ``planner._thank_yous``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followup_gui.domain.values import (
    ApplicationFacts,
    ContactFacts,
    FollowUpKind,
    InterviewFacts,
)

_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})


def short_name(contact: ContactFacts) -> str:
    """What the user calls the person in a sentence: the preferred or the first name."""
    if contact.preferred_name.strip():
        return contact.preferred_name.strip()
    words = contact.full_name.split()
    for word in words:
        if word.rstrip(".").lower() not in _HONORIFICS:
            return word
    return contact.full_name.strip()


def has_phone(app: ApplicationFacts, contact_id: str | None) -> bool:
    """Whether the person can be called."""
    contact = app.contacts.get(contact_id) if contact_id is not None else None
    return contact is not None and bool(contact.phone.strip())


def has_email(app: ApplicationFacts, contact_id: str | None) -> bool:
    """Whether the person can be written to."""
    contact = app.contacts.get(contact_id) if contact_id is not None else None
    return contact is not None and bool(contact.email.strip())


def people_met(
    app: ApplicationFacts, interviews: Sequence[InterviewFacts], first: str | None = None
) -> list[str]:
    """Known people, ``first`` first, then the latest interview's, then earlier ones'."""
    order: dict[str, None] = {}
    if first is not None:
        order[first] = None
    for interview in sorted(interviews, key=lambda i: (i.starts_at, i.id), reverse=True):
        order.update(dict.fromkeys(interview.participant_ids))
    return [c for c in order if c in app.contacts]


@dataclass(frozen=True, slots=True)
class Route:
    """How the next follow-up of the call sequence reaches someone.

    Attributes:
        kind: a call, or a status email when nobody met has a phone number.
        contact_id: who receives it; ``None`` is the hiring team.
        note: what is missing, in plain words ("Add Noah's phone number to
            call them"); empty when nothing is.
    """

    kind: FollowUpKind
    contact_id: str | None
    note: str = ""


def call_route(
    app: ApplicationFacts, interviews: Sequence[InterviewFacts], chosen: str | None
) -> Route:
    """Whom the call sequence reaches, and how (see the module's docstring).

    Args:
        app: the application.
        interviews: its interviews.
        chosen: the person the calls are meant for (the primary contact, else
            the first person met); ``None`` when nobody is on record, which
            leaves a call to the hiring team, as before anything was known.
    """
    candidates = people_met(app, interviews, chosen)
    if chosen is None or not candidates:
        return Route(FollowUpKind.CALL, chosen)
    meant = app.contacts.get(chosen) or app.contacts[candidates[0]]
    ask_phone = f"Add {short_name(meant)}'s phone number to call them"
    if has_phone(app, meant.id):
        return Route(FollowUpKind.CALL, meant.id)
    for contact_id in candidates:
        if has_phone(app, contact_id):
            return Route(FollowUpKind.CALL, contact_id, ask_phone)
    for contact_id in candidates:
        if has_email(app, contact_id):
            return Route(
                FollowUpKind.STATUS_EMAIL,
                contact_id,
                f"Nobody you met has a phone number on record. {ask_phone}",
            )
    return Route(
        FollowUpKind.STATUS_EMAIL,
        None,
        "Nobody you met has a phone number or an email address on record. "
        f"{ask_phone}, or their email address to write to them",
    )


def email_note(app: ApplicationFacts, meant: str | None, written: str | None) -> str:
    """What an email to ``written`` instead of ``meant`` is missing, or nothing."""
    contact = app.contacts.get(meant) if meant is not None else None
    if contact is None or meant == written:
        return ""
    return f"Add {short_name(contact)}'s email address to write to them"
