"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from followup_gui.demo.example import fill_demo
from followup_gui.storage import Database
from followup_gui.ui.shell.main_window import MainWindow

#: The clock of the demo-board window (a Wednesday afternoon).
BOARD_NOW = datetime(2024, 5, 15, 14, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, db: Database) -> Iterator[MainWindow]:
    """A shown 1280x800 main window over the example search, its board clock at BOARD_NOW."""
    fill_demo(db, BOARD_NOW)
    win = MainWindow(db)
    win.board.set_clock(lambda: BOARD_NOW)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win  # a strong reference for the whole test
    win.close()


@pytest.fixture
def empty_window(qtbot, db: Database) -> Iterator[MainWindow]:
    """A shown main window over an empty database (its status bar tells what happened)."""
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


class OutOfOrderQuestions:
    """Stands in for the out-of-order question box: records each question, answers ``answer``."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answer = True

    def __call__(self, _parent: object, title: str, text: str) -> bool:
        self.asked.append((title, text))
        return self.answer


@pytest.fixture(autouse=True)
def out_of_order_questions(monkeypatch: pytest.MonkeyPatch) -> OutOfOrderQuestions:
    """No modal box in tests: "log it now?" is answered yes unless a test says otherwise."""
    from followup_gui.ui.followups import order_question

    questions = OutOfOrderQuestions()
    monkeypatch.setattr(order_question, "ask", questions)
    return questions
