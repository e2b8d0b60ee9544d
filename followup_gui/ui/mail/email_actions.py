"""The email buttons of a step's panel: open it in the mail program, or send it from here.

"Open in mail program" needs no set-up: it opens a ``mailto:`` link with the
addresses, subject and the (possibly edited) body filled in. When the user comes
back to FollowUp, it asks once "Did you send it?" and logs Sent on yes. "Send"
appears when a mail account is set up (:mod:`followup_gui.ui.mail.send_button`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_gui.domain import FollowUpError, Outcome
from followup_gui.services.mail.account import MailAccount, load_account
from followup_gui.services.mail.mailto import Draft, addresses, mailto_url, split_script
from followup_gui.services.mail.passwords import saved_password, store_password
from followup_gui.services.mail.recipients import Recipients, step_recipients
from followup_gui.services.mail.sending import SendReport, send_step
from followup_gui.ui.followups.outcome_actions import OutcomeActions

if TYPE_CHECKING:
    from followup_gui.ui.common.background import Progress


class EmailActions(QWidget):
    """The "Open in mail program" button (and the Cc choice) for an email step.

    Args:
        actions: logs Sent (undoably) when the user says the email went out.
        script_text: gives the script as the user edited it.
        parent: the parent widget.

    Signals:
        sent(str): the email was sent from the account and the step logged; what to tell.
    """

    sent = Signal(str)

    def __init__(
        self,
        actions: OutcomeActions,
        script_text: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.outcome_actions = actions
        self._script_text = script_text
        self.follow_up_id: int | None = None
        self.recipients = Recipients((), ())
        #: The step whose email was opened in the mail program, until the user answers.
        self.awaiting_answer: int | None = None
        self._left_app = False
        self.sent_report: SendReport | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cc_others = QCheckBox()
        self.cc_others.setObjectName("cc_others")
        layout.addWidget(self.cc_others)
        self.open_button = QPushButton(self.tr("&Open in mail program"))
        self.open_button.setObjectName("open_in_mail")
        self.open_button.setToolTip(
            self.tr("Opens a new email in your mail program with everything filled in")
        )
        self.open_button.clicked.connect(self.open_in_mail_program)
        layout.addWidget(self.open_button)
        self.send_button = QPushButton(self.tr("&Send from FollowUp"))
        self.send_button.setObjectName("send_email")
        self.send_button.setToolTip(
            self.tr("Sends the email as shown above from your mail account and logs it Sent")
        )
        self.send_button.clicked.connect(self.send)
        layout.addWidget(self.send_button)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.application_state_changed)

    def show_step(self, follow_up_id: int | None) -> None:
        """Offer the buttons for an email step (``None``: hide them)."""
        self.follow_up_id = follow_up_id
        if follow_up_id is None:
            self.hide()
            return
        try:
            self.recipients = step_recipients(self.outcome_actions.db, follow_up_id)
        except FollowUpError:
            self.recipients = Recipients((), ())
        others = self.recipients.others
        self.cc_others.setVisible(bool(others))
        self.cc_others.setChecked(False)
        names = ", ".join(p.name or p.email for p in others)
        self.cc_others.setText(self.tr("Also thank {names} (Cc)").format(names=names))
        self.cc_others.setAccessibleName(self.tr("Copy the others met (Cc)"))
        self.send_button.setVisible(load_account(self.outcome_actions.context.settings) is not None)
        self.send_button.setEnabled(True)
        self.show()

    def draft(self) -> Draft:
        """The email as the panel shows it now: addresses, subject, edited body."""
        subject, body = split_script(self._script_text())
        cc = [p.email for p in self.recipients.others] if self.cc_others.isChecked() else []
        return Draft(
            to=addresses([p.email for p in self.recipients.to]),
            cc=addresses(cc),
            subject=subject,
            body=body,
        )

    def open_in_mail_program(self) -> None:
        """Open the email in the user's mail program; ask "Did you send it?" on return."""
        if self.follow_up_id is None:
            return
        url = QUrl(mailto_url(self.draft()), QUrl.ParsingMode.StrictMode)
        if not QDesktopServices.openUrl(url):
            self.outcome_actions.failed.emit(
                self.tr("No mail program is set up on this computer; copy the script instead.")
            )
            return
        self.awaiting_answer = self.follow_up_id
        self._left_app = False

    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        """Back in FollowUp after the mail program: ask once whether it was sent."""
        if self.awaiting_answer is None:
            return
        if state != Qt.ApplicationState.ApplicationActive:
            self._left_app = True
            return
        if not self._left_app:
            return
        follow_up_id, self.awaiting_answer = self.awaiting_answer, None
        if self.ask_sent():
            self.outcome_actions.log(follow_up_id, Outcome.SENT, self.tr("Sent"))

    def send(self) -> None:
        """Send the email as shown from the mail account, in the background; log Sent."""
        account = load_account(self.outcome_actions.context.settings)
        if self.follow_up_id is None or account is None:
            return
        password = saved_password(account) or self.ask_password(account)
        if not password:
            return
        follow_up_id, draft, context = self.follow_up_id, self.draft(), self.outcome_actions.context
        now, planner = context.now(), context.planner_settings()
        self.send_button.setEnabled(False)

        def job(_progress: Progress) -> SendReport:
            return send_step(context.db, follow_up_id, draft, account, password, now, planner)

        context.run_in_background(
            self,
            self.tr("Send"),
            self.tr("Sending to {to}…").format(to=", ".join(draft.to)),
            job,
            on_done=self._sent,
            on_error=self._not_sent,
            on_cancel=lambda: self.send_button.setEnabled(True),
        )

    def _sent(self, report: object) -> None:
        assert isinstance(report, SendReport)
        self.sent_report = report
        context = self.outcome_actions.context
        context.notify(report.outcome.changes)
        text = self.tr("Sent and logged.") + (f" {report.copy_note}" if report.copy_note else "")
        context.post(text)
        self.sent.emit(text)

    def _not_sent(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        if not isinstance(exc, FollowUpError):
            raise exc
        self.outcome_actions.failed.emit(str(exc))

    def ask_password(self, account: MailAccount) -> str:
        """Ask for the password when no keyring has it (kept for this session)."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Mail password"),
            self.tr("Password for {user} at {host}:").format(
                user=account.user, host=account.imap_host
            ),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            return ""
        store_password(account, text)
        return text

    def ask_sent(self) -> bool:
        """Ask "Did you send it?" (a method: tests answer it on an instance)."""
        answer = QMessageBox.question(
            self,
            self.tr("Did you send it?"),
            self.tr("Did you send the email from your mail program? FollowUp then logs it Sent."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
