"""A card's lines in words: the next step, when it is due, the days since the interview.

Plain strings, translated in the ``CardDelegate`` context; the card painter
(:mod:`followup_gui.ui.board.card_texts`) elides and caches them. When a step is
due is written by :func:`followup_gui.ui.common.when.when_text`, as everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from followup_gui.services.board.cards import NextStep
from followup_gui.ui.common.when import when_text


def tr(text: str, n: int = -1) -> str:
    """``text`` translated in the cards' context (``CardDelegate``)."""
    return QCoreApplication.translate("CardDelegate", text, None, n)


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
            return tr("Thank {name} by card").format(name=who)
        if kind == "status_email":
            return tr("Email {name}").format(name=who)
        if kind == "feedback_request":
            return tr("Ask {name} for feedback").format(name=who)
    if kind == "call":
        return tr("Call")
    if kind == "thank_you_email":
        return tr("Thank-you email")
    if kind == "thank_you_card":
        return tr("Post a thank-you card")
    if kind == "status_email":
        return tr("Status email")
    if kind == "feedback_request":
        return tr("Ask for feedback")
    if kind == "move_on":
        return tr("Time to move on")
    return kind.replace("_", " ").capitalize()


def when_words(step: NextStep, now: datetime | None = None) -> str:
    """When the step is due, in the card's short words (see ``when_text``)."""
    return when_text(step.due, now or datetime.now(UTC), step.window_end, compact=True)


def days_words(days: int | None) -> str:
    """How long ago the last interview was."""
    if days is None:
        return ""
    if days == 0:
        return tr("Interview today")
    if days == 1:
        return tr("%n day since interview", days)
    return tr("%n days since interview", days)
