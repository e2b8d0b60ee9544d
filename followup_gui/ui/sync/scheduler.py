"""The window's background sync: after each change (debounced) and every few minutes.

A pass runs in a worker thread (:class:`BackgroundLoad`), never two at once; a
change while one runs asks for one more pass afterwards. A failure (server down,
offline) is said once in the status bar and changes nothing here: the plan's
changes go out at the next pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from followup_gui.paths import default_data_dir
from followup_gui.services.changes import Changes
from followup_gui.services.sync.account import SYNC_EVERY, load_account
from followup_gui.services.sync.run import SyncReport, sync_now
from followup_gui.settings import Settings
from followup_gui.ui.common.background_load import BackgroundLoad
from followup_gui.ui.common.counts import counted

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

#: Quiet time after a change before the pass (several quick edits make one pass).
DEBOUNCE_MS = 5_000


class SyncScheduler(QObject):
    """Runs a sync pass after changes and on a timer while an account is set up."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self.debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.debounce.timeout.connect(self.sync_soon)
        self.every = QTimer(self, interval=max(1, context.settings.get(SYNC_EVERY)) * 60_000)
        self.every.timeout.connect(self.sync_soon)
        self.every.start()
        self.loader = BackgroundLoad(self._pass, self._done, self._failed, self)
        self.last_error = ""
        context.changed.connect(self._on_changed)
        QTimer.singleShot(DEBOUNCE_MS, self.sync_soon)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self or not (changes.plans or changes.contacts or changes.cards):
            return
        self.debounce.start()

    def sync_soon(self) -> None:
        """Start a pass now (or right after the running one) if sync is set up."""
        account = load_account(self.context.settings)
        if account is None or not account.configured or not self.context.attached:
            return
        self.loader.request()

    def _pass(self) -> SyncReport:
        # Its own QSettings on the same file: the worker thread never shares the GUI's.
        settings = Settings(self.context.settings.path)
        return sync_now(
            self.context.db,
            settings,
            self.context.now(),
            self.context.planner_settings(),
            default_data_dir() / "scripts",
        )

    def _done(self, report: object) -> None:
        assert isinstance(report, SyncReport)
        self.last_error = ""
        if report.changes:
            self.context.notify(report.changes, self)
        waiting = report.calendar.proposals + report.contact_proposals
        if waiting:
            self.context.post(
                counted(
                    waiting,
                    self.tr("1 new proposal from your phone: see the agenda."),
                    self.tr("{n} new proposals from your phone: see the agenda."),
                )
            )

    def _failed(self, exc: BaseException) -> None:
        from followup_gui.domain.errors import FollowUpError

        if not isinstance(exc, FollowUpError):
            raise exc
        if str(exc) != self.last_error:  # said once, not every few minutes
            self.last_error = str(exc)
            self.context.post(self.tr("Sync: {error}").format(error=exc))


def start_sync(context: AppContext) -> SyncScheduler:
    """The context's background sync, started once (a re-attach keeps the running one)."""
    running = context.findChild(SyncScheduler)
    return running if running is not None else SyncScheduler(context)
