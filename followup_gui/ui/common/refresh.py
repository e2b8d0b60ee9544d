"""Show changes made by other programs: the CLI, a second machine on PostgreSQL.

A :class:`DataChangeWatcher` asks storage for its change marker (SQLite's
``PRAGMA data_version``, PostgreSQL's next transaction id) every couple of seconds
and whenever the app becomes active (focus). A change the window did not make
itself is announced through the app context as
:data:`~followup_gui.services.changes.EVERYTHING` marked ``external``, so the
board, agenda and contacts reload and open editors know the change is not theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from followup_gui.services.changes import EVERYTHING
from followup_gui.ui.context import AppContext

if TYPE_CHECKING:
    from followup_gui.storage import Database

POLL_MS = 2000


class DataChangeWatcher(QObject):
    """Notices commits made by other connections.

    Writes made through the window's own :class:`Database` are not announced (the
    views already reloaded after them); they never hide another program's change in
    the same poll interval (:meth:`Database.others_wrote` follows the chain of the
    window's own commits). A change made elsewhere is notified on ``context`` as
    :data:`~followup_gui.services.changes.EVERYTHING`, marked ``external``.
    """

    def __init__(self, context: AppContext, poll_ms: int = POLL_MS) -> None:
        super().__init__(context)
        self.context = context
        self.db: Database = context.db
        self._writes = self.db.write_count
        _, self._marker = self.db.others_wrote(None)  # earlier own writes: seen
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def _read_marker(self) -> int | None:
        return self.db.change_marker_or_none()  # None: busy or unreachable, next tick

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def forget(self) -> None:
        """Take the current state as seen (after the window replaced the database)."""
        _, self._marker = self.db.others_wrote(None)
        self._writes = self.db.write_count

    def check(self) -> bool:
        """Compare the marker with the last one; emit if someone else committed.

        Returns:
            Whether a change made elsewhere was announced.
        """
        changed, marker = self.db.others_wrote(self._marker)
        if marker is None:
            return False
        self._marker, self._writes = marker, self.db.write_count
        if changed:
            self.context.notify(EVERYTHING.as_external())
        return changed


def install_refresh(context: AppContext) -> DataChangeWatcher:
    """Watch ``context.db`` for changes made by other programs or machines."""
    return DataChangeWatcher(context)
