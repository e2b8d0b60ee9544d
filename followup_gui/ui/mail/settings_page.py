"""Settings > Mail: the optional IMAP/SMTP account, its password in the keyring, "Test connection".

Leaving the servers empty means no account: FollowUp then only opens emails in
the mail program. The password field is never filled from the keyring (it says
whether one is kept); typing one replaces it. "Test connection" runs in the
background and shows one clear sentence for what went wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from followup_gui.domain.errors import FollowUpError
from followup_gui.services.mail.account import (
    MailAccount,
    MailSetupError,
    Security,
    load_account,
    make_account,
    remove_account,
    save_account,
)
from followup_gui.services.mail.connect import check_connection
from followup_gui.services.mail.passwords import saved_password, store_password

if TYPE_CHECKING:
    from followup_gui.ui.common.background import Progress
    from followup_gui.ui.context import AppContext

DEFAULT_PORTS = {Security.TLS: (993, 465), Security.STARTTLS: (143, 587), Security.PLAIN: (143, 25)}


class MailSettingsPage(QWidget):
    """The account's fields, the password, "Test connection" and what it said.

    Args:
        context: the app context (settings, background runner).
        parent: the parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.tr("Mail account"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "Optional. With an account, FollowUp sends a step's email itself and turns "
                "replies into proposals you accept or dismiss. Without one, "
                "“Open in mail program” still works. Gmail, Outlook.com and Fastmail need an "
                "app password (see the README); OAuth sign-in is not supported."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.imap_host, self.imap_port = self._server(form, self.tr("IMAP server:"), "imap")
        self.smtp_host, self.smtp_port = self._server(form, self.tr("SMTP server:"), "smtp")
        self.security = QComboBox()
        self.security.setAccessibleName(self.tr("Security"))
        for kind, text in (
            (Security.TLS, self.tr("TLS")),
            (Security.STARTTLS, self.tr("STARTTLS")),
            (Security.PLAIN, self.tr("None (only this computer, for tests)")),
        ):
            self.security.addItem(text, kind.value)
        self.security.activated.connect(self._default_ports)
        form.addRow(self.tr("Security:"), self.security)
        self.user = QLineEdit()
        self.user.setAccessibleName(self.tr("User name"))
        form.addRow(self.tr("User name:"), self.user)
        self.address = QLineEdit()
        self.address.setAccessibleName(self.tr("Send from address"))
        self.address.setPlaceholderText("you@example.com")
        form.addRow(self.tr("Send from:"), self.address)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        form.addRow(self.tr("Password:"), self.password)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        form.addRow("", self.test_button)
        self.status = QLabel()
        self.status.setObjectName("mail_status")
        self.status.setWordWrap(True)
        form.addRow(self.status)
        self._load()

    def _server(self, form: QFormLayout, label: str, name: str) -> tuple[QLineEdit, QSpinBox]:
        host = QLineEdit()
        host.setAccessibleName(label.rstrip(":"))
        host.setPlaceholderText(f"{name}.example.com")
        port = QSpinBox()
        port.setRange(1, 65535)
        port.setAccessibleName(self.tr("{server} port").format(server=label.rstrip(":")))
        row = QHBoxLayout()
        row.addWidget(host, 1)
        row.addWidget(port)
        form.addRow(label, row)
        return host, port

    def _default_ports(self) -> None:
        imap, smtp = DEFAULT_PORTS[self._security()]
        self.imap_port.setValue(imap)
        self.smtp_port.setValue(smtp)

    def _security(self) -> Security:
        return Security(str(self.security.currentData() or Security.TLS.value))

    def _load(self) -> None:
        account = load_account(self.context.settings)
        if account is None:
            self.security.setCurrentIndex(0)
            self._default_ports()
            self.status.setText(self.tr("No mail account."))
            return
        self.imap_host.setText(account.imap_host)
        self.imap_port.setValue(account.imap_port)
        self.smtp_host.setText(account.smtp_host)
        self.smtp_port.setValue(account.smtp_port)
        self.security.setCurrentIndex(self.security.findData(account.security.value))
        self.user.setText(account.user)
        self.address.setText(account.address)
        kept = saved_password(account) is not None
        self.password.setPlaceholderText(
            self.tr("kept in the system keyring") if kept else self.tr("not set")
        )

    def is_empty(self) -> bool:
        """No server given: no account."""
        return not self.imap_host.text().strip() and not self.smtp_host.text().strip()

    def account(self) -> MailAccount:
        """The account as the fields say.

        Raises:
            MailSetupError: a field is wrong (the message names it).
        """
        return make_account(
            (self.imap_host.text(), self.imap_port.value()),
            (self.smtp_host.text(), self.smtp_port.value()),
            self._security().value,
            self.user.text(),
            self.address.text(),
        )

    def save(self) -> bool:
        """Store the account and, if typed, its password; False (with the reason) if wrong."""
        settings = self.context.settings
        if self.is_empty():
            remove_account(settings)
            return True
        try:
            account = self.account()
        except MailSetupError as exc:
            self.status.setText(str(exc))
            return False
        save_account(settings, account)
        if self.password.text():
            stored = store_password(account, self.password.text())
            if not stored.in_keyring:
                self.status.setText(
                    self.tr("The password is kept until FollowUp quits: {why}.").format(
                        why=stored.why_not
                    )
                )
        return True

    def test_connection(self) -> None:
        """Log in to both servers in the background; say what happened."""
        try:
            account = self.account()
        except MailSetupError as exc:
            self.status.setText(str(exc))
            return
        password = self.password.text() or saved_password(account)
        if not password:
            self.status.setText(self.tr("Type the password first."))
            return
        self.status.setText(self.tr("Connecting…"))
        self.test_button.setEnabled(False)

        def job(_progress: Progress) -> str:
            return check_connection(account, password)

        self.context.run_in_background(
            self,
            self.tr("Test connection"),
            self.tr("Connecting to {host}…").format(host=account.imap_host),
            job,
            on_done=self._tested,
            on_error=self._failed,
            on_cancel=lambda: self._tested(self.tr("Cancelled.")),
        )

    def _tested(self, text: object) -> None:
        self.test_button.setEnabled(True)
        self.status.setText(str(text))

    def _failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(exc, FollowUpError):
            raise exc
        self.status.setText(str(exc))
