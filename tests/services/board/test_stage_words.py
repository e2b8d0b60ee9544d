"""A stage that holds cards says how many in plain English (no "card(s)")."""

from __future__ import annotations

from followup_gui.services.board.stages import _holds


def test_one_card_and_several_cards() -> None:
    assert _holds("Applied", 1) == "'Applied' holds 1 card; move it to another stage first."
    assert _holds("Applied", 3) == "'Applied' holds 3 cards; move them to another stage first."
