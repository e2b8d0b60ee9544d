"""A card's words: when in words relative to today, overdue said and coloured one way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont

from followup_gui.services.board.cards import CardSummary, NextStep
from followup_gui.ui.board.card_look import CardLooks
from followup_gui.ui.board.card_texts import CardTextCache, CardTexts
from followup_gui.ui.board.card_words import action_words, days_words
from followup_gui.ui.common import when
from followup_gui.ui.common.when import when_text

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN)  # a Tuesday


@pytest.fixture(autouse=True)
def berlin_c_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(when, "local_zone", lambda: BERLIN)
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


def card(due: datetime, window_end: datetime, overdue: bool, kind: str = "call") -> CardSummary:
    step = NextStep(kind, "Dana", due, overdue, window_end)
    return CardSummary(
        id=1,
        company="Acme",
        role="Engineer",
        stage_key="following_up",
        position=0,
        timezone=str(due.tzinfo),
        next_step=step,
        overdue=overdue,
        due_soon=not overdue,
        days_since_interview=6,
        people=("Dana Whitfield",),
        search_text="acme",
    )


def texts(summary: CardSummary, width: int) -> CardTexts:
    look = CardLooks().look(QFont(), width, 120)
    return CardTextCache().texts(summary, look, NOW, NOW)


@pytest.mark.usefixtures("qapp")
def test_an_overdue_card_says_how_late_in_words_and_looks_the_same_at_any_width() -> None:
    due = NOW - timedelta(days=6)
    late = card(due, due + timedelta(hours=8), overdue=True)
    wide, narrow = texts(late, 600), texts(late, 170)
    # The card's short words (the panel and the card's tooltip add the date).
    assert wide.when == "⚠ 6 days overdue"
    # No badge that turns into a "!" dot on narrow cards: the words, in one colour.
    assert wide.late and narrow.late
    assert narrow.when.startswith("⚠ 6 days")
    assert wide.when_rect.width() == narrow.when_rect.width() + 430


@pytest.mark.usefixtures("qapp")
def test_a_card_says_when_relative_to_today_in_the_users_zone_with_theirs_beside() -> None:
    due = datetime(2026, 12, 9, 13, 0, tzinfo=NEW_YORK)  # 19:00 in Berlin
    shown = texts(card(due, due + timedelta(hours=4), overdue=False), 800)
    assert shown.when == "tomorrow 19:00"  # the user's clock; theirs in the tooltip
    assert when_text(due, NOW, due + timedelta(hours=4)) == "tomorrow 19:00 (their 13:00 EST)"
    assert not shown.late
    # Six days ago but still inside its window: due, not overdue.
    started = NOW - timedelta(hours=1)
    inside = texts(card(started, NOW + timedelta(hours=7), overdue=False), 800)
    assert inside.when == "due now" and not inside.late  # the tooltip says until when


def test_plain_words_for_steps_and_days() -> None:
    assert action_words("thank_you_card", "Jürgen") == "Thank Jürgen by card"
    assert days_words(1) == "1 day since interview"
    assert days_words(6) == "6 days since interview"
