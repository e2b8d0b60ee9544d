"""The Contacts tab's fixture: a shown panel whose questions are answered by the test."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

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
