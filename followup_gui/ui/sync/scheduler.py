"""The window's background sync: after each change (debounced) and every few minutes.

A pass runs in a worker thread (:class:`BackgroundLoad`), never two at once; a
change while one runs asks for one more pass afterwards. A failure (server down,
offline) is said once in the status bar and changes nothing here: the plan's
changes go out at the next pass.

New proposals from the phone are told through the tray's notifier (the same
desktop notice as mail's replies), once per pass that brought any. Without a
system keyring the window asks for the password once per session, the first
time a pass needs it, and keeps it in memory only (a refused one is asked again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from followup_gui.paths import default_data_dir
from followup_gui.services.changes import Changes
from followup_gui.services.sync.account import (
    SYNC_EVERY,
    LoginRefusedError,
    SyncAccount,
    forget_for_session,
    known_password,
    load_account,
    remember_for_session,
)
from followup_gui.services.sync.run import SyncReport, sync_now
from followup_gui.settings import Settings
from followup_gui.ui.common.background_load import BackgroundLoad
from followup_gui.ui.common.counts import counted

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext
    from followup_gui.ui.followups.tray import Notifier

#: Quiet time after a change before the pass (several quick edits make one pass).
DEBOUNCE_MS = 5_000


class SyncScheduler(QObject):
    """Runs a sync pass after changes and on a timer while an account is set up.

    Attributes:
        teller: the tray's notifier (``None`` without a tray: the status bar only).
        ask_password: asks the user for the account's password (``None``: not given).
        held: no pass starts (while the account is being disconnected).

    Signals:
        finished(object): a pass ended: its :class:`SyncReport`, or the error that stopped it.
    """

    finished = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self.teller: Notifier | None = None
        self.ask_password: Callable[[SyncAccount], str | None] = self._ask_password
        self.asked = False  # once per session
        self.typed = False  # the password in use was typed this session
        self.held = False
        self.task: object = None  # a disconnect under way (kept alive here)
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
        if account is None or not account.configured or not self.context.attached or self.held:
            return
        if known_password(account) is None:
            if self.asked:
                return  # said once; Settings > Calendar and contacts takes it too
            self.asked = True
            typed = self.ask_password(account)
            if not typed:
                self.context.post(
                    self.tr("Sync paused until you give the password (Settings > Calendar).")
                )
                return
            remember_for_session(account, typed)
            self.typed = True
        self.loader.request()

    def _ask_password(self, account: SyncAccount) -> str | None:
        """Ask once for the password no keyring holds (kept in memory until FollowUp quits)."""
        text, ok = QInputDialog.getText(
            QApplication.activeWindow(),
            self.tr("Calendar and contacts password"),
            self.tr(
                "No system keyring holds the password of {user} on {server}.\n"
                "FollowUp keeps it in memory until it quits:"
            ).format(user=account.user, server=account.url),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

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
            self.tell(waiting, report.calendar.came_back)
        self.finished.emit(report)

    def tell(self, waiting: int, came_back: list[str]) -> None:
        """Tell of a pass's new proposals through the tray, once for the batch."""
        if self.teller is None:
            return
        title = (
            self.tr("Your phone: one thing to look at")
            if waiting == 1
            else self.tr("Your phone: {n} things to look at").format(n=waiting)
        )
        lines = [*came_back[:4], self.tr("Open the Agenda to answer.")]
        self.teller.notify(title, "\n".join(lines))

    def _failed(self, exc: BaseException) -> None:
        from followup_gui.domain.errors import FollowUpError

        if not isinstance(exc, FollowUpError):
            raise exc
        account = load_account(self.context.settings)
        if isinstance(exc, LoginRefusedError) and self.typed and account is not None:
            forget_for_session(account)  # a mistyped password is asked for again
            self.typed = self.asked = False
        if str(exc) != self.last_error:  # said once, not every few minutes
            self.last_error = str(exc)
            self.context.post(self.tr("Sync: {error}").format(error=exc))
        self.finished.emit(exc)


def start_sync(context: AppContext) -> SyncScheduler:
    """The context's background sync, started once (a re-attach keeps the running one)."""
    running = context.findChild(SyncScheduler)
    return running if running is not None else SyncScheduler(context)
