"""The status bar's application count stays right; Ctrl+Q quits without a tray notice."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.ui.followups.tray import install_tray
from followup_gui.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    "This plugin does not support raise",
)


def test_the_count_follows_a_delete_and_its_undo_and_survives_a_message(qtbot, window) -> None:
    label = window.count_label
    assert label.text() == "10 applications"
    card = window.board.board.snapshot.cards[0]
    window.board.confirm = lambda _title, _text: True
    assert window.board.delete([card.id])
    assert label.text() == "9 applications"
    window.context.post("Something else happened.")
    assert window.statusBar().currentMessage() == "Something else happened."
    assert label.isVisible() and label.text() == "9 applications"
    window.undo_stack.undo()
    assert label.text() == "10 applications"


def test_ctrl_q_quits_without_saying_it_still_runs_in_the_tray(
    qtbot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    tray = install_tray(window.context, window)
    shown: list[tuple[str, str]] = []

    class Recording:
        def notify(self, title: str, body: str) -> None:
            shown.append((title, body))

    tray.notifier = Recording()
    tray.active = True  # as with a desktop tray (offscreen has none)
    window.show()
    qtbot.waitExposed(window)
    # QApplication.quit closes the windows first; stand in for that here.
    closed: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: closed.append(window.close()))
    quit_action = next(
        a
        for a in window.menuBar().actions()[0].menu().actions()
        if a.text().replace("&", "") == "Quit"
    )
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert closed == [True]
    assert not window.isVisible()
    assert shown == []
