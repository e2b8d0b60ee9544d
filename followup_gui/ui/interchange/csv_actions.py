"""File-menu actions for CSV: import (through the mapping dialog) and the two exports.

They live here, not in the main window, which only assembles the menu. Reading the
file and the mapping preview stay in the GUI thread (they are quick); writing the
rows (the dialog's Import) and both exports run off it, with progress and Cancel
(:mod:`followup_gui.ui.common.background`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from followup_gui.domain import ImportFileError
from followup_gui.domain.timezones import local_timezone_name
from followup_gui.settings import DEFAULT_PLAYBOOK
from followup_gui.ui.common.background import BackgroundTask, Progress
from followup_gui.ui.common.counts import counted
from followup_gui.ui.common.file_export import export_in_background
from followup_gui.ui.interchange.csv_import_dialog import CsvImportDialog

if TYPE_CHECKING:
    from followup_gui.storage import Database
    from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QApplication.translate("CsvActions", text)


def open_import_dialog(context: AppContext, parent: QWidget, path: Path) -> CsvImportDialog | None:
    """Read ``path`` and open the mapping dialog (non-blocking; returns it for tests)."""
    from followup_gui.services.interchange.csv.importing import load_context
    from followup_gui.services.interchange.csv.table import read_table

    db = context.db
    settings = context.settings
    try:
        table = read_table(path)
    except ImportFileError as exc:
        QMessageBox.warning(
            parent,
            _tr("Nothing was imported"),
            _tr("{file} could not be read:\n\n{error}").format(file=path, error=exc),
        )
        return None
    csv_context = load_context(
        db, local_timezone_name(), settings.get(DEFAULT_PLAYBOOK), date.today()
    )
    dialog = CsvImportDialog(
        db, table, csv_context, settings.planner_settings(), context.now, parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done() -> None:
        report = dialog.report
        if report is None:
            return
        context.post(
            _tr("CSV import: {i} imported, {m} merged, {s} skipped.").format(
                i=report.imported, m=report.merged, s=report.skipped
            )
        )
        context.notify(report.changes)
        if report.details:
            box = QMessageBox(parent)
            box.setWindowTitle(_tr("CSV import"))
            box.setText(
                _tr("{i} imported, {m} merged, {s} skipped.").format(
                    i=report.imported, m=report.merged, s=report.skipped
                )
            )
            box.setDetailedText("\n".join(report.details))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    dialog.accepted.connect(done)
    dialog.open()
    return dialog


def import_csv(context: AppContext, parent: QWidget) -> None:
    """Ask for a CSV file and open the mapping dialog."""
    path, _ = QFileDialog.getOpenFileName(
        parent, _tr("Import CSV"), "", _tr("CSV files (*.csv *.tsv *.txt)")
    )
    if path:
        open_import_dialog(context, parent, Path(path))


def _ask_target(parent: QWidget, title: str, default: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, default, _tr("CSV files (*.csv)"))
    return Path(path) if path else None


def _export_to(
    context: AppContext,
    parent: QWidget,
    title: str,
    path: Path,
    write: Callable[[Database, Path, Progress], int],
    done_text: tuple[str, str],
) -> BackgroundTask:
    db = context.db
    return export_in_background(
        parent,
        title,
        path,
        lambda part, progress: write(db, part, progress),
        on_written=lambda n: context.post(counted(n, *done_text, p=path)),
        on_cancel=lambda: context.post(
            _tr("Export cancelled; {p} was not changed.").format(p=path)
        ),
    )


def export_applications_to(context: AppContext, parent: QWidget, path: Path) -> BackgroundTask:
    """Write every application to ``path`` in the background (Cancel leaves it as it was)."""
    from followup_gui.services.interchange.csv.exporting import export_applications_csv

    return _export_to(
        context,
        parent,
        _tr("Export applications CSV"),
        path,
        export_applications_csv,
        (_tr("Exported 1 application to {p}."), _tr("Exported {n} applications to {p}.")),
    )


def export_contacts_to(context: AppContext, parent: QWidget, path: Path) -> BackgroundTask:
    """Write every contact to ``path`` in the background (Cancel leaves it as it was)."""
    from followup_gui.services.interchange.csv.exporting import export_contacts_csv

    return _export_to(
        context,
        parent,
        _tr("Export contacts CSV"),
        path,
        export_contacts_csv,
        (_tr("Exported 1 contact to {p}."), _tr("Exported {n} contacts to {p}.")),
    )


def export_applications(context: AppContext, parent: QWidget) -> BackgroundTask | None:
    """Write every application to a CSV file the user picks."""
    path = _ask_target(parent, _tr("Export applications CSV"), "applications.csv")
    return export_applications_to(context, parent, path) if path is not None else None


def export_contacts(context: AppContext, parent: QWidget) -> BackgroundTask | None:
    """Write every contact to a CSV file the user picks."""
    path = _ask_target(parent, _tr("Export contacts CSV"), "contacts.csv")
    return export_contacts_to(context, parent, path) if path is not None else None
