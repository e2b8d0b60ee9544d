"""Views reload on changes while shown, and once when shown again after hidden changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from followup_gui.ui.common.visible_refresh import refresh_when_shown


class Source(QObject):
    changed = Signal()


def test_a_hidden_tab_reloads_once_when_opened(qtbot) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    first, second = QWidget(), QWidget()
    tabs.addTab(first, "First")
    tabs.addTab(second, "Second")
    tabs.show()
    qtbot.waitExposed(tabs)
    source = Source()
    reloads: list[str] = []
    refresh_when_shown(second, lambda: reloads.append("second"), [source.changed])
    refresh_when_shown(first, lambda: reloads.append("first"), [source.changed])

    source.changed.emit()
    source.changed.emit()
    assert reloads == ["first", "first"]  # the shown tab follows each change
    tabs.setCurrentWidget(second)
    assert reloads == ["first", "first", "second"]  # once, however many changes
    tabs.setCurrentWidget(first)
    assert reloads == ["first", "first", "second"]  # nothing changed meanwhile
