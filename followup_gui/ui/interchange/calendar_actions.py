"""File-menu action "Export calendar (.ics)…": the plan as a calendar file, off the GUI thread.

With thousands of applications the calendar holds hundreds of events and takes
a few hundred milliseconds to build, so it is written in a worker thread with a
progress dialog; Cancel or a failure leaves the chosen file as it was
(:mod:`followup_gui.ui.common.file_export`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow

from followup_gui.storage import Database
from followup_gui.ui.common.background import BackgroundTask
from followup_gui.ui.common.file_export import export_in_background


def _tr(text: str) -> str:
    return QApplication.translate("CalendarActions", text)


def export_calendar_to(window: QMainWindow, path: Path) -> BackgroundTask:
    """Write every pending follow-up to ``path`` in the background.

    Returns:
        The running export.
    """
    from followup_gui.services.interchange.ics import export_ics

    db: Database = window.db  # type: ignore[attr-defined]
    status = window.statusBar()
    return export_in_background(
        window,
        _tr("Export calendar"),
        path,
        lambda part, progress: export_ics(db, part, progress=progress),
        on_written=lambda n: status.showMessage(_tr("Exported {n} follow-ups.").format(n=n)),
        on_cancel=lambda: status.showMessage(
            _tr("Export cancelled; {p} was not changed.").format(p=path)
        ),
    )


def export_calendar(window: QMainWindow) -> BackgroundTask | None:
    """Ask where, then write the calendar there in the background."""
    path, _ = QFileDialog.getSaveFileName(
        window, _tr("Export calendar"), "followup.ics", _tr("iCalendar (*.ics)")
    )
    return export_calendar_to(window, Path(path)) if path else None
