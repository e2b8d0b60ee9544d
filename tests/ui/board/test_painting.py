"""Fast card and scroll bar painting: exactly the pixels of plain drawing, kept up to date.

The board paints its cards from caches (stamped frames and chips, texts laid out
once, its own paint loop) and its scroll bars from cached pieces. These tests
compare what the views show with a plain ``QListView`` showing the same cards
(whose calls make ``CardDelegate.paint`` draw directly), and the scroll bars with
Fusion's own drawing, after the changes a user makes: selecting, editing a card,
filtering, a dark palette, a narrow window.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QScrollBar,
    QStyle,
    QStyleFactory,
    QStyleOptionSlider,
)

from followup_gui.demo.example import fill_demo
from followup_gui.services.board.cards import search_words
from followup_gui.storage import Database
from followup_gui.ui.board.model import BoardModel
from followup_gui.ui.board.scroll_bar_style import CachedScrollBarStyle
from followup_gui.ui.common.theme import dark_palette
from followup_gui.ui.shell.main_window import MainWindow

NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)


def views(win: MainWindow) -> list[QListView]:
    return [column.view for column in win.board.columns.values() if column.view.model().rowCount()]


def shown(v: QListView) -> QImage:
    """What the view paints (its own loop, stamps, laid-out texts)."""
    QApplication.processEvents()
    return v.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def explicit(palette: QPalette) -> QPalette:
    """``palette`` with every colour set (an inherited one would not carry over)."""
    copy = QPalette()
    for group in (
        QPalette.ColorGroup.Active,
        QPalette.ColorGroup.Inactive,
        QPalette.ColorGroup.Disabled,
    ):
        for role in QPalette.ColorRole:
            if role != QPalette.ColorRole.NColorRoles:
                copy.setBrush(group, role, palette.brush(group, role))
    return copy


def drawn(v: QListView) -> QImage:
    """What a plain ``QListView`` shows of the same cards (Qt's own paint loop).

    Its delegate calls are the ones ``CardDelegate.paint`` gets from any view:
    it draws each card directly, without the caches of the board's views.
    """
    twin = QListView()
    twin.setModel(v.model())
    twin.setItemDelegate(v.itemDelegate())
    twin.setUniformItemSizes(True)
    twin.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    twin.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    twin.setFrameShape(QListView.Shape.NoFrame)
    twin.setPalette(explicit(v.palette()))
    twin.setFont(v.font())
    twin.viewport().setBackgroundRole(QPalette.ColorRole.Window)
    twin.viewport().setAutoFillBackground(True)
    selection = twin.selectionModel()
    for index in v.selectionModel().selectedIndexes():
        selection.select(index, QItemSelectionModel.SelectionFlag.Select)
    selection.setCurrentIndex(v.currentIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
    # Focused only if the view is: a new window would otherwise take the focus.
    focused = v.hasFocus()
    twin.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    twin.setFocusPolicy(Qt.FocusPolicy.StrongFocus if focused else Qt.FocusPolicy.NoFocus)
    twin.resize(v.size())
    twin.show()
    QApplication.processEvents()
    twin.verticalScrollBar().setValue(v.verticalScrollBar().value())
    if focused:
        twin.activateWindow()
        twin.setFocus()
        QApplication.processEvents()
        assert twin.hasFocus()
    image = twin.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    twin.close()
    twin.deleteLater()
    if focused:
        v.activateWindow()
        v.setFocus()
        QApplication.processEvents()
    return image


def assert_as_drawn(win: MainWindow) -> None:
    for v in views(win):
        assert shown(v) == drawn(v), v.objectName()


def test_cards_look_exactly_as_drawn_one_by_one(window: MainWindow) -> None:
    applied = window.board.columns["applied"].view
    applied.selectionModel().select(
        applied.model().index(0, 0), QItemSelectionModel.SelectionFlag.Select
    )
    applied.setCurrentIndex(applied.model().index(1, 0))
    applied.setFocus()
    assert_as_drawn(window)
    assert_as_drawn(window)  # again: now from what the first paint kept


def test_a_selected_card_repaints_selected(window: MainWindow) -> None:
    v = views(window)[0]
    before = shown(v)
    v.selectionModel().select(v.model().index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    after = shown(v)
    assert after != before
    assert after == drawn(v)
    v.selectionModel().clearSelection()
    assert shown(v) == before


def test_an_edited_card_shows_its_new_text(window: MainWindow) -> None:
    v = window.board.columns["applied"].view
    card = v.model().card_at(0)
    assert_as_drawn(window)  # the card's lines are kept from here
    before = shown(v)
    dialog = window.board.open_details(card.id)
    assert dialog is not None
    dialog.company.setText("Renamed Company Ltd")
    dialog.accept()
    assert v.model().card_at(v.model().row_of(card.id)).company == "Renamed Company Ltd"
    after = shown(v)
    assert after != before
    assert after == drawn(v)
    window.undo_stack.undo()
    assert v.model().card_at(v.model().row_of(card.id)).company == card.company
    assert shown(v) == drawn(v)


def test_narrow_columns_look_the_same(window: MainWindow) -> None:
    # Narrower than a card's natural width (a scroll bar takes room from a
    # narrow column): Qt cuts the cards to the view.
    for column in window.board.columns.values():
        column.setFixedWidth(100)
    QApplication.processEvents()
    v = views(window)[0]
    assert v.viewport().width() < v.sizeHintForIndex(v.model().index(0, 0)).width()
    assert_as_drawn(window)


def test_filtering_repaints_the_cards_left(window: MainWindow) -> None:
    assert_as_drawn(window)
    window.board.search.setText("a")
    assert_as_drawn(window)
    window.board.search.setText("")
    assert_as_drawn(window)


def test_a_dark_palette_repaints_in_its_colours(window: MainWindow) -> None:
    v = views(window)[0]
    light = shown(v)
    window.board.setPalette(dark_palette())
    dark = shown(v)
    assert dark != light
    assert dark == drawn(v)


def test_filter_words_narrow_like_matching(db: Database) -> None:
    fill_demo(db, NOW)
    board = BoardModel(db, lambda: NOW)
    board.reload()
    for text in ("a", "an", "dana", "  Platform  engineer ", "zzz", "e a"):
        for overdue in (False, True):
            board.set_filter(text=text, overdue=overdue)
            for stage in board.visible_stages():
                expected = [
                    c
                    for c in board.snapshot.column(stage.key)
                    if (not overdue or c.overdue) and c.matches_words(search_words(text))
                ]
                assert board.cards(stage.key) == expected, (text, overdue, stage.key)


def scroll_bar_pixels(
    style: QStyle, bar: QScrollBar, option: QStyleOptionSlider, scale: int
) -> QImage:
    """The bar drawn by ``style`` as its paint event would: clipped, over its colour."""
    width, height = bar.width(), bar.height()
    image = QImage(width * scale + 2, height * scale + 2, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("#336699"))
    painter = QPainter(image)
    painter.translate(1, 1)
    painter.setClipRect(QRect(0, 0, width, height))
    painter.fillRect(QRect(0, 0, width, height), option.palette.color(QPalette.ColorRole.Window))
    style.drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, painter, bar)
    painter.end()
    return image


def test_scroll_bars_look_exactly_as_fusion_draws_them(qtbot) -> None:
    fusion = QStyleFactory.create("Fusion")
    cached = CachedScrollBarStyle(QStyleFactory.create("Fusion"))
    sub = QStyle.SubControl
    hover, pressed = QStyle.StateFlag.State_MouseOver, QStyle.StateFlag.State_Sunken
    states = [
        (QStyle.StateFlag.State_None, sub.SC_None),
        (hover, sub.SC_ScrollBarSlider),
        (pressed, sub.SC_ScrollBarSlider),
        (pressed, sub.SC_ScrollBarAddLine),
    ]
    compared = 0
    for palette in (QApplication.palette(), dark_palette()):
        for scale in (1, 2):
            bar = QScrollBar(Qt.Orientation.Vertical)
            qtbot.addWidget(bar)
            bar.resize(14, 400)
            bar.setPalette(palette)
            bar.setAutoFillBackground(True)
            bar.setPageStep(400)
            # Many handle lengths and places: the first ones teach the stretched
            # handles, the later ones are built from them.
            for maximum in (50, 120, 333, 700, 1500, 5000):
                for value in (0, maximum // 3, maximum):
                    bar.setRange(0, maximum)
                    bar.setValue(value)
                    for extra, active in states:
                        option = QStyleOptionSlider()
                        bar.initStyleOption(option)
                        option.subControls = sub.SC_All
                        option.state |= extra
                        option.activeSubControls = active
                        expected = scroll_bar_pixels(fusion, bar, option, scale)
                        assert scroll_bar_pixels(cached, bar, option, scale) == expected, (
                            scale,
                            maximum,
                            value,
                            extra,
                        )
                        compared += 1
    assert compared == 2 * 2 * 6 * 3 * len(states)
    assert any(s is not None and s.trusted for s in cached._stretches.values())


def test_cards_at_double_scale_look_as_drawn(tmp_path) -> None:
    """The card tests again at 200 % (a scale is chosen once per process)."""
    if os.environ.get("QT_SCALE_FACTOR") == "2":
        pytest.skip("already at double scale")
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            __file__,
            "-k",
            "exactly or selected or edited or narrow or dark",
            "--basetemp",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-3000:]
