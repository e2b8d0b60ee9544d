"""A card's lines in words: the next step, when it is due, the days since the interview.

Plain strings, translated in the ``CardDelegate`` context; the card painter
(:mod:`followup_gui.ui.board.card_texts`) elides and caches them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale


def tr(text: str) -> str:
    """``text`` translated in the cards' context (``CardDelegate``)."""
    return QCoreApplication.translate("CardDelegate", text)


def action_words(kind: str, who: str | None) -> str:
    """What to do, with the person's name when the plan names someone.

    Only the string needed is translated: this runs for every card painted
    for the first time, and a dozen lookups add up over a screenful.
    """
    if who:
        if kind == "call":
            return tr("Call {name}").format(name=who)
        if kind == "thank_you_email":
            return tr("Thank {name} by email").format(name=who)
        if kind == "thank_you_card":
            return tr("Card to {name}").format(name=who)
        if kind == "status_email":
            return tr("Email {name}").format(name=who)
        if kind == "feedback_request":
            return tr("Ask {name} for feedback").format(name=who)
    if kind == "call":
        return tr("Call")
    if kind == "thank_you_email":
        return tr("Thank-you email")
    if kind == "thank_you_card":
        return tr("Thank-you card")
    if kind == "status_email":
        return tr("Status email")
    if kind == "feedback_request":
        return tr("Ask for feedback")
    if kind == "move_on":
        return tr("Time to move on")
    return kind.replace("_", " ").capitalize()


def when_words(due: datetime, now: datetime | None = None) -> str:
    """``"Thu 10:00"`` within a week of ``now``, else ``"12 Jun 10:00"``."""
    locale = QLocale()
    clock = f"{due.hour:02d}:{due.minute:02d}"
    today = (now or datetime.now(due.tzinfo)).astimezone(due.tzinfo).date()
    if abs((due.date() - today).days) < 7:
        day = locale.dayName(due.isoweekday(), QLocale.FormatType.ShortFormat)
        return f"{day} {clock}"
    month = locale.monthName(due.month, QLocale.FormatType.ShortFormat)
    return f"{due.day} {month} {clock}"


def days_words(days: int | None) -> str:
    """How long ago the last interview was."""
    if days is None:
        return ""
    if days == 0:
        return tr("Interview today")
    if days == 1:
        return tr("1 day since interview")
    return tr("{n} days since interview").format(n=days)
