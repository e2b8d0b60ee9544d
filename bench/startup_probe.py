"""Start-up timing, run inside FollowUp through its start-up hook (``make bench``).

:mod:`bench.startup` starts the app with ``FOLLOWUP_STARTUP_HOOK`` naming
:func:`install` (:func:`bench.startup.probe_env`); the app calls it once, with
its main window, before showing it (``followup_gui/app.py``, the app's only
start-up callback). From then on this module prints ``first_paint <seconds>``
(each timing line is followed by ``peak_rss_kib <n>``, the process's ``VmHWM``)
when the main window first paints and ``board_painted <seconds>`` when the board
page has painted its cards (or its first-run panel on an empty database), then
quits the app as soon as its event loop runs (after the database was opened: a
board painted from the start-up preview paints before that); ``exit <seconds>``
and the peak RSS again as it quits. Seconds count from ``FOLLOWUP_BENCH_T0`` (a
``time.monotonic()`` taken by the benchmark just before it started this process;
CLOCK_MONOTONIC is system-wide on Linux).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication, QWidget

T0_ENV = "FOLLOWUP_BENCH_T0"


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
        done: called from the event queue after reporting, if given.
    """

    def __init__(
        self, widget: QWidget, moment: str, done: Callable[[], None] | None = None
    ) -> None:
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
        if self.done is not None:
            QTimer.singleShot(0, self.done)
        return True


class BoardWatch(QObject):
    """Watches the board page's first paint once the window has a board.

    The window gets its board with its central widget (``ChildAdded``): from the
    start-up preview, or when the database is attached if there was none.
    Whichever page the board then shows (cards or first-run panel) is watched.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Start watching the board's page as soon as the window has one."""
        board = getattr(self.window, "board", None)
        if event.type() == QEvent.Type.ChildAdded and board is not None:
            self.window.removeEventFilter(self)
            FirstPaint(board.pages.currentWidget() or self.window, "board_painted", quit_app)
        return False


def quit_app() -> None:
    """Quit from the event loop, waiting for it to run (the preview paints before it does)."""
    app = QApplication.instance()
    if app is None:
        return
    if QThread.currentThread().loopLevel() > 0:
        app.quit()
    else:
        QTimer.singleShot(1, quit_app)


def install(window: QWidget) -> None:
    """Time the start-up of ``window`` (the app's start-up hook, before it shows)."""
    FirstPaint(window, "first_paint")
    BoardWatch(window)
    app = QApplication.instance()
    if app is not None:
        # The peak memory again with everything loaded (the database opened).
        app.aboutToQuit.connect(lambda: report("exit"))
