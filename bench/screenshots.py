"""``make screenshots``: the main screens, light and dark, at 1366x768, into docs/screenshots/.

Runs the app offscreen over a fresh example database (the user's data and
settings are never touched: Qt's test paths are on), and saves each screen as
the window draws it (``QWidget.grab``): the board, the board with the first
card that has a next step selected (its next-step panel beside the columns), an
application window, the agenda,
the contacts and the insights, each in the light and the dark theme.

Usage: ``QT_QPA_PLATFORM=offscreen python -m bench.screenshots [OUT_DIR]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SIZE = (1366, 768)


def main(argv: list[str]) -> int:
    """Render every screen in both themes; print the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QWidget

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(argv[:1])
    assert isinstance(app, QApplication)

    from followup_gui.demo.example import fill_demo
    from followup_gui.settings import Settings
    from followup_gui.storage import Database
    from followup_gui.ui.shell.main_window import MainWindow

    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "example.sqlite3")
        fill_demo(db)
        window = MainWindow(db, Settings())
        window.resize(*SIZE)
        window.show()

        def settle() -> None:
            for _ in range(5):
                app.processEvents()

        def tab(name: str) -> Callable[[], QWidget]:
            def show() -> QWidget:
                widget = getattr(window, name)
                window.tabs.setCurrentWidget(widget)
                return window

            return show

        def next_step() -> QWidget:
            # The board with the first card that has a step selected: its next step
            # beside the columns (what to do, the script, the outcome buttons).
            board = window.board
            window.tabs.setCurrentWidget(board)
            board.side.toggle_action.setChecked(True)
            settle()
            card = next(c for c in board.board.snapshot.cards if c.next_step)
            view = board.view(card.stage_key)
            view.select_ids([card.id])
            board.columns_area.ensureWidgetVisible(view)
            return window

        def application() -> QWidget:
            window.tabs.setCurrentWidget(window.board)
            card = next(c for c in window.board.board.snapshot.cards if c.next_step)
            dialog = window.board.open_details(card.id)
            assert dialog is not None
            return dialog

        screens: dict[str, Callable[[], QWidget]] = {
            "board": tab("board"),
            "next-step": next_step,
            "application": application,
            "agenda": tab("agenda"),
            "contacts": tab("contacts"),
            "insights": tab("insights"),
        }
        for theme in ("light", "dark"):
            window.theme.choose(theme)
            for name, show in screens.items():
                shown = show()
                settle()
                path = out / f"{name}-{theme}.png"
                shown.grab().save(str(path))
                print(path)
                if shown is not window:
                    shown.close()
                    settle()
        window.theme.choose("system")
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
