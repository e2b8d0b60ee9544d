"""Checking mail in the background (IMAP IDLE, else every few minutes); telling of proposals.

Only when a mail account is set up and its password is known (the keyring, or
typed this session): a background check never asks for anything. The pass runs
in a worker thread (its own database connection, as every background job); new
proposals are notified on the context (the agenda lists them first) and told
through the tray's notifier, once each.

Where the server has IDLE (Dovecot, Gmail, Fastmail, Outlook.com...), a second
worker thread waits in IDLE on INBOX (:func:`~followup_gui.services.mail.watch.watch_inbox`)
and starts a pass as soon as a message arrives, so a reply shows as a proposal
within seconds. The poll every :data:`POLL_MS` goes on beside it (it also reads
the Sent folder, and restarts a wait the server ended). The wait stops when the
app quits and, within :data:`ACCOUNT_CHECK_MS`, when the account is changed or removed.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from followup_gui.domain.errors import FollowUpError
from followup_gui.services import changes as ch
from followup_gui.services.mail.account import MailAccount, load_account
from followup_gui.services.mail.passwords import saved_password
from followup_gui.services.mail.proposals import ProposalView, unannounced
from followup_gui.services.mail.sync import SyncReport, sync_mail
from followup_gui.services.mail.watch import watch_inbox
from followup_gui.services.settings.profile import load_profile

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

POLL_MS = 5 * 60 * 1000
FIRST_POLL_MS = 30_000  # after start-up has settled
ACCOUNT_CHECK_MS = 3000  # how soon a changed account ends the IDLE wait


class Teller(Protocol):
    """Shows a desktop notification (the tray's notifier)."""

    def notify(self, title: str, body: str) -> None:
        """Show ``title`` and ``body``."""


class MailPoller(QObject):
    """Runs :func:`sync_mail` on a timer, off the GUI thread.

    Signals:
        finished(object): a pass ended: its :class:`SyncReport`, or the
            :class:`FollowUpError` that stopped it (shown in the status bar).
        arrived: the IDLE wait heard of new mail (a pass follows).
    """

    finished = Signal(object)
    arrived = Signal()

    def __init__(
        self, context: AppContext, teller: Teller | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.teller = teller
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.finished.connect(self._finished)
        self.again = False  # mail came during a pass: one more pass after it
        self.watched: MailAccount | None = None
        self.no_idle: set[str] = set()  # accounts whose server has no IDLE
        self.watcher: threading.Thread | None = None
        self.stop_watch = threading.Event()
        self.idling = threading.Event()  # set while the wait is under way
        self.arrived.connect(self._arrived)
        self.account_check = QTimer(self)
        self.account_check.setInterval(ACCOUNT_CHECK_MS)
        self.account_check.timeout.connect(self._check_account)
        context.quitting.connect(self.stop)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self) -> None:
        """Poll soon after start-up, then every few minutes."""
        QTimer.singleShot(FIRST_POLL_MS, self.poll)
        self.timer.start()
        self.account_check.start()

    def poll(self) -> bool:
        """Start one pass if an account and its password are known; False if not started."""
        account = load_account(self.context.settings)
        if account is None:
            return False
        password = saved_password(account)
        if password is None:
            return False
        self.watch(account, password)
        if self.running:
            return False
        db, now = self.context.db, self.context.now()
        own = frozenset({load_profile(db).email} - {""})
        self.running = True

        def work() -> None:
            try:
                result: object = sync_mail(db, account, password, now, own)
            except FollowUpError as exc:
                result = exc
            self.finished.emit(result)

        threading.Thread(target=work, name="mail-sync", daemon=True).start()
        return True

    def watch(self, account: MailAccount, password: str) -> bool:
        """Start waiting in IDLE for ``account`` unless already (or its server has none)."""
        if self.watcher is not None and self.watcher.is_alive():
            if self.watched == account:
                return False
            self.stop(0)
        if account.key in self.no_idle:
            return False
        stop, idling = threading.Event(), threading.Event()
        self.stop_watch, self.idling, self.watched = stop, idling, account

        def wait() -> None:
            try:
                if not watch_inbox(account, password, stop, self.arrived.emit, idling=idling):
                    self.no_idle.add(account.key)  # polled from now on
            except FollowUpError:
                pass  # the wait dropped: the next poll starts it again
            finally:
                idling.clear()

        self.watcher = threading.Thread(target=wait, name="mail-idle", daemon=True)
        self.watcher.start()
        return True

    def stop(self, wait_s: float = 3.0) -> None:
        """End the IDLE wait (the app quits, the account changed); waits ``wait_s`` for it."""
        self.stop_watch.set()
        if self.watcher is not None:
            self.watcher.join(wait_s)
        self.watcher, self.watched = None, None

    def _check_account(self) -> None:
        if self.watched is not None and load_account(self.context.settings) != self.watched:
            self.stop(0)  # the old wait ends within a second on its own
            self.poll()  # the new account, if there is one, is read and waited on

    def _arrived(self) -> None:
        if not self.poll():
            self.again = self.running

    def _finished(self, result: object) -> None:
        self.running = False
        if self.again:
            self.again = False
            QTimer.singleShot(0, self.poll)
        if isinstance(result, FollowUpError):
            self.context.post(self.tr("Mail not checked: {why}").format(why=result))
            return
        assert isinstance(result, SyncReport)
        if result.proposals:
            self.context.notify(ch.plans({p.application_id for p in result.proposals}))
        self.tell(unannounced(self.context.db))

    def tell(self, proposals: list[ProposalView]) -> None:
        """Tell of new proposals through the tray, once each."""
        if not proposals or self.teller is None:
            return
        if len(proposals) == 1:
            p = proposals[0]
            self.teller.notify(
                self.tr("News from {company}").format(company=p.company),
                self.tr("{sender}: {subject}\nOpen the Agenda to accept or dismiss.").format(
                    sender=p.sender, subject=p.subject
                ),
            )
            return
        self.teller.notify(
            self.tr("{n} replies to look at").format(n=len(proposals)),
            "\n".join(f"{p.company}: {p.subject}" for p in proposals[:4])
            + "\n"
            + self.tr("Open the Agenda to accept or dismiss."),
        )


def install_mail_poller(context: AppContext, teller: Teller | None) -> MailPoller:
    """Start checking mail in the background (parented to the context)."""
    poller = MailPoller(context, teller, context)
    poller.start()
    return poller
