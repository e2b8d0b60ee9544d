"""The board reads at a glance on a laptop: whole titles and card lines, sideways scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics

from followup_gui.ui.board.card_look import CardLooks
from followup_gui.ui.board.card_texts import CardTextCache
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.conftest import BOARD_NOW

#: The window's size when it opens on a 1366x768 laptop (95% wide, at most 1200;
#: 90% of the height left by a panel).
LAPTOP_WINDOW = (1200, 690)


def elided_parts(window: MainWindow) -> list[str]:
    """Every column title and card line shown cut, as ``stage: text``."""
    cut = []
    looks, texts = CardLooks(), CardTextCache()
    for key, column in window.board.columns.items():
        title = column.title
        if QFontMetrics(title.font()).horizontalAdvance(title.text()) > title.width():
            cut.append(f"{key}: title {title.text()}")
        view = column.view
        for row in range(view.model().rowCount()):
            index = view.model().index(row, 0)
            rect = view.visualRect(index)
            rect.setWidth(min(rect.width(), view.viewport().width()))
            look = looks.look(view.font(), rect.width(), rect.height())
            card = view.column_model.card_at(row)
            shown = texts.texts(card, look, BOARD_NOW, BOARD_NOW)
            for part in (shown.company, shown.role, shown.action, shown.when, shown.days):
                if "…" in part:
                    cut.append(f"{key}: {part}")
    return cut


@pytest.mark.parametrize("scale", [1, 2])
def test_all_eight_columns_read_without_ellipsis_in_the_laptop_window(
    window: MainWindow, qtbot, scale: int
) -> None:
    if scale == 2:  # what 200% does to every size here: the fonts double
        font = QFont(window.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        window.setFont(font)
    window.resize(*LAPTOP_WINDOW)
    qtbot.wait(10)
    assert len(window.board.columns) == 8
    assert elided_parts(window) == []
    # Too wide for the window: the board scrolls sideways to every column.
    area = window.board.columns_area
    assert window.board.strip.width() > area.viewport().width()
    assert area.horizontalScrollBar().isVisible()
    area.horizontalScrollBar().setValue(area.horizontalScrollBar().maximum())
    last = list(window.board.columns.values())[-1]
    right = last.mapTo(area.viewport(), last.rect().topRight()).x()
    assert right <= area.viewport().width()


def test_titles_stay_whole_while_searching(window: MainWindow, qtbot) -> None:
    window.resize(*LAPTOP_WINDOW)
    window.board.search.setText("acme")
    qtbot.wait(10)
    counts = [c.count.text() for c in window.board.columns.values()]
    assert any("/" in n for n in counts)
    assert elided_parts(window) == []


def test_one_selection_across_the_board(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    board = window.board
    applied, offer = board.view("applied"), board.view("offer")
    for v in (applied, offer):
        rect = v.visualRect(v.model().index(0, 0))
        QTest.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert offer.selected_ids() and applied.selected_ids() == []
    selected = [k for k, c in board.columns.items() if c.view.selected_ids()]
    assert selected == ["offer"]
