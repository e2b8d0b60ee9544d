"""Show changes made by other programs: the CLI, a second machine on PostgreSQL.

A :class:`DataChangeWatcher` asks storage for its change marker (SQLite's
``PRAGMA data_version``, PostgreSQL's next transaction id) every couple of seconds
and whenever the app becomes active (focus). A change the window did not make
itself is announced with :attr:`changed_elsewhere`, which is connected to the main
window's ``data_changed`` so the board, agenda and contacts reload.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from sqlalchemy.exc import SQLAlchemyError

from followup_gui.storage import Database

log = logging.getLogger(__name__)
POLL_MS = 2000


class DataChangeWatcher(QObject):
    """Notices commits made by other connections.

    Writes made through the window's own :class:`Database` are not announced (the
    views already reloaded after them). When the window and another program both
    wrote within one poll interval, the other program's change shows at the next
    change or on focus.

    Signals:
        changed_elsewhere: another program or machine changed the data.
    """

    changed_elsewhere = Signal()

    def __init__(self, db: Database, parent: QObject | None = None, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.db = db
        self._writes = db.write_count
        self._marker = self._read_marker()
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def _read_marker(self) -> int | None:
        try:
            return self.db.change_marker()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            # A busy or unreachable server: try again at the next tick.
            log.warning("cannot read the change marker: %s", type(exc).__name__)
            return None

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def forget(self) -> None:
        """Take the current state as seen (after the window replaced the database)."""
        self._marker = self._read_marker()
        self._writes = self.db.write_count

    def check(self) -> bool:
        """Compare the marker with the last one; emit if someone else committed.

        Returns:
            Whether a change made elsewhere was announced.
        """
        marker = self._read_marker()
        if marker is None:
            return False
        own_writes = self.db.write_count != self._writes
        changed = self._marker is not None and marker != self._marker and not own_writes
        self._marker, self._writes = marker, self.db.write_count
        if changed:
            self.changed_elsewhere.emit()
        return changed


def install_refresh(window: QObject) -> DataChangeWatcher:
    """Watch ``window.db`` and emit ``window.data_changed`` on changes made elsewhere."""
    db = window.db  # type: ignore[attr-defined]
    watcher = DataChangeWatcher(db, window)

    def announce() -> None:
        # While set, open editors know the change is not theirs (they must not adopt
        # its version: a save then asks before overwriting, see board_widget).
        window.external_change = True  # type: ignore[attr-defined]
        try:
            window.data_changed.emit()  # type: ignore[attr-defined]
        finally:
            window.external_change = False  # type: ignore[attr-defined]

    watcher.changed_elsewhere.connect(announce)
    return watcher
