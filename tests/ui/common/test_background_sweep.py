"""The rest of the long work off the GUI thread: calendar export, backups in the window."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from followup_gui.domain import FollowUpStatus
from followup_gui.services.backups import safety
from followup_gui.services.interchange import ics as calendar_export
from followup_gui.settings import Settings
from followup_gui.storage import Database
from followup_gui.storage import backups as bk
from followup_gui.storage import models as m
from followup_gui.ui.common.background import BackgroundTask
from followup_gui.ui.interchange.calendar_actions import export_calendar_to
from followup_gui.ui.shell import backups as backups_ui
from followup_gui.ui.shell.backups import BackupScheduler, RestoreBackupDialog
from followup_gui.ui.shell.main_window import MainWindow
from tests.ui.fit import assert_fits
from tests.ui.jobs import Gate, last_report

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
KEEP = bk.Retention(daily=7, weekly=4)
OLD = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def pending(db: Database) -> int:
    with db.read() as session:
        stmt = select(func.count()).where(m.FollowUp.status == FollowUpStatus.PENDING.value)
        return int(session.scalar(stmt) or 0)


def add_app(db: Database, company: str) -> None:
    with db.write() as session:
        session.add(m.Application(company=company, stage_key="applied", timezone="UTC"))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exported files."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def test_calendar_export_runs_in_the_background_and_writes_every_follow_up(
    qtbot, window: MainWindow, db: Database, out: Path
) -> None:
    target = out / "followup.ics"
    task = export_calendar_to(window.context, window, target)
    assert isinstance(task, BackgroundTask)
    n = pending(db)
    assert n > 0
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == f"Exported {n} follow-ups.")
    cal = Calendar.from_ical(target.read_bytes())
    assert len(cal.walk("VEVENT")) == n
    assert [p.name for p in out.iterdir()] == ["followup.ics"]


def test_a_cancelled_calendar_export_keeps_the_old_file(
    qtbot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = calendar_export.export_ics
    gate = Gate(at=last_report)  # the calendar is built, nothing is written
    monkeypatch.setattr(
        calendar_export,
        "export_ics",
        lambda db, path, progress: real(db, path, progress=gate.hold(progress)),
    )
    target = out / "followup.ics"
    target.write_bytes(OLD)
    task = export_calendar_to(window.context, window, target)
    qtbot.waitUntil(gate.reached.is_set)
    task.progress.cancel()
    gate.go.set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Export cancelled"))
    assert target.read_bytes() == OLD
    assert [p.name for p in out.iterdir()] == ["followup.ics"]


def test_json_export_writes_the_file_and_a_late_cancel_keeps_the_old_one(
    qtbot, window: MainWindow, db: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from PySide6.QtWidgets import QFileDialog

    from followup_gui.services.interchange.json import backup as interchange

    target = out / "followup.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    task = window.export_json()
    assert isinstance(task, BackgroundTask)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Exported"))
    written = json.loads(target.read_text(encoding="utf-8"))
    assert len(written["applications"]) > 0
    assert [p.name for p in out.iterdir()] == ["followup.json"]

    # Cancel after the job's last report, too late to stop it writing: the file
    # from before stays exactly as it was, and nothing is left beside it.
    before = target.read_bytes()
    real = interchange.export_json
    gate = Gate(at=lambda done, _total: done == 2, after=True)  # next comes the write
    monkeypatch.setattr(
        interchange,
        "export_json",
        lambda db, path, progress, settings=None: real(
            db, path, progress=gate.hold(progress), settings=settings
        ),
    )
    add_app(db, "Not exported")
    task = window.export_json()
    assert task is not None
    qtbot.waitUntil(gate.reached.is_set)
    task.progress.cancel()
    gate.go.set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Export cancelled"))
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["followup.json"]


def test_backup_as_writes_a_copy_and_a_late_cancel_keeps_the_old_file(
    qtbot, window: MainWindow, db: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from PySide6.QtWidgets import QFileDialog

    target = out / "copy.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    if db.path is None:
        pytest.skip("a server database is backed up with the server's tools")
    assert window.backup() is not None
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backed up to"))
    with sqlite3.connect(target) as copy:
        apps = copy.execute("SELECT count(*) FROM application").fetchone()[0]
    assert apps > 0
    assert [p.name for p in out.iterdir()] == ["copy.sqlite3"]

    # The copy cannot stop half-way: a cancel while it runs discards it.
    before = target.read_bytes()
    started, go = threading.Event(), threading.Event()
    real = Database.backup_to

    def slow(self: Database, part: Path) -> Path:
        started.set()
        go.wait(30)
        return real(self, part)

    monkeypatch.setattr(Database, "backup_to", slow)
    add_app(db, "Not in the copy")
    task = window.backup()
    assert task is not None
    qtbot.waitUntil(started.is_set)
    task.progress.cancel()
    go.set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Backup cancelled.")
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["copy.sqlite3"]


@pytest.fixture
def backed_up(db: Database) -> Iterator[Database]:
    """A database with two backups (1 and 2 applications) and a third application since."""
    add_app(db, "Acme")
    bk.backup_if_changed(db, T0, KEEP)
    add_app(db, "Zephyr")
    bk.backup_if_changed(db, T0 + timedelta(days=1), KEEP)
    add_app(db, "Typed today")
    yield db


def test_the_restore_dialog_checks_the_backups_in_the_background(
    qtbot, backed_up: Database
) -> None:
    dialog = RestoreBackupDialog(backed_up)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.task, BackgroundTask)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    dialog.open()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["2", "1"]
    assert dialog.restore_button.isEnabled() and dialog.note.isHidden()


def test_the_restore_dialog_shows_every_column_whole_and_fits(qtbot, backed_up: Database) -> None:
    """Sized to its table: no clipped date or header, no sideways scrolling, on the screen."""
    dialog = RestoreBackupDialog(backed_up)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    qtbot.wait(50)
    assert_fits(dialog)
    table = dialog.table
    assert not table.horizontalScrollBar().isVisible()
    assert not table.verticalScrollBar().isVisible()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for col in range(table.columnCount()):
        for row in range(table.rowCount()):
            assert metrics.horizontalAdvance(table.item(row, col).text()) < table.columnWidth(col)
        title = table.horizontalHeaderItem(col).text()
        assert header.fontMetrics().horizontalAdvance(title) < header.sectionSize(col)
    assert header.length() <= table.viewport().width()
    assert not re.match(r"\d{4}-\d\d-\d\d", table.item(0, 0).text())  # written like every date
    # Counts sit level with their date, on the right; no row numbers that mean nothing.
    for col in (1, 2):
        align = table.item(0, col).textAlignment()
        assert align == (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
    assert table.verticalHeader().isHidden()


def test_cancelling_the_check_of_the_backups_closes_the_restore_dialog(
    qtbot, backed_up: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = backups_ui.check_backups
    gate = Gate()
    monkeypatch.setattr(backups_ui, "check_backups", lambda path, p: real(path, gate.hold(p)))
    dialog = RestoreBackupDialog(backed_up)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(gate.reached.is_set)
    dialog.reject()  # its own Cancel waits for the check: the progress dialog's cancels it
    assert dialog.isVisible()
    assert dialog.task is not None
    dialog.task.progress.cancel()
    gate.go.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == RestoreBackupDialog.DialogCode.Rejected
    assert dialog.table.rowCount() == 0
    assert len(bk.list_backups(backed_up.path)) == 2  # nothing restored, nothing made


def test_the_daily_backup_timer_backs_up_off_the_gui_thread(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.open(db_path)
    add_app(db, "Acme")
    threads: list[bool] = []
    real = bk.daily_backup

    def daily(*args: object) -> bk.BackupInfo | None:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(safety, "daily_backup", daily)  # what the window calls
    scheduler = BackupScheduler(db, Settings())
    made: list[str] = []
    scheduler.backup_made.connect(made.append)
    scheduler.timer.timeout.emit()  # what the hourly timer does
    qtbot.waitUntil(lambda: bool(made))
    scheduler.wait()
    assert threads == [False]
    assert bk.latest_good_backup(db_path) is not None
    assert Path(made[0]) == bk.latest_good_backup(db_path).path  # type: ignore[union-attr]
    db.close()


def test_a_cancel_after_the_json_import_committed_reports_the_import(
    qtbot, empty_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_gui.services.interchange.json import backup as interchange

    sample = Path(__file__).parents[2] / "fixtures" / "sample.json"
    real = interchange.import_json
    committed, go = threading.Event(), threading.Event()

    def import_then_wait(*args: object, **kwargs: object) -> object:
        report = real(*args, **kwargs)  # type: ignore[arg-type]
        committed.set()
        go.wait(30)  # the user presses Cancel now: too late, it is all in
        return report

    monkeypatch.setattr(interchange, "import_json", import_then_wait)
    task = empty_window.import_json_file(sample)
    qtbot.waitUntil(committed.is_set)
    task.progress.cancel()
    go.set()
    status = empty_window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage().startswith("Imported"))
    with db.read() as session:
        stored = session.scalar(select(func.count()).select_from(m.Application))
    assert stored and stored > 0
    assert len(empty_window.board.board.snapshot.cards) == stored  # and the board shows it


def test_quitting_during_an_export_leaves_no_temporary_file(
    qtbot, window: MainWindow, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_gui.ui.common.background import finish_running_tasks

    real = calendar_export.export_ics
    gate = Gate(at=last_report, after=True)  # next comes the write
    monkeypatch.setattr(
        calendar_export,
        "export_ics",
        lambda db, path, progress: real(db, path, progress=gate.hold(progress)),
    )
    target = out / "followup.ics"
    target.write_bytes(OLD)
    export_calendar_to(window.context, window, target)
    qtbot.waitUntil(gate.reached.is_set)
    threading.Timer(0.2, gate.go.set).start()
    # What quitting runs, once the event loop has stopped: the job still writes
    # its temporary file, and its ending (which removes it) must still happen.
    assert finish_running_tasks() == 1
    assert target.read_bytes() == OLD
    assert [p.name for p in out.iterdir()] == ["followup.ics"]
