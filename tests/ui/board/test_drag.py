"""A drag shows the card and where it will land; a mouse drag is undone with Ctrl+Z."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.board.test_board import below_last, drop, ids, select_rows, view


def test_the_drag_carries_a_picture_of_the_card(window: MainWindow, monkeypatch) -> None:
    applied = view(window, "applied")
    select_rows(applied, [0])
    carried = []

    def fake_exec(drag, actions):
        carried.append((drag.pixmap(), drag.hotSpot()))
        return Qt.DropAction.IgnoreAction

    monkeypatch.setattr(applied, "exec_drag", fake_exec)
    applied.startDrag(Qt.DropAction.MoveAction)
    ((pixmap, hot_spot),) = carried
    card = applied.visualRect(applied.model().index(0, 0))
    assert not pixmap.isNull()
    assert pixmap.deviceIndependentSize().toSize() == card.size()
    image = pixmap.toImage()
    colours = {image.pixel(x, image.height() // 4) for x in range(image.width())}
    assert len(colours) > 3  # the card's frame and its company's letters, not a blank
    assert 0 <= hot_spot.x() <= card.width() and 0 <= hot_spot.y() <= card.height()


def test_the_landing_place_shows_also_at_a_columns_end(window: MainWindow) -> None:
    applied, offer = view(window, "applied"), view(window, "offer")
    mime = applied.model().mimeData([applied.model().index(0, 0)])
    vp = offer.viewport()
    move, left = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    pos = below_last(offer)
    QApplication.sendEvent(vp, QDragEnterEvent(pos, move, mime, left, mods))
    over = QDragMoveEvent(pos, move, mime, left, mods)
    QApplication.sendEvent(vp, over)
    assert over.isAccepted()
    last = offer.visualRect(offer.model().index(offer.model().rowCount() - 1, 0))
    assert offer.landing_y == last.bottom() + 1
    image = vp.grab().toImage()
    highlight = offer.palette().color(QPalette.ColorRole.Highlight)
    row = [image.pixelColor(x, offer.landing_y) for x in range(image.width())]
    assert sum(c == highlight for c in row) > image.width() // 2
    # Over the top half of the first card: before it.
    first = offer.visualRect(offer.model().index(0, 0))
    top = QPoint(first.center().x(), first.top() + 3)
    QApplication.sendEvent(vp, QDragMoveEvent(top, move, mime, left, mods))
    assert offer.landing_y == first.top()


def test_drag_a_card_with_the_mouse_then_undo(window: MainWindow, qtbot, monkeypatch) -> None:
    applied, offer = view(window, "applied"), view(window, "offer")
    moved, stays = ids(applied)
    before = ids(offer)

    def land_on_offer(drag, actions):
        # Offscreen QDrag.exec returns at once: the drop the mouse would make.
        assert drop(offer, drag.mimeData(), below_last(offer))
        return Qt.DropAction.MoveAction

    monkeypatch.setattr(applied, "exec_drag", land_on_offer)
    card = applied.visualRect(applied.model().index(0, 0)).center()
    vp = applied.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, pos=card)
    far = card + QPoint(0, QApplication.startDragDistance() * 3)
    QTest.mouseMove(vp, card + QPoint(0, 2))
    QTest.mouseMove(vp, far)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=far)
    assert ids(applied) == [stays] and ids(offer) == [*before, moved]
    assert window.count_label.text() == "10 applications"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ids(applied) == [moved, stays] and ids(offer) == before
