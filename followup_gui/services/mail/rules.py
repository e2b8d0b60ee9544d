"""The suggested outcome of a reply, from local rules in English, German and Spanish.

Plain Python, no network, no model: a few phrases an employer uses. The user
always decides; a wrong guess only changes which button is offered first.
"""

from __future__ import annotations

import re
from enum import StrEnum

from followup_gui.domain import Outcome


class Suggestion(StrEnum):
    """What a message seems to say."""

    REJECTED = "rejected"
    OFFER = "offer"
    INTERVIEW = "interview"  # another interview: they are in touch (logged as Spoke)
    SPOKE = "spoke"  # a reply: they are in touch
    SENT = "sent"  # the user's own email, sent from another mail program

    @property
    def outcome(self) -> Outcome:
        """The outcome accepting it logs."""
        return {
            Suggestion.REJECTED: Outcome.REJECTED,
            Suggestion.OFFER: Outcome.OFFER,
            Suggestion.SENT: Outcome.SENT,
        }.get(self, Outcome.SPOKE)


def _phrases(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.IGNORECASE)


# Checked in this order: a rejection that mentions "offer" ("we cannot offer you") is a rejection.
_REJECTED = _phrases(
    r"\bunfortunately\b", r"other candidates?", r"not (?:to )?(?:move|moving) forward",
    r"decided to (?:pursue|proceed with) other", r"position has been filled",
    r"will not be (?:moving|proceeding)", r"regret to inform",
    r"\bleider\b", r"andere[nr]? (?:Kandidat|Bewerber)", r"(?:eine )?Absage",
    r"nicht (?:weiter )?berücksichtigen", r"anderweitig besetzt",
    r"\blamentablemente\b", r"otros? candidatos?", r"no (?:continuar|seguir) con",
    r"hemos decidido no", r"puesto (?:ya )?(?:ha sido )?cubierto",
)  # fmt: skip
_OFFER = _phrases(
    r"\boffer letter\b", r"pleased to (?:offer|extend)", r"\bjob offer\b", r"\boffer\b",
    r"\bAngebot\b", r"Vertragsangebot", r"freuen uns,? Ihnen .{0,40} anzubieten",
    r"\boferta\b", r"nos complace ofrecer",
)  # fmt: skip
_INTERVIEW = _phrases(
    r"next (?:round|interview|step)", r"second interview",
    r"schedule (?:a|an|another) (?:call|interview)",
    r"\binvitation:", r"zweites Gespräch", r"nächste[nr]? (?:Runde|Gespräch)", r"\bEinladung\b",
    r"segunda entrevista", r"siguiente (?:ronda|entrevista)", r"\binvitación\b",
)  # fmt: skip


def suggest(subject: str, text: str, invitation: bool, *, own: bool = False) -> Suggestion:
    """What a message seems to say about the application.

    Args:
        subject: its subject.
        text: the start of its text.
        invitation: it carries a calendar invitation.
        own: the user wrote it (found in Sent): it is a follow-up sent elsewhere.
    """
    if own:
        return Suggestion.SENT
    words = f"{subject}\n{text}"
    if _REJECTED.search(words):
        return Suggestion.REJECTED
    if _OFFER.search(words):
        return Suggestion.OFFER
    if invitation or _INTERVIEW.search(words):
        return Suggestion.INTERVIEW
    return Suggestion.SPOKE
