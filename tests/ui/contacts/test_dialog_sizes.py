"""The Merge dialog is sized to its content: every candidate's line and the note read whole."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from followup_gui.services.contacts.editing import ContactData, Duplicate
from followup_gui.ui.contacts.dialogs import MergeDialog
from tests.ui.fit import assert_fits


def test_the_merge_dialog_shows_each_line_whole_and_fits_the_screen(qtbot) -> None:
    candidates = [
        Duplicate(
            2, "Dana Whitfield-Okonkwo", "Northwind Analytics", "same email dana@northwind.io"
        ),
        Duplicate(3, "Dana Whitfeld", "Northwind Analytics", "a similar name at the same company"),
    ]
    dialog = MergeDialog(None, ContactData(full_name="Dana Whitfield", id=1), candidates)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_fits(dialog)
    view = dialog.list.viewport()
    metrics = dialog.list.fontMetrics()
    for i in range(dialog.list.count()):
        item = dialog.list.item(i)
        assert metrics.horizontalAdvance(item.text()) <= view.width(), item.text()
        assert dialog.list.visualItemRect(item).bottom() <= view.height()
    assert not dialog.list.horizontalScrollBar().isVisible()
    for radio in (dialog.keep_current, dialog.keep_other):
        assert radio.width() >= radio.sizeHint().width()
    note = next(w for w in dialog.findChildren(QLabel) if "Nothing is lost" in w.text())
    assert note.height() >= note.heightForWidth(note.width())
