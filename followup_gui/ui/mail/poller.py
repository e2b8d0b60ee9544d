"""Checking mail every few minutes in the background, and telling of new proposals.

Only when a mail account is set up and its password is known (the keyring, or
typed this session): a background check never asks for anything. The pass runs
in a worker thread (its own database connection, as every background job); new
proposals are notified on the context (the agenda lists them first) and told
through the tray's notifier, once each. IMAP IDLE is not used: a poll every
:data:`POLL_MS` is simpler and enough for replies that take days.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from followup_gui.domain.errors import FollowUpError
from followup_gui.services import changes as ch
from followup_gui.services.mail.account import load_account
from followup_gui.services.mail.passwords import saved_password
from followup_gui.services.mail.proposals import ProposalView, unannounced
from followup_gui.services.mail.sync import SyncReport, sync_mail
from followup_gui.services.settings.profile import load_profile

if TYPE_CHECKING:
    from followup_gui.ui.context import AppContext

POLL_MS = 5 * 60 * 1000
FIRST_POLL_MS = 30_000  # after start-up has settled


class Teller(Protocol):
    """Shows a desktop notification (the tray's notifier)."""

    def notify(self, title: str, body: str) -> None:
        """Show ``title`` and ``body``."""


class MailPoller(QObject):
    """Runs :func:`sync_mail` on a timer, off the GUI thread.

    Signals:
        finished(object): a pass ended: its :class:`SyncReport`, or the
            :class:`FollowUpError` that stopped it (shown in the status bar).
    """

    finished = Signal(object)

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

    def start(self) -> None:
        """Poll soon after start-up, then every few minutes."""
        QTimer.singleShot(FIRST_POLL_MS, self.poll)
        self.timer.start()

    def poll(self) -> bool:
        """Start one pass if an account and its password are known; False if not started."""
        account = load_account(self.context.settings)
        if self.running or account is None:
            return False
        password = saved_password(account)
        if password is None:
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

    def _finished(self, result: object) -> None:
        self.running = False
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
