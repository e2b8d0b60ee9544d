"""A card with nothing planned says what it waits for, never "Nothing planned"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QFont

from followup_gui.services.board.cards import CardSummary
from followup_gui.ui.board.card_look import CardLooks
from followup_gui.ui.board.card_texts import CardTextCache
from followup_gui.ui.board.card_waiting import waiting_words

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _card(stage: str, days: int | None) -> CardSummary:
    return CardSummary(
        id=1,
        company="Acme",
        role="Backend Engineer",
        stage_key=stage,
        position=0,
        timezone="UTC",
        next_step=None,
        overdue=False,
        due_soon=False,
        days_since_interview=days,
        people=(),
        search_text="acme",
    )


@pytest.mark.parametrize(
    ("stage", "days", "words"),
    [
        ("wishlist", None, "Not applied yet"),
        ("applied", None, "Waiting to hear about an interview"),
        ("interview_scheduled", None, "Waiting for the interview"),
        ("interview_scheduled", 2, "Waiting to hear back"),
        ("interviewed", None, "Add the interview to plan follow-ups"),
        ("following_up", 9, "Waiting to hear back"),
        ("offer", 3, "Offer received"),
        ("rejected", 3, "Nothing more to send"),
        ("no_response", 30, "Moved on"),
        ("phone_screen", None, "Waiting to hear back"),  # a column the user added
    ],
)
def test_a_card_without_a_step_says_what_it_waits_for(qapp, stage, days, words) -> None:
    assert waiting_words(stage, days) == words
    look = CardLooks().look(QFont(), 400, 120)  # wide enough for the whole line
    texts = CardTextCache().texts(_card(stage, days), look, NOW, NOW)
    assert texts.action == words
    assert "Nothing planned" not in texts.action
