"""The floor: a bare PySide6 program that opens an empty QMainWindow.

Run as a script by :mod:`bench.startup`; prints ``first_paint <seconds>`` (from
``FOLLOWUP_BENCH_T0``, a ``time.monotonic()`` of the parent) and exits. Kept
free of FollowUp imports on purpose: it is what any Qt app pays.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        watched.removeEventFilter(self)
        watched.event(event)  # paint, then report: the same method as the app's probe
        self.report()
        return True

    def report(self) -> None:
        t0 = float(os.environ.get("FOLLOWUP_BENCH_T0", "0"))
        sys.stdout.write(f"first_paint {time.monotonic() - t0:.6f}\n")
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        sys.stdout.write(f"peak_rss_kib {hwm}\n")
        sys.stdout.flush()
        QTimer.singleShot(0, self.app.quit)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1200, 760)
    probe = FirstPaint(app)
    window.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
