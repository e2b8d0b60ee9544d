"""File-menu action "Export calendar (.ics)…": the plan as a calendar file, off the GUI thread.

With thousands of applications the calendar holds hundreds of events and takes
a few hundred milliseconds to build, so it is written in a worker thread with a
progress dialog; Cancel or a failure leaves the chosen file as it was
(:mod:`followup_gui.ui.common.file_export`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from followup_gui.ui.common.background import BackgroundTask
from followup_gui.ui.common.counts import counted
from followup_gui.ui.common.file_export import export_in_background

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QApplication.translate("CalendarActions", text)


def export_calendar_to(context: AppContext, parent: QWidget, path: Path) -> BackgroundTask:
    """Write every pending follow-up to ``path`` in the background.

    Returns:
        The running export.
    """
    from followup_gui.services.interchange.ics import export_ics

    db = context.db
    return export_in_background(
        parent,
        _tr("Export calendar"),
        path,
        lambda part, progress: export_ics(db, part, progress=progress),
        on_written=lambda n: context.post(
            counted(n, _tr("Exported 1 follow-up."), _tr("Exported {n} follow-ups."))
        ),
        on_cancel=lambda: context.post(
            _tr("Export cancelled; {p} was not changed.").format(p=path)
        ),
    )


def export_calendar(context: AppContext, parent: QWidget) -> BackgroundTask | None:
    """Ask where, then write the calendar there in the background."""
    path, _ = QFileDialog.getSaveFileName(
        parent, _tr("Export calendar"), "followup.ics", _tr("iCalendar (*.ics)")
    )
    return export_calendar_to(context, parent, Path(path)) if path else None
