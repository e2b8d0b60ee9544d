"""Start-up timing for ``make bench`` (only when ``FOLLOWUP_BENCH_STARTUP=1``).

Prints ``first_paint <seconds>`` (each timing line is followed by
``peak_rss_kib <n>``, the process's ``VmHWM``) when the main window first paints and
``board_painted <seconds>`` when the board has painted its cards (or its
first-run panel on an empty database), then quits the app; ``exit <seconds>`` and
the peak RSS again as it quits (after the database was opened and the board
loaded from it, also when the board painted from the start-up preview). Seconds count from
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


def peak_rss_kib() -> int:
    """This process's peak resident memory so far (``VmHWM``), 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def report(moment: str) -> None:
    """Print one timing line and the peak RSS (flushed: the benchmark reads a pipe)."""
    sys.stdout.write(f"{moment} {elapsed():.6f}\npeak_rss_kib {peak_rss_kib()}\n")
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
        """Let the widget paint, then report (the staged start may not return to the loop)."""
        if event.type() != QEvent.Type.Paint:
            return False
        self.widget.removeEventFilter(self)
        self.widget.event(event)  # the widget's own paint, handled here
        report(self.moment)
        if callable(self.done):
            QTimer.singleShot(0, self.done)
        return True


def watch_window(window: QWidget) -> None:
    """Report the main window's first paint."""
    FirstPaint(window, "first_paint")


def watch_board(page: QWidget, quit_app: bool = True) -> None:
    """Report the board page's first paint (cards or first-run panel), then quit.

    Args:
        page: the board's current page.
        quit_app: quit once painted; ``False`` for a start-up preview, painted
            before the database is opened (then :func:`quit_when_started`).
    """
    app = QApplication.instance()
    done = app.quit if app is not None and quit_app else None
    FirstPaint(page, "board_painted", done)


def quit_when_started() -> None:
    """Quit as soon as the event loop runs (the board was painted before)."""
    app = QApplication.instance()
    if app is not None:
        QTimer.singleShot(0, app.quit)


def report_at_exit() -> None:
    """Print the peak RSS again when the app quits (everything loaded by then)."""
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: report("exit"))
