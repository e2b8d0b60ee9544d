"""The app context: what every part of the window shares, and the one change signal.

Every part (board, agenda, contacts, insights, tray, status bar, dialogs) is
built with the :class:`AppContext`, never with the window. A part that writes
calls a service, which returns a :class:`~followup_gui.services.changes.Changes`,
and hands it to :meth:`AppContext.notify`; the context emits :attr:`changed`
once and every part decides from the value whether to reload now, when it is
next shown (:class:`~followup_gui.ui.common.visible_refresh.ChangeGate`) or not
at all. Changes made by another program or machine arrive the same way, with
``external`` set (:mod:`followup_gui.ui.common.refresh`).

Requests to show something (the agenda, an application, a follow-up) go through
the context too, so the tray or a dialog never needs the window: the shell
connects the request signals to the window's navigation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from followup_gui.services.changes import Changes
from followup_gui.settings import Settings

if TYPE_CHECKING:  # storage pulls in SQLAlchemy: not before the first paint
    from PySide6.QtWidgets import QWidget

    from followup_gui.scheduling import PlannerSettings
    from followup_gui.storage import Database
    from followup_gui.ui.common.background import BackgroundTask, Progress

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class AppContext(QObject):
    """The database, settings, clock, undo stack and background runner of one window.

    Args:
        settings: the user's settings.
        db: the open database; ``None`` during a start-up preview, until
            :meth:`attach`.
        clock: "now" for every part (tests pass a fixed one).
        parent: the owning object (the main window).

    Signals:
        changed(Changes, object): a write changed stored data; the second value
            is the part that made it (``None`` for another program or machine),
            so a part that already shows its own change can skip it.
        message_posted(str): a line worth the status bar.
        agenda_requested: show the agenda.
        application_requested(int): open an application's details.
        follow_up_requested(int): show a follow-up in the agenda's action panel.
        window_requested: bring the window to the front.
        quitting: the user chose Quit (before the windows close; the tray then
            lets the window close instead of hiding it).
    """

    changed = Signal(object, object)
    message_posted = Signal(str)
    agenda_requested = Signal()
    application_requested = Signal(int)
    follow_up_requested = Signal(int)
    window_requested = Signal()
    quitting = Signal()

    def __init__(
        self,
        settings: Settings | None = None,
        db: Database | None = None,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self._db = db
        if db is not None:
            db.on_busy = self._waiting_for_another_program
        self.clock: Clock = clock
        self.undo_stack = QUndoStack(self)

    # -- what the parts share ------------------------------------------------
    @property
    def db(self) -> Database:
        """The open database (a start-up preview has none until :meth:`attach`)."""
        if self._db is None:
            raise RuntimeError("the database was used before it was opened")
        return self._db

    @property
    def attached(self) -> bool:
        """Whether the database is open (not during a start-up preview)."""
        return self._db is not None

    def attach(self, db: Database) -> None:
        """Take the opened database (after a start-up preview)."""
        self._db = db
        db.on_busy = self._waiting_for_another_program

    def _waiting_for_another_program(self) -> None:
        """A write waits for another program's lock: say so at once, even mid-click.

        Called on the thread that writes: the GUI thread paints the line now (it is
        blocked until the write goes through); a worker thread posts it (queued).
        """
        from PySide6.QtCore import QCoreApplication, QEvent, QThread

        self.post(self.tr("Waiting for another FollowUp program to finish writing…"))
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is app.thread():
            # Paint only (no timers, no input): nothing else runs inside the write.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest.value)

    def now(self) -> datetime:
        """The current time, by the context's clock."""
        return self.clock()

    def planner_settings(self) -> PlannerSettings:
        """The planner's knobs from the user's settings."""
        return self.settings.planner_settings()

    # -- changes ---------------------------------------------------------------
    def notify(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every part what a write changed (nothing is emitted for no change).

        Args:
            changes: what the service that wrote returned.
            initiator: the part that wrote (it may already show the change).
        """
        if changes:
            self.changed.emit(changes, initiator)

    def post(self, text: str) -> None:
        """Show ``text`` in the status bar."""
        self.message_posted.emit(text)

    # -- background work ---------------------------------------------------------
    def run_in_background(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        job: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> BackgroundTask:
        """Run ``job`` in a worker thread with a progress dialog modal to ``parent``.

        See :func:`followup_gui.ui.common.background.run_in_background`.
        """
        from followup_gui.ui.common.background import run_in_background

        return run_in_background(parent, title, label, job, on_done, on_error, on_cancel)
