"""File > Check mail now: one sync pass with a progress dialog and Cancel.

The first pass of a new account may read thousands of messages (the last 60
days); each batch is stored as it is read, so Cancel keeps what was read and the
next pass goes on from there. Without an account it opens nothing and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from followup_gui.domain.errors import FollowUpError
from followup_gui.services import changes as ch
from followup_gui.services.mail.account import load_account
from followup_gui.services.mail.passwords import saved_password, store_password
from followup_gui.services.mail.sync import SyncReport, sync_mail
from followup_gui.services.settings.profile import load_profile

if TYPE_CHECKING:
    from followup_gui.ui.common.background import BackgroundTask, Progress
    from followup_gui.ui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckMail", text)


def check_mail_now(context: AppContext, parent: QWidget | None) -> BackgroundTask | None:
    """Read new mail now (with progress); the new proposals show in the Agenda."""
    account = load_account(context.settings)
    if account is None:
        context.post(_tr("No mail account: set one up in Settings > Mail."))
        return None
    password = saved_password(account)
    if password is None:
        text, ok = QInputDialog.getText(
            parent,
            _tr("Mail password"),
            _tr("Password for {user} at {host}:").format(user=account.user, host=account.imap_host),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            return None
        store_password(account, text)
        password = text
    db, now = context.db, context.now()
    own = frozenset({load_profile(db).email} - {""})

    def job(progress: Progress) -> SyncReport:
        return sync_mail(db, account, password, now, own, progress=progress)

    def done(report: object) -> None:
        assert isinstance(report, SyncReport)
        found = len(report.proposals)
        context.notify(ch.plans({p.application_id for p in report.proposals}))
        context.post(
            _tr("Mail checked: {read} new messages, {found} proposals.").format(
                read=report.read, found=found
            )
        )
        if found:
            context.agenda_requested.emit()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, FollowUpError):
            raise exc
        context.post(_tr("Mail not checked: {why}").format(why=exc))

    return context.run_in_background(
        parent,
        _tr("Check mail"),
        _tr("Reading new mail from {host}…").format(host=account.imap_host),
        job,
        on_done=done,
        on_error=failed,
        on_cancel=lambda: context.post(_tr("Stopped; the next check goes on from there.")),
    )
