"""What a card with nothing planned is waiting for, in words ("Waiting to hear about an interview").

A card never says "Nothing planned": with no step pending, it says what the
search is waiting on, from the card's column and whether an interview is over.
Translated in the cards' context (``CardDelegate``), like the other card words.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardDelegate", text)


def waiting_words(stage_key: str, days_since_interview: int | None) -> str:
    """The line a card shows in place of a next step when none is pending.

    Args:
        stage_key: the card's column.
        days_since_interview: days since the last interview ended, ``None``
            when none is over (none entered, or the first one still to come).
    """
    if stage_key == "wishlist":
        return _tr("Not applied yet")
    if stage_key == "applied":
        return _tr("Waiting to hear about an interview")
    if stage_key == "offer":
        return _tr("Offer received")
    if stage_key == "rejected":
        return _tr("Nothing more to send")
    if stage_key == "no_response":
        return _tr("Moved on")
    if days_since_interview is None:
        if stage_key == "interview_scheduled":
            return _tr("Waiting for the interview")
        if stage_key in ("interviewed", "following_up"):
            # Past the interview by its column, yet none is over: none was entered.
            return _tr("Add the interview to plan follow-ups")
    return _tr("Waiting to hear back")
