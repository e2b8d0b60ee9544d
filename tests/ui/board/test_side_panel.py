"""The board's next-step panel: select a card, log how it went, two clicks from the board."""

from __future__ import annotations

from html import escape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget
from sqlalchemy import select

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.board.side_panel import BOARD_NEXT_STEP
from followup_gui.ui.board.view import CardListView
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.board.test_glance import LAPTOP_WINDOW, elided_parts


def pending(db: Database, app_id: int) -> list[m.FollowUp]:
    with db.read() as s:
        rows = s.scalars(
            select(m.FollowUp)
            .where(m.FollowUp.application_id == app_id, m.FollowUp.status == "pending")
            .order_by(m.FollowUp.due_at, m.FollowUp.id)
        )
        return list(rows)


def click_card(window: MainWindow, card_id: int) -> CardListView:
    """Click a card on the board with the mouse; its column's view."""
    for column in window.board.columns.values():
        row = column.model.row_of(card_id)
        if row >= 0:
            view = column.view
            area = window.board.columns_area
            area.ensureWidgetVisible(view)
            rect = view.visualRect(view.model().index(row, 0))
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return view
    raise AssertionError(f"card {card_id} is not on the board")


def card_with_a_call(window: MainWindow) -> int:
    """A demo card with a thank-you email due first, then a call (Acme Robotics)."""
    for card in window.board.board.snapshot.cards:
        kinds = [f.kind for f in pending(window.db, card.id)]
        if kinds[:2] == ["thank_you_email", "call"]:
            return card.id
    raise AssertionError("no demo card with a thank-you and a call planned")


def assert_seen_whole(qtbot, *widgets: QWidget) -> None:
    """Each widget is drawn whole where the user looks (not scrolled out of its panel)."""
    for widget in widgets:
        qtbot.waitUntil(lambda w=widget: w.visibleRegion().boundingRect().size() == w.size())


def test_journey_select_a_card_log_voicemail_from_the_side_panel_and_undo(
    qtbot, window: MainWindow
) -> None:
    """Click a card, Sent (the thanks), the call follows: Voicemail; then Undo."""
    window.resize(*LAPTOP_WINDOW)  # as it opens on a 1366x768 laptop: the panel scrolls
    side = window.board.side
    assert side.isVisible(), "shown beside the board by default"
    card = card_with_a_call(window)
    thanks, call = pending(window.db, card)[:2]
    view = click_card(window, card)  # one click: the card's next step, ready to log
    panel = side.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.detail is not None)
    assert panel.detail is not None and panel.detail.id == thanks.id
    sent = panel.outcome_buttons["sent"]
    qtbot.waitUntil(lambda: sent.isVisible() and sent.height() >= 18)
    assert sent.visibleRegion().boundingRect().height() >= 18, "not cut off by the window"
    qtbot.mouseClick(sent, Qt.MouseButton.LeftButton)  # the second click logs it
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id == call.id)
    assert "Sent" in panel.notice.text()
    assert_seen_whole(qtbot, panel.notice, panel.undo_button)  # no scrolling to find it
    assert view.selected_ids() == [card], "the card read again stays the one selected"
    # The panel grew for the call's buttons: the card is still in sight beside it.
    row = view.column_model.row_of(card)
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.waitUntil(lambda: view.viewport().visibleRegion().boundingRect().contains(rect))
    voicemail = panel.outcome_buttons["voicemail"]
    qtbot.waitUntil(lambda: voicemail.isVisible() and voicemail.height() >= 18)
    panel.outcome_actions.confirm = lambda *_: True  # the call may be early: log it anyway
    qtbot.mouseClick(voicemail, Qt.MouseButton.LeftButton)
    with window.db.read() as s:
        assert s.get(m.FollowUp, call.id).status == "done"
        outcomes = s.scalars(select(m.Attempt.outcome).where(m.Attempt.application_id == card))
        assert "voicemail" in outcomes.all()
    # The card's next attempt follows, with what was saved and its Undo.
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id != call.id)
    assert panel.detail is not None and panel.detail.application_id == card
    assert "Voicemail" in panel.notice.text()
    assert_seen_whole(qtbot, panel.notice, panel.undo_button)
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    with window.db.read() as s:
        assert s.get(m.FollowUp, call.id).status == "pending"
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id == call.id)


def test_selecting_another_card_shows_its_step_and_a_card_with_none_says_why(
    qtbot, window: MainWindow
) -> None:
    board = window.board
    panel = board.side.panel
    assert panel is not None
    cards = board.board.snapshot.cards
    planned = next(c for c in cards if pending(window.db, c.id))
    idle = next(c for c in cards if not pending(window.db, c.id))
    click_card(window, planned.id)
    qtbot.waitUntil(lambda: panel.detail is not None)
    assert panel.detail is not None and panel.detail.application_id == planned.id
    click_card(window, idle.id)
    qtbot.waitUntil(lambda: panel.detail is None)
    assert escape(idle.company) in panel.header.text()
    assert "Nothing to do now" in panel.header.text()
    assert "Nothing planned" not in panel.header.text()
    assert not panel.body.isVisible(), "no outcome buttons without a step"


def test_the_panel_hides_from_its_button_and_the_view_menu_and_remembers(
    qtbot, window: MainWindow
) -> None:
    side = window.board.side
    assert side.toggle_action in window.view_menu.actions()
    qtbot.mouseClick(side.hide_button, Qt.MouseButton.LeftButton)
    assert not side.isVisible() and not side.toggle_action.isChecked()
    assert Settings().get(BOARD_NEXT_STEP) is False
    # A new window (the next start) opens without it; the menu brings it back.
    again = MainWindow(window.db)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.board.side.isVisible()
    again.board.side.toggle_action.trigger()
    assert again.board.side.isVisible()
    assert Settings().get(BOARD_NEXT_STEP) is True
    again.close()


@pytest.mark.parametrize("scale", [1, 2])
def test_the_board_reads_whole_at_1366_with_the_panel_shown(
    qtbot, window: MainWindow, scale: int
) -> None:
    if scale == 2:  # what 200% does to every size here: the fonts double
        font = QFont(window.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        window.setFont(font)
    window.resize(*LAPTOP_WINDOW)
    click_card(window, window.board.board.snapshot.cards[0].id)
    qtbot.wait(20)
    side = window.board.side
    assert side.isVisible() and side.width() > 0
    assert elided_parts(window) == []
    # The panel's buttons are whole and inside the window.
    panel = side.panel
    assert panel is not None
    viewport = side.area.viewport() if isinstance(side.area, QScrollArea) else None
    assert viewport is not None
    for button in [*panel.outcome_buttons.values(), panel.skip_button, panel.copy_button]:
        assert button.height() >= 18
        assert button.width() >= button.minimumSizeHint().width()
        right = button.mapTo(viewport, button.rect().topRight()).x()
        assert right < viewport.width(), f"{button.text()} is cut off on the right"
    right = side.mapTo(window, side.rect().topRight()).x()
    assert right <= window.width()
