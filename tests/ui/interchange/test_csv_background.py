"""CSV import and exports run off the GUI thread: the result lands, Cancel changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from followup_gui.services.interchange.csv import exporting as csv_export
from followup_gui.services.interchange.csv.importing import import_csv
from followup_gui.storage import Database
from followup_gui.storage import models as m
from followup_gui.ui.common.background import BackgroundTask
from followup_gui.ui.interchange import csv_actions, csv_import_dialog
from followup_gui.ui.interchange.csv_import_dialog import CsvImportDialog
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.jobs import Gate, last_report

GENERIC = Path(__file__).parents[2] / "fixtures" / "csv" / "generic.csv"
OLD = "the export of last week\n"


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exported files."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def gate_import(monkeypatch: pytest.MonkeyPatch, gate: Gate) -> None:
    """Hold the dialog's import job at the gate (the progress is its last argument)."""
    monkeypatch.setattr(
        csv_import_dialog, "import_csv", lambda *a: import_csv(*a[:-1], gate.hold(a[-1]))
    )


def open_dialog(window: MainWindow) -> CsvImportDialog:
    dialog = csv_actions.open_import_dialog(window.context, window, GENERIC)
    assert dialog is not None and "3 to import" in dialog.status.text()
    return dialog


def test_csv_import_runs_in_the_background_and_reloads_the_board(
    qtbot, empty_window: MainWindow, db: Database
) -> None:
    dialog = open_dialog(empty_window)
    task = dialog.run_import()
    assert isinstance(task, BackgroundTask)
    assert dialog.run_import() is None  # a second press while it runs does nothing
    status = empty_window.statusBar()
    qtbot.waitUntil(lambda: "CSV import: 3 imported" in status.currentMessage())
    assert count(db, m.Application) == 3 and count(db, m.FollowUp) > 0
    cards = {c.company for c in empty_window.board.board.snapshot.cards}
    assert cards == {"Acme Robotics", "Globex", "Initech"}


def test_cancelling_the_csv_import_changes_nothing(
    qtbot, empty_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(at=lambda done, _total: done >= 6)  # the rows are written, not committed
    gate_import(monkeypatch, gate)
    dialog = open_dialog(empty_window)
    task = dialog.run_import()
    assert task is not None
    qtbot.waitUntil(gate.reached.is_set)
    dialog.reject()  # the dialog's own Cancel cannot close it under a running import
    assert dialog.isVisible()
    task.progress.cancel()  # what the progress dialog's Cancel button does
    gate.go.set()
    qtbot.waitUntil(lambda: "Import cancelled" in dialog.status.text())
    assert count(db, m.Application) == count(db, m.Contact) == count(db, m.FollowUp) == 0
    assert dialog.isVisible() and dialog.report is None
    assert dialog.import_button.isEnabled()  # the user can try again


def test_a_cancel_too_late_to_stop_the_import_reports_it(
    qtbot, empty_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(at=last_report)
    gate_import(monkeypatch, gate)
    dialog = open_dialog(empty_window)
    task = dialog.run_import()
    assert task is not None
    qtbot.waitUntil(gate.reached.is_set)
    gate.go.set()
    task.wait()  # committed; the GUI thread has not heard of it yet
    task.progress.cancel()
    status = empty_window.statusBar()  # the dialog closed as after any import
    qtbot.waitUntil(lambda: "CSV import: 3 imported" in status.currentMessage())
    assert count(db, m.Application) == 3


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_both_csv_exports_run_in_the_background_and_write_every_row(
    qtbot, window: MainWindow, db: Database, out: Path
) -> None:
    apps, people = out / "applications.csv", out / "contacts.csv"
    status = window.statusBar()
    task = csv_actions.export_applications_to(window.context, window, apps)
    assert isinstance(task, BackgroundTask)
    qtbot.waitUntil(lambda: status.currentMessage().startswith("Exported"))
    n = count(db, m.Application)
    assert status.currentMessage() == f"Exported {n} applications to {apps}."
    rows = read_csv(apps)
    assert rows[0][:3] == ["Company", "Role", "Stage"] and len(rows) == n + 1
    csv_actions.export_contacts_to(window.context, window, people)
    qtbot.waitUntil(lambda: "contacts to" in status.currentMessage())
    assert len(read_csv(people)) == count(db, m.Contact) + 1
    assert sorted(p.name for p in out.iterdir()) == ["applications.csv", "contacts.csv"]


@pytest.mark.parametrize("late", [False, True], ids=["while-running", "after-last-report"])
def test_a_cancelled_csv_export_keeps_the_old_file(
    qtbot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch, late: bool
) -> None:
    real = csv_export.export_contacts_csv
    gate = Gate(at=last_report)
    monkeypatch.setattr(
        csv_export, "export_contacts_csv", lambda db, path, p: real(db, path, gate.hold(p))
    )
    target = out / "contacts.csv"
    target.write_text(OLD, encoding="utf-8")
    task = csv_actions.export_contacts_to(window.context, window, target)
    qtbot.waitUntil(gate.reached.is_set)
    if late:  # the file is written next to the target; only Cancel remains
        gate.go.set()
        task.wait()
        task.progress.cancel()
    else:
        task.progress.cancel()
        gate.go.set()
    qtbot.waitUntil(lambda: "Export cancelled" in window.statusBar().currentMessage())
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in out.iterdir()] == ["contacts.csv"]


def test_a_failed_csv_export_says_where_and_why(
    qtbot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_a: shown.append((title, text))
    )
    target = out / "no such folder" / "applications.csv"
    csv_actions.export_applications_to(window.context, window, target)
    qtbot.waitUntil(lambda: bool(shown))
    [(title, text)] = shown
    assert title == "Export failed"
    assert text == f"{target} could not be written: No such file or directory."
    assert "Traceback" not in text and not target.parent.exists()
