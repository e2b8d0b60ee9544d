"""Words and colours the timeline, the action panel, the agenda and contacts share.

``local_zone`` is re-exported from :mod:`followup_gui.ui.common.when`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from followup_gui.domain import Outcome
from followup_gui.ui.common.when import OVERDUE_RED, local_zone

__all__ = ["OVERDUE_COLOUR", "kind_colour", "kind_label", "local_zone", "outcome_label"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUp", text)


def kind_label(kind: str) -> str:
    """What a follow-up or attempt kind is called in the GUI."""
    labels = {
        "thank_you_email": _tr("Thank-you email"),
        "thank_you_card": _tr("Thank-you card"),
        "call": _tr("Call"),
        "status_email": _tr("Status email"),
        "feedback_request": _tr("Feedback request"),
        "move_on": _tr("Move on"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())


def outcome_label(outcome: Outcome | str) -> str:
    """The outcome button's text."""
    labels = {
        Outcome.SENT: _tr("Sent"),
        Outcome.SPOKE: _tr("Spoke"),
        Outcome.VOICEMAIL: _tr("Voicemail"),
        Outcome.NO_ANSWER: _tr("No answer"),
        Outcome.REJECTED: _tr("Rejected"),
        Outcome.OFFER: _tr("Offer"),
        Outcome.FILLED: _tr("Position filled"),
    }
    return labels.get(Outcome(outcome), str(outcome))


#: A glyph per outcome (DejaVu Sans has them all), drawn on the attempt's marker.
OUTCOME_GLYPHS: dict[str, str] = {
    "sent": "✉",
    "spoke": "☎",
    "voicemail": "⌕",
    "no_answer": "✗",
    "rejected": "⊘",
    "filled": "⊘",
    "offer": "★",
}

#: Colours of the outcome markers.
OUTCOME_COLOURS: dict[str, str] = {
    "sent": "#3b7dd8",
    "spoke": "#2e9d57",
    "voicemail": "#c98a16",
    "no_answer": "#8a8f98",
    "rejected": "#c9352b",
    "filled": "#c9352b",
    "offer": "#d4a017",
}

#: The colour of each kind of planned follow-up.
KIND_COLOURS: dict[str, str] = {
    "thank_you_email": "#4a86e8",
    "thank_you_card": "#8e63ce",
    "call": "#34a853",
    "status_email": "#16a2a2",
    "feedback_request": "#e8833a",
    "move_on": "#8a8f98",
}

#: The one overdue colour (see :mod:`followup_gui.ui.common.when`).
OVERDUE_COLOUR = OVERDUE_RED


def kind_colour(kind: str) -> QColor:
    """The colour of a kind of follow-up."""
    return QColor(KIND_COLOURS.get(kind, "#777777"))
