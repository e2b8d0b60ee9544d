"""Crash reporting: every unexpected exception is logged and shown with a copyable report."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from followup_gui import __version__

log = logging.getLogger("followup_gui.crash")
HEADLESS_PLATFORMS = {"offscreen", "minimal"}


def interactive() -> bool:
    """Whether a modal dialog can be answered (not on a headless test platform)."""
    return QApplication.platformName() not in HEADLESS_PLATFORMS and not os.environ.get(
        "FOLLOWUP_NO_DIALOGS"
    )


def show_error(title: str, message: str) -> None:
    """Tell the user about a problem they can understand (and act on)."""
    print(f"followup-gui: {message}", file=sys.stderr)
    if QApplication.instance() is not None and interactive():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, title, message)


def crash_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """A report with versions and the traceback (which holds no database values)."""
    import platform  # only when something went wrong

    lines = traceback.format_exception(exc_type, exc, tb)
    return (
        f"FollowUp {__version__} on Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}\n\n" + "".join(lines)
    )


def install_excepthook(log_file: Path | None) -> None:
    """Route uncaught exceptions (also those raised in Qt slots) to the crash dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = crash_report(exc_type, exc, tb)
        log.error("Unexpected error\n%s", report)
        print(report, file=sys.stderr)
        if QApplication.instance() is None or not interactive():
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, "FollowUp", "")
        box.setText(QApplication.translate("crash", "Something went wrong inside FollowUp."))
        where = f"\n{log_file}" if log_file else ""
        box.setInformativeText(
            QApplication.translate(
                "crash",
                "Your data is safe: every change is saved as you make it. "
                "The details below were also written to the log file:",
            )
            + where
        )
        box.setDetailedText(report)
        box.exec()

    sys.excepthook = hook
