"""Start-up timing for ``make bench`` (only when ``FOLLOWUP_BENCH_STARTUP=1``).

Prints ``first_paint <seconds>`` when the main window first paints and
``board_painted <seconds>`` when the board has painted its cards (or its
first-run panel on an empty database), then quits the app. Seconds count from
``FOLLOWUP_BENCH_T0`` (a ``time.monotonic()`` taken by the benchmark just before
it started this process; CLOCK_MONOTONIC is system-wide on Linux).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "FOLLOWUP_BENCH_STARTUP"
T0_ENV = "FOLLOWUP_BENCH_T0"


def enabled() -> bool:
    """Whether the benchmark asked for start-up timings."""
    return os.environ.get(ENV) == "1"


def elapsed() -> float:
    """Seconds since the benchmark started this process."""
    return time.monotonic() - float(os.environ.get(T0_ENV, "0") or 0)


def report(moment: str) -> None:
    """Print one timing line (flushed: the benchmark reads it through a pipe)."""
    sys.stdout.write(f"{moment} {elapsed():.6f}\n")
    sys.stdout.flush()


class FirstPaint(QObject):
    """Reports the first paint of a widget once, then removes itself.

    Args:
        widget: the widget to watch.
        moment: the name printed.
        done: called after reporting (e.g. quit the app).
    """

    def __init__(self, widget: QWidget, moment: str, done: object = None) -> None:
        super().__init__(widget)
        self.widget, self.moment, self.done = widget, moment, done
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report after the paint event has been handled (the pixels are drawn)."""
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        report(self.moment)
        if callable(self.done):
            self.done()


def watch_window(window: QWidget) -> None:
    """Report the main window's first paint."""
    FirstPaint(window, "first_paint")


def watch_board(page: QWidget) -> None:
    """Report the board page's first paint (cards or first-run panel), then quit."""
    app = QApplication.instance()
    FirstPaint(page, "board_painted", app.quit if app is not None else None)
