"""File-menu actions for CSV: import (through the mapping dialog) and the two exports.

They live here, not in the main window, which only assembles the menu. Reading the
file and the mapping preview stay in the GUI thread (they are quick); writing the
rows (the dialog's Import) and both exports run off it, with progress and Cancel
(:mod:`followup_gui.ui.common.background`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from followup_gui.domain import ImportFileError
from followup_gui.domain.timezones import local_timezone_name
from followup_gui.settings import DEFAULT_PLAYBOOK, Settings
from followup_gui.storage import Database
from followup_gui.ui.common.background import BackgroundTask, Progress
from followup_gui.ui.common.file_export import export_in_background
from followup_gui.ui.interchange.csv_import_dialog import CsvImportDialog


def _tr(text: str) -> str:
    return QApplication.translate("CsvActions", text)


def open_import_dialog(window: QMainWindow, path: Path) -> CsvImportDialog | None:
    """Read ``path`` and open the mapping dialog (non-blocking; returns it for tests)."""
    from followup_gui.services.interchange.csv.importing import load_context
    from followup_gui.services.interchange.csv.table import read_table

    db: Database = window.db  # type: ignore[attr-defined]
    settings: Settings = window.settings  # type: ignore[attr-defined]
    try:
        table = read_table(path)
    except ImportFileError as exc:
        QMessageBox.warning(
            window,
            _tr("Nothing was imported"),
            _tr("{file} could not be read:\n\n{error}").format(file=path, error=exc),
        )
        return None
    context = load_context(db, local_timezone_name(), settings.get(DEFAULT_PLAYBOOK), date.today())
    dialog = CsvImportDialog(
        db, table, context, settings.planner_settings(), lambda: datetime.now(UTC), window
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done() -> None:
        report = dialog.report
        if report is None:
            return
        window.statusBar().showMessage(
            _tr("CSV import: {i} imported, {m} merged, {s} skipped.").format(
                i=report.imported, m=report.merged, s=report.skipped
            )
        )
        window.data_changed.emit()  # type: ignore[attr-defined]
        if report.details:
            box = QMessageBox(window)
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


def import_csv(window: QMainWindow) -> None:
    """Ask for a CSV file and open the mapping dialog."""
    path, _ = QFileDialog.getOpenFileName(
        window, _tr("Import CSV"), "", _tr("CSV files (*.csv *.tsv *.txt)")
    )
    if path:
        open_import_dialog(window, Path(path))


def _ask_target(window: QMainWindow, title: str, default: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(window, title, default, _tr("CSV files (*.csv)"))
    return Path(path) if path else None


def _export_to(
    window: QMainWindow,
    title: str,
    path: Path,
    write: Callable[[Database, Path, Progress], int],
    done_text: str,
) -> BackgroundTask:
    db: Database = window.db  # type: ignore[attr-defined]
    return export_in_background(
        window,
        title,
        path,
        lambda part, progress: write(db, part, progress),
        on_written=lambda n: window.statusBar().showMessage(done_text.format(n=n, p=path)),
        on_cancel=lambda: window.statusBar().showMessage(
            _tr("Export cancelled; {p} was not changed.").format(p=path)
        ),
    )


def export_applications_to(window: QMainWindow, path: Path) -> BackgroundTask:
    """Write every application to ``path`` in the background (Cancel leaves it as it was)."""
    from followup_gui.services.interchange.csv.exporting import export_applications_csv

    return _export_to(
        window,
        _tr("Export applications CSV"),
        path,
        export_applications_csv,
        _tr("Exported {n} applications to {p}."),
    )


def export_contacts_to(window: QMainWindow, path: Path) -> BackgroundTask:
    """Write every contact to ``path`` in the background (Cancel leaves it as it was)."""
    from followup_gui.services.interchange.csv.exporting import export_contacts_csv

    return _export_to(
        window,
        _tr("Export contacts CSV"),
        path,
        export_contacts_csv,
        _tr("Exported {n} contacts to {p}."),
    )


def export_applications(window: QMainWindow) -> BackgroundTask | None:
    """Write every application to a CSV file the user picks."""
    path = _ask_target(window, _tr("Export applications CSV"), "applications.csv")
    return export_applications_to(window, path) if path is not None else None


def export_contacts(window: QMainWindow) -> BackgroundTask | None:
    """Write every contact to a CSV file the user picks."""
    path = _ask_target(window, _tr("Export contacts CSV"), "contacts.csv")
    return export_contacts_to(window, path) if path is not None else None
