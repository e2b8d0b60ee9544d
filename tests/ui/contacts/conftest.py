"""The Contacts tab's fixture: a shown panel whose questions are answered by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from followup_gui.services.contacts.region import PHONE_REGION
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.contacts.panel import ContactsPanel
from followup_gui.ui.context import AppContext

Btn = QMessageBox.StandardButton


@pytest.fixture
def panel(qtbot, db: Database) -> ContactsPanel:
    """The panel over ``db`` (phone region US): ``asked`` lists the questions asked."""
    settings = Settings()
    settings.set(PHONE_REGION, "US")
    context = AppContext(settings, db)
    widget = ContactsPanel(context)
    widget.undo_stack_ref = context  # keep the stack alive with the panel
    widget.asked: list[str] = []
    widget.answer = Btn.Yes

    def ask(title: str, text: str, buttons) -> Btn:
        widget.asked.append(text)
        return widget.answer

    widget.ask = ask
    qtbot.addWidget(widget)
    widget.show()
    return widget


def drop_files(widget: QWidget, paths: list[Path]) -> None:
    """Drag files onto ``widget`` and drop them, as a file manager would; both accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(50, 50), *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDragMoveEvent(QPoint(52, 52), *args))
    drop = QDropEvent(QPointF(52, 52), *args)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()
