"""Backups in the window: the start-up check, the daily timer and "Restore from backup…".

The work is done by :mod:`followup_gui.storage.backups`; this module asks the user
and reports. At start a database that was not closed cleanly is checked; a damaged
one is never opened: the user is offered the newest good backup (in a
non-interactive session the message is printed and FollowUp exits with 1).

Off the GUI thread: the start-up and daily backups (hashing and copying a large
database takes about a second) and the check of every backup that "Restore from
backup…" lists (~20 ms per backup of a 10 MB database, a dozen backups are kept).
The restore itself stays in the GUI thread: it closes, replaces and reopens the
database the window's timers read (~100 ms for 2,000 applications).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain.errors import FollowUpError, NewerSchemaError
from followup_gui.services.backups import safety as bk
from followup_gui.services.changes import NOTHING
from followup_gui.settings import Settings, backup_retention
from followup_gui.ui.common.background import BackgroundTask, Progress, _Worker, run_in_background
from followup_gui.ui.common.screen_fit import fit_to_screen
from followup_gui.ui.common.when import moment_text
from followup_gui.ui.context import AppContext

if TYPE_CHECKING:
    from followup_gui.storage import Database

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60 * 60 * 1000  # the daily backup is due at most an hour late
#: The start-up backup waits until the window has settled, then runs in a worker
#: thread: hashing a large database takes about half a second.
STARTUP_BACKUP_DELAY_MS = 2000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


def _when(moment: datetime) -> str:
    """When a backup was taken, written like every other date (``Tue, 1 Dec 10:00``)."""
    return moment_text(moment, datetime.now(UTC))


def open_database_safely(target: str, interactive: bool) -> Database | None:
    """Open the database for the window, checking it after an unclean shutdown.

    Returns:
        The open database, or None when FollowUp must not start (the user was told).
    """
    from followup_gui.ui.shell.crash import show_error

    path = bk.database_file(target)
    if path is not None and bk.was_unclean(path):
        problem = bk.integrity_problem(path)
        if problem:
            return _offer_backup(path, problem, interactive)
    try:
        db = bk.open_database(target)
    except NewerSchemaError as exc:
        show_error(_tr("FollowUp cannot open your data"), str(exc))
        return None
    except FollowUpError as exc:
        problem = bk.integrity_problem(path) if path is not None else None
        if problem and path is not None:
            return _offer_backup(path, problem, interactive)
        show_error(_tr("FollowUp cannot open your data"), str(exc))
        return None
    if path is not None:
        bk.mark_open(path)
    return db


def _offer_backup(path: Path, problem: str, interactive: bool) -> Database | None:
    """The database is damaged: offer the newest good backup (never open the damaged file)."""
    from followup_gui.ui.shell.crash import show_error

    title = _tr("Your FollowUp data is damaged")
    text = _tr("{path} is damaged ({problem}).").format(path=path, problem=problem)
    latest = bk.latest_good_backup(path)
    log.error("database failed its check after an unclean shutdown")
    if latest is None:
        show_error(title, text + " " + _tr("There is no backup to restore; nothing was changed."))
        return None
    offer = _tr(
        "The newest good backup is from {when} ({apps} applications, {people} contacts): {file}"
    ).format(
        when=_when(latest.taken_at),
        apps=latest.applications,
        people=latest.contacts,
        file=latest.path,
    )
    if not interactive:
        print(f"followup-gui: {text} {offer}", file=sys.stderr)
        print("followup-gui: start FollowUp on your desktop to restore it.", file=sys.stderr)
        return None
    question = "\n\n".join(
        [text, offer, _tr("Restore it? The damaged file is kept next to your data.")]
    )
    answer = QMessageBox.question(None, title, question)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    kept = bk.restore_damaged(path, latest.path, datetime.now(UTC))
    log.warning("restored the newest good backup; the damaged file was kept")
    db = bk.open_database(path)
    bk.mark_open(path)
    QMessageBox.information(
        None, title, _tr("Your data was restored. The damaged file is {file}.").format(file=kept)
    )
    return db


class BackupScheduler(QObject):
    """Makes the start-up and daily automatic backups of the window's database.

    Signals:
        backup_made(str): a backup was written (its path).
        backup_failed(str): an automatic backup failed (the message says why).
    """

    backup_made = Signal(str)
    backup_failed = Signal(str)

    def __init__(self, db: Database, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.daily_in_background)
        self.timer.start()
        self._worker: QThread | None = None

    def _retention(self) -> bk.Retention:
        daily, weekly = backup_retention(self.settings)
        return bk.Retention(daily, weekly)

    def at_start(self) -> bk.BackupInfo | None:
        """Back up when the content changed since the newest backup."""
        return self._run(lambda now: bk.backup_if_changed(self.db, now, self._retention()))

    def at_start_in_background(self) -> None:
        """Run :meth:`at_start`'s check and copy in a worker thread.

        The result arrives as ``backup_made``/``backup_failed`` in the GUI thread.
        """
        retention, db = self._retention(), self.db
        self._in_background(lambda: bk.backup_if_changed(db, datetime.now(UTC), retention))

    def daily_in_background(self) -> None:
        """Run :meth:`daily`'s check and copy in a worker thread (what the timer calls).

        The result arrives as ``backup_made``/``backup_failed`` in the GUI thread.
        """
        retention, db = self._retention(), self.db
        self._in_background(lambda: bk.daily_backup(db, datetime.now(UTC), retention))

    def _in_background(self, job: Callable[[], bk.BackupInfo | None]) -> None:
        """Start ``job`` in a worker thread, unless a backup is still being made."""
        if self._worker is not None and self._worker.isRunning():
            return
        if self._worker is None:
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.wait)
        else:
            self._worker.deleteLater()  # the last one ended: one thread object at a time
        self._worker = _Worker(lambda _progress: job(), self)
        self._worker.succeeded.connect(self._background_done)
        self._worker.failed.connect(self._background_failed)
        self._worker.start()

    def wait(self) -> None:
        """Block until a background backup has finished (at quit)."""
        if self._worker is not None:
            self._worker.wait()

    def _background_done(self, info: object) -> None:
        if isinstance(info, bk.BackupInfo):
            self.backup_made.emit(str(info.path))

    def _background_failed(self, exc: object) -> None:
        if not isinstance(exc, FollowUpError):
            assert isinstance(exc, BaseException)
            raise exc  # a bug: the crash dialog shows it
        log.error("automatic backup failed: %s", type(exc).__name__)
        self.backup_failed.emit(str(exc))

    def daily(self) -> bk.BackupInfo | None:
        """Back up when the newest backup is a day old."""
        return self._run(lambda now: bk.daily_backup(self.db, now, self._retention()))

    def _run(self, job: Callable[[datetime], bk.BackupInfo | None]) -> bk.BackupInfo | None:
        try:
            info = job(datetime.now(UTC))
        except FollowUpError as exc:
            log.error("automatic backup failed: %s", type(exc).__name__)
            self.backup_failed.emit(str(exc))
            return None
        if info is not None:
            self.backup_made.emit(str(info.path))
        return info


def install_backups(context: AppContext) -> BackupScheduler | None:
    """Start automatic backups of the context's SQLite database (none for a server)."""
    db = context.db
    if db.path is None:
        return None
    scheduler = BackupScheduler(db, context.settings, context)
    scheduler.backup_failed.connect(
        lambda text: context.post(_tr("Automatic backup failed: {e}").format(e=text))
    )
    QTimer.singleShot(STARTUP_BACKUP_DELAY_MS, scheduler.at_start_in_background)
    return scheduler


def check_backups(db_path: Path, progress: Progress) -> list[bk.BackupInfo]:
    """The backups of ``db_path`` that verify, newest first (a job for a worker thread).

    Like :func:`~followup_gui.storage.backups.good_backups`, with a progress report
    (and a chance to cancel) before each backup is checked.
    """
    found = bk.list_backups(db_path)
    good: list[bk.BackupInfo] = []
    for done, (_taken, path) in enumerate(found):
        progress(done, len(found))
        try:
            good.append(bk.verify(path))
        except FollowUpError as exc:
            log.warning("skipping a backup that does not verify: %s", exc)
    return good


class RestoreBackupDialog(QDialog):
    """Lists the good backups (date, applications, contacts) and restores the chosen one.

    The backups are checked in a worker thread when the dialog opens (a progress
    dialog shows with many or large backups; its Cancel closes this dialog too).

    Signals:
        restored(str): the database now holds this backup's content.
    """

    restored = Signal(str)
    #: Just before the file is replaced: readers in other threads must finish.
    about_to_restore = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        #: What the restore changed (everything), for the window to tell its parts.
        self.changes = NOTHING
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setAccessibleName(self.tr("Restore from backup"))
        assert db.path is not None
        self.backups: list[bk.BackupInfo] = []
        intro = QLabel(
            self.tr(
                "Replace your data by a backup. What you have now is backed up first, "
                "so this can be undone by restoring that backup."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Taken"), self.tr("Applications"), self.tr("Contacts")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()  # row numbers say nothing here
        self.note = QLabel(self.tr("Checking your backups…"))
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        fit_to_screen(self, QSize(520, 360))
        self.confirm = self._confirm
        db_path = db.path
        self.task: BackgroundTask | None = run_in_background(
            self,
            self.tr("Restore from backup"),
            self.tr("Checking your backups…"),
            lambda progress: check_backups(db_path, progress),
            on_done=self._show_backups,
            on_error=self._not_listed,
            on_cancel=self.reject,
        )
        self.task.ended.connect(self._task_ended)

    def _task_ended(self) -> None:
        self.task = None

    def _not_listed(self, exc: BaseException) -> None:
        if not isinstance(exc, FollowUpError | OSError):
            raise exc  # a bug: the crash dialog shows it
        self.note.setText(self.tr("The backups could not be read: {e}").format(e=exc))

    def _show_backups(self, backups: list[bk.BackupInfo]) -> None:
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            cells = (_when(info.taken_at), str(info.applications), str(info.contacts))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._fit_to_table()
        if backups:
            self.table.selectRow(0)
        self.note.setText("" if backups else self.tr("There are no backups yet."))
        self.note.setVisible(not backups)
        self.restore_button.setEnabled(bool(backups))

    def _fit_to_table(self) -> None:
        """Grow to show every column whole and up to eight rows (capped at the screen)."""
        table = self.table
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        inner = sum(table.columnWidth(c) for c in range(table.columnCount()))
        frame = 2 * table.frameWidth() + table.verticalHeader().width()
        scroll = table.verticalScrollBar().sizeHint().width()
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        width = inner + frame + scroll + margins.left() + margins.right() + 8
        rows = min(table.rowCount(), 8)
        row_height = table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(header.height() + rows * row_height + 2 * table.frameWidth())
        table.setMinimumWidth(inner + frame + scroll)
        wanted = self.sizeHint().expandedTo(QSize(max(width, 480), 0))
        fit_to_screen(self, wanted.expandedTo(self.size()))

    def reject(self) -> None:
        """Close without restoring (not while the backups are checked: Cancel that first)."""
        if self.task is None:
            super().reject()

    def _confirm(self, info: bk.BackupInfo) -> bool:
        text = self.tr(
            "Replace your data by the backup from {when} ({apps} applications, {people} contacts)?"
        ).format(when=_when(info.taken_at), apps=info.applications, people=info.contacts)
        answer = QMessageBox.question(self, self.tr("Restore from backup"), text)
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> bool:
        """Restore the selected backup after confirmation; returns whether it was restored."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        info = self.backups[rows[0].row()]
        if not self.confirm(info):
            return False
        self.about_to_restore.emit()
        # The automatic backup reads the file in a thread of its own: let it end.
        parent = self.parent()
        for scheduler in parent.findChildren(BackupScheduler) if parent is not None else ():
            scheduler.wait()
        try:
            self.changes = bk.restore_from(self.db, info.path, datetime.now(UTC)).changes
        except FollowUpError as exc:
            QMessageBox.warning(self, self.tr("Not restored"), str(exc))
            return False
        self.restored.emit(str(info.path))
        self.accept()
        return True


def backup_as(context: AppContext, parent: QWidget) -> BackgroundTask | None:
    """Ask where, then write a consistent copy of the database there, off the GUI thread."""
    from PySide6.QtWidgets import QFileDialog

    from followup_gui.ui.common.file_export import export_in_background

    path, _ = QFileDialog.getSaveFileName(
        parent, _tr("Back up database"), "followup-backup.sqlite3"
    )
    if not path:
        return None
    db, target = context.db, Path(path)

    def copy(part: Path, _progress: object) -> int:
        db.backup_to(part)  # cannot stop half-way; a cancel discards the copy
        return 1

    return export_in_background(
        parent,
        _tr("Back up database"),
        target,
        copy,
        on_written=lambda _n: context.post(_tr("Backed up to {p}.").format(p=target)),
        on_cancel=lambda: context.post(_tr("Backup cancelled.")),
        failure_title=_tr("Backup failed"),
    )
